// End-to-end: Kubernetes resources and images in the real `pitch plan`,
// and `pitch ci` / `pitch run` refusing to start a selection it cannot run
// yet (rather than skipping those resources silently).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_pitch.h"
#include "tests/support/temp_dir.h"

namespace pitch::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kAppYaml =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  template:\n"
    "    metadata:\n"
    "      labels:\n"
    "        app: web\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: web\n"
    "        image: web-image\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  selector:\n"
    "    app: web\n";

void write_project(TempDir& dir, const std::string& tiltfile) {
  dir.write("app.yaml", kAppYaml);
  dir.write("ctx/Dockerfile", "FROM alpine\n");
  dir.write("Tiltfile", tiltfile);
}

TEST(K8sE2E, PlanShowsTheWorkloadItsObjectsAndTheImageItDeploys) {
  TempDir dir;
  write_project(dir,
                "k8s_yaml('app.yaml')\n"
                "docker_build('web-image', 'ctx', live_update=[sync('ctx/src', '/app')])\n"
                "k8s_resource('web', port_forwards='8000:80', resource_deps=['gen'])\n"
                "local_resource('gen', cmd='true')\n");
  auto r = run_pitch({"plan"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1. gen  [Tiltfile:4]\n"));
  EXPECT_THAT(r.out, HasSubstr("2. web  [Tiltfile:3]  k8s_resource\n"
                               "   objects:       web:Deployment:default, web:Service:default\n"
                               "   images:        web-image\n"
                               "   port_forwards: 8000 -> 80\n"
                               "   resource_deps: gen\n"));
  EXPECT_THAT(r.out, HasSubstr("  web-image  docker_build  [Tiltfile:2]\n"
                               "   context:       ctx\n"
                               "   dockerfile:    ctx/Dockerfile\n"
                               "   live_update:   sync ctx/src -> /app\n"
                               "   used_by:       web\n"));
}

TEST(K8sE2E, PlanJsonLinksImagesAndWorkloadsBothWays) {
  TempDir dir;
  write_project(dir,
                "k8s_yaml('app.yaml')\n"
                "docker_build('web-image', 'ctx')\n");
  auto r = run_pitch({"plan", "--format", "json"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["resources"].size(), 1u);
  const auto& web = doc["resources"][0];
  EXPECT_EQ(web["name"], "web");
  EXPECT_EQ(web["kind"], "k8s");
  EXPECT_EQ(web["images"], nlohmann::json::array({"web-image"}));
  EXPECT_EQ(web["k8s"]["objects"],
            nlohmann::json::array({"web:Deployment:default", "web:Service:default"}));
  ASSERT_EQ(doc["images"].size(), 1u);
  EXPECT_EQ(doc["images"][0]["ref"], "web-image");
  EXPECT_EQ(doc["images"][0]["builder"], "docker_build");
  EXPECT_EQ(doc["images"][0]["context"], (dir.path() / "ctx").string());
  EXPECT_EQ(doc["images"][0]["used_by"], nlohmann::json::array({"web"}));
}

TEST(K8sE2E, UnusedImageWarnsAndIsShownAsNotBuilt) {
  TempDir dir;
  write_project(dir,
                "k8s_yaml('app.yaml')\n"
                "docker_build('other-image', 'ctx')\n");
  auto r = run_pitch({"plan"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:2:1: warning: Image not used in any Kubernetes config:"));
  EXPECT_THAT(r.out, HasSubstr("used_by:       (nothing: not built)"));
}

TEST(K8sE2E, UnknownWorkloadIsExit3AtTheK8sResourceLine) {
  TempDir dir;
  write_project(dir,
                "k8s_yaml('app.yaml')\n"
                "\n"
                "k8s_resource('api', port_forwards=8000)\n");
  auto r = run_pitch({"plan"}, dir.path());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("Tiltfile:3:1: error: k8s_resource specified unknown resource "
                               "\"api\". known k8s resources: web"));
  EXPECT_EQ(r.out, "");
}

TEST(K8sE2E, CiRefusesBeforeStartingAnythingAndNamesTheResources) {
  TempDir dir;
  write_project(dir,
                "local_resource('first', cmd='touch ran-first')\n"
                "k8s_yaml('app.yaml')\n"
                "k8s_resource('web', resource_deps=['first'])\n"
                "local_resource('last', cmd='touch ran-last', resource_deps=['web'])\n");
  auto r = run_pitch({"ci"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("pitch ci: cannot run 1 resource: pitch runs only local_resource "
                               "so far\n  k8s_resource: web\n"));
  EXPECT_THAT(r.out, HasSubstr("Nothing was started."));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ran-first"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ran-last"));
}

TEST(K8sE2E, RunRefusesToo) {
  TempDir dir;
  write_project(dir,
                "local_resource('first', cmd='touch ran-first')\n"
                "k8s_yaml('app.yaml')\n");
  auto r = run_pitch({"run"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("pitch run: cannot run 1 resource"));
  EXPECT_THAT(r.out, HasSubstr("  k8s_resource: web\n"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ran-first"));
}

TEST(K8sE2E, CiRunsTheLocalResourcesWhenOnlyTheyAreSelected) {
  TempDir dir;
  write_project(dir,
                "local_resource('first', cmd='touch ran-first')\n"
                "k8s_yaml('app.yaml')\n");
  auto r = run_pitch({"ci", "first"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "ran-first"));
  EXPECT_THAT(r.out, Not(HasSubstr("cannot run")));
}

TEST(K8sE2E, CiRunsWhenTheTiltfileLeavesTheK8sResourcesOut) {
  TempDir dir;
  write_project(dir,
                "local_resource('first', cmd='touch ran-first')\n"
                "k8s_yaml('app.yaml')\n"
                "config.set_enabled_resources(['first'])\n");
  auto r = run_pitch({"ci"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "ran-first"));
}

TEST(K8sE2E, CiSelectionPullsInAK8sDependencyAndRefuses) {
  TempDir dir;
  write_project(dir,
                "k8s_yaml('app.yaml')\n"
                "local_resource('smoke', cmd='touch ran-smoke', resource_deps=['web'])\n");
  auto r = run_pitch({"ci", "smoke"}, dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("  k8s_resource: web\n"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ran-smoke"));
}

}  // namespace
}  // namespace pitch::testing

namespace pitch::testing {
namespace {

TEST(DockerComposeE2E, PlanShowsServicesAndCiRefusesThem) {
  TempDir dir;
  dir.write("docker-compose.yml",
            "services:\n"
            "  db:\n"
            "    image: postgres\n"
            "  api:\n"
            "    build: ./api\n"
            "    depends_on: [db]\n");
  dir.write("api/Dockerfile", "FROM alpine\n");
  dir.write("Tiltfile",
            "local_resource('setup', cmd='touch ran-setup')\n"
            "docker_compose('docker-compose.yml')\n");
  auto plan = run_pitch({"plan"}, dir.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_THAT(plan.out, ::testing::HasSubstr("2. api  [Tiltfile:2]  dc_resource\n"
                                             "   service:       api\n"));
  EXPECT_THAT(plan.out, ::testing::HasSubstr("docker_compose build  [Tiltfile:2]\n"
                                             "   context:       api\n"));
  auto ci = run_pitch({"ci"}, dir.path());
  EXPECT_EQ(ci.exit_code, 3) << ci.out << ci.err;
  EXPECT_THAT(ci.out, ::testing::HasSubstr("cannot run 2 resources: pitch runs only "
                                           "local_resource so far\n  dc_resource: db, api\n"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "ran-setup"));
}

}  // namespace
}  // namespace pitch::testing
