// executor/selection.h — which resources a run brings up.
#pragma once

#include <string>
#include <vector>

#include "base/error.h"
#include "planner/plan.h"

namespace pitch::executor {

// One flag per Plan resource. With no targets every resource is selected;
// otherwise the named ones and, transitively, everything they depend on
// (resource_deps). An unknown name is a kUsage error that lists the known
// names.
Result<std::vector<bool>> select_resources(const planner::Plan& plan,
                                           const std::vector<std::string>& targets);

}  // namespace pitch::executor
