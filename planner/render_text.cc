#include <filesystem>

#include <fmt/format.h>

#include "planner/render.h"

namespace pitch::planner {
namespace {

// Paths under the Tiltfile's directory print relative to it ("src/main.go"),
// others stay absolute.
std::string display_path(const std::string& path, const std::string& base) {
  std::filesystem::path rel = std::filesystem::path(path).lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return path;
  return rel.string();
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string position(const SourcePos& pos, const std::string& base) {
  if (!pos.known()) return "";
  return fmt::format("{}:{}", display_path(pos.file, base), pos.line);
}

}  // namespace

std::string render_text(const Plan& plan) {
  std::string out = fmt::format("{} resource{} in run order ({})\n", plan.resources.size(),
                                plan.resources.size() == 1 ? "" : "s", plan.tiltfile_path);
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    const PlanResource& r = plan.resources[i];
    out += fmt::format("\n{}. {}  [{}]{}\n", i + 1, r.name, position(r.pos, plan.tiltfile_dir),
                       r.allow_parallel ? "  allow_parallel" : "");
    auto field = [&](std::string_view name, const std::string& value) {
      if (!value.empty()) out += fmt::format("   {:<14} {}\n", name, value);
    };
    field("cmd:", r.cmd.display());
    field("serve_cmd:", r.serve_cmd.display());
    std::vector<std::string> deps;
    for (const std::string& d : r.deps) deps.push_back(display_path(d, plan.tiltfile_dir));
    field("deps:", join(deps));
    std::vector<std::string> resource_deps;
    for (size_t d : r.resource_deps) resource_deps.push_back(plan.resources[d].name);
    field("resource_deps:", join(resource_deps));
    field("labels:", join(r.labels));
    std::vector<std::string> env;
    for (const auto& [k, v] : r.env) env.push_back(k + "=" + v);
    field("env:", join(env));
    if (!r.cmd.empty() && r.dir != plan.tiltfile_dir) {
      field("dir:", display_path(r.dir, plan.tiltfile_dir));
    }
    std::vector<std::string> serve_env;
    for (const auto& [k, v] : r.serve_env) serve_env.push_back(k + "=" + v);
    field("serve_env:", join(serve_env));
    if (!r.serve_cmd.empty() && r.serve_dir != plan.tiltfile_dir) {
      field("serve_dir:", display_path(r.serve_dir, plan.tiltfile_dir));
    }
  }
  return out;
}

}  // namespace pitch::planner
