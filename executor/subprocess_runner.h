// executor/subprocess_runner.h — CommandRunner over real processes
// (base/subprocess.h's SubprocessSet) and real network checks.
//
// Network checks (base/net_check.h) block, so each runs on a thread of its
// own, detached: a check is bounded by its timeout, but teardown must not
// wait for one. A finished check pushes its result onto a queue shared with
// the runner and writes one byte to a pipe the SubprocessSet watches; the
// loop thread then turns results into events. The queue and pipe are
// shared (shared_ptr) so a check that finishes after the runner is gone
// writes into a pipe nobody reads, harmlessly.
#pragma once

#include <deque>
#include <memory>

#include "base/subprocess.h"
#include "executor/command_runner.h"

namespace pitch::executor {

class SubprocessRunner final : public CommandRunner {
 public:
  SubprocessRunner();
  ~SubprocessRunner() override;

  Result<ProcessId> start(const SpawnOptions& options) override { return set_.spawn(options); }
  ProcessId start_check(const NetCheck& check) override;
  SubprocessEvent wait(Clock::time_point deadline) override;
  void stop(ProcessId id, Millis grace) override { set_.stop(id, grace); }
  void stop_all(Millis grace) override { set_.stop_all(grace); }
  void kill_everything() override { set_.kill_everything(); }
  size_t running() const override { return set_.running(); }
  size_t orphans() const override { return set_.orphans(); }

 private:
  struct CheckQueue;
  void collect_checks();

  SubprocessSet set_;
  std::shared_ptr<CheckQueue> checks_;
  std::deque<SubprocessEvent> pending_;
  // Check ids live far above process ids, so the two never collide.
  ProcessId next_check_id_ = ProcessId{1} << 48;
};

}  // namespace pitch::executor
