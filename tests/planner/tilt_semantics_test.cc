// Tilt's semantics the planner applies to a Manifest: the trigger matrix,
// probe defaults, effective allow_parallel, enabled resources, ignores and
// settings. Manifests come from real Tiltfiles (evaluate_tiltfile), so each
// case reads as the Tiltfile a user would write.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "planner/compile.h"
#include "planner/render.h"
#include "tiltfile/tiltfile.h"

namespace pitch::planner {
namespace {

namespace fs = std::filesystem;

class TiltSemantics : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            fmt::format("pitch_tilt_semantics_{}_{}", ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  MultiResult<CompiledPlan> plan(const std::string& tiltfile, std::vector<std::string> args = {},
                                 const std::string& tiltignore = "") {
    std::ofstream(root_ / "Tiltfile") << tiltfile;
    if (!tiltignore.empty()) std::ofstream(root_ / ".tiltignore") << tiltignore;
    tiltfile::EvalOptions opts;
    opts.tiltfile_path = (root_ / "Tiltfile").string();
    opts.args = std::move(args);
    auto m = tiltfile::evaluate_tiltfile(opts);
    if (!m) return tl::unexpected(std::vector<Error>{m.error()});
    return compile_plan(*m);
  }
  const PlanResource& res(const Plan& p, const std::string& name) {
    return p.resources.at(p.find(name));
  }

  fs::path root_;
};

TEST_F(TiltSemantics, TriggerMatrix) {
  // Tilt's starlarkTriggerModeToModel: the resource's trigger_mode, else the
  // Tiltfile's trigger_mode(); auto_init is independent.
  auto r = plan(
      "trigger_mode(TRIGGER_MODE_MANUAL)\n"
      "local_resource('inherit', 'x')\n"
      "local_resource('auto', 'x', trigger_mode=TRIGGER_MODE_AUTO)\n"
      "local_resource('auto_no_init', 'x', trigger_mode=TRIGGER_MODE_AUTO, auto_init=False)\n"
      "local_resource('manual_init', 'x', trigger_mode=TRIGGER_MODE_MANUAL, auto_init=True)\n"
      "local_resource('manual_no_init', 'x', auto_init=False)\n");
  ASSERT_TRUE(r);
  const Plan& p = r->plan;
  EXPECT_EQ(res(p, "inherit").trigger_mode, TriggerMode::kManual);
  EXPECT_TRUE(res(p, "inherit").auto_init);
  EXPECT_EQ(res(p, "auto").trigger_mode, TriggerMode::kAuto);
  EXPECT_EQ(res(p, "auto_no_init").trigger_mode, TriggerMode::kAuto);
  EXPECT_FALSE(res(p, "auto_no_init").auto_init);
  EXPECT_EQ(res(p, "manual_init").trigger_mode, TriggerMode::kManual);
  EXPECT_TRUE(res(p, "manual_init").auto_init);
  EXPECT_EQ(res(p, "manual_no_init").trigger_mode, TriggerMode::kManual);
  EXPECT_FALSE(res(p, "manual_no_init").auto_init);
}

TEST_F(TiltSemantics, DefaultTriggerModeIsAuto) {
  auto r = plan("local_resource('a', 'x')\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->plan.resources[0].trigger_mode, TriggerMode::kAuto);
  EXPECT_TRUE(r->plan.resources[0].auto_init);
  EXPECT_TRUE(r->plan.resources[0].enabled);
}

TEST_F(TiltSemantics, ProbeDefaultsAreTheValuesInForce) {
  auto r = plan(
      "local_resource('h', serve_cmd='s', readiness_probe=probe(http_get=http_get_action(8080)))\n"
      "local_resource('t', serve_cmd='s', readiness_probe=probe(period_secs=2, "
      "initial_delay_secs=-1, tcp_socket=tcp_socket_action(5432, 'db')))\n"
      "local_resource('e', serve_cmd='s', readiness_probe=probe(failure_threshold=7, "
      "exec=exec_action(['true'])))\n"
      "local_resource('p', serve_cmd='s', readiness_probe=probe(http_get=http_get_action(80, "
      "scheme='HTTPS', path='healthz')))\n");
  ASSERT_TRUE(r);
  const Plan& p = r->plan;
  ProbeSpec h;
  h.kind = ProbeSpec::Kind::kHttpGet;
  h.port = 8080;
  EXPECT_EQ(*res(p, "h").readiness_probe, h);  // localhost, /, http, 0/1/10/1/3
  const ProbeSpec& t = *res(p, "t").readiness_probe;
  EXPECT_EQ(t.kind, ProbeSpec::Kind::kTcpSocket);
  EXPECT_EQ(t.host, "db");
  EXPECT_EQ(t.port, 5432);
  EXPECT_EQ(t.period_secs, 2);
  EXPECT_EQ(t.initial_delay_secs, 0);
  EXPECT_EQ(t.timeout_secs, 1);
  const ProbeSpec& e = *res(p, "e").readiness_probe;
  EXPECT_EQ(e.exec_argv, std::vector<std::string>{"true"});
  EXPECT_EQ(e.failure_threshold, 7);
  EXPECT_EQ(e.success_threshold, 1);
  const ProbeSpec& s = *res(p, "p").readiness_probe;
  EXPECT_EQ(s.scheme, "https");
  EXPECT_EQ(s.path, "/healthz");
  EXPECT_TRUE(r->warnings.empty());
}

TEST_F(TiltSemantics, ProbeProblemsTiltReportsAtRunTimeAreWarnings) {
  auto r = plan(
      "local_resource('a', serve_cmd='s', readiness_probe=probe(http_get=http_get_action(0, "
      "scheme='ftp')))\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(r->warnings[0].message, "resource a: readiness probe port number out of range: 0");
  EXPECT_EQ(r->warnings[1].message,
            "resource a: readiness probe scheme \"ftp\" is not http or https");
}

TEST_F(TiltSemantics, ServeOnlyResourcesRunInParallelAsInTilt) {
  auto r = plan(
      "local_resource('build', 'make')\n"
      "local_resource('srv', serve_cmd='srv')\n"
      "local_resource('both', 'make', serve_cmd='srv')\n");
  ASSERT_TRUE(r);
  EXPECT_FALSE(res(r->plan, "build").allow_parallel);
  EXPECT_TRUE(res(r->plan, "srv").allow_parallel);
  EXPECT_FALSE(res(r->plan, "both").allow_parallel);
}

TEST_F(TiltSemantics, EnabledResourcesPullInTheirDependencies) {
  auto r = plan(
      "local_resource('db', 'x')\n"
      "local_resource('api', 'x', resource_deps=['db'])\n"
      "local_resource('web', 'x', resource_deps=['api'])\n"
      "local_resource('docs', 'x')\n"
      "config.set_enabled_resources(['web'])\n");
  ASSERT_TRUE(r);
  EXPECT_TRUE(res(r->plan, "db").enabled);
  EXPECT_TRUE(res(r->plan, "api").enabled);
  EXPECT_TRUE(res(r->plan, "web").enabled);
  EXPECT_FALSE(res(r->plan, "docs").enabled);
}

TEST_F(TiltSemantics, EmptyEnabledListEnablesEverything) {
  auto r = plan("local_resource('a', 'x')\nconfig.set_enabled_resources([])\n");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->plan.resources[0].enabled);
}

TEST_F(TiltSemantics, ClearEnabledResourcesDisablesEverything) {
  auto r = plan("local_resource('a', 'x')\nconfig.clear_enabled_resources()\n");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->plan.resources[0].enabled);
}

TEST_F(TiltSemantics, ArgumentsSelectResourcesWithoutConfigParse) {
  auto r = plan("local_resource('a', 'x')\nlocal_resource('b', 'x')\n", {"b"});
  ASSERT_TRUE(r);
  EXPECT_FALSE(res(r->plan, "a").enabled);
  EXPECT_TRUE(res(r->plan, "b").enabled);
}

TEST_F(TiltSemantics, UnknownEnabledResourceIsAnErrorListingTheOthers) {
  auto r = plan(
      "local_resource('a', 'x')\n"
      "local_resource('b', 'x', resource_deps=['a'])\n"
      "local_resource('c', 'x')\n"
      "config.set_enabled_resources(['b', 'zz', 'yy'])\n");
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().size(), 1u);
  EXPECT_EQ(r.error()[0].message,
            "You specified some resources that could not be found: \"zz\", \"yy\"\n"
            "Is this a typo? Existing resources in Tiltfile: \"a\", \"c\"");
  EXPECT_EQ(r.error()[0].pos->line, 4);
}

TEST_F(TiltSemantics, IgnoresAreAbsoluteAndIncludeTiltignoreAndWatchSettings) {
  auto r = plan(
      "watch_settings(ignore='*.tmp')\n"
      "local_resource('a', 'x', deps='.', ignore=['*.o', '!keep.o'])\n",
      {}, "# comment\n\nnode_modules\n!node_modules/keep\n");
  ASSERT_TRUE(r);
  const std::string root = root_.string();
  EXPECT_EQ(r->plan.resources[0].ignore,
            (std::vector<std::string>{root + "/node_modules", "!" + root + "/node_modules/keep",
                                      root + "/*.tmp", root + "/*.o", "!" + root + "/keep.o"}));
}

TEST_F(TiltSemantics, SettingsReachThePlan) {
  auto r = plan(
      "update_settings(max_parallel_updates=5)\n"
      "ci_settings(timeout='10m', readiness_timeout='90s')\n"
      "local_resource('a', 'x')\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->plan.settings.max_parallel_updates, 5);
  EXPECT_EQ(r->plan.settings.ci_timeout, Millis(600000));
  EXPECT_EQ(r->plan.settings.readiness_timeout, Millis(90000));
}

TEST_F(TiltSemantics, SettingsDefaults) {
  auto r = plan("local_resource('a', 'x')\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->plan.settings.max_parallel_updates, 3);
  EXPECT_FALSE(r->plan.settings.ci_timeout);
  EXPECT_FALSE(r->plan.settings.readiness_timeout);
}

TEST_F(TiltSemantics, LinksReachThePlanAndTheRenderers) {
  auto r = plan(
      "local_resource('a', serve_cmd='s', links=['localhost:8000', link('http://x/docs', "
      "'docs')], trigger_mode=TRIGGER_MODE_MANUAL, auto_init=False, "
      "readiness_probe=probe(http_get=http_get_action(8000)))\n");
  ASSERT_TRUE(r);
  const PlanResource& a = r->plan.resources[0];
  ASSERT_EQ(a.links.size(), 2u);
  EXPECT_EQ(a.links[1].url, "http://x/docs");
  EXPECT_EQ(a.links[1].name, "docs");
  std::string text = render_text(r->plan);
  EXPECT_NE(text.find("1. a  [Tiltfile:1]  allow_parallel  manual  auto_init=False\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("   readiness:     http_get http://localhost:8000/ (initial_delay 0s, period "
                      "10s, timeout 1s, success_threshold 1, failure_threshold 3)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("   links:         localhost:8000, docs http://x/docs\n"), std::string::npos)
      << text;
  std::string json = render_json(r->plan);
  EXPECT_NE(json.find("\"trigger_mode\": \"manual\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"period_secs\": 10"), std::string::npos) << json;
}

}  // namespace
}  // namespace pitch::planner
