// `pitch ci`: run the plan once, tear down, report. Also the options and
// the runner `pitch run` shares (cli/up_args.h).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "base/duration.h"
#include "ci/ci_driver.h"
#include "cli/commands.h"
#include "cli/up_args.h"

namespace pitch::cli {
namespace {

// Parses an optional duration flag; false (after printing) when malformed.
bool parse_flag(const std::optional<std::string>& text, std::optional<Millis>* out,
                const char* command) {
  if (!text) return true;
  Result<Millis> parsed = parse_duration(*text);
  if (!parsed) {
    fmt::print(stderr, "pitch {}: {}\n", command, parsed.error().message);
    return false;
  }
  *out = *parsed;
  return true;
}

}  // namespace

void add_up_options(CLI::App* cmd, UpArgs* args, executor::RunMode mode) {
  add_load_options(cmd, &args->load);
  if (mode == executor::RunMode::kCi) {
    cmd->add_option("--timeout", args->timeout,
                    "Fail with exit 124 after this long (Go duration; default: the Tiltfile's "
                    "ci_settings(timeout), else 30m; 0 disables)");
    cmd->add_option("--readiness-timeout", args->readiness_timeout,
                    "Fail with exit 124 when a started server is not ready for this long "
                    "(default: ci_settings(readiness_timeout), else 5m; 0 disables)");
    cmd->add_flag("-k,--keep-going", args->keep_going,
                  "After a failure, still run what does not depend on the failed resource");
  }
  cmd->add_option("--grace-period", args->grace_period,
                  "How long a stopped process gets between SIGTERM and SIGKILL")
      ->capture_default_str();
  cmd->add_option("--heartbeat", args->heartbeat,
                  "How often to print what is still pending and why (0: never)")
      ->capture_default_str();
  cmd->add_option("-j,--jobs", args->jobs,
                  "Most updates in flight at once (default: update_settings("
                  "max_parallel_updates), else 3)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--force", args->force, "Run every resource even when its inputs are unchanged");
  cmd->add_option("--state-dir", args->state_dir,
                  "Where the cache database lives (default: .pitch beside the Tiltfile)");
  cmd->add_option("--color", args->color,
                  "Colour output (auto follows NO_COLOR, FORCE_COLOR, "
                  "CLICOLOR_FORCE, TERM=dumb and whether it is a terminal)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  add_tiltfile_args(cmd, &args->load);
}

int run_up(const UpArgs& args, executor::RunMode mode, const std::vector<std::string>& argv) {
  const char* command = mode == executor::RunMode::kCi ? "ci" : "run";
  ci::CiOptions options;
  options.mode = mode;
  if (!parse_flag(args.timeout, &options.timeout, command) ||
      !parse_flag(args.readiness_timeout, &options.readiness_timeout, command)) {
    return kUsageExit;
  }
  std::optional<Millis> grace, heartbeat;
  if (!parse_flag(args.grace_period, &grace, command) ||
      !parse_flag(args.heartbeat, &heartbeat, command)) {
    return kUsageExit;
  }
  LoadOptions load = args.load;
  load.subcommand = mode == executor::RunMode::kCi ? "ci" : "up";  // Tilt's names
  load.argv = argv;
  auto plan = load_plan(load, stderr);
  if (!plan) return kTiltfileExit;
  options.grace_period = *grace;
  options.heartbeat = *heartbeat;
  options.jobs = args.jobs;
  options.force = args.force;
  options.keep_going = args.keep_going;
  options.color = args.color == "always"  ? ci::ColorMode::kAlways
                  : args.color == "never" ? ci::ColorMode::kNever
                                          : ci::ColorMode::kAuto;
  options.state_dir = resolve_state_dir(*plan, args.state_dir);
  std::fflush(stdout);
  return ci::run_ci(*plan, options, stdout);
}

void add_ci_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<UpArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ci", "Run every (or the named) resource once, wait for servers, tear down, report");
  add_up_options(cmd, args.get(), executor::RunMode::kCi);
  cmd->callback([args, &action] {
    action = [args](const std::vector<std::string>& argv) {
      return run_up(*args, executor::RunMode::kCi, argv);
    };
  });
}

}  // namespace pitch::cli
