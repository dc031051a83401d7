// tests/executor/fake_command_runner.h — a scripted CommandRunner.
//
// Processes are named by their last argv word. By default a process prints
// nothing and exits 0 the next time the executor waits, except names ending
// in ":serve" (plan_builder.h's servers), which run until stopped; script() changes
// that: lines to print, an exit code, or kServe (runs until stopped). Cmds
// finish in the order they started (FIFO), so runs are deterministic.
// script_sequence() gives successive runs of one name different scripts
// (the last one repeats): exec readiness probes. Network checks answer at
// the next wait() with the results check_results() lists for their
// NetCheck::describe() (the last repeats; kHang: never answers); unlisted
// checks succeed with "status 200".
// wait() never sleeps: with nothing to report it returns kDeadline at
// once, and the Executor takes the deadline as reached, so timers (probe
// periods, timeouts, heartbeats) run on a virtual clock. now() stands
// still at the runner's creation, so real time (a loaded machine) never
// shows in the times a test sees.
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include <signal.h>

#include "executor/command_runner.h"

namespace pitch::executor::testing {

class FakeCommandRunner final : public CommandRunner {
 public:
  static constexpr int kServe = -1;
  struct Script {
    int exit_code = 0;  // or kServe
    std::vector<std::string> lines;
  };

  void script(const std::string& name, Script s) { scripts_[name] = {std::move(s)}; }
  void script_sequence(const std::string& name, std::vector<Script> s) {
    scripts_[name] = std::deque<Script>(s.begin(), s.end());
  }
  static constexpr const char* kHang = "<hang>";
  void check_results(const std::string& target, std::vector<NetCheckResult> results) {
    checks_[target] = std::deque<NetCheckResult>(results.begin(), results.end());
  }
  // Descriptions of the checks started, in order.
  std::vector<std::string> checks_started;
  // A name whose start() fails.
  void fail_to_start(const std::string& name) { unstartable_.push_back(name); }
  // When no cmd is running, wait() reports kInterrupted instead of kDeadline.
  // With `deadlines` > 0, the first that many idle waits still report
  // kDeadline (so timers run), then kInterrupted.
  void interrupt_when_idle(int deadlines = 0) {
    interrupt_when_idle_ = true;
    deadlines_before_interrupt_ = deadlines;
  }

  // Names in start order, and what each was started with.
  std::vector<std::string> started;
  std::vector<SpawnOptions> spawned;
  // Names stopped by stop()/stop_all(), in order.
  std::vector<std::string> stopped;
  size_t max_cmds_in_flight = 0;

  Result<ProcessId> start(const SpawnOptions& options) override {
    const std::string& name = options.argv.back();
    if (std::find(unstartable_.begin(), unstartable_.end(), name) != unstartable_.end()) {
      return make_error(ErrorKind::kSpawn, "cannot run " + name);
    }
    started.push_back(name);
    spawned.push_back(options);
    ProcessId id = next_id_++;
    Script script;
    if (auto it = scripts_.find(name); it != scripts_.end()) {
      script = it->second.front();
      if (it->second.size() > 1) it->second.pop_front();
    } else if (name.ends_with(":serve")) {
      script.exit_code = kServe;
    }
    live_.push_back({id, name, script});
    max_cmds_in_flight = std::max(max_cmds_in_flight, cmds_in_flight());
    return id;
  }

  ProcessId start_check(const NetCheck& check) override {
    ProcessId id = next_check_id_++;
    checks_started.push_back(check.describe());
    NetCheckResult result{true, "status 200"};
    if (auto it = checks_.find(check.describe()); it != checks_.end()) {
      result = it->second.front();
      if (it->second.size() > 1) it->second.pop_front();
    }
    if (result.message == kHang) return id;
    SubprocessEvent line;
    line.kind = SubprocessEvent::Kind::kLine;
    line.process = id;
    line.line = result.message;
    events_.push_back(line);
    SubprocessEvent exit;
    exit.kind = SubprocessEvent::Kind::kExited;
    exit.process = id;
    exit.status.code = result.success ? 0 : 1;
    events_.push_back(exit);
    return id;
  }

  Clock::time_point now() const override { return created_; }

  SubprocessEvent wait(Clock::time_point) override {
    if (events_.empty()) produce();
    if (events_.empty()) {
      SubprocessEvent e;
      const bool interrupt = interrupt_when_idle_ && deadlines_before_interrupt_-- <= 0;
      e.kind = interrupt ? SubprocessEvent::Kind::kInterrupted : SubprocessEvent::Kind::kDeadline;
      e.signal = SIGINT;
      return e;
    }
    SubprocessEvent e = events_.front();
    events_.pop_front();
    return e;
  }

  void stop(ProcessId id, Millis) override {
    for (auto& p : live_) {
      if (p.id == id && !p.stopping) {
        p.stopping = true;
        stopped.push_back(p.name);
      }
    }
  }
  void stop_all(Millis grace) override {
    for (auto& p : live_) stop(p.id, grace);
  }
  void kill_everything() override {
    for (auto& p : live_) {
      SubprocessEvent e;
      e.kind = SubprocessEvent::Kind::kExited;
      e.process = p.id;
      e.status.signal = SIGKILL;
      events_.push_back(e);
    }
    live_.clear();
  }
  size_t running() const override {
    return live_.size() + std::count_if(events_.begin(), events_.end(), [](const auto& e) {
             return e.kind == SubprocessEvent::Kind::kExited && e.process < kCheckIds;
           });
  }
  size_t orphans() const override { return 0; }

 private:
  struct Live {
    ProcessId id;
    std::string name;
    Script script;
    bool stopping = false;
  };

  size_t cmds_in_flight() const {
    return std::count_if(live_.begin(), live_.end(),
                         [](const Live& p) { return p.script.exit_code != kServe; });
  }

  // Ends the first stopping process, or else the oldest cmd.
  void produce() {
    auto it = std::find_if(live_.begin(), live_.end(), [](const Live& p) { return p.stopping; });
    if (it == live_.end()) {
      it = std::find_if(live_.begin(), live_.end(),
                        [](const Live& p) { return p.script.exit_code != kServe; });
    }
    if (it == live_.end()) return;
    for (const std::string& line : it->script.lines) {
      SubprocessEvent e;
      e.kind = SubprocessEvent::Kind::kLine;
      e.process = it->id;
      e.line = line;
      events_.push_back(e);
    }
    SubprocessEvent e;
    e.kind = SubprocessEvent::Kind::kExited;
    e.process = it->id;
    if (it->stopping) {
      e.status.signal = SIGTERM;
    } else {
      e.status.code = it->script.exit_code;
    }
    events_.push_back(e);
    live_.erase(it);
  }

  // Checks' ids start here, so running() can leave them out.
  static constexpr ProcessId kCheckIds = ProcessId{1} << 48;
  std::map<std::string, std::deque<Script>> scripts_;
  std::map<std::string, std::deque<NetCheckResult>> checks_;
  std::vector<std::string> unstartable_;
  std::deque<Live> live_;
  std::deque<SubprocessEvent> events_;
  const Clock::time_point created_ = Clock::now();
  ProcessId next_id_ = 1;
  ProcessId next_check_id_ = kCheckIds;
  bool interrupt_when_idle_ = false;
  int deadlines_before_interrupt_ = 0;
};

}  // namespace pitch::executor::testing
