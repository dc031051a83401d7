// ci/summary.h — the table and final line `pitch ci` ends with.
//
//   Summary
//     RESOURCE  RESULT     TIME  DETAIL
//     build     ran        1.2s
//     lint      skipped    3ms   deps unchanged since last successful run (...)
//     test      failed     0.4s  cmd exited with code 2
//     e2e       not run    -     dependency 'test' failed
//
// then, for each failed resource, its last 20 lines, and one final line:
// SUCCESS / ERROR / TIMEOUT / INTERRUPTED with the reason. A timeout names
// every resource not done; the table says what each was waiting on.
// Resources with auto_init=False are listed but never count as unfinished.
#pragma once

#include <cstdio>

#include "base/duration.h"
#include "ci/log_printer.h"
#include "ci/style.h"
#include "executor/executor.h"
#include "planner/plan.h"

namespace pitch::ci {

struct SummaryInput {
  const planner::Plan& plan;
  const executor::RunReport& report;
  const LogPrinter& logs;
};

void print_summary(const SummaryInput& input, const Style& style, std::FILE* out);

}  // namespace pitch::ci
