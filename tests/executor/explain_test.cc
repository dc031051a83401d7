// `pitch plan --explain`'s verdicts, against a real state database in a
// scratch directory.
#include "executor/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cache/state_db.h"
#include "executor/fingerprint.h"
#include "tests/support/temp_dir.h"

namespace pitch::executor {
namespace {

using pitch::testing::TempDir;
using ::testing::HasSubstr;
using Verdict = Explanation::Verdict;

planner::PlanResource local(const std::string& name, const std::string& cmd) {
  planner::PlanResource r;
  r.name = name;
  if (!cmd.empty()) r.cmd = Command::from_shell(cmd);
  return r;
}

// Records a successful run of `r` as the executor would after its cmd.
void record_success(const std::filesystem::path& state_dir, const planner::PlanResource& r) {
  auto state = cache::StateDb::open(state_dir);
  ASSERT_TRUE(state) << state.error().message;
  auto decision = decide(r, **state, ForceMode::kIfChanged);
  ASSERT_TRUE(decision && decision->fingerprint);
  ASSERT_TRUE((*state)->record_success(
      r.name, cache::RunRecord{*decision->fingerprint, {}, 0, decision->inputs}));
}

TEST(Explain, WithoutStateEverythingRunsAndNoStateIsCreated) {
  TempDir dir;
  planner::Plan plan;
  planner::PlanResource build = local("build", "make");
  build.deps = {dir.write("src/a.c", "int a;").string()};
  plan.resources = {build, local("test", "make test")};
  const auto state_dir = dir.path() / ".pitch";
  auto explained = explain_plan(plan, state_dir);
  ASSERT_TRUE(explained) << explained.error().message;
  ASSERT_EQ(explained->size(), 2u);
  EXPECT_EQ((*explained)[0].verdict, Verdict::kRun);
  EXPECT_EQ((*explained)[0].reason, "no previous successful run (no state database yet)");
  EXPECT_EQ((*explained)[1].verdict, Verdict::kRun);
  EXPECT_EQ((*explained)[1].reason, "no deps declared, so it always runs");
  EXPECT_FALSE(std::filesystem::exists(state_dir));
}

TEST(Explain, UnchangedDepsSkipAndAChangedFileRuns) {
  TempDir dir;
  planner::Plan plan;
  planner::PlanResource build = local("build", "make");
  build.deps = {dir.write("src/a.c", "int a;").string()};
  build.serve_cmd = Command::from_shell("./server");
  plan.resources = {build};
  const auto state_dir = dir.path() / ".pitch";
  record_success(state_dir, build);

  auto unchanged = explain_plan(plan, state_dir);
  ASSERT_TRUE(unchanged) << unchanged.error().message;
  EXPECT_EQ((*unchanged)[0].verdict, Verdict::kSkip);
  EXPECT_THAT((*unchanged)[0].reason, HasSubstr("deps unchanged since last successful run"));
  EXPECT_THAT((*unchanged)[0].reason, HasSubstr("; then its serve_cmd starts"));

  dir.write("src/a.c", "int a = 1;");
  auto changed = explain_plan(plan, state_dir);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ((*changed)[0].verdict, Verdict::kRun);
  EXPECT_THAT((*changed)[0].reason, HasSubstr("inputs changed since last successful run"));
}

TEST(Explain, ResourcesThatDoNotStartSayWhy) {
  TempDir dir;
  planner::Plan plan;
  planner::PlanResource off = local("off", "true");
  off.enabled = false;
  planner::PlanResource manual = local("manual", "true");
  manual.auto_init = false;
  manual.trigger_mode = planner::TriggerMode::kManual;
  planner::PlanResource on_change = local("on-change", "true");
  on_change.auto_init = false;
  planner::PlanResource web = local("web", "");
  web.kind = planner::ResourceKind::kK8s;
  planner::PlanResource server = local("server", "");
  server.serve_cmd = Command::from_shell("./server");
  plan.resources = {off, manual, on_change, web, server};
  auto explained = explain_plan(plan, dir.path() / ".pitch");
  ASSERT_TRUE(explained) << explained.error().message;
  std::vector<std::pair<Verdict, std::string>> got;
  for (const Explanation& e : *explained) got.emplace_back(e.verdict, e.reason);
  EXPECT_EQ(
      got, (std::vector<std::pair<Verdict, std::string>>{
               {Verdict::kNotStarted,
                "not selected (config.set_enabled_resources, or the resources named on "
                "the command line, leave it out)"},
               {Verdict::kNotStarted, "auto_init=False: not started until triggered"},
               {Verdict::kNotStarted, "auto_init=False: not started until one of its deps changes"},
               {Verdict::kNotStarted,
                "pitch does not run k8s_resource yet (pitch ci and pitch run refuse the "
                "plan)"},
               {Verdict::kServe, "no cmd; its serve_cmd starts (a server always starts)"},
           }));
}

TEST(Explain, RendersOneAlignedLinePerResource) {
  planner::Plan plan;
  plan.resources = {local("build", "make"), local("a", "true")};
  std::vector<Explanation> e = {{Verdict::kSkip, "deps unchanged"},
                                {Verdict::kNotStarted, "not selected"}};
  EXPECT_EQ(render_explanations(plan, e, "/p/.pitch"),
            "\nExplain (state: /p/.pitch)\n"
            "  build  skip   deps unchanged\n"
            "  a      -      not selected\n");
}

TEST(Explain, AnUnreadableStateDatabaseIsAnError) {
  TempDir dir;
  dir.write(".pitch/state.db", "this is not a database");
  planner::Plan plan;
  planner::PlanResource build = local("build", "make");
  build.deps = {dir.write("a", "x").string()};
  plan.resources = {build};
  auto explained = explain_plan(plan, dir.path() / ".pitch");
  ASSERT_FALSE(explained);
  EXPECT_THAT(explained.error().message, HasSubstr("state.db"));
}

}  // namespace
}  // namespace pitch::executor
