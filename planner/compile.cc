#include "planner/compile.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <queue>
#include <string>

#include <fmt/format.h>

namespace pitch::planner {
namespace {

using tiltfile::LocalResource;

// A declared resource of any kind, as validation sees it: Kubernetes
// resources first, then Docker Compose, then local, as Tilt orders them.
struct Declared {
  ResourceKind kind = ResourceKind::kLocal;
  size_t index = 0;  // into the Manifest's vector of that kind
  std::string name;
  SourcePos pos;
  std::vector<SourcePos> call_stack;
  std::vector<tiltfile::ResourceDepRef> resource_deps;
};

std::vector<Declared> declared_resources(const tiltfile::Manifest& m) {
  std::vector<Declared> out;
  for (size_t i = 0; i < m.k8s_resources.size(); ++i) {
    const auto& r = m.k8s_resources[i];
    out.push_back(Declared{ResourceKind::kK8s, i, r.name, r.pos, {}, r.resource_deps});
  }
  for (size_t i = 0; i < m.dc_resources.size(); ++i) {
    const auto& r = m.dc_resources[i];
    out.push_back(Declared{ResourceKind::kDockerCompose, i, r.name, r.pos, {}, r.resource_deps});
  }
  for (size_t i = 0; i < m.local_resources.size(); ++i) {
    const auto& r = m.local_resources[i];
    out.push_back(Declared{ResourceKind::kLocal, i, r.name, r.pos, r.call_stack, r.resource_deps});
  }
  return out;
}

// Resources with their resource_deps resolved to indexes into `resources`
// (declaration order, duplicates already removed).
struct DepGraph {
  std::vector<Declared> resources;
  std::vector<std::vector<size_t>> deps;
};

// An error at `pos` about resource `r`; when r was declared through helper
// functions, notes name each call on the way, innermost first.
template <typename R>
Error plan_error(std::string message, const SourcePos& pos, const R& r) {
  Error e(ErrorKind::kPlan, std::move(message), pos);
  for (size_t i = r.call_stack.size(); i-- > 1;) {
    const SourcePos& caller = r.call_stack[i - 1];
    e.notes.push_back(fmt::format("  called from {}:{}:{}", caller.file, caller.line, caller.col));
  }
  return e;
}

// Keeps the first resource of each name; later ones are errors.
std::vector<Declared> unique_resources(const tiltfile::Manifest& manifest,
                                       std::vector<Error>* errors) {
  std::vector<Declared> out;
  std::map<std::string, size_t, std::less<>> seen;
  for (Declared& r : declared_resources(manifest)) {
    if (seen.count(r.name)) {
      errors->push_back(
          plan_error(fmt::format("{} named \"{}\" already exists", Plan::kind_name(r.kind), r.name),
                     r.pos, r));
      continue;
    }
    seen.emplace(r.name, out.size());
    out.push_back(std::move(r));
  }
  return out;
}

DepGraph resolve_deps(std::vector<Declared> resources, std::vector<Error>* errors,
                      std::vector<Error>* warnings) {
  DepGraph graph;
  graph.resources = std::move(resources);
  std::map<std::string_view, size_t> index;
  for (size_t i = 0; i < graph.resources.size(); ++i) index.emplace(graph.resources[i].name, i);
  graph.deps.resize(graph.resources.size());
  for (size_t i = 0; i < graph.resources.size(); ++i) {
    const Declared& r = graph.resources[i];
    for (const tiltfile::ResourceDepRef& dep : r.resource_deps) {
      const SourcePos& pos = dep.pos.known() ? dep.pos : r.pos;
      if (dep.name == r.name) {
        errors->push_back(plan_error(
            fmt::format("resource {} specified a dependency on itself", r.name), pos, r));
        continue;
      }
      auto it = index.find(dep.name);
      if (it == index.end()) {
        warnings->push_back(plan_error(
            fmt::format(
                "resource {} specified a dependency on unknown resource {} - dependency ignored",
                r.name, dep.name),
            pos, r));
        continue;
      }
      if (std::find(graph.deps[i].begin(), graph.deps[i].end(), it->second) ==
          graph.deps[i].end()) {
        graph.deps[i].push_back(it->second);
      }
    }
  }
  return graph;
}

// Tarjan's strongly connected components; every component with more than
// one resource is a cycle. The cycle is printed along "depends on" edges,
// starting at the resource declared first.
void report_cycles(const DepGraph& graph, std::vector<Error>* errors) {
  const size_t n = graph.resources.size();
  std::vector<int> order(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  int counter = 0;
  std::vector<std::vector<size_t>> components;
  std::function<void(size_t)> visit = [&](size_t v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (size_t w : graph.deps[v]) {
      if (order[w] < 0) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], order[w]);
      }
    }
    if (low[v] == order[v]) {
      std::vector<size_t> component;
      size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != v);
      if (component.size() > 1) components.push_back(std::move(component));
    }
  };
  for (size_t v = 0; v < n; ++v) {
    if (order[v] < 0) visit(v);
  }
  for (std::vector<size_t>& component : components) {
    std::sort(component.begin(), component.end());
    std::vector<bool> in_component(n, false);
    for (size_t v : component) in_component[v] = true;
    // Walk dependency edges inside the component from its first resource
    // until we come back to it: a simple cycle through the first resource.
    std::vector<size_t> path = {component.front()};
    std::vector<bool> visited(n, false);
    visited[component.front()] = true;
    std::function<bool(size_t)> walk = [&](size_t v) {
      for (size_t w : graph.deps[v]) {
        if (!in_component[w]) continue;
        if (w == component.front()) return true;
        if (visited[w]) continue;
        visited[w] = true;
        path.push_back(w);
        if (walk(w)) return true;
        path.pop_back();
      }
      return false;
    };
    walk(component.front());
    std::string text;
    for (size_t v : path) text += graph.resources[v].name + " -> ";
    text += graph.resources[component.front()].name;
    const Declared& first = graph.resources[component.front()];
    errors->push_back(
        plan_error("cycle detected in resource dependency graph: " + text, first.pos, first));
  }
}

