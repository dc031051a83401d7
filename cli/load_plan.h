// cli/load_plan.h — the front half every command shares: evaluate the
// Tiltfile, compile the Plan, print diagnostics.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "planner/plan.h"

namespace CLI {
class App;
}

namespace pitch::cli {

struct LoadOptions {
  std::string tiltfile = "Tiltfile";
  bool strict = false;  // warnings are errors
  // What the Tiltfile sees (tiltfile::EvalOptions): config.tilt_subcommand,
  // the Tiltfile arguments (resource names, or config.parse() flags after
  // `--`), and sys.argv.
  std::string subcommand = "up";
  std::vector<std::string> args;
  std::vector<std::string> argv;
};

// Adds -f/--file and --strict to a command.
void add_load_options(CLI::App* command, LoadOptions* load);
// Adds the positional Tiltfile arguments, as `tilt up ARGS` takes them.
void add_tiltfile_args(CLI::App* command, LoadOptions* load);

// The state directory a command uses: `flag` made absolute, or, when it is
// empty, `.pitch` beside the Tiltfile.
std::string resolve_state_dir(const planner::Plan& plan, const std::string& flag);

// Returns the Plan, or prints every error (and warning) to `err` and returns
// nullopt; the caller exits 3 then. Warnings are printed either way.
std::optional<planner::Plan> load_plan(const LoadOptions& options, std::FILE* err);

}  // namespace pitch::cli
