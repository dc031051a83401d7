// planner/render.h — the Plan as people and programs read it.
//
// Text is for a terminal: resources in run order, paths relative to the
// Tiltfile's directory. JSON is one document with a version and a stable
// field and resource order, for scripts. DOT (Graphviz) and Mermaid draw
// the DAG: one node per resource and per image, an edge from what comes
// first to what waits on it (resource_deps solid, image builds dashed),
// disabled resources and unused images greyed.
#pragma once

#include <string>

#include "planner/plan.h"

namespace pitch::planner {

std::string render_text(const Plan& plan);
// {"version":1,"tiltfile":...,"resources":[...]}, pretty-printed, ends in "\n".
std::string render_json(const Plan& plan);
// `digraph pitch { ... }`, for `dot -Tsvg`.
std::string render_dot(const Plan& plan);
// `flowchart LR ...`, as GitHub renders it in a ```mermaid block.
std::string render_mermaid(const Plan& plan);

}  // namespace pitch::planner
