// planner/render.h — the Plan as people and programs read it.
//
// Text is for a terminal: resources in run order, paths relative to the
// Tiltfile's directory. JSON is one document with a version and a stable
// field and resource order, for scripts.
#pragma once

#include <string>

#include "planner/plan.h"

namespace pitch::planner {

enum class PlanFormat { kText, kJson };

std::string render_text(const Plan& plan);
// {"version":1,"tiltfile":...,"resources":[...]}, pretty-printed, ends in "\n".
std::string render_json(const Plan& plan);

}  // namespace pitch::planner
