// cli/commands.h — each subcommand lives in its own file and registers
// itself here; main.cc only lists them. A command's `run` is set when it is
// the one parsed and returns the process exit code.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace pitch::cli {

using CommandAction = std::function<int()>;

inline constexpr int kUsageExit = 2;
inline constexpr int kTiltfileExit = 3;

void add_plan_command(CLI::App& app, CommandAction& action);
void add_ci_command(CLI::App& app, CommandAction& action);
void add_run_command(CLI::App& app, CommandAction& action);
void add_eval_command(CLI::App& app, CommandAction& action);

}  // namespace pitch::cli
