// `pitch eval FILE`: run a Starlark file in the Tiltfile dialect and start
// nothing. print() goes to stdout, errors to stderr with exit 3. It is how
// people debug Tiltfile logic, and how the benchmarks run programs.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "tiltfile/tiltfile.h"

namespace pitch::cli {
namespace {

int run_eval(const std::string& file) {
  tiltfile::EvalOptions options;
  options.tiltfile_path = file;
  options.print = [](const std::string& line) { fmt::print(stdout, "{}\n", line); };
  auto manifest = tiltfile::evaluate_tiltfile(options);
  std::fflush(stdout);
  if (!manifest) {
    fmt::print(stderr, "{}", render_diagnostic(manifest.error()));
    return kTiltfileExit;
  }
  return 0;
}

}  // namespace

void add_eval_command(CLI::App& app, CommandAction& action) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Run a Starlark file in the Tiltfile dialect (Tilt builtins record, nothing starts)");
  cmd->add_option("file", *file, "The file to run")->required();
  cmd->callback([file, &action] {
    action = [file](const std::vector<std::string>&) { return run_eval(*file); };
  });
}

}  // namespace pitch::cli
