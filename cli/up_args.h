// cli/up_args.h — the options `pitch ci` and `pitch run` share (both bring
// a Plan up through ci::run_ci), and the one function that runs either.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/load_plan.h"
#include "executor/executor.h"

namespace CLI {
class App;
}

namespace pitch::cli {

struct UpArgs {
  LoadOptions load;
  std::optional<std::string> timeout;            // kCi only
  std::optional<std::string> readiness_timeout;  // kCi only
  std::string grace_period = "30s";
  std::string heartbeat = "30s";
  std::string state_dir;
  std::string color = "auto";
  std::optional<int> jobs;
  bool force = false;
  bool keep_going = false;
};

// Adds the options both commands take (and, for kCi, the timeouts and -k).
void add_up_options(CLI::App* command, UpArgs* args, executor::RunMode mode);

// Loads the Plan and runs it; returns the exit code.
int run_up(const UpArgs& args, executor::RunMode mode, const std::vector<std::string>& argv);

}  // namespace pitch::cli
