#include "ci/log_printer.h"

#include <fmt/format.h>

namespace pitch::ci {

using executor::Event;
using executor::EventKind;

LogPrinter::LogPrinter(const planner::Plan& plan, const std::vector<bool>& selected, Style style,
                       std::FILE* out)
    : plan_(plan), style_(style), out_(out), tails_(plan.resources.size()) {
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    if (selected[i]) width_ = std::max(width_, plan.resources[i].name.size());
  }
}

std::string LogPrinter::prefix(size_t resource) const {
  return fmt::format("{:>{}} │ ", plan_.resources[resource].name, width_);
}

void LogPrinter::line(size_t resource, std::string_view text) {
  std::string out = style_.dim(prefix(resource));
  out.append(text).push_back('\n');
  std::fwrite(out.data(), 1, out.size(), out_);
  std::fflush(out_);
}

void LogPrinter::on_event(const Event& e) {
  const size_t r = e.resource;
  switch (e.kind) {
    case EventKind::kCmdStarted:
      line(r, fmt::format("Starting ({})", e.detail));
      line(r, "Running cmd: " + e.text);
      break;
    case EventKind::kCmdSkipped:
      line(r, style_.yellow("Skipping cmd: " + e.detail));
      break;
    case EventKind::kLog:
      tails_[r].push_back(e.text);
      if (tails_[r].size() > kTailLines) tails_[r].pop_front();
      line(r, e.text);
      break;
    case EventKind::kCmdExited:
      if (e.status.success()) {
        line(r, fmt::format("cmd exited with code 0 ({})", format_duration(e.duration)));
      }
      break;  // failures are reported by kFailed
    case EventKind::kServeStarted:
      line(r, "Running serve_cmd: " + e.text);
      break;
    case EventKind::kReady:
      line(r, style_.green("Ready"));
      break;
    case EventKind::kSucceeded:
      break;  // kCmdExited or kCmdSkipped said it
    case EventKind::kFailed:
      line(r, style_.red(fmt::format("ERROR: {} ({})", e.detail, format_duration(e.duration))));
      break;
    case EventKind::kStopping:
      line(r, fmt::format("{} (after {})",
                          e.text == "stopping cmd" ? "Stopping cmd" : "Stopping serve_cmd",
                          format_duration(e.duration)));
      break;
    case EventKind::kStopped:
      line(r, fmt::format("{} stopped ({})", e.text, e.status.describe()));
      break;
    case EventKind::kWarning:
      line(r, style_.yellow("WARNING: " + e.text));
      break;
  }
}

}  // namespace pitch::ci
