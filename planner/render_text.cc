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
    out +=
        fmt::format("\n{}. {}  [{}]{}\n", i + 1, r.name, position(r.pos, plan.tiltfile_dir), flags);
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
