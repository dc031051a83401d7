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

const char* kind_text(ResourceKind k) {
  switch (k) {
    case ResourceKind::kLocal:
      return "local";
    case ResourceKind::kK8s:
      return "k8s";
    case ResourceKind::kDockerCompose:
      return "docker_compose";
  }
  return "local";
}

nlohmann::ordered_json live_update_json(const LiveUpdateSpec& lu) {
  nlohmann::ordered_json j;
  j["initial_sync"] = lu.initial_sync;
  j["fall_back_on"] = lu.fall_back_on;
  auto syncs = nlohmann::ordered_json::array();
  for (const auto& s : lu.syncs)
    syncs.push_back({{"local_path", s.local_path}, {"container_path", s.container_path}});
  j["syncs"] = syncs;
  auto runs = nlohmann::ordered_json::array();
  for (const auto& r : lu.runs)
    runs.push_back({{"cmd", command_json(r.cmd)}, {"triggers", r.triggers}});
  j["runs"] = runs;
  j["restart_container"] = lu.restart_container;
  return j;
}

nlohmann::ordered_json images_json(const Plan& plan) {
  auto out = nlohmann::ordered_json::array();
  for (const PlanImage& img : plan.images) {
    nlohmann::ordered_json j;
    j["ref"] = img.ref;
    j["builder"] = img.builder == PlanImage::Builder::kDockerBuild   ? "docker_build"
                   : img.builder == PlanImage::Builder::kCustomBuild ? "custom_build"
                                                                     : "docker_compose";
    j["context"] = img.context;
    j["dockerfile"] = img.dockerfile;
    j["build_args"] = img.build_args;
    j["target"] = img.target;
    j["command"] = command_json(img.command);
    j["deps"] = img.deps;
    j["live_update"] = img.live_update.empty() ? nlohmann::ordered_json(nullptr)
                                               : live_update_json(img.live_update);
    auto needs = nlohmann::ordered_json::array();
    for (size_t i : img.image_deps) needs.push_back(plan.images[i].ref);
    j["image_deps"] = needs;
    auto users = nlohmann::ordered_json::array();
    for (size_t i : img.used_by) users.push_back(plan.resources[i].name);
    j["used_by"] = users;
    j["source"] = {{"file", img.pos.file}, {"line", img.pos.line}};
    out.push_back(std::move(j));
  }
  return out;
}

// The kind-specific part of a resource (null for local ones).
void container_json(const Plan& plan, const PlanResource& r, nlohmann::ordered_json& j) {
  auto images = nlohmann::ordered_json::array();
  for (size_t i : r.images) images.push_back(plan.images[i].ref);
  j["images"] = images;
  if (r.kind == ResourceKind::kK8s) {
    nlohmann::ordered_json k;
    k["objects"] = r.k8s.objects;
    auto forwards = nlohmann::ordered_json::array();
    for (const PortForwardSpec& f : r.k8s.port_forwards) {
      forwards.push_back({{"local_port", f.local_port},
                          {"container_port", f.container_port},
                          {"host", f.host},
                          {"name", f.name},
                          {"link_path", f.link_path}});
    }
    k["port_forwards"] = forwards;
    k["pod_readiness"] = r.k8s.pod_readiness;
    k["custom_deploy"] = r.k8s.custom_deploy;
    k["apply_cmd"] = command_json(r.k8s.apply_cmd);
    k["delete_cmd"] = command_json(r.k8s.delete_cmd);
    j["k8s"] = k;
  } else if (r.kind == ResourceKind::kDockerCompose) {
    j["docker_compose"] = {{"service", r.dc.service},
                           {"project_name", r.dc.project_name},
                           {"compose_files", r.dc.compose_files},
                           {"image", r.dc.image}};
  }
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
    j["kind"] = kind_text(r.kind);
    container_json(plan, r, j);
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
  doc["images"] = images_json(plan);
  return doc.dump(2) + "\n";
}

}  // namespace pitch::planner
