// ci/unsupported.h — the resources a run cannot bring up yet.
//
// The executor runs local resources only; Kubernetes and Docker Compose
// resources are planned (pitch plan shows them) but not run. Rather than
// skip them silently, `pitch ci` and `pitch run` refuse before starting
// anything and name them.
#pragma once

#include <string>
#include <vector>

#include "planner/plan.h"

namespace pitch::ci {

// "" when every selected resource can run; otherwise the message naming,
// per kind, the selected resources that cannot (lines ending in "\n").
std::string unsupported_resources(const planner::Plan& plan, const std::vector<bool>& selected);

}  // namespace pitch::ci
