// executor/command_runner.h — the seam between scheduling and processes.
//
// The Executor drives everything through this interface, so its logic
// (ordering, parallelism, failure handling, timeouts, teardown) is tested
// with a scripted fake and no processes, as Ninja tests its Builder through
// CommandRunner. SubprocessRunner is the real one.
#pragma once

#include <chrono>
#include <cstddef>

#include "base/duration.h"
#include "base/error.h"
#include "base/net_check.h"
#include "base/subprocess.h"

namespace pitch::executor {

class CommandRunner {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~CommandRunner() = default;

  virtual Result<ProcessId> start(const SpawnOptions& options) = 0;
  // Starts a network readiness check off the loop. Its result comes back
  // from wait() the way a process's would, under the returned id (never
  // one of a process): one kLine with NetCheckResult::message, then kExited
  // with code 0 (success) or 1 (failure). It is not counted by running()
  // and is abandoned, not waited for, at teardown.
  virtual ProcessId start_check(const NetCheck& check) = 0;
  // The next line, exit, interrupt, or kDeadline once `deadline` passes.
  virtual SubprocessEvent wait(Clock::time_point deadline) = 0;
  // The time wait()'s deadlines are measured in. The runner owns it so a
  // scripted runner can keep a virtual clock that real time never moves.
  virtual Clock::time_point now() const { return Clock::now(); }
  // SIGTERM to the process's group now, SIGKILL after `grace`.
  virtual void stop(ProcessId id, Millis grace) = 0;
  virtual void stop_all(Millis grace) = 0;
  // SIGKILL everything left, orphans included, and reap it.
  virtual void kill_everything() = 0;
  // Processes started and not yet reported as exited.
  virtual size_t running() const = 0;
  // Descendants that escaped their groups and are still alive (teardown
  // waits for them too, up to the grace period).
  virtual size_t orphans() const = 0;
};

}  // namespace pitch::executor
