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

// "http://localhost:8080/ every 10s (timeout 1s, ...)": every value in force.
std::string probe_text(const ProbeSpec& p) {
  std::string what;
  switch (p.kind) {
    case ProbeSpec::Kind::kExec: {
      Command c = Command::from_argv(p.exec_argv);
      what = "exec " + c.display();
      break;
    }
    case ProbeSpec::Kind::kHttpGet:
      what = fmt::format("http_get {}://{}:{}{}", p.scheme, p.host, p.port, p.path);
      break;
    case ProbeSpec::Kind::kTcpSocket:
      what = fmt::format("tcp_socket {}:{}", p.host, p.port);
      break;
  }
  return fmt::format(
      "{} (initial_delay {}s, period {}s, timeout {}s, success_threshold {}, "
      "failure_threshold {})",
      what, p.initial_delay_secs, p.period_secs, p.timeout_secs, p.success_threshold,
      p.failure_threshold);
}

std::string port_forward_text(const PortForwardSpec& f) {
  std::string out = f.host.empty() ? "" : f.host + ":";
  out += std::to_string(f.local_port);
  if (f.container_port != 0) out += fmt::format(" -> {}", f.container_port);
  if (!f.name.empty()) out += fmt::format(" ({})", f.name);
  return out;
}

std::string live_update_text(const LiveUpdateSpec& lu, const std::string& base) {
  std::vector<std::string> steps;
  if (lu.initial_sync) steps.push_back("initial_sync");
  for (const std::string& p : lu.fall_back_on)
    steps.push_back("fall_back_on " + display_path(p, base));
  for (const auto& s : lu.syncs)
    steps.push_back(
        fmt::format("sync {} -> {}", display_path(s.local_path, base), s.container_path));
  for (const auto& r : lu.runs) {
    std::string step = "run " + r.cmd.display();
    if (!r.triggers.empty()) step += " (trigger: " + join(r.triggers) + ")";
    steps.push_back(step);
  }
  if (lu.restart_container) steps.push_back("restart_container");
  std::string out;
  for (const std::string& step : steps) out += (out.empty() ? "" : "; ") + step;
  return out;
}

// Kind-specific lines of a Kubernetes or Docker Compose resource.
void container_fields(const Plan& plan, const PlanResource& r, std::string& out) {
  auto field = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += fmt::format("   {:<14} {}\n", name, value);
  };
  std::vector<std::string> images;
  for (size_t i : r.images) images.push_back(plan.images[i].ref);
  if (r.kind == ResourceKind::kK8s) {
    field("objects:", join(r.k8s.objects));
    if (r.k8s.custom_deploy) {
      field("apply_cmd:", r.k8s.apply_cmd.display());
      field("delete_cmd:", r.k8s.delete_cmd.display());
    }
    field("images:", join(images));
    std::vector<std::string> forwards;
    for (const PortForwardSpec& f : r.k8s.port_forwards) forwards.push_back(port_forward_text(f));
    field("port_forwards:", join(forwards));
    field("pod_readiness:", r.k8s.pod_readiness);
  } else {
    field("service:", r.dc.service);
    field("project:", r.dc.project_name);
    std::vector<std::string> files;
    for (const std::string& f : r.dc.compose_files)
      files.push_back(display_path(f, plan.tiltfile_dir));
    field("compose_files:", join(files));
    field("images:", join(images));
  }
}

void render_images(const Plan& plan, std::string& out) {
  if (plan.images.empty()) return;
  out += fmt::format("\n{} image{}\n", plan.images.size(), plan.images.size() == 1 ? "" : "s");
  const std::string& base = plan.tiltfile_dir;
  for (const PlanImage& img : plan.images) {
    out += fmt::format("\n  {}  {}  [{}]\n", img.ref, PlanImage::builder_name(img.builder),
                       position(img.pos, base));
    auto field = [&](std::string_view name, const std::string& value) {
      if (!value.empty()) out += fmt::format("   {:<14} {}\n", name, value);
    };
    if (!img.context.empty()) field("context:", display_path(img.context, base));
    if (!img.dockerfile.empty()) field("dockerfile:", display_path(img.dockerfile, base));
    field("build_args:", join(img.build_args));
    field("target:", img.target);
    field("command:", img.command.display());
    std::vector<std::string> deps;
    for (const std::string& d : img.deps) deps.push_back(display_path(d, base));
    field("deps:", join(deps));
    std::vector<std::string> needs;
    for (size_t i : img.image_deps) needs.push_back(plan.images[i].ref);
    field("image_deps:", join(needs));
    field("live_update:", live_update_text(img.live_update, base));
    std::vector<std::string> users;
    for (size_t i : img.used_by) users.push_back(plan.resources[i].name);
    std::vector<std::string> needed_by;
    for (const PlanImage& other : plan.images) {
      for (size_t i : other.image_deps) {
        if (&plan.images[i] == &img) needed_by.push_back(other.ref);
      }
    }
    field("needed_by:", join(needed_by));
    if (!users.empty() || needed_by.empty())
      field("used_by:", users.empty() ? "(nothing: not built)" : join(users));
  }
}

}  // namespace

std::string render_text(const Plan& plan) {
  std::string out = fmt::format("{} resource{} in run order ({})\n", plan.resources.size(),
                                plan.resources.size() == 1 ? "" : "s", plan.tiltfile_path);
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    const PlanResource& r = plan.resources[i];
    std::string flags;
    if (r.allow_parallel) flags += "  allow_parallel";
    if (r.trigger_mode == TriggerMode::kManual) flags += "  manual";
    if (!r.auto_init) flags += "  auto_init=False";
    if (!r.enabled) flags += "  disabled";
    if (r.kind != ResourceKind::kLocal) flags = "  " + std::string(Plan::kind_name(r.kind)) + flags;
    out +=
        fmt::format("\n{}. {}  [{}]{}\n", i + 1, r.name, position(r.pos, plan.tiltfile_dir), flags);
    auto field = [&](std::string_view name, const std::string& value) {
      if (!value.empty()) out += fmt::format("   {:<14} {}\n", name, value);
    };
    if (r.kind != ResourceKind::kLocal) container_fields(plan, r, out);
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
    if (r.readiness_probe) field("readiness:", probe_text(*r.readiness_probe));
    std::vector<std::string> links;
    for (const Link& l : r.links) links.push_back(l.name.empty() ? l.url : l.name + " " + l.url);
    field("links:", join(links));
    std::vector<std::string> ignore;
    for (const std::string& p : r.ignore) {
      bool negated = !p.empty() && p[0] == '!';
      ignore.push_back((negated ? "!" : "") +
                       display_path(negated ? p.substr(1) : p, plan.tiltfile_dir));
    }
    field("ignore:", join(ignore));
  }
  render_images(plan, out);
  std::string settings = fmt::format("max_parallel_updates={}", plan.settings.max_parallel_updates);
  if (plan.settings.ci_timeout)
    settings += " ci_timeout=" + format_duration(*plan.settings.ci_timeout);
  if (plan.settings.readiness_timeout)
    settings += " readiness_timeout=" + format_duration(*plan.settings.readiness_timeout);
  if (plan.settings.max_parallel_updates != 3 || plan.settings.ci_timeout ||
      plan.settings.readiness_timeout) {
    out += "\nsettings: " + settings + "\n";
  }
  return out;
}

}  // namespace pitch::planner
