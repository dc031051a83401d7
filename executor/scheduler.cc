#include "executor/scheduler.h"

#include <fmt/format.h>

#include "base/check.h"

namespace pitch::executor {

Scheduler::Scheduler(const planner::Plan& plan, std::vector<bool> selected, int jobs)
    : plan_(plan), ever_ready_(plan.resources.size(), false), jobs_(jobs < 1 ? 1 : jobs) {
  PITCH_CHECK(selected.size() == plan.resources.size());
  for (size_t i = 0; i < selected.size(); ++i) {
    Phase p = !selected[i]                   ? Phase::kExcluded
              : !plan.resources[i].auto_init ? Phase::kManual
                                             : Phase::kPending;
    phases_.push_back(p);
  }
}

bool Scheduler::deps_ready(size_t i) const {
  for (size_t dep : plan_.resources[i].resource_deps) {
    if (!ever_ready_[dep]) return false;
  }
  return true;
}

size_t Scheduler::updating_count() const {
  size_t n = 0;
  for (Phase p : phases_) n += p == Phase::kUpdating;
  return n;
}

std::optional<size_t> Scheduler::updating_serial() const {
  for (size_t i = 0; i < phases_.size(); ++i) {
    if (phases_[i] == Phase::kUpdating && !plan_.resources[i].allow_parallel) return i;
  }
  return std::nullopt;
}

std::optional<size_t> Scheduler::next() const {
  if (updating_serial()) return std::nullopt;
  size_t updating = updating_count();
  if (updating >= static_cast<size_t>(jobs_)) return std::nullopt;
  for (size_t i = 0; i < phases_.size(); ++i) {
    if (phases_[i] != Phase::kPending || !deps_ready(i)) continue;
    if (updating > 0 && !plan_.resources[i].allow_parallel) continue;
    return i;
  }
  return std::nullopt;
}

void Scheduler::mark_updating(size_t i) {
  PITCH_CHECK(phases_[i] == Phase::kPending);
  phases_[i] = Phase::kUpdating;
}

void Scheduler::mark_serving(size_t i) { phases_[i] = Phase::kServing; }

void Scheduler::mark_ready(size_t i) {
  phases_[i] = Phase::kReady;
  ever_ready_[i] = true;
}

void Scheduler::mark_not_ready(size_t i) {
  if (phases_[i] == Phase::kReady) phases_[i] = Phase::kServing;
}

void Scheduler::mark_succeeded(size_t i) {
  phases_[i] = Phase::kSucceeded;
  ever_ready_[i] = true;
}

void Scheduler::mark_failed(size_t i) { phases_[i] = Phase::kFailed; }

bool Scheduler::all_done() const {
  for (Phase p : phases_) {
    if (p != Phase::kExcluded && p != Phase::kManual && p != Phase::kReady &&
        p != Phase::kSucceeded) {
      return false;
    }
  }
  return true;
}

bool Scheduler::stuck(size_t i) const {
  // Dependencies have smaller indexes, so one recursion depth per level.
  for (size_t dep : plan_.resources[i].resource_deps) {
    if (ever_ready_[dep]) continue;
    Phase p = phases_[dep];
    if (p == Phase::kFailed || p == Phase::kManual || p == Phase::kExcluded) return true;
    if (p == Phase::kPending && stuck(dep)) return true;
  }
  return false;
}

bool Scheduler::settled() const {
  for (size_t i = 0; i < phases_.size(); ++i) {
    Phase p = phases_[i];
    if (p == Phase::kUpdating || p == Phase::kServing) return false;
    if (p == Phase::kPending && !stuck(i)) return false;
  }
  return true;
}

std::string Scheduler::waiting_reason(size_t i) const {
  switch (phases_[i]) {
    case Phase::kExcluded:
      return "not selected";
    case Phase::kManual:
      return "auto_init=False: not started automatically";
    case Phase::kUpdating:
      return "running cmd";
    case Phase::kServing:
      return "serve_cmd started, waiting for it to become ready";
    case Phase::kReady:
    case Phase::kSucceeded:
      return "done";
    case Phase::kFailed:
      return "failed";
    case Phase::kPending:
      break;
  }
  std::vector<std::string> deps;
  for (size_t dep : plan_.resources[i].resource_deps) {
    if (!ever_ready_[dep]) deps.push_back(plan_.resources[dep].name);
  }
  if (!deps.empty()) {
    std::string list;
    for (const auto& d : deps) list += (list.empty() ? "" : ", ") + d;
    return "waiting on resource_deps: " + list;
  }
  if (auto serial = updating_serial()) {
    return fmt::format("waiting for '{}' to finish (it runs alone: no allow_parallel)",
                       plan_.resources[*serial].name);
  }
  if (updating_count() >= static_cast<size_t>(jobs_)) {
    return fmt::format("waiting for a free slot ({} updates at most)", jobs_);
  }
  if (updating_count() > 0 && !plan_.resources[i].allow_parallel) {
    return "waiting to run alone (no allow_parallel) until running updates finish";
  }
  return "ready to start";
}

}  // namespace pitch::executor
