// Manifest → Plan for Kubernetes resources and images: typed nodes, image
// links both ways, dependencies across kinds.
#include <gtest/gtest.h>

#include "planner/compile.h"
#include "planner/render.h"

namespace pitch::planner {
namespace {

tiltfile::K8sResource k8s(const std::string& name, int line, std::vector<size_t> images = {},
                          std::vector<std::string> deps = {}) {
  tiltfile::K8sResource r;
  r.name = name;
  r.pos = {"/t/Tiltfile", line, 1};
  r.images = std::move(images);
  for (const std::string& d : deps) r.resource_deps.push_back({d, r.pos});
  tiltfile::K8sObject o;
  o.name = name;
  o.kind = "Deployment";
  o.group = "apps";
  r.objects.push_back(o);
  return r;
}

tiltfile::LocalResource local(const std::string& name, int line,
                              std::vector<std::string> deps = {}) {
  tiltfile::LocalResource r;
  r.name = name;
  r.pos = {"/t/Tiltfile", line, 1};
  r.cmd = Command::from_shell("true");
  r.dir = "/t";
  for (const std::string& d : deps) r.resource_deps.push_back({d, r.pos});
  return r;
}

tiltfile::ImageTarget image(const std::string& ref, int line) {
  tiltfile::ImageTarget img;
  img.ref = ref;
  img.pos = {"/t/Tiltfile", line, 1};
  img.context = "/t/" + ref;
  img.dockerfile = "/t/" + ref + "/Dockerfile";
  return img;
}

tiltfile::Manifest base() {
  tiltfile::Manifest m;
  m.tiltfile_path = "/t/Tiltfile";
  m.tiltfile_dir = "/t";
  return m;
}

TEST(CompileK8s, ResourcesAreTypedAndImagesKnowWhoDeploysThem) {
  tiltfile::Manifest m = base();
  m.images = {image("api", 1), image("web", 2), image("unused", 3)};
  m.k8s_resources = {k8s("web", 4, {1, 0}), k8s("api", 5, {0})};
  m.local_resources = {local("lint", 6)};
  auto result = compile_plan(m);
  ASSERT_TRUE(result);
  const Plan& plan = result->plan;
  ASSERT_EQ(plan.resources.size(), 3u);
  EXPECT_EQ(plan.resources[0].kind, ResourceKind::kK8s);
  EXPECT_EQ(plan.resources[0].k8s.objects, (std::vector<std::string>{"web:Deployment:default"}));
  EXPECT_EQ(plan.resources[0].images, (std::vector<size_t>{1, 0}));
  EXPECT_EQ(plan.resources[2].kind, ResourceKind::kLocal);
  ASSERT_EQ(plan.images.size(), 3u);
  EXPECT_EQ(plan.images[0].used_by, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(plan.images[1].used_by, (std::vector<size_t>{0}));
  EXPECT_TRUE(plan.images[2].used_by.empty());
}

TEST(CompileK8s, DependenciesCrossKindsAndOrderTheRun) {
  tiltfile::Manifest m = base();
  m.k8s_resources = {k8s("web", 2, {}, {"migrate"})};
  m.local_resources = {local("migrate", 1), local("smoke", 3, {"web"})};
  auto result = compile_plan(m);
  ASSERT_TRUE(result);
  const Plan& plan = result->plan;
  ASSERT_EQ(plan.resources.size(), 3u);
  EXPECT_EQ(plan.resources[0].name, "migrate");
  EXPECT_EQ(plan.resources[1].name, "web");
  EXPECT_EQ(plan.resources[1].resource_deps, (std::vector<size_t>{0}));
  EXPECT_EQ(plan.resources[2].resource_deps, (std::vector<size_t>{1}));
}

TEST(CompileK8s, CycleThroughAK8sResourceIsAnError) {
  tiltfile::Manifest m = base();
  m.k8s_resources = {k8s("web", 1, {}, {"gen"})};
  m.local_resources = {local("gen", 2, {"web"})};
  auto result = compile_plan(m);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error()[0].message,
            "cycle detected in resource dependency graph: web -> gen -> web");
}

TEST(CompileK8s, TriggerModeFallsBackToTheTiltfiles) {
  tiltfile::Manifest m = base();
  m.settings.trigger_mode = tiltfile::TriggerMode::kManual;
  m.k8s_resources = {k8s("web", 1)};
  auto result = compile_plan(m);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->plan.resources[0].trigger_mode, TriggerMode::kManual);
}

TEST(RenderK8s, TextShowsKindObjectsImagesAndTheImageSection) {
  tiltfile::Manifest m = base();
  m.images = {image("web", 1)};
  m.images[0].live_update.syncs.push_back({"/t/web/src", "/app"});
  m.k8s_resources = {k8s("web", 2, {0})};
  m.k8s_resources[0].port_forwards.push_back({8000, 80, "", "", ""});
  auto result = compile_plan(m);
  ASSERT_TRUE(result);
  EXPECT_EQ(render_text(result->plan),
            "1 resource in run order (/t/Tiltfile)\n"
            "\n"
            "1. web  [Tiltfile:2]  k8s_resource\n"
            "   objects:       web:Deployment:default\n"
            "   images:        web\n"
            "   port_forwards: 8000 -> 80\n"
            "\n"
            "1 image\n"
            "\n"
            "  web  docker_build  [Tiltfile:1]\n"
            "   context:       web\n"
            "   dockerfile:    web/Dockerfile\n"
            "   live_update:   sync web/src -> /app\n"
            "   used_by:       web\n");
}

}  // namespace
}  // namespace pitch::planner

namespace pitch::planner {
namespace {

TEST(RenderK8s, ABaseImageShowsWhichImageNeedsIt) {
  tiltfile::Manifest m = base();
  m.images = {image("base", 1), image("web", 2)};
  m.images[1].depends_on = {0};
  m.k8s_resources = {k8s("web", 3, {1})};
  auto result = compile_plan(m);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->plan.images[1].image_deps, (std::vector<size_t>{0}));
  std::string text = render_text(result->plan);
  EXPECT_NE(text.find("  base  docker_build  [Tiltfile:1]\n"
                      "   context:       base\n"
                      "   dockerfile:    base/Dockerfile\n"
                      "   needed_by:     web\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("   image_deps:    base\n   used_by:       web\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace pitch::planner
