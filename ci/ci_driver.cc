#include "ci/ci_driver.h"

#include <fmt/format.h>

#include "cache/state_db.h"
#include "ci/log_printer.h"
#include "ci/style.h"
#include "ci/summary.h"
#include "executor/executor.h"
#include "executor/selection.h"
#include "executor/subprocess_runner.h"

namespace pitch::ci {
namespace {

int exit_code_for(executor::RunOutcome outcome) {
  switch (outcome) {
    case executor::RunOutcome::kSucceeded:
      return 0;
    case executor::RunOutcome::kFailed:
      return 1;
    case executor::RunOutcome::kTimedOut:
      return 124;
    case executor::RunOutcome::kInterrupted:
      return 130;
  }
  return 1;
}

}  // namespace

int run_ci(const planner::Plan& plan, const CiOptions& options, std::FILE* out) {
  Result<std::vector<bool>> selected = executor::select_resources(plan, options.targets);
  if (!selected) {
    fmt::print(out, "pitch ci: {}\n", selected.error().message);
    return 2;
  }
  Result<std::unique_ptr<cache::StateDb>> state = cache::StateDb::open(options.state_dir);
  if (!state) {
    fmt::print(out, "pitch ci: cannot open the state database in {}: {}\n", options.state_dir,
               state.error().message);
    return 1;
  }
  Style style = Style::for_output(options.color, out);
  LogPrinter printer(plan, *selected, style, out);

  executor::ExecutorOptions exec_options;
  exec_options.jobs = options.jobs;
  exec_options.timeout = options.timeout;
  exec_options.grace_period = options.grace_period;
  exec_options.force =
      options.force ? executor::ForceMode::kAlways : executor::ForceMode::kIfChanged;
  exec_options.selected = *selected;
  executor::SubprocessRunner runner;
  executor::Executor executor(plan, std::move(exec_options), runner, state->get(), printer);
  executor::RunReport report = executor.run();

  print_summary(SummaryInput{plan, report, printer, options.timeout}, style, out);
  return exit_code_for(report.outcome);
}

}  // namespace pitch::ci
