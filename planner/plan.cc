#include "planner/plan.h"

namespace pitch::planner {

size_t Plan::find(std::string_view name) const {
  for (size_t i = 0; i < resources.size(); ++i) {
    if (resources[i].name == name) return i;
  }
  return npos;
}

}  // namespace pitch::planner
