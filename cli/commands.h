// cli/commands.h — each subcommand lives in its own file and registers
// itself here; main.cc only lists them. The action is set when its command
// is the one parsed; it gets pitch's whole command line (for the Tiltfile's
// sys.argv) and returns the process exit code.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pitch::cli {

using CommandAction = std::function<int(const std::vector<std::string>& argv)>;

inline constexpr int kUsageExit = 2;
inline constexpr int kTiltfileExit = 3;

void add_plan_command(CLI::App& app, CommandAction& action);
void add_ci_command(CLI::App& app, CommandAction& action);
void add_run_command(CLI::App& app, CommandAction& action);
void add_eval_command(CLI::App& app, CommandAction& action);

}  // namespace pitch::cli
