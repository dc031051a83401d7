#include "planner/compile.h"

#include <gtest/gtest.h>

namespace pitch::planner {
namespace {

using tiltfile::LocalResource;
using tiltfile::Manifest;

// Builds a Manifest one local_resource per line, like a Tiltfile would.
class ManifestBuilder {
 public:
  ManifestBuilder& add(const std::string& name, std::vector<std::string> resource_deps = {}) {
    LocalResource r;
    r.name = name;
    r.pos = {"/t/Tiltfile", next_line_, 1};
    for (auto& d : resource_deps) r.resource_deps.push_back({d, r.pos});
    r.cmd = Command::from_shell("echo " + name);
    r.dir = "/t";
    manifest_.local_resources.push_back(std::move(r));
    ++next_line_;
    return *this;
  }
  const Manifest& get() {
    manifest_.tiltfile_path = "/t/Tiltfile";
    manifest_.tiltfile_dir = "/t";
    return manifest_;
  }

 private:
  Manifest manifest_;
  int next_line_ = 1;
};

std::vector<std::string> names(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& r : plan.resources) out.push_back(r.name);
  return out;
}

TEST(CompilePlan, OrdersByDependenciesThenDeclaration) {
  auto result = compile_plan(ManifestBuilder()
                                 .add("test", {"server"})
                                 .add("build")
                                 .add("server", {"build"})
                                 .add("lint")
                                 .get());
  ASSERT_TRUE(result);
  EXPECT_EQ(names(result->plan), (std::vector<std::string>{"build", "server", "test", "lint"}));
  const Plan& plan = result->plan;
  EXPECT_EQ(plan.resources[2].resource_deps, (std::vector<size_t>{1}));
  EXPECT_EQ(plan.find("lint"), 3u);
  EXPECT_EQ(plan.find("nope"), Plan::npos);
}

TEST(CompilePlan, DuplicateNameIsAnErrorAtTheSecondCall) {
  auto result = compile_plan(ManifestBuilder().add("x").add("y").add("x").get());
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().size(), 1u);
  EXPECT_EQ(result.error()[0].message, "local_resource named \"x\" already exists");
  EXPECT_EQ(result.error()[0].pos->line, 3);
  EXPECT_EQ(result.error()[0].kind, ErrorKind::kPlan);
}

TEST(CompilePlan, SelfDependencyIsAnError) {
  auto result = compile_plan(ManifestBuilder().add("a").add("b", {"b"}).get());
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().size(), 1u);
  EXPECT_EQ(result.error()[0].message, "resource b specified a dependency on itself");
  EXPECT_EQ(result.error()[0].pos->line, 2);
}

TEST(CompilePlan, CycleNamesEveryResourceOnIt) {
  // foo -> baz -> bar -> foo, as in Tilt's own test.
  auto result = compile_plan(ManifestBuilder()
                                 .add("foo", {"baz"})
                                 .add("bar", {"foo"})
                                 .add("baz", {"bar"})
                                 .add("ok")
                                 .get());
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().size(), 1u);
  EXPECT_EQ(result.error()[0].message,
            "cycle detected in resource dependency graph: foo -> baz -> bar -> foo");
  EXPECT_EQ(result.error()[0].pos->line, 1);
}

TEST(CompilePlan, ReportsEveryErrorInOneGoInSourceOrder) {
  auto result = compile_plan(
      ManifestBuilder().add("a", {"b"}).add("b", {"a"}).add("c", {"c"}).add("a").get());
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().size(), 3u);
  EXPECT_EQ(result.error()[0].message, "cycle detected in resource dependency graph: a -> b -> a");
  EXPECT_EQ(result.error()[1].message, "resource c specified a dependency on itself");
  EXPECT_EQ(result.error()[2].message, "local_resource named \"a\" already exists");
}

TEST(CompilePlan, UnknownDependencyIsDroppedWithAWarning) {
  auto result = compile_plan(ManifestBuilder().add("baz").add("bar", {"foo", "baz"}).get());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_EQ(result->warnings[0].message,
            "resource bar specified a dependency on unknown resource foo - dependency ignored");
  EXPECT_EQ(result->warnings[0].pos->line, 2);
  EXPECT_EQ(result->plan.resources[1].resource_deps, (std::vector<size_t>{0}));
}

TEST(CompilePlan, RepeatedDependencyCountsOnce) {
  auto result = compile_plan(ManifestBuilder().add("a").add("b", {"a", "a"}).get());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->plan.resources[1].resource_deps.size(), 1u);
}

}  // namespace
}  // namespace pitch::planner

namespace pitch::planner {
namespace {

TEST(CompilePlan, ErrorsAboutHelperMadeResourcesNameTheCallers) {
  tiltfile::Manifest m;
  for (const char* name : {"a", "a"}) {
    tiltfile::LocalResource r;
    r.name = name;
    r.pos = {"/t/lib.star", 2, 5};
    r.call_stack = {{"/t/Tiltfile", 7, 1}, {"/t/lib.star", 5, 3}, r.pos};
    m.local_resources.push_back(r);
  }
  auto result = compile_plan(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error()[0].notes, (std::vector<std::string>{"  called from /t/lib.star:5:3",
                                                               "  called from /t/Tiltfile:7:1"}));
}

}  // namespace
}  // namespace pitch::planner
