// `pitch run` (without --watch): bring resources up as `pitch ci` does,
// then keep servers running until SIGINT/SIGTERM, like `tilt up`. A
// failure does not stop the others (Tilt's up keeps going). A Tiltfile
// with no servers exits once everything has run. Exit codes: 0 when every
// resource finished and nothing serves, 1 when a resource failed, 130 when
// interrupted (the usual end with servers) unless a resource had failed.
#include <CLI/CLI.hpp>

#include <memory>

#include "cli/commands.h"
#include "cli/up_args.h"

namespace pitch::cli {

void add_run_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<UpArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Bring resources up once and keep servers running until interrupted");
  add_up_options(cmd, args.get(), executor::RunMode::kRun);
  cmd->callback([args, &action] {
    action = [args](const std::vector<std::string>& argv) {
      return run_up(*args, executor::RunMode::kRun, argv);
    };
  });
}

}  // namespace pitch::cli
