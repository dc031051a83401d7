#include "executor/selection.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace pitch::executor {

Result<std::vector<bool>> select_resources(const planner::Plan& plan,
                                           const std::vector<std::string>& targets) {
  const size_t n = plan.resources.size();
  std::vector<bool> selected(n, false);
  for (size_t i = 0; i < n && targets.empty(); ++i) selected[i] = plan.resources[i].enabled;
  for (const std::string& name : targets) {
    size_t index = plan.find(name);
    if (index == planner::Plan::npos) {
      std::vector<std::string> known;
      for (const auto& r : plan.resources) known.push_back(r.name);
      return make_error(
          ErrorKind::kUsage,
          fmt::format("unknown resource '{}' (resources: {})", name,
                      known.empty() ? "none" : fmt::format("{}", fmt::join(known, ", "))));
    }
    selected[index] = true;
  }
  // Dependencies always have smaller indexes (topological order), so one
  // backward sweep closes the set.
  for (size_t i = n; i-- > 0;) {
    if (!selected[i]) continue;
    for (size_t dep : plan.resources[i].resource_deps) selected[dep] = true;
  }
  return selected;
}

}  // namespace pitch::executor
