// The Plan as a graph: Graphviz DOT and Mermaid flowcharts. Both come
// from one neutral view (nodes with a shape, edges with a style), so the
// two formats always show the same graph. Edges point from what must come
// first to what waits on it: a resource_deps entry to its dependant, an
// image to the resources that deploy it, a base image to the image built
// FROM it.
#include <fmt/format.h>

#include "planner/render.h"

namespace pitch::planner {
namespace {

enum class Shape { kCmd, kServe, kK8s, kCompose, kImage };

struct Node {
  std::string id;  // "r0", "i0": names may hold anything, ids may not
  std::string title;
  std::string detail;  // second line: kind and what stands out
  Shape shape = Shape::kCmd;
  bool dimmed = false;  // disabled, or an image nothing deploys
};

struct Edge {
  std::string from, to;
  bool image = false;  // drawn dashed: a build, not a start-up gate
};

struct Graph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

std::string resource_detail(const PlanResource& r) {
  std::vector<std::string> parts = {Plan::kind_name(r.kind)};
  if (r.kind == ResourceKind::kLocal) {
    if (!r.cmd.empty() && !r.serve_cmd.empty()) {
      parts.push_back("cmd + serve");
    } else if (!r.serve_cmd.empty()) {
      parts.push_back("serve");
    }
    if (r.readiness_probe) parts.push_back("probe");
  }
  if (r.trigger_mode == TriggerMode::kManual) parts.push_back("manual");
  if (!r.auto_init) parts.push_back("auto_init=False");
  if (!r.enabled) parts.push_back("disabled");
  return fmt::format("{}", fmt::join(parts, " · "));
}

Shape resource_shape(const PlanResource& r) {
  switch (r.kind) {
    case ResourceKind::kK8s:
      return Shape::kK8s;
    case ResourceKind::kDockerCompose:
      return Shape::kCompose;
    case ResourceKind::kLocal:
      break;
  }
  return r.serve_cmd.empty() ? Shape::kCmd : Shape::kServe;
}

Graph graph_of(const Plan& plan) {
  Graph g;
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    const PlanResource& r = plan.resources[i];
    g.nodes.push_back(
        {fmt::format("r{}", i), r.name, resource_detail(r), resource_shape(r), !r.enabled});
  }
  // An image is built when a resource deploys it or another build needs
  // it (FROM); otherwise Tilt skips it.
  std::vector<bool> built(plan.images.size(), false);
  for (size_t i = 0; i < plan.images.size(); ++i) {
    if (!plan.images[i].used_by.empty()) built[i] = true;
    for (size_t base : plan.images[i].image_deps) built[base] = true;
  }
  for (size_t i = 0; i < plan.images.size(); ++i) {
    const PlanImage& img = plan.images[i];
    std::string detail = PlanImage::builder_name(img.builder);
    if (!built[i]) detail += " · unused";
    g.nodes.push_back({fmt::format("i{}", i), img.ref, detail, Shape::kImage, !built[i]});
  }
  for (size_t i = 0; i < plan.images.size(); ++i) {
    for (size_t base : plan.images[i].image_deps) {
      g.edges.push_back({fmt::format("i{}", base), fmt::format("i{}", i), true});
    }
    for (size_t user : plan.images[i].used_by) {
      g.edges.push_back({fmt::format("i{}", i), fmt::format("r{}", user), true});
    }
  }
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    for (size_t dep : plan.resources[i].resource_deps) {
      g.edges.push_back({fmt::format("r{}", dep), fmt::format("r{}", i), false});
    }
  }
  return g;
}

// A DOT double-quoted string: only '"' and '\' need escaping, and a
// newline becomes DOT's centred line break.
std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* dot_shape(Shape s) {
  switch (s) {
    case Shape::kCmd:
      return "shape=box";
    case Shape::kServe:
      return "shape=box, style=rounded";
    case Shape::kK8s:
      return "shape=box3d";
    case Shape::kCompose:
      return "shape=cylinder";
    case Shape::kImage:
      return "shape=note";
  }
  return "";
}

// Mermaid labels sit inside "..."; its entity codes keep quotes and angle
// brackets from ending the label or reading as HTML.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '#':
        out += "#35;";
        break;
      case '\n':
        out += "<br/>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string mermaid_node(const Node& n) {
  std::string label =
      "\"" + mermaid_text(n.title) + "<br/><small>" + mermaid_text(n.detail) + "</small>\"";
  switch (n.shape) {
    case Shape::kCmd:
      return n.id + "[" + label + "]";
    case Shape::kServe:
      return n.id + "([" + label + "])";
    case Shape::kK8s:
      return n.id + "[[" + label + "]]";
    case Shape::kCompose:
      return n.id + "[(" + label + ")]";
    case Shape::kImage:
      return n.id + "[/" + label + "/]";
  }
  return n.id;
}

}  // namespace

std::string render_dot(const Plan& plan) {
  Graph g = graph_of(plan);
  std::string out = fmt::format(
      "// pitch plan of {}: an edge runs from what comes first to what waits on it\n"
      "digraph pitch {{\n"
      "  rankdir=LR;\n"
      "  node [fontname=\"Helvetica\"];\n",
      plan.tiltfile_path);
  for (const Node& n : g.nodes) {
    out += fmt::format("  {} [label={}, {}{}];\n", n.id, dot_quote(n.title + "\n" + n.detail),
                       dot_shape(n.shape), n.dimmed ? ", color=gray, fontcolor=gray" : "");
  }
  for (const Edge& e : g.edges) {
    out += fmt::format("  {} -> {}{};\n", e.from, e.to, e.image ? " [style=dashed]" : "");
  }
  out += "}\n";
  return out;
}

std::string render_mermaid(const Plan& plan) {
  Graph g = graph_of(plan);
  std::string out = "flowchart LR\n";
  for (const Node& n : g.nodes) out += "  " + mermaid_node(n) + "\n";
  for (const Edge& e : g.edges)
    out += fmt::format("  {} {} {}\n", e.from, e.image ? "-.->" : "-->", e.to);
  std::vector<std::string> dimmed;
  for (const Node& n : g.nodes) {
    if (n.dimmed) dimmed.push_back(n.id);
  }
  if (!dimmed.empty()) {
    out += "  classDef dimmed stroke-dasharray: 5 5, color:#888\n";
    out += fmt::format("  class {} dimmed\n", fmt::join(dimmed, ","));
  }
  return out;
}

}  // namespace pitch::planner
