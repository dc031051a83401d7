// tests/executor/fake_command_runner.h — a scripted CommandRunner.
//
// Processes are named by their last argv word. By default a process prints
// nothing and exits 0 the next time the executor waits, except names ending
// in ":serve" (plan_builder.h's servers), which run until stopped; script() changes
// that: lines to print, an exit code, or kServe (runs until stopped). Cmds
// finish in the order they started (FIFO), so runs are deterministic.
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

  void script(const std::string& name, Script s) { scripts_[name] = std::move(s); }
  // A name whose start() fails.
  void fail_to_start(const std::string& name) { unstartable_.push_back(name); }
  // When no cmd is running, wait() reports kInterrupted instead of kDeadline.
  void interrupt_when_idle() { interrupt_when_idle_ = true; }

  // Names in start order.
  std::vector<std::string> started;
  // Names stopped by stop()/stop_all(), in order.
  std::vector<std::string> stopped;
  size_t max_cmds_in_flight = 0;

  Result<ProcessId> start(const SpawnOptions& options) override {
    const std::string& name = options.argv.back();
    if (std::find(unstartable_.begin(), unstartable_.end(), name) != unstartable_.end()) {
      return make_error(ErrorKind::kSpawn, "cannot run " + name);
    }
    started.push_back(name);
    ProcessId id = next_id_++;
    Script script;
    if (auto it = scripts_.find(name); it != scripts_.end()) {
      script = it->second;
    } else if (name.ends_with(":serve")) {
      script.exit_code = kServe;
    }
    live_.push_back({id, name, script});
    max_cmds_in_flight = std::max(max_cmds_in_flight, cmds_in_flight());
    return id;
  }

  SubprocessEvent wait(Clock::time_point) override {
    if (events_.empty()) produce();
    if (events_.empty()) {
      SubprocessEvent e;
      e.kind = interrupt_when_idle_ ? SubprocessEvent::Kind::kInterrupted
                                    : SubprocessEvent::Kind::kDeadline;
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
             return e.kind == SubprocessEvent::Kind::kExited;
           });
  }

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

  std::map<std::string, Script> scripts_;
  std::vector<std::string> unstartable_;
  std::deque<Live> live_;
  std::deque<SubprocessEvent> events_;
  ProcessId next_id_ = 1;
  bool interrupt_when_idle_ = false;
};

}  // namespace pitch::executor::testing
