#include "ci/ci_driver.h"

#include <fmt/format.h>

#include "cache/state_db.h"
#include "ci/log_printer.h"
#include "ci/style.h"
#include "ci/summary.h"
#include "ci/unsupported.h"
#include "executor/selection.h"
#include "executor/subprocess_runner.h"

namespace pitch::ci {
namespace {

int exit_code_for(const executor::RunReport& report, executor::RunMode mode) {
  switch (report.outcome) {
    case executor::RunOutcome::kSucceeded:
      return 0;
    case executor::RunOutcome::kFailed:
      return 1;
    case executor::RunOutcome::kTimedOut:
      return 124;
    case executor::RunOutcome::kInterrupted:
      // `pitch run` is ended by Ctrl-C; an earlier failure is the news.
      return mode == executor::RunMode::kRun && report.failed ? 1 : 130;
  }
  return 1;
}

executor::ExecutorOptions executor_options(const planner::Plan& plan, const CiOptions& options,
                                           std::vector<bool> selected) {
  executor::ExecutorOptions exec;
  exec.mode = options.mode;
  exec.jobs = options.jobs.value_or(plan.settings.max_parallel_updates);
  if (options.mode == executor::RunMode::kCi) {
    exec.timeout = options.timeout.value_or(plan.settings.ci_timeout.value_or(kDefaultCiTimeout));
    exec.readiness_timeout = options.readiness_timeout.value_or(
        plan.settings.readiness_timeout.value_or(kDefaultReadinessTimeout));
    // Zero turns a limit off, as in Tilt.
    if (exec.timeout->count() == 0) exec.timeout.reset();
    if (exec.readiness_timeout->count() == 0) exec.readiness_timeout.reset();
  } else {
    exec.timeout.reset();
    exec.readiness_timeout.reset();
  }
  exec.grace_period = options.grace_period;
  exec.heartbeat = options.heartbeat;
  exec.keep_going = options.keep_going;
  exec.force = options.force ? executor::ForceMode::kAlways : executor::ForceMode::kIfChanged;
  exec.selected = std::move(selected);
  return exec;
}

}  // namespace

int run_ci(const planner::Plan& plan, const CiOptions& options, std::FILE* out) {
  const char* command = options.mode == executor::RunMode::kCi ? "ci" : "run";
  Result<std::vector<bool>> selected = executor::select_resources(plan, options.targets);
  if (!selected) {
    fmt::print(out, "pitch {}: {}\n", command, selected.error().message);
    return 2;
  }
  if (std::string refusal = unsupported_resources(plan, *selected); !refusal.empty()) {
    fmt::print(out, "pitch {}: {}", command, refusal);
    return 3;
  }
  Result<std::unique_ptr<cache::StateDb>> state = cache::StateDb::open(options.state_dir);
  if (!state) {
    fmt::print(out, "pitch {}: cannot open the state database in {}: {}\n", command,
               options.state_dir, state.error().message);
    return 1;
  }
  Style style = Style::for_output(options.color, out);
  LogPrinter printer(plan, *selected, style, out, smart_terminal(out));

  executor::ExecutorOptions exec = executor_options(plan, options, *selected);
  executor::SubprocessRunner runner;
  executor::Executor executor(plan, std::move(exec), runner, state->get(), printer);
  executor::RunReport report = executor.run();
  printer.finish();

  print_summary(SummaryInput{plan, report, printer}, style, out);
  return exit_code_for(report, options.mode);
}

}  // namespace pitch::ci
