// pitch — reads a Tiltfile, compiles it into a DAG plan, runs the plan.
// main only parses arguments and hands over; each command lives in its own
// file under cli/ and registers itself through cli/commands.h.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/large_pages.h"

int main(int argc, char** argv) {
  using namespace pitch::cli;
  use_large_pages(argv);
  CLI::App app{"pitch: runs a Tiltfile's resources as a DAG, skipping unchanged work", "pitch"};
  app.set_version_flag("--version", "pitch 0.1.0");
  app.require_subcommand(1);

  CommandAction action;
  add_plan_command(app, action);
  add_ci_command(app, action);
  add_run_command(app, action);
  add_eval_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kUsageExit;
  }
  return action ? action(std::vector<std::string>(argv, argv + argc)) : kUsageExit;
}
