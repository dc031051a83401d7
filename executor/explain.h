// executor/explain.h — `pitch plan --explain`: what a run would do with
// each resource, and why, without running anything.
//
// The verdicts are the executor's own: the same fingerprint decision
// (fingerprint.h) a run makes, and the same rules for resources that do not
// start (not selected, auto_init=False, a kind pitch cannot run yet). The
// state database is used only when it exists (its stat cache may be
// refreshed, as a run would): explaining never creates a state directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.h"
#include "planner/plan.h"

namespace pitch::executor {

struct Explanation {
  enum class Verdict { kRun, kSkip, kServe, kNotStarted };
  Verdict verdict = Verdict::kRun;
  std::string reason;
};

// One Explanation per plan resource, in plan order. Fails only when an
// existing state database cannot be read.
Result<std::vector<Explanation>> explain_plan(const planner::Plan& plan,
                                              const std::filesystem::path& state_dir);

// "Explain (state: DIR)" and one aligned line per resource.
std::string render_explanations(const planner::Plan& plan,
                                const std::vector<Explanation>& explanations,
                                const std::filesystem::path& state_dir);

}  // namespace pitch::executor
