// executor/selection.h — which resources a run brings up.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "planner/plan.h"

namespace pitch::executor {

// One flag per Plan resource. With no targets every enabled resource is
// selected (PlanResource::enabled: config.set_enabled_resources); otherwise
// the named ones, enabled or not. Either way, transitively, everything they
// depend on (resource_deps) too, as Tilt does. An unknown name is a kUsage
// error that lists the known names.
Result<std::vector<bool>> select_resources(const planner::Plan& plan,
                                           const std::vector<std::string>& targets);

}  // namespace pitch::executor
