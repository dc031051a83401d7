// executor/subprocess_runner.h — CommandRunner over real processes
// (base/subprocess.h's SubprocessSet).
#pragma once

#include "base/subprocess.h"
#include "executor/command_runner.h"

namespace pitch::executor {

class SubprocessRunner final : public CommandRunner {
 public:
  Result<ProcessId> start(const SpawnOptions& options) override { return set_.spawn(options); }
  SubprocessEvent wait(Clock::time_point deadline) override { return set_.wait(deadline); }
  void stop(ProcessId id, Millis grace) override { set_.stop(id, grace); }
  void stop_all(Millis grace) override { set_.stop_all(grace); }
  void kill_everything() override { set_.kill_everything(); }
  size_t running() const override { return set_.running(); }

 private:
  SubprocessSet set_;
};

}  // namespace pitch::executor