// Kahn's algorithm taking the earliest-declared ready resource first, so the
// order is deterministic and as close to declaration order as the
// dependencies allow.
std::vector<size_t> topological_order(const DepGraph& graph) {
  const size_t n = graph.resources.size();
  std::vector<size_t> waiting_on(n, 0);
  std::vector<std::vector<size_t>> dependants(n);
  for (size_t i = 0; i < n; ++i) {
    waiting_on[i] = graph.deps[i].size();
    for (size_t d : graph.deps[i]) dependants[d].push_back(i);
  }
  std::priority_queue<size_t, std::vector<size_t>, std::greater<>> ready;
  for (size_t i = 0; i < n; ++i) {
    if (waiting_on[i] == 0) ready.push(i);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    size_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (size_t d : dependants[v]) {
      if (--waiting_on[d] == 0) ready.push(d);
    }
  }
  return order;
}

// Tilt's probe worker defaults (tilt-dev/probe: period 10s, timeout 1s,
// success 1, failure 3, no initial delay) for fields left 0 (or negative),
// and the runner's defaults for host, scheme and path. Problems Tilt only
// reports when the probe runs become warnings here.
ProbeSpec to_probe_spec(const tiltfile::ProbeDecl& d, const LocalResource& r,
                        std::vector<Error>* warnings) {
  ProbeSpec p;
  switch (d.kind) {
    case tiltfile::ProbeDecl::Kind::kExec:
      p.kind = ProbeSpec::Kind::kExec;
      p.exec_argv = d.exec_command;
      if (p.exec_argv.empty()) {
        warnings->push_back(plan_error(
            fmt::format("resource {}: readiness probe exec_action has an empty command", r.name),
            r.pos, r));
      }
      break;
    case tiltfile::ProbeDecl::Kind::kHttpGet:
      p.kind = ProbeSpec::Kind::kHttpGet;
      break;
    case tiltfile::ProbeDecl::Kind::kTcpSocket:
      p.kind = ProbeSpec::Kind::kTcpSocket;
      break;
  }
  if (p.kind != ProbeSpec::Kind::kExec) {
    if (!d.host.empty()) p.host = d.host;
    p.port = d.port;
    if (d.port <= 0 || d.port > 65535) {
      warnings->push_back(plan_error(
          fmt::format("resource {}: readiness probe port number out of range: {}", r.name, d.port),
          r.pos, r));
    }
  }
  if (p.kind == ProbeSpec::Kind::kHttpGet) {
    std::string scheme = d.scheme;
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!scheme.empty()) p.scheme = scheme;
    if (p.scheme != "http" && p.scheme != "https") {
      warnings->push_back(
          plan_error(fmt::format("resource {}: readiness probe scheme \"{}\" is not http or https",
                                 r.name, d.scheme),
                     r.pos, r));
    }
    if (!d.path.empty()) p.path = d.path[0] == '/' ? d.path : "/" + d.path;
  }
  if (d.initial_delay_secs > 0) p.initial_delay_secs = d.initial_delay_secs;
  if (d.timeout_secs > 0) p.timeout_secs = d.timeout_secs;
  if (d.period_secs > 0) p.period_secs = d.period_secs;
  if (d.success_threshold > 0) p.success_threshold = d.success_threshold;
  if (d.failure_threshold > 0) p.failure_threshold = d.failure_threshold;
  return p;
}

