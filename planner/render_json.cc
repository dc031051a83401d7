#include <nlohmann/json.hpp>

#include "planner/render.h"

namespace pitch::planner {
namespace {

// A command prints as the user declared it: a string for a shell command,
// an array for argv, null when absent.
nlohmann::ordered_json command_json(const Command& cmd) {
  if (cmd.empty()) return nullptr;
  if (cmd.shell) return cmd.display();
  return cmd.argv;
}

}  // namespace

std::string render_json(const Plan& plan) {
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["tiltfile"] = plan.tiltfile_path;
  doc["resources"] = nlohmann::ordered_json::array();
  for (const PlanResource& r : plan.resources) {
    nlohmann::ordered_json j;
    j["name"] = r.name;
    j["cmd"] = command_json(r.cmd);
    j["serve_cmd"] = command_json(r.serve_cmd);
    j["deps"] = r.deps;
    auto deps = nlohmann::ordered_json::array();
    for (size_t d : r.resource_deps) deps.push_back(plan.resources[d].name);
    j["resource_deps"] = deps;
    j["labels"] = r.labels;
    j["allow_parallel"] = r.allow_parallel;
    auto env = nlohmann::ordered_json::object();
    for (const auto& [k, v] : r.env) env[k] = v;
    j["env"] = env;
    j["dir"] = r.dir;
    auto serve_env = nlohmann::ordered_json::object();
    for (const auto& [k, v] : r.serve_env) serve_env[k] = v;
    j["serve_env"] = serve_env;
    j["serve_dir"] = r.serve_dir;
    j["source"] = {{"file", r.pos.file}, {"line", r.pos.line}};
    doc["resources"].push_back(std::move(j));
  }
  return doc.dump(2) + "\n";
}

}  // namespace pitch::planner
