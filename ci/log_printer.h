// ci/log_printer.h — prints a run's events as plain log lines, Tilt-style.
//
// Every line is prefixed with its resource's name, right-aligned, then
// " │ " (Tilt's `tilt ci` look; pitch pads to the longest name instead of
// cutting names at 13 characters, because CI readers grep for them). Lines
// are written as they arrive and flushed, so a CI log streams. The printer
// also keeps each resource's last lines for the failure summary.
#pragma once

#include <cstddef>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "ci/style.h"
#include "executor/event.h"
#include "planner/plan.h"

namespace pitch::ci {

class LogPrinter final : public executor::EventSink {
 public:
  static constexpr size_t kTailLines = 20;

  // Pads names to the longest of the selected resources'.
  LogPrinter(const planner::Plan& plan, const std::vector<bool>& selected, Style style,
             std::FILE* out);

  void on_event(const executor::Event& event) override;

  // The resource's last kTailLines lines of output, oldest first.
  const std::deque<std::string>& tail(size_t resource) const { return tails_[resource]; }
  // The prefix ("   web │ ") for a resource.
  std::string prefix(size_t resource) const;

 private:
  void line(size_t resource, std::string_view text);

  const planner::Plan& plan_;
  Style style_;
  std::FILE* out_;
  size_t width_ = 0;
  std::vector<std::deque<std::string>> tails_;
};

}  // namespace pitch::ci
