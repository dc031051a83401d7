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
#include "base/subprocess.h"

namespace pitch::executor {

class CommandRunner {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~CommandRunner() = default;

  virtual Result<ProcessId> start(const SpawnOptions& options) = 0;
  // The next line, exit, interrupt, or kDeadline once `deadline` passes.
  virtual SubprocessEvent wait(Clock::time_point deadline) = 0;
  // SIGTERM to the process's group now, SIGKILL after `grace`.
  virtual void stop(ProcessId id, Millis grace) = 0;
  virtual void stop_all(Millis grace) = 0;
  // SIGKILL everything left, orphans included, and reap it.
  virtual void kill_everything() = 0;
  // Processes started and not yet reported as exited.
  virtual size_t running() const = 0;
};

}  // namespace pitch::executor
