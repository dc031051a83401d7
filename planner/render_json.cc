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

nlohmann::ordered_json probe_json(const std::optional<ProbeSpec>& probe) {
  if (!probe) return nullptr;
  const ProbeSpec& p = *probe;
  nlohmann::ordered_json j;
  switch (p.kind) {
    case ProbeSpec::Kind::kExec:
      j["exec"] = {{"command", p.exec_argv}};
      break;
    case ProbeSpec::Kind::kHttpGet:
      j["http_get"] = {{"host", p.host}, {"port", p.port}, {"scheme", p.scheme}, {"path", p.path}};
      break;
    case ProbeSpec::Kind::kTcpSocket:
      j["tcp_socket"] = {{"host", p.host}, {"port", p.port}};
      break;
  }
  j["initial_delay_secs"] = p.initial_delay_secs;
  j["timeout_secs"] = p.timeout_secs;
  j["period_secs"] = p.period_secs;
  j["success_threshold"] = p.success_threshold;
  j["failure_threshold"] = p.failure_threshold;
  return j;
}

}  // namespace

std::string render_json(const Plan& plan) {
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["tiltfile"] = plan.tiltfile_path;
  nlohmann::ordered_json settings;
  settings["max_parallel_updates"] = plan.settings.max_parallel_updates;
  auto millis = [](const std::optional<Millis>& d) -> nlohmann::ordered_json {
    if (!d) return nullptr;
    return d->count();
  };
  settings["ci_timeout_ms"] = millis(plan.settings.ci_timeout);
  settings["readiness_timeout_ms"] = millis(plan.settings.readiness_timeout);
  doc["settings"] = settings;
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
    j["readiness_probe"] = probe_json(r.readiness_probe);
    j["trigger_mode"] = r.trigger_mode == TriggerMode::kManual ? "manual" : "auto";
    j["auto_init"] = r.auto_init;
    j["enabled"] = r.enabled;
    j["ignore"] = r.ignore;
    auto links = nlohmann::ordered_json::array();
    for (const Link& l : r.links) links.push_back({{"url", l.url}, {"name", l.name}});
    j["links"] = links;
    j["source"] = {{"file", r.pos.file}, {"line", r.pos.line}};
    doc["resources"].push_back(std::move(j));
  }
  return doc.dump(2) + "\n";
}

}  // namespace pitch::planner
