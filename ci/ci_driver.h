// ci/ci_driver.h — `pitch ci` and `pitch run`: bring a Plan up, wait for
// it, tear it down, report, and turn the outcome into an exit code.
//
// Both commands share this driver; they differ in executor::RunMode (ci
// stops at the first failure and when everything is up; run keeps servers
// up until interrupted) and in which limits apply (ci: the run timeout and
// the readiness timeout; run: none).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "base/duration.h"
#include "executor/executor.h"
#include "planner/plan.h"

namespace pitch::ci {

enum class ColorMode { kAuto, kAlways, kNever };

// Defaults when neither the command line nor the Tiltfile sets a limit:
// Tilt's `tilt ci` timeout and its CIReadinessTimeoutDefault (0.35+).
inline constexpr Millis kDefaultCiTimeout{30 * 60 * 1000};
inline constexpr Millis kDefaultReadinessTimeout{5 * 60 * 1000};

struct CiOptions {
  executor::RunMode mode = executor::RunMode::kCi;
  // Each limit: the command line's when given, else the Tiltfile's
  // (update_settings / ci_settings), else the default.
  std::optional<int> jobs;                  // -j; else max_parallel_updates
  std::optional<Millis> timeout;            // --timeout; kCi only
  std::optional<Millis> readiness_timeout;  // --readiness-timeout; kCi only
  Millis grace_period{30 * 1000};           // SIGTERM → SIGKILL wait when stopping
  Millis heartbeat{30 * 1000};              // how often to say what is pending
  bool keep_going = false;                  // -k
  bool force = false;                       // --force: run even when up to date
  std::vector<std::string> targets;         // empty: every enabled resource
  std::string state_dir;                    // absolute; the cache database lives here
  ColorMode color = ColorMode::kAuto;
};

// Runs the plan and prints logs and the summary to `out`. Returns the exit
// code: 0 all succeeded, 1 a resource failed, 124 a timeout passed,
// 130 interrupted (SIGINT/SIGTERM; kRun: 1 instead when a resource had
// failed before), 2 an unknown target name, 1 when the state database
// cannot be opened, 3 (before anything starts) when a selected resource is
// of a kind pitch cannot run yet (ci/unsupported.h).
int run_ci(const planner::Plan& plan, const CiOptions& options, std::FILE* out);

}  // namespace pitch::ci
