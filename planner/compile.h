// planner/compile.h — Manifest → Plan.
//
// Validation reports every problem in one go, each at the Tiltfile line
// that caused it: duplicate resource names, a resource that depends on
// itself, dependency cycles (every resource on the cycle named). An unknown
// resource_deps entry is only a warning and the dependency is dropped, as
// Tilt does, so Tiltfiles written for Tilt keep working; callers that want
// strictness turn warnings into errors (`--strict`).
#pragma once

#include <vector>

#include "base/error.h"
#include "planner/plan.h"
#include "tiltfile/manifest.h"

namespace pitch::planner {

struct CompiledPlan {
  Plan plan;
  std::vector<Error> warnings;  // kind kPlan, with positions
};

// Errors are kind kPlan, ordered by source position.
MultiResult<CompiledPlan> compile_plan(const tiltfile::Manifest& manifest);

}  // namespace pitch::planner