// A dockerignore pattern made absolute against base ("!" kept in front).
std::string absolute_pattern(const std::string& base, const std::string& pattern) {
  bool negated = !pattern.empty() && pattern[0] == '!';
  std::string rest = negated ? pattern.substr(1) : pattern;
  std::filesystem::path p(rest);
  if (p.is_relative()) p = std::filesystem::path(base) / p;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return negated ? "!" + out : out;
}

PlanResource to_local_resource(const LocalResource& r, const tiltfile::Manifest& m,
                               std::vector<Error>* warnings) {
  PlanResource p;
  p.name = r.name;
  p.pos = r.pos;
  p.cmd = r.cmd;
  p.serve_cmd = r.serve_cmd;
  p.deps = r.deps;
  // Tilt runs a resource with no cmd in parallel: its update does nothing.
  p.allow_parallel = r.allow_parallel || r.cmd.empty();
  p.labels = r.labels;
  p.env = r.env;
  p.dir = r.dir;
  p.serve_env = r.serve_env;
  p.serve_dir = r.serve_dir;
  if (r.readiness_probe) p.readiness_probe = to_probe_spec(*r.readiness_probe, r, warnings);
  tiltfile::TriggerMode mode =
      r.trigger_mode != tiltfile::TriggerMode::kUnset ? r.trigger_mode : m.settings.trigger_mode;
  p.trigger_mode =
      mode == tiltfile::TriggerMode::kManual ? TriggerMode::kManual : TriggerMode::kAuto;
  p.auto_init = r.auto_init;
  // Everything file watching leaves out: .tiltignore, watch_settings(), and
  // the resource's own ignore=, all absolute.
  p.ignore = m.tiltignore;
  p.ignore.insert(p.ignore.end(), m.settings.watch_ignore.begin(), m.settings.watch_ignore.end());
  for (const std::string& pattern : r.ignore)
    p.ignore.push_back(absolute_pattern(r.ignore_base, pattern));
  for (const tiltfile::Link& l : r.links) p.links.push_back(Link{l.url, l.name});
  return p;
}

TriggerMode effective_mode(tiltfile::TriggerMode own, const tiltfile::Manifest& m) {
  tiltfile::TriggerMode mode = own != tiltfile::TriggerMode::kUnset ? own : m.settings.trigger_mode;
  return mode == tiltfile::TriggerMode::kManual ? TriggerMode::kManual : TriggerMode::kAuto;
}

