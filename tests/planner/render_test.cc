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

}  // namespace
}  // namespace pitch::planner
