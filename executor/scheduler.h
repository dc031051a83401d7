// executor/scheduler.h — Tilt's rule for which resource updates next.
//
// Pure state, no processes or clocks, so the rule is tested directly. It
// follows Tilt v0.32.4 (internal/engine/buildcontrol/build_control.go,
// NextTargetToBuild) for local resources:
//   - a resource waits until each of its resource_deps has been ready or
//     succeeded at least once;
//   - while a resource without allow_parallel is updating, nothing else
//     starts; while anything is updating, only allow_parallel ones may start;
//   - at most `jobs` updates are in flight (max_parallel_updates);
//   - among the eligible, the first in plan order goes first.
// An "update" is the resource's cmd; a serve_cmd runs beside it afterwards
// and holds no slot. Ready is a phase of its own: without a readiness probe
// a server is ready when it started; with one it stays kServing until the
// probe succeeds, and goes back to kServing if the probe starts failing
// (dependants gate on "ready at least once", so they are not affected).
// A selected resource with auto_init=False is kManual: never started by a
// run, not counted as unfinished; whatever depends on it waits.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "planner/plan.h"

namespace pitch::executor {

enum class Phase {
  kExcluded,   // not selected for this run
  kManual,     // selected but auto_init=False: not started automatically
  kPending,    // selected, not started
  kUpdating,   // its cmd runs (holds a slot)
  kServing,    // its serve_cmd runs, not ready yet
  kReady,      // its serve_cmd runs and is ready
  kSucceeded,  // its cmd succeeded (or was up to date) and it has no server
  kFailed,
};

class Scheduler {
 public:
  // `selected` has one flag per plan resource; `jobs` >= 1.
  Scheduler(const planner::Plan& plan, std::vector<bool> selected, int jobs);

  // The resource whose update should start now, if any. Call again after
  // mark_updating() to fill further slots.
  std::optional<size_t> next() const;

  void mark_updating(size_t i);
  void mark_serving(size_t i);
  void mark_ready(size_t i);
  // A ready server's probe started failing.
  void mark_not_ready(size_t i);
  void mark_succeeded(size_t i);
  void mark_failed(size_t i);

  Phase phase(size_t i) const { return phases_[i]; }
  bool ever_ready(size_t i) const { return ever_ready_[i]; }
  // Every selected resource (but kManual ones) is ready or succeeded.
  bool all_done() const;
  // Resource i is pending and can never start in this run: something it
  // depends on (transitively) failed before being ready, or is kManual.
  bool stuck(size_t i) const;
  // Nothing more will happen on its own: nothing updating or waiting for
  // readiness, and every pending resource is stuck.
  bool settled() const;
  // Why resource i has not finished, for people: "waiting on resource_deps:
  // db, migrate", "waiting for 'build' (not allow_parallel) to finish", ...
  std::string waiting_reason(size_t i) const;

 private:
  bool deps_ready(size_t i) const;
  size_t updating_count() const;
  std::optional<size_t> updating_serial() const;

  const planner::Plan& plan_;
  std::vector<Phase> phases_;
  std::vector<bool> ever_ready_;
  int jobs_;
};

}  // namespace pitch::executor
