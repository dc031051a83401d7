#include "planner/plan.h"

namespace pitch::planner {

size_t Plan::find(std::string_view name) const {
  for (size_t i = 0; i < resources.size(); ++i) {
    if (resources[i].name == name) return i;
  }
  return npos;
}

}  // namespace pitch::planner

namespace pitch::planner {

const char* Plan::kind_name(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kLocal:
      return "local_resource";
    case ResourceKind::kK8s:
      return "k8s_resource";
    case ResourceKind::kDockerCompose:
      return "dc_resource";
  }
  return "resource";
}

const char* PlanImage::builder_name(Builder builder) {
  switch (builder) {
    case Builder::kDockerBuild:
      return "docker_build";
    case Builder::kCustomBuild:
      return "custom_build";
    case Builder::kDockerCompose:
      return "docker_compose build";
  }
  return "build";
}

}  // namespace pitch::planner