PlanResource to_k8s_resource(const tiltfile::K8sResource& r, const tiltfile::Manifest& m) {
  PlanResource p;
  p.name = r.name;
  p.pos = r.pos;
  p.kind = ResourceKind::kK8s;
  p.images = r.images;
  for (const tiltfile::K8sObject& o : r.objects) p.k8s.objects.push_back(o.full_name());
  for (const tiltfile::PortForward& f : r.port_forwards) {
    p.k8s.port_forwards.push_back(
        PortForwardSpec{f.local_port, f.container_port, f.host, f.name, f.link_path});
  }
  p.k8s.pod_readiness = r.pod_readiness;
  p.k8s.custom_deploy = r.custom_deploy;
  p.k8s.apply_cmd = r.apply_cmd;
  p.k8s.delete_cmd = r.delete_cmd;
  p.deps = r.deps;
  p.labels = r.labels;
  p.trigger_mode = effective_mode(r.trigger_mode, m);
  p.auto_init = r.auto_init;
  for (const tiltfile::Link& l : r.links) p.links.push_back(Link{l.url, l.name});
  p.dir = m.tiltfile_dir;
  return p;
}

PlanResource to_dc_resource(const tiltfile::DcResource& r, const tiltfile::Manifest& m) {
  PlanResource p;
  p.name = r.name;
  p.pos = r.pos;
  p.kind = ResourceKind::kDockerCompose;
  p.images = r.images;
  p.dc.service = r.service;
  p.dc.project_name = r.project_name;
  p.dc.compose_files = r.compose_files;
  p.dc.image = r.image;
  p.labels = r.labels;
  p.trigger_mode = effective_mode(r.trigger_mode, m);
  p.auto_init = r.auto_init;
  for (const tiltfile::Link& l : r.links) p.links.push_back(Link{l.url, l.name});
  p.dir = m.tiltfile_dir;
  return p;
}

PlanResource to_plan_resource(const Declared& d, const tiltfile::Manifest& m,
                              std::vector<Error>* warnings) {
  switch (d.kind) {
    case ResourceKind::kK8s:
      return to_k8s_resource(m.k8s_resources[d.index], m);
    case ResourceKind::kDockerCompose:
      return to_dc_resource(m.dc_resources[d.index], m);
    case ResourceKind::kLocal:
      break;
  }
  return to_local_resource(m.local_resources[d.index], m, warnings);
}

PlanImage to_plan_image(const tiltfile::ImageTarget& img) {
  PlanImage p;
  p.ref = img.ref;
  switch (img.kind) {
    case tiltfile::ImageTarget::Kind::kDockerBuild:
      p.builder = PlanImage::Builder::kDockerBuild;
      break;
    case tiltfile::ImageTarget::Kind::kCustomBuild:
      p.builder = PlanImage::Builder::kCustomBuild;
      break;
    case tiltfile::ImageTarget::Kind::kDockerCompose:
      p.builder = PlanImage::Builder::kDockerCompose;
      break;
  }
  p.pos = img.pos;
  p.context = img.context;
  p.dockerfile = img.dockerfile;
  p.build_args = img.build_args;
  p.target = img.target;
  p.command = img.command;
  p.deps = img.deps;
  p.image_deps = img.depends_on;
  const tiltfile::LiveUpdate& lu = img.live_update;
  p.live_update.initial_sync = lu.initial_sync;
  p.live_update.fall_back_on = lu.fall_back_on;
  for (const auto& s : lu.syncs) p.live_update.syncs.push_back({s.local_path, s.remote_path});
  for (const auto& r : lu.runs) p.live_update.runs.push_back({r.cmd, r.triggers});
  p.live_update.restart_container = lu.restart_container;
  return p;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += "\"" + n + "\"";
  }
  return out;
}

