// pitch — reads a Tiltfile, compiles it into a DAG plan, runs the plan.
// main only parses arguments and hands over; each command lives in its own
// file under cli/.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/duration.h"
#include "ci/ci_driver.h"
#include "cli/load_plan.h"
#include "planner/render.h"

namespace pitch::cli {
namespace {

constexpr int kUsageExit = 2;
constexpr int kTiltfileExit = 3;

struct PlanArgs {
  LoadOptions load;
  std::string format = "text";
};

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

void add_load_options(CLI::App* cmd, LoadOptions* load) {
  cmd->add_option("-f,--file", load->tiltfile, "Path to the Tiltfile")->capture_default_str();
  cmd->add_flag("--strict", load->strict, "Treat warnings (e.g. unknown resource_deps) as errors");
}

int run_plan(const PlanArgs& args) {
  auto plan = load_plan(args.load, stderr);
  if (!plan) return kTiltfileExit;
  std::string text =
      args.format == "json" ? planner::render_json(*plan) : planner::render_text(*plan);
  std::fputs(text.c_str(), stdout);
  return 0;
}

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

int run(int argc, char** argv) {
  CLI::App app{"pitch: runs a Tiltfile's resources as a DAG, skipping unchanged work", "pitch"};
  app.set_version_flag("--version", "pitch 0.1.0");
  app.require_subcommand(1);

  PlanArgs plan_args;
  CLI::App* plan = app.add_subcommand("plan", "Evaluate the Tiltfile and print the compiled DAG");
  add_load_options(plan, &plan_args.load);
  plan->add_option("--format", plan_args.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  CiArgs ci_args;
  CLI::App* ci = app.add_subcommand(
      "ci", "Run every (or the named) resource once, wait for servers, tear down, report");
  add_load_options(ci, &ci_args.load);
  ci->add_option("--timeout", ci_args.timeout, "Fail with exit 124 after this long (Go duration)")
      ->capture_default_str();
  ci->add_option("--grace-period", ci_args.grace_period,
                 "How long a stopped process gets between SIGTERM and SIGKILL")
      ->capture_default_str();
  ci->add_option("-j,--jobs", ci_args.jobs, "Most allow_parallel updates in flight at once")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  ci->add_flag("--force", ci_args.force, "Run every resource even when its inputs are unchanged");
  ci->add_option("--state-dir", ci_args.state_dir,
                 "Where the cache database lives (default: .pitch beside the Tiltfile)");
  ci->add_option("--color", ci_args.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  ci->add_option("resources", ci_args.targets, "Run only these resources and what they depend on");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kUsageExit;
  }
  if (plan->parsed()) return run_plan(plan_args);
  return run_ci_command(ci_args);
}

}  // namespace
}  // namespace pitch::cli

int main(int argc, char** argv) { return pitch::cli::run(argc, argv); }
