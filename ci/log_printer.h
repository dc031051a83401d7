// ci/log_printer.h — prints a run's events as log lines, Tilt-style, with a
// Ninja-style status line on terminals.
//
// Every line is prefixed with its resource's name, right-aligned, then
// " │ " (Tilt's `tilt ci` look; pitch pads to the longest name instead of
// cutting names at 13 characters, because CI readers grep for them). Lines
// are written as they arrive and flushed, so a CI log streams. Run-level
// lines (heartbeat, "all up") start with "pitch: " instead.
//
// On a smart terminal (style.h) one more line sits below the logs and is
// redrawn in place: "[done/total] running: a, b" (done counts resources
// that succeeded, are ready or failed; running names those whose cmd runs
// or whose server is not ready yet), cut to the terminal's width. Each log
// line erases it, prints itself and redraws it, so it never ends up inside
// the log. Elsewhere (pipes, files, TERM=dumb) there is no status line.
//
// Readiness probes: failures are printed (the executor already drops
// repeats of the same failure), successes only as the "Ready" line that
// follows a transition.
//
// The printer also keeps each resource's last lines for the failure summary.
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

  // Pads names to the longest of the selected resources'. `status_line`:
  // draw the status line (only on a smart terminal).
  LogPrinter(const planner::Plan& plan, const std::vector<bool>& selected, Style style,
             std::FILE* out, bool status_line = false);

  void on_event(const executor::Event& event) override;
  // Erases the status line (before the summary).
  void finish();

  // The resource's last kTailLines lines of output, oldest first.
  const std::deque<std::string>& tail(size_t resource) const { return tails_[resource]; }
  // The prefix ("   web │ ") for a resource.
  std::string prefix(size_t resource) const;
  // The status line's text, without escapes: "[1/3] running: web, db".
  std::string status() const;

 private:
  void line(size_t resource, std::string_view text);
  void write(std::string text);
  void track(const executor::Event& e);

  const planner::Plan& plan_;
  Style style_;
  std::FILE* out_;
  bool status_line_;
  size_t width_ = 0;
  size_t total_ = 0;
  std::vector<std::deque<std::string>> tails_;
  std::vector<bool> done_;
  std::vector<bool> active_;
  std::vector<size_t> active_order_;  // resources in the order they became active
  std::string drawn_;                 // the status line as last drawn
};

}  // namespace pitch::ci