// config.set_enabled_resources / clear_enabled_resources (and Tiltfile
// arguments), as Tilt resolves them: the named resources and, transitively,
// their resource_deps; an unknown name is an error listing the others.
void mark_enabled(const tiltfile::Manifest& m, Plan* plan, std::vector<Error>* errors) {
  using Mode = tiltfile::EnabledResources::Mode;
  const tiltfile::EnabledResources& e = m.enabled;
  if (e.mode == Mode::kAll || (e.mode == Mode::kListed && e.names.empty())) return;
  for (PlanResource& r : plan->resources) r.enabled = false;
  if (e.mode == Mode::kNone) return;
  std::vector<std::string> unknown;
  std::vector<size_t> todo;
  for (const std::string& n : e.names) {
    size_t i = plan->find(n);
    if (i == Plan::npos) {
      if (std::find(unknown.begin(), unknown.end(), n) == unknown.end()) unknown.push_back(n);
    } else {
      todo.push_back(i);
    }
  }
  while (!todo.empty()) {
    size_t i = todo.back();
    todo.pop_back();
    if (plan->resources[i].enabled) continue;
    plan->resources[i].enabled = true;
    for (size_t d : plan->resources[i].resource_deps) todo.push_back(d);
  }
  if (unknown.empty()) return;
  std::vector<std::string> others;
  for (const Declared& r : declared_resources(m)) {
    if (std::find(e.names.begin(), e.names.end(), r.name) == e.names.end() &&
        std::find(others.begin(), others.end(), r.name) == others.end()) {
      others.push_back(r.name);
    }
  }
  SourcePos pos = e.pos.known() ? e.pos : SourcePos{m.tiltfile_path, 0, 0};
  errors->push_back(Error(ErrorKind::kPlan,
                          fmt::format("You specified some resources that could not be found: {}\n"
                                      "Is this a typo? Existing resources in Tiltfile: {}",
                                      quoted_list(unknown), quoted_list(others)),
                          pos));
}

bool by_position(const Error& a, const Error& b) {
  const SourcePos& pa = *a.pos;
  const SourcePos& pb = *b.pos;
  return std::tie(pa.file, pa.line, pa.col) < std::tie(pb.file, pb.line, pb.col);
}

}  // namespace

MultiResult<CompiledPlan> compile_plan(const tiltfile::Manifest& manifest) {
  std::vector<Error> errors;
  CompiledPlan out;
  DepGraph graph = resolve_deps(unique_resources(manifest, &errors), &errors, &out.warnings);
  report_cycles(graph, &errors);
  if (!errors.empty()) {
    std::stable_sort(errors.begin(), errors.end(), by_position);
    return tl::unexpected(std::move(errors));
  }
  std::vector<size_t> order = topological_order(graph);
  std::vector<size_t> position_in_plan(order.size());
  for (size_t i = 0; i < order.size(); ++i) position_in_plan[order[i]] = i;
  out.plan.tiltfile_path = manifest.tiltfile_path;
  out.plan.tiltfile_dir = manifest.tiltfile_dir;
  for (const tiltfile::ImageTarget& img : manifest.images)
    out.plan.images.push_back(to_plan_image(img));
  for (size_t v : order) {
    PlanResource p = to_plan_resource(graph.resources[v], manifest, &out.warnings);
    for (size_t img : p.images) out.plan.images[img].used_by.push_back(out.plan.resources.size());
    for (size_t d : graph.deps[v]) p.resource_deps.push_back(position_in_plan[d]);
    out.plan.resources.push_back(std::move(p));
  }
  mark_enabled(manifest, &out.plan, &errors);
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  const tiltfile::Settings& settings = manifest.settings;
  if (settings.max_parallel_updates)
    out.plan.settings.max_parallel_updates = *settings.max_parallel_updates;
  out.plan.settings.ci_timeout = settings.ci_timeout;
  out.plan.settings.readiness_timeout = settings.readiness_timeout;
  return out;
}

}  // namespace pitch::planner
