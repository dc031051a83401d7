// executor/executor.h — brings a Plan up once: the executor module's entry.
//
// The Executor is one loop on one thread: start whatever the Scheduler
// allows, run due timers (readiness probe attempts and their timeouts, the
// run and readiness timeouts, the heartbeat), then wait on the
// CommandRunner for the next line, exit, signal, check result or the next
// timer, and react. Each started resource first decides whether its cmd is
// up to date (fingerprint.h), runs it, then starts its serve_cmd; a server
// with a readiness probe is ready once the probe says so (readiness.h).
// Probes never block the loop: exec probes are processes like any other,
// network probes run on threads behind CommandRunner::start_check.
//
// Time is the runner's: when wait() reports kDeadline, the loop takes the
// deadline it asked for as reached, even if a fake runner answered at
// once. Timing rules are therefore tested with a scripted runner and no
// sleeping.
//
// Modes: kCi ends when every selected resource is ready or succeeded, at
// the first failure (as `tilt ci` does: nothing new starts, running work is
// stopped) unless keep_going, at a timeout, or on SIGINT/SIGTERM. kRun
// (`pitch run`) never stops for a failure (as `tilt up`), and once
// everything is up keeps the servers running until interrupted; it ends by
// itself only when nothing is left running or startable. Either way every
// process is stopped (SIGTERM, grace period, SIGKILL) before run() returns.
//
// Everything observable goes to the EventSink; the RunReport holds the
// outcome per resource for summaries and exit codes.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/duration.h"
#include "cache/state_db.h"
#include "executor/command_runner.h"
#include "executor/event.h"
#include "executor/fingerprint.h"
#include "executor/readiness.h"
#include "executor/scheduler.h"
#include "planner/plan.h"

namespace pitch::executor {

enum class RunMode { kCi, kRun };

struct ExecutorOptions {
  RunMode mode = RunMode::kCi;
  int jobs = 3;
  // The whole run; nullopt: no limit.
  std::optional<Millis> timeout = Millis(30 * 60 * 1000);
  // How long a started server may stay not ready (since it started, or
  // since it was last ready) before the run fails (Tilt 0.35+'s
  // ci_settings(readiness_timeout)); nullopt: no limit.
  std::optional<Millis> readiness_timeout;
  Millis grace_period{30 * 1000};
  // How often a line names what is still pending; zero: never.
  Millis heartbeat{30 * 1000};
  // After a failure, keep running whatever does not depend on it.
  bool keep_going = false;
  ForceMode force = ForceMode::kIfChanged;
  std::vector<bool> selected;  // one flag per plan resource (selection.h)
};

enum class ResourceOutcome {
  kNotRun,   // never started (a dependency failed, the run stopped first)
  kRan,      // its cmd ran and succeeded, and/or its server became ready
  kSkipped,  // its cmd was up to date (its server, if any, still started)
  kFailed,
  kCancelled,  // was running when the run stopped for another reason
};

struct ResourceResult {
  bool selected = false;
  ResourceOutcome outcome = ResourceOutcome::kNotRun;
  Millis duration{0};
  std::optional<ExitStatus> exit;  // the failed process's exit
  // Failed: what failed. Not run / cancelled: what it was doing or waiting
  // on when the run stopped. Skipped: why.
  std::string detail;
};

enum class RunOutcome { kSucceeded, kFailed, kTimedOut, kInterrupted };

struct RunReport {
  RunOutcome outcome = RunOutcome::kSucceeded;
  std::vector<ResourceResult> resources;  // one per plan resource
  std::optional<size_t> failed;           // the first resource that failed
  Millis elapsed{0};
  int signal = 0;  // kInterrupted: which signal
  // kTimedOut: the limit that passed, and for the readiness timeout the
  // server that was not ready in time.
  Millis timeout{0};
  std::optional<size_t> not_ready;
};

class Executor {
 public:
  // `state` may be null: then every cmd runs and nothing is recorded.
  Executor(const planner::Plan& plan, ExecutorOptions options, CommandRunner& runner,
           cache::StateDb* state, EventSink& sink);

  RunReport run();

 private:
  using Clock = std::chrono::steady_clock;
  enum class Role { kCmd, kServe, kProbe };
  struct Running {
    size_t resource;
    Role role;
  };
  // The readiness probe of a running server.
  struct Probing {
    std::optional<ReadinessProbe> probe;
    std::optional<ProcessId> attempt;  // in flight
    Clock::time_point attempt_deadline;
    std::vector<std::string> output;  // of the attempt in flight
    Clock::time_point not_ready_since;
    // Why the last exec attempt could not start (empty once one started).
    // Tilt ignores such attempts; we say so once per distinct reason.
    std::string start_error;
  };

  bool finished();
  void start_what_can_start();
  void begin_update(size_t i);
  CacheDecision decide_cache(size_t i);
  void finish_update(size_t i);
  void became_ready(size_t i, std::string how);
  void handle(const SubprocessEvent& e);
  void on_cmd_exit(size_t i, const ExitStatus& status);
  void on_serve_exit(size_t i, const ExitStatus& status);
  void fail(size_t i, std::string detail, std::optional<ExitStatus> status);
  void stop_run(RunOutcome outcome);
  void describe_unfinished();
  void teardown();
  Result<ProcessId> spawn(size_t i, const Command& command, Role role);
  void emit(EventKind kind, size_t i, std::string text = {}, std::string detail = {});
  Millis since_start(size_t i) const;
  Clock::time_point now() const;

  // Timers (executor_timers.cc).
  void run_timers();
  Clock::time_point next_wakeup() const;
  void start_probe_attempt(size_t i);
  void on_probe_line(size_t i, ProcessId id, const std::string& line);
  void on_probe_exit(size_t i, ProcessId id, const ExitStatus& status);
  void record_probe(size_t i, bool success, std::string message);
  void heartbeat();
  // What resource i is doing or waiting on, with its dependencies' state.
  std::string why_unfinished(size_t i) const;

  const planner::Plan& plan_;
  ExecutorOptions options_;
  CommandRunner& runner_;
  cache::StateDb* state_;
  EventSink& sink_;
  Scheduler scheduler_;
  RunReport report_;
  bool running_ = true;
  bool announced_all_ready_ = false;
  std::unordered_map<ProcessId, Running> processes_;
  std::vector<Clock::time_point> started_;
  std::vector<std::optional<cache::Digest>> fingerprints_;
  std::vector<cache::InputListing> inputs_;  // recorded with the fingerprint
  std::vector<Probing> probing_;
  Clock::time_point run_start_;
  Clock::time_point next_heartbeat_ = Clock::time_point::max();
  // The latest deadline the runner reported as reached (see above).
  Clock::time_point reached_{};
};

}  // namespace pitch::executor
