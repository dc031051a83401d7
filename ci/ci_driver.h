// ci/ci_driver.h — `pitch ci`: bring a Plan up once, wait for it, tear it
// down, report, and turn the outcome into an exit code.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "base/duration.h"
#include "planner/plan.h"

namespace pitch::ci {

enum class ColorMode { kAuto, kAlways, kNever };

struct CiOptions {
  int jobs = 3;                      // -j: most updates in flight at once
  Millis timeout{30 * 60 * 1000};    // --timeout (Tilt's ci default: 30m)
  Millis grace_period{30 * 1000};    // SIGTERM → SIGKILL wait when stopping
  bool force = false;                // --force: run even when up to date
  std::vector<std::string> targets;  // empty: every resource
  std::string state_dir;             // absolute; the cache database lives here
  ColorMode color = ColorMode::kAuto;
};

// Runs the plan and prints logs and the summary to `out`. Returns the exit
// code: 0 all succeeded, 1 a resource failed, 124 the timeout passed,
// 130 interrupted (SIGINT/SIGTERM), 2 an unknown target name, 1 when the
// state database cannot be opened.
int run_ci(const planner::Plan& plan, const CiOptions& options, std::FILE* out);

}  // namespace pitch::ci
