#include "planner/compile.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <string>

#include <fmt/format.h>

namespace pitch::planner {
namespace {

using tiltfile::LocalResource;

// Resources with their resource_deps resolved to indexes into `resources`
// (declaration order, duplicates already removed).
struct DepGraph {
  std::vector<const LocalResource*> resources;
  std::vector<std::vector<size_t>> deps;
};

// An error at `pos` about resource `r`; when r was declared through helper
// functions, notes name each call on the way, innermost first.
Error plan_error(std::string message, const SourcePos& pos, const LocalResource& r) {
  Error e(ErrorKind::kPlan, std::move(message), pos);
  for (size_t i = r.call_stack.size(); i-- > 1;) {
    const SourcePos& caller = r.call_stack[i - 1];
    e.notes.push_back(fmt::format("  called from {}:{}:{}", caller.file, caller.line, caller.col));
  }
  return e;
}

// Keeps the first resource of each name; later ones are errors.
std::vector<const LocalResource*> unique_resources(const tiltfile::Manifest& manifest,
                                                   std::vector<Error>* errors) {
  std::vector<const LocalResource*> out;
  std::map<std::string, size_t, std::less<>> seen;
  for (const LocalResource& r : manifest.local_resources) {
    if (seen.count(r.name)) {
      errors->push_back(
          plan_error(fmt::format("local_resource named \"{}\" already exists", r.name), r.pos, r));
      continue;
    }
    seen.emplace(r.name, out.size());
    out.push_back(&r);
  }
  return out;
}

DepGraph resolve_deps(std::vector<const LocalResource*> resources, std::vector<Error>* errors,
                      std::vector<Error>* warnings) {
  DepGraph graph;
  graph.resources = std::move(resources);
  std::map<std::string_view, size_t> index;
  for (size_t i = 0; i < graph.resources.size(); ++i) index.emplace(graph.resources[i]->name, i);
  graph.deps.resize(graph.resources.size());
  for (size_t i = 0; i < graph.resources.size(); ++i) {
    const LocalResource& r = *graph.resources[i];
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
    for (size_t v : path) text += graph.resources[v]->name + " -> ";
    text += graph.resources[component.front()]->name;
    const LocalResource& first = *graph.resources[component.front()];
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

PlanResource to_plan_resource(const LocalResource& r) {
  PlanResource p;
  p.name = r.name;
  p.pos = r.pos;
  p.cmd = r.cmd;
  p.serve_cmd = r.serve_cmd;
  p.deps = r.deps;
  p.allow_parallel = r.allow_parallel;
  p.labels = r.labels;
  p.env = r.env;
  p.dir = r.dir;
  p.serve_env = r.serve_env;
  p.serve_dir = r.serve_dir;
  return p;
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
  for (size_t v : order) {
    PlanResource p = to_plan_resource(*graph.resources[v]);
    for (size_t d : graph.deps[v]) p.resource_deps.push_back(position_in_plan[d]);
    out.plan.resources.push_back(std::move(p));
  }
  return out;
}

}  // namespace pitch::planner
