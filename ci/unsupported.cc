#include "ci/unsupported.h"

#include <fmt/format.h>

namespace pitch::ci {

std::string unsupported_resources(const planner::Plan& plan, const std::vector<bool>& selected) {
  using planner::ResourceKind;
  size_t count = 0;
  std::string lines;
  for (ResourceKind kind : {ResourceKind::kK8s, ResourceKind::kDockerCompose}) {
    std::vector<std::string> names;
    for (size_t i = 0; i < plan.resources.size(); ++i) {
      if (selected[i] && plan.resources[i].kind == kind) names.push_back(plan.resources[i].name);
    }
    if (names.empty()) continue;
    count += names.size();
    lines += fmt::format("  {}: {}\n", planner::Plan::kind_name(kind), fmt::join(names, ", "));
  }
  if (count == 0) return "";
  return fmt::format(
      "cannot run {} resource{}: pitch runs only local_resource so far\n{}"
      "Nothing was started. Name the local resources to run (e.g. `pitch ci NAME`), or leave "
      "these out with config.set_enabled_resources().\n",
      count, count == 1 ? "" : "s", lines);
}

}  // namespace pitch::ci
