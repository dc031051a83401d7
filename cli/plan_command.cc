// `pitch plan`: evaluate, compile, print the DAG.
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/load_plan.h"
#include "executor/explain.h"
#include "planner/render.h"

namespace pitch::cli {
namespace {

struct PlanArgs {
  LoadOptions load;
  std::string format = "text";
  bool explain = false;
  std::string state_dir;
};

int run_plan(const PlanArgs& args, const std::vector<std::string>& argv) {
  if (args.explain && args.format != "text") {
    fmt::print(stderr, "pitch plan: --explain prints text; it cannot go with --format {}\n",
               args.format);
    return kUsageExit;
  }
  // The Tiltfile sees `up`: the plan is what `pitch run` would bring up.
  LoadOptions load = args.load;
  load.argv = argv;
  auto plan = load_plan(load, stderr);
  if (!plan) return kTiltfileExit;
  std::string text = args.format == "json"      ? planner::render_json(*plan)
                     : args.format == "dot"     ? planner::render_dot(*plan)
                     : args.format == "mermaid" ? planner::render_mermaid(*plan)
                                                : planner::render_text(*plan);
  if (args.explain) {
    const std::string state_dir = resolve_state_dir(*plan, args.state_dir);
    auto explained = executor::explain_plan(*plan, state_dir);
    if (!explained) {
      std::fputs(text.c_str(), stdout);
      fmt::print(stderr, "pitch plan: --explain: {}\n", explained.error().message);
      return 1;
    }
    text += executor::render_explanations(*plan, *explained, state_dir);
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandAction& action) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand("plan", "Evaluate the Tiltfile and print the compiled DAG");
  add_load_options(cmd, &args->load);
  add_tiltfile_args(cmd, &args->load);
  cmd->add_option("--format", args->format,
                  "Output format: text, json, dot (Graphviz) or mermaid (a flowchart)")
      ->check(CLI::IsMember({"text", "json", "dot", "mermaid"}))
      ->capture_default_str();
  cmd->add_flag("--explain", args->explain,
                "Also say what a run would do with each resource, and why (reads the state "
                "database; never creates one)");
  cmd->add_option("--state-dir", args->state_dir,
                  "Where the cache database lives (default: .pitch beside the Tiltfile)");
  cmd->callback([args, &action] {
    action = [args](const std::vector<std::string>& argv) { return run_plan(*args, argv); };
  });
}

}  // namespace pitch::cli
