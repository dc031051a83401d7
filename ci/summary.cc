#include "ci/summary.h"

#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace pitch::ci {
namespace {

using executor::ResourceOutcome;
using executor::RunOutcome;

std::string_view outcome_word(ResourceOutcome outcome) {
  switch (outcome) {
    case ResourceOutcome::kRan:
      return "ran";
    case ResourceOutcome::kSkipped:
      return "skipped";
    case ResourceOutcome::kFailed:
      return "failed";
    case ResourceOutcome::kCancelled:
      return "cancelled";
    case ResourceOutcome::kNotRun:
      return "not run";
  }
  return "?";
}

std::string colored(const Style& style, ResourceOutcome outcome, const std::string& text) {
  switch (outcome) {
    case ResourceOutcome::kRan:
      return style.green(text);
    case ResourceOutcome::kSkipped:
      return style.yellow(text);
    case ResourceOutcome::kFailed:
      return style.red(text);
    default:
      return text;
  }
}

void print_table(const SummaryInput& in, const Style& style, std::FILE* out) {
  size_t width = std::string_view("RESOURCE").size();
  for (size_t i = 0; i < in.plan.resources.size(); ++i) {
    if (in.report.resources[i].selected) width = std::max(width, in.plan.resources[i].name.size());
  }
  fmt::print(out, "\n{}\n", style.bold("Summary"));
  fmt::print(out, "  {:<{}}  {:<9}  {:>7}  {}\n", "RESOURCE", width, "RESULT", "TIME", "DETAIL");
  for (size_t i = 0; i < in.plan.resources.size(); ++i) {
    const executor::ResourceResult& r = in.report.resources[i];
    if (!r.selected) continue;
    std::string time = r.outcome == ResourceOutcome::kNotRun ? "-" : format_duration(r.duration);
    std::string word = fmt::format("{:<9}", outcome_word(r.outcome));
    std::string line = fmt::format("  {:<{}}  {}  {:>7}  {}", in.plan.resources[i].name, width,
                                   colored(style, r.outcome, word), time, r.detail);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print(out, "{}\n", line);
  }
}

void print_failure_tail(const SummaryInput& in, size_t failed, std::FILE* out) {
  const auto& tail = in.logs.tail(failed);
  if (tail.empty()) {
    fmt::print(out, "\n{} printed no output.\n", in.plan.resources[failed].name);
    return;
  }
  fmt::print(out, "\nLast {} line{} of {}:\n", tail.size(), tail.size() == 1 ? "" : "s",
             in.plan.resources[failed].name);
  for (const std::string& line : tail) fmt::print(out, "{}{}\n", in.logs.prefix(failed), line);
}

std::string counts(const executor::RunReport& report) {
  int ran = 0, skipped = 0;
  for (const auto& r : report.resources) {
    ran += r.outcome == ResourceOutcome::kRan;
    skipped += r.outcome == ResourceOutcome::kSkipped;
  }
  return fmt::format("{} ran, {} skipped", ran, skipped);
}

// Names of the selected resources for which `pred(index, result)` holds.
template <typename Pred>
std::string names_where(const SummaryInput& in, Pred pred) {
  std::string names;
  for (size_t i = 0; i < in.plan.resources.size(); ++i) {
    const auto& r = in.report.resources[i];
    if (r.selected && pred(i, r)) names += (names.empty() ? "" : ", ") + in.plan.resources[i].name;
  }
  return names;
}

std::string final_line(const SummaryInput& in, const Style& style) {
  const executor::RunReport& report = in.report;
  std::string elapsed = format_duration(report.elapsed);
  switch (report.outcome) {
    case RunOutcome::kSucceeded:
      return style.green(
          fmt::format("SUCCESS. All workloads are healthy ({}, {}).", counts(report), elapsed));
    case RunOutcome::kFailed: {
      size_t i = report.failed.value_or(0);
      std::string others = names_where(in, [&](size_t j, const executor::ResourceResult& r) {
        return j != i && r.outcome == ResourceOutcome::kFailed;
      });
      return style.red(fmt::format("ERROR: resource '{}' failed: {}{} ({}).",
                                   in.plan.resources[i].name, report.resources[i].detail,
                                   others.empty() ? "" : "; also failed: " + others, elapsed));
    }
    case RunOutcome::kTimedOut: {
      std::string names = names_where(in, [&](size_t j, const executor::ResourceResult& r) {
        return in.plan.resources[j].auto_init &&
               (r.outcome == ResourceOutcome::kNotRun || r.outcome == ResourceOutcome::kCancelled);
      });
      if (report.not_ready) {
        return style.red(fmt::format(
            "TIMEOUT: '{}' was not ready within the readiness timeout ({}); unfinished: {}.",
            in.plan.resources[*report.not_ready].name, format_duration(report.timeout), names));
      }
      return style.red(fmt::format("TIMEOUT: not done after {}; unfinished: {}.",
                                   format_duration(report.timeout), names));
    }
    case RunOutcome::kInterrupted:
      return style.red(fmt::format("INTERRUPTED by SIG{}: stopped everything ({}).",
                                   sigabbrev_np(report.signal) ? sigabbrev_np(report.signal) : "?",
                                   elapsed));
  }
  return "";
}

}  // namespace

void print_summary(const SummaryInput& input, const Style& style, std::FILE* out) {
  print_table(input, style, out);
  for (size_t i = 0; i < input.plan.resources.size(); ++i) {
    if (input.report.resources[i].outcome == ResourceOutcome::kFailed) {
      print_failure_tail(input, i, out);
    }
  }
  fmt::print(out, "\n{}\n", final_line(input, style));
  std::fflush(out);
}

}  // namespace pitch::ci
