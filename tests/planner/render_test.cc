#include "planner/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pitch::planner {
namespace {

Plan sample_plan() {
  Plan plan;
  plan.tiltfile_path = "/p/Tiltfile";
  plan.tiltfile_dir = "/p";
  PlanResource build;
  build.name = "build";
  build.pos = {"/p/Tiltfile", 1, 1};
  build.cmd = Command::from_shell("make all");
  build.deps = {"/p/src", "/p/Makefile"};
  build.labels = {"backend"};
  build.dir = "/p";
  PlanResource server;
  server.name = "server";
  server.pos = {"/p/Tiltfile", 4, 1};
  server.serve_cmd = Command::from_argv({"./server", "--port", "8080"});
  server.resource_deps = {0};
  server.allow_parallel = true;
  server.cmd = Command::from_shell("make server");
  server.env = {{"CC", "clang"}};
  server.dir = "/p/bin";
  server.serve_env = {{"PORT", "8080"}};
  server.serve_dir = "/p";
  plan.resources = {build, server};
  return plan;
}

TEST(RenderText, ShowsResourcesInOrderWithRelativePaths) {
  EXPECT_EQ(render_text(sample_plan()),
            "2 resources in run order (/p/Tiltfile)\n"
            "\n"
            "1. build  [Tiltfile:1]\n"
            "   cmd:           make all\n"
            "   deps:          src, Makefile\n"
            "   labels:        backend\n"
            "\n"
            "2. server  [Tiltfile:4]  allow_parallel\n"
            "   cmd:           make server\n"
            "   serve_cmd:     ./server --port 8080\n"
            "   resource_deps: build\n"
            "   env:           CC=clang\n"
            "   dir:           bin\n"
            "   serve_env:     PORT=8080\n");
}

TEST(RenderJson, IsOneVersionedDocumentWithStableFields) {
  auto doc = nlohmann::ordered_json::parse(render_json(sample_plan()));
  EXPECT_EQ(doc["version"], 1);
  ASSERT_EQ(doc["resources"].size(), 2u);
  const auto& build = doc["resources"][0];
  std::vector<std::string> keys;
  for (const auto& item : build.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"name",
                                            "kind",
                                            "images",
                                            "cmd",
                                            "serve_cmd",
                                            "deps",
                                            "resource_deps",
                                            "labels",
                                            "allow_parallel",
                                            "env",
                                            "dir",
                                            "serve_env",
                                            "serve_dir",
                                            "readiness_probe",
                                            "trigger_mode",
                                            "auto_init",
                                            "enabled",
                                            "ignore",
                                            "links",
                                            "source"}));
  EXPECT_EQ(build["cmd"], "make all");
  EXPECT_TRUE(build["serve_cmd"].is_null());
  EXPECT_EQ(build["deps"][0], "/p/src");
  const auto& server = doc["resources"][1];
  EXPECT_EQ(server["serve_cmd"], nlohmann::json::array({"./server", "--port", "8080"}));
  EXPECT_EQ(server["resource_deps"][0], "build");
  EXPECT_EQ(server["env"]["CC"], "clang");
  EXPECT_EQ(server["serve_env"]["PORT"], "8080");
  EXPECT_EQ(server["serve_dir"], "/p");
  EXPECT_EQ(server["source"]["line"], 4);
}

// sample_plan() plus a Kubernetes workload deploying a built image, an
// image nothing uses, and a disabled manual resource with an awkward name.
Plan graph_plan() {
  Plan plan = sample_plan();
  plan.resources[1].readiness_probe = ProbeSpec{};
  PlanResource web;
  web.name = "web";
  web.kind = ResourceKind::kK8s;
  web.images = {1};
  web.resource_deps = {1};
  PlanResource odd;
  odd.name = "say \"hi\" \\ <b>#1";
  odd.cmd = Command::from_shell("echo hi");
  odd.trigger_mode = TriggerMode::kManual;
  odd.auto_init = false;
  odd.enabled = false;
  plan.resources.push_back(web);
  plan.resources.push_back(odd);
  PlanImage base;  // deployed by nothing, but app is built FROM it
  base.ref = "base";
  PlanImage app;
  app.ref = "registry/app";
  app.image_deps = {0};
  app.used_by = {2};
  PlanImage unused;
  unused.ref = "unused";
  unused.builder = PlanImage::Builder::kCustomBuild;
  plan.images = {base, app, unused};
  return plan;
}

TEST(RenderDot, DrawsResourcesImagesAndTheirEdges) {
  EXPECT_EQ(render_dot(graph_plan()),
            "// pitch plan of /p/Tiltfile: an edge runs from what comes first to what waits on "
            "it\n"
            "digraph pitch {\n"
            "  rankdir=LR;\n"
            "  node [fontname=\"Helvetica\"];\n"
            "  r0 [label=\"build\\nlocal_resource\", shape=box];\n"
            "  r1 [label=\"server\\nlocal_resource · cmd + serve · probe\", shape=box, "
            "style=rounded];\n"
            "  r2 [label=\"web\\nk8s_resource\", shape=box3d];\n"
            "  r3 [label=\"say \\\"hi\\\" \\\\ <b>#1\\nlocal_resource · manual · auto_init=False · "
            "disabled\", shape=box, color=gray, fontcolor=gray];\n"
            "  i0 [label=\"base\\ndocker_build\", shape=note];\n"
            "  i1 [label=\"registry/app\\ndocker_build\", shape=note];\n"
            "  i2 [label=\"unused\\ncustom_build · unused\", shape=note, color=gray, "
            "fontcolor=gray];\n"
            "  i0 -> i1 [style=dashed];\n"
            "  i1 -> r2 [style=dashed];\n"
            "  r0 -> r1;\n"
            "  r1 -> r2;\n"
            "}\n");
}

TEST(RenderMermaid, DrawsTheSameGraphWithEscapedLabels) {
  EXPECT_EQ(render_mermaid(graph_plan()),
            "flowchart LR\n"
            "  r0[\"build<br/><small>local_resource</small>\"]\n"
            "  r1([\"server<br/><small>local_resource · cmd + serve · probe</small>\"])\n"
            "  r2[[\"web<br/><small>k8s_resource</small>\"]]\n"
            "  r3[\"say #quot;hi#quot; \\ #lt;b#gt;#35;1<br/><small>local_resource · manual · "
            "auto_init=False · disabled</small>\"]\n"
            "  i0[/\"base<br/><small>docker_build</small>\"/]\n"
            "  i1[/\"registry/app<br/><small>docker_build</small>\"/]\n"
            "  i2[/\"unused<br/><small>custom_build · unused</small>\"/]\n"
            "  i0 -.-> i1\n"
            "  i1 -.-> r2\n"
            "  r0 --> r1\n"
            "  r1 --> r2\n"
            "  classDef dimmed stroke-dasharray: 5 5, color:#888\n"
            "  class r3,i2 dimmed\n");
}

}  // namespace
}  // namespace pitch::planner
