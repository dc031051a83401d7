// executor/executor.h — brings a Plan up once: the executor module's entry.
//
// The Executor is one loop on one thread: start whatever the Scheduler
// allows, then wait on the CommandRunner for the next line, exit, signal or
// deadline, and react. Each started resource first decides whether its cmd
// is up to date (fingerprint.h), runs it, then starts its serve_cmd. The
// run ends when every selected resource is ready or succeeded, at the first
// failure (as `tilt ci` does: nothing new starts, running work is stopped),
// at the timeout, or on SIGINT/SIGTERM. Every process is then stopped
// (SIGTERM, grace period, SIGKILL) before run() returns.
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
#include "executor/scheduler.h"
#include "planner/plan.h"

namespace pitch::executor {

struct ExecutorOptions {
  int jobs = 3;
  Millis timeout{30 * 60 * 1000};
  Millis grace_period{30 * 1000};
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
};

class Executor {
 public:
  // `state` may be null: then every cmd runs and nothing is recorded.
  Executor(const planner::Plan& plan, ExecutorOptions options, CommandRunner& runner,
           cache::StateDb* state, EventSink& sink);

  RunReport run();

 private:
  using Clock = std::chrono::steady_clock;
  enum class Role { kCmd, kServe };
  struct Running {
    size_t resource;
    Role role;
  };

  void start_what_can_start();
  void begin_update(size_t i);
  CacheDecision decide_cache(size_t i);
  void finish_update(size_t i);
  void handle(const SubprocessEvent& e);
  void on_cmd_exit(size_t i, const ExitStatus& status);
  void on_serve_exit(size_t i, const ExitStatus& status);
  void fail(size_t i, std::string detail, std::optional<ExitStatus> status);
  void describe_unfinished();
  void teardown();
  Result<ProcessId> spawn(size_t i, const Command& command, Role role);
  void emit(EventKind kind, size_t i, std::string text = {}, std::string detail = {});
  Millis since_start(size_t i) const;

  const planner::Plan& plan_;
  ExecutorOptions options_;
  CommandRunner& runner_;
  cache::StateDb* state_;
  EventSink& sink_;
  Scheduler scheduler_;
  RunReport report_;
  bool running_ = true;
  std::unordered_map<ProcessId, Running> processes_;
  std::vector<Clock::time_point> started_;
  std::vector<std::optional<cache::Digest>> fingerprints_;
};

}  // namespace pitch::executor
