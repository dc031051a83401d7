#include "executor/selection.h"

#include <gtest/gtest.h>

#include "tests/executor/plan_builder.h"

namespace pitch::executor {
namespace {

using testing::add_resource;

planner::Plan diamond() {
  planner::Plan plan;
  add_resource(plan, "base");
  add_resource(plan, "left", {"base"});
  add_resource(plan, "right", {"base"});
  add_resource(plan, "top", {"left", "right"});
  add_resource(plan, "alone");
  return plan;
}

TEST(SelectResources, NoTargetsSelectsEverything) {
  EXPECT_EQ(select_resources(diamond(), {}).value(), std::vector<bool>(5, true));
}

TEST(SelectResources, TargetsBringTheirDependenciesTransitively) {
  EXPECT_EQ(select_resources(diamond(), {"top"}).value(),
            (std::vector<bool>{true, true, true, true, false}));
  EXPECT_EQ(select_resources(diamond(), {"left", "alone"}).value(),
            (std::vector<bool>{true, true, false, false, true}));
}

TEST(SelectResources, UnknownTargetIsAUsageErrorListingNames) {
  auto r = select_resources(diamond(), {"left", "nope"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_EQ(r.error().message,
            "unknown resource 'nope' (resources: base, left, right, top, alone)");
}

}  // namespace
}  // namespace pitch::executor
