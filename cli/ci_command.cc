// `pitch ci`: run the plan once, tear down, report.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "base/duration.h"
#include "ci/ci_driver.h"
#include "cli/commands.h"
#include "cli/load_plan.h"

namespace pitch::cli {
namespace {

struct CiArgs {
  LoadOptions load;
  std::string timeout = "30m";
  std::string grace_period = "30s";
  std::string state_dir;
  std::string color = "auto";
  int jobs = 3;
  bool force = false;
  std::vector<std::string> targets;
};

int run_ci_command(const CiArgs& args) {
  ci::CiOptions options;
  auto timeout = parse_duration(args.timeout);
  auto grace = parse_duration(args.grace_period);
  for (const auto* parsed : {&timeout, &grace}) {
    if (!*parsed) {
      fmt::print(stderr, "pitch ci: {}\n", parsed->error().message);
      return kUsageExit;
    }
  }
  auto plan = load_plan(args.load, stderr);
  if (!plan) return kTiltfileExit;
  options.timeout = *timeout;
  options.grace_period = *grace;
  options.jobs = args.jobs;
  options.force = args.force;
  options.targets = args.targets;
  options.color = args.color == "always"  ? ci::ColorMode::kAlways
                  : args.color == "never" ? ci::ColorMode::kNever
                                          : ci::ColorMode::kAuto;
  options.state_dir = args.state_dir.empty()
                          ? (std::filesystem::path(plan->tiltfile_dir) / ".pitch").string()
                          : std::filesystem::absolute(args.state_dir).lexically_normal().string();
  std::fflush(stdout);
  return ci::run_ci(*plan, options, stdout);
}

}  // namespace

void add_ci_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<CiArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ci", "Run every (or the named) resource once, wait for servers, tear down, report");
  add_load_options(cmd, &args->load);
  cmd->add_option("--timeout", args->timeout, "Fail with exit 124 after this long (Go duration)")
      ->capture_default_str();
  cmd->add_option("--grace-period", args->grace_period,
                  "How long a stopped process gets between SIGTERM and SIGKILL")
      ->capture_default_str();
  cmd->add_option("-j,--jobs", args->jobs, "Most allow_parallel updates in flight at once")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("--force", args->force, "Run every resource even when its inputs are unchanged");
  cmd->add_option("--state-dir", args->state_dir,
                  "Where the cache database lives (default: .pitch beside the Tiltfile)");
  cmd->add_option("--color", args->color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("resources", args->targets, "Run only these resources and what they depend on");
  cmd->callback([args, &action] { action = [args] { return run_ci_command(*args); }; });
}

}  // namespace pitch::cli
