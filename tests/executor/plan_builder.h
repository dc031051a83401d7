// tests/executor/plan_builder.h — small Plans for executor and ci tests.
#pragma once

#include <string>
#include <vector>

#include "planner/plan.h"

namespace pitch::executor::testing {

// Appends a resource whose cmd is {"run", name} (so FakeCommandRunner
// knows it as `name`), depending on earlier resources by name.
inline planner::PlanResource& add_resource(planner::Plan& plan, const std::string& name,
                                           const std::vector<std::string>& after = {}) {
  planner::PlanResource r;
  r.name = name;
  r.cmd = Command::from_argv({"run", name});
  for (const std::string& dep : after) r.resource_deps.push_back(plan.find(dep));
  plan.resources.push_back(std::move(r));
  return plan.resources.back();
}

// Gives the resource a serve_cmd the fake knows as `name + ":serve"`.
inline void add_server(planner::PlanResource& r) {
  r.serve_cmd = Command::from_argv({"serve", r.name + ":serve"});
}

// Gives the resource a readiness probe: an http_get on `port` by default,
// with period 1s; adjust the returned spec.
inline planner::ProbeSpec& add_probe(planner::PlanResource& r, int port = 8000) {
  planner::ProbeSpec spec;
  spec.kind = planner::ProbeSpec::Kind::kHttpGet;
  spec.port = port;
  spec.period_secs = 1;
  r.readiness_probe = spec;
  return *r.readiness_probe;
}

}  // namespace pitch::executor::testing
