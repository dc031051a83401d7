#include "executor/scheduler.h"

#include <gtest/gtest.h>

#include "tests/executor/plan_builder.h"

namespace pitch::executor {
namespace {

using testing::add_resource;

std::vector<bool> all(const planner::Plan& plan) {
  return std::vector<bool>(plan.resources.size(), true);
}

TEST(Scheduler, WaitsForResourceDepsToSucceed) {
  planner::Plan plan;
  add_resource(plan, "db");
  add_resource(plan, "app", {"db"});
  Scheduler s(plan, all(plan), 3);
  EXPECT_EQ(s.next(), 0u);
  s.mark_updating(0);
  EXPECT_EQ(s.next(), std::nullopt);
  EXPECT_EQ(s.waiting_reason(1), "waiting on resource_deps: db");
  s.mark_succeeded(0);
  EXPECT_EQ(s.next(), 1u);
}

TEST(Scheduler, ServerMustBeReadyNotJustStarted) {
  planner::Plan plan;
  add_resource(plan, "db");
  add_resource(plan, "app", {"db"});
  Scheduler s(plan, all(plan), 3);
  s.mark_updating(0);
  s.mark_serving(0);
  EXPECT_EQ(s.next(), std::nullopt);
  EXPECT_EQ(s.waiting_reason(0), "serve_cmd started, waiting for it to become ready");
  s.mark_ready(0);
  EXPECT_EQ(s.next(), 1u);
}

TEST(Scheduler, SerialResourcesRunAlone) {
  planner::Plan plan;
  add_resource(plan, "a");
  add_resource(plan, "b").allow_parallel = true;
  add_resource(plan, "c").allow_parallel = true;
  Scheduler s(plan, all(plan), 3);
  EXPECT_EQ(s.next(), 0u);
  s.mark_updating(0);
  // a has no allow_parallel: nothing may join it.
  EXPECT_EQ(s.next(), std::nullopt);
  EXPECT_EQ(s.waiting_reason(1), "waiting for 'a' to finish (it runs alone: no allow_parallel)");
  s.mark_succeeded(0);
  EXPECT_EQ(s.next(), 1u);
  s.mark_updating(1);
  EXPECT_EQ(s.next(), 2u);
}

TEST(Scheduler, SerialResourceWaitsForParallelOnesToFinish) {
  planner::Plan plan;
  add_resource(plan, "p").allow_parallel = true;
  add_resource(plan, "s");
  add_resource(plan, "q").allow_parallel = true;
  Scheduler s(plan, all(plan), 3);
  s.mark_updating(*s.next());
  // s is next in order but may not join p; q may, so it goes first (Tilt
  // holds unparallelizable targets and picks the first eligible one).
  EXPECT_EQ(s.next(), 2u);
  s.mark_updating(2);
  s.mark_succeeded(0);
  EXPECT_EQ(s.next(), std::nullopt);
  s.mark_succeeded(2);
  EXPECT_EQ(s.next(), 1u);
}

TEST(Scheduler, JobsBoundParallelUpdates) {
  planner::Plan plan;
  for (const char* name : {"a", "b", "c", "d"}) add_resource(plan, name).allow_parallel = true;
  Scheduler s(plan, all(plan), 2);
  s.mark_updating(*s.next());
  s.mark_updating(*s.next());
  EXPECT_EQ(s.next(), std::nullopt);
  EXPECT_EQ(s.waiting_reason(2), "waiting for a free slot (2 updates at most)");
  s.mark_succeeded(1);
  EXPECT_EQ(s.next(), 2u);
}

TEST(Scheduler, ServingHoldsNoSlot) {
  planner::Plan plan;
  add_resource(plan, "web");
  add_resource(plan, "other");
  Scheduler s(plan, all(plan), 1);
  s.mark_updating(0);
  s.mark_serving(0);
  s.mark_ready(0);
  EXPECT_EQ(s.next(), 1u);
}

TEST(Scheduler, SkipsUnselectedAndIsDoneWhenSelectedAreDone) {
  planner::Plan plan;
  add_resource(plan, "a");
  add_resource(plan, "b");
  Scheduler s(plan, {false, true}, 3);
  EXPECT_EQ(s.next(), 1u);
  s.mark_updating(1);
  EXPECT_FALSE(s.all_done());
  s.mark_succeeded(1);
  EXPECT_TRUE(s.all_done());
  EXPECT_EQ(s.next(), std::nullopt);
}

TEST(Scheduler, FailedDependencyBlocksDependants) {
  planner::Plan plan;
  add_resource(plan, "a");
  add_resource(plan, "b", {"a"});
  Scheduler s(plan, all(plan), 3);
  s.mark_updating(0);
  s.mark_failed(0);
  EXPECT_EQ(s.next(), std::nullopt);
  EXPECT_FALSE(s.all_done());
}

}  // namespace
}  // namespace pitch::executor
