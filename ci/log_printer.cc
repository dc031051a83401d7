#include "ci/log_printer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace pitch::ci {

using executor::Event;
using executor::EventKind;
using executor::kNoResource;

namespace {

size_t terminal_width(std::FILE* out) {
  winsize size = {};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// Cuts to `width` columns, counting bytes other than UTF-8 continuation
// bytes as one column each (names and status text are plain).
std::string fit(std::string text, size_t width) {
  size_t columns = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++columns > width) {
      text.resize(i);
      break;
    }
  }
  return text;
}

}  // namespace

LogPrinter::LogPrinter(const planner::Plan& plan, const std::vector<bool>& selected, Style style,
                       std::FILE* out, bool status_line)
    : plan_(plan),
      style_(style),
      out_(out),
      status_line_(status_line),
      tails_(plan.resources.size()),
      done_(plan.resources.size(), false),
      active_(plan.resources.size(), false) {
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    if (!selected[i]) continue;
    width_ = std::max(width_, plan.resources[i].name.size());
    total_ += plan.resources[i].auto_init;
  }
}

std::string LogPrinter::prefix(size_t resource) const {
  return fmt::format("{:>{}} │ ", plan_.resources[resource].name, width_);
}

std::string LogPrinter::status() const {
  size_t done = std::count(done_.begin(), done_.end(), true);
  std::string text = fmt::format("[{}/{}]", done, total_);
  std::string names;
  for (size_t i : active_order_) names += (names.empty() ? "" : ", ") + plan_.resources[i].name;
  if (!names.empty()) text += " running: " + names;
  return text;
}

void LogPrinter::write(std::string text) {
  if (status_line_) {
    // Erase the status line, print, draw it again below.
    drawn_ = fit(status(), terminal_width(out_) - 1);
    text = "\r\x1b[K" + text + drawn_;
  }
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

void LogPrinter::line(size_t resource, std::string_view text) {
  std::string out = resource == kNoResource ? "pitch: " : style_.dim(prefix(resource));
  out.append(text).push_back('\n');
  write(std::move(out));
}

void LogPrinter::finish() {
  if (!status_line_) return;
  std::fputs("\r\x1b[K", out_);
  std::fflush(out_);
  status_line_ = false;
}

void LogPrinter::track(const Event& e) {
  if (e.resource == kNoResource) return;
  const size_t r = e.resource;
  auto set_active = [&](bool on) {
    if (active_[r] == on) return;
    active_[r] = on;
    if (on) {
      active_order_.push_back(r);
    } else {
      std::erase(active_order_, r);
    }
  };
  switch (e.kind) {
    case EventKind::kCmdStarted:
    case EventKind::kServeStarted:
      set_active(true);
      break;
    case EventKind::kNotReady:
      set_active(true);
      done_[r] = false;
      break;
    case EventKind::kReady:
    case EventKind::kSucceeded:
    case EventKind::kFailed:
      set_active(false);
      done_[r] = true;
      break;
    default:
      break;
  }
}

void LogPrinter::on_event(const Event& e) {
  track(e);
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
      line(r, style_.green("Ready") + (e.detail.empty() ? "" : " (" + e.detail + ")"));
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
    case EventKind::kProbeResult:
      if (!e.status.success()) {
        line(r, style_.yellow(fmt::format("Readiness probe failed: {} ({})", e.text, e.detail)));
      }
      break;
    case EventKind::kNotReady:
      line(r, style_.yellow("Not ready: " + e.text));
      break;
    case EventKind::kHeartbeat:
      line(r, fmt::format("still waiting after {}: {}", format_duration(e.duration), e.text));
      break;
    case EventKind::kAllReady:
      line(r, style_.green("everything is up; servers keep running until interrupted (Ctrl-C)"));
      break;
  }
  // Progress without a line of its own (a cmd that succeeded quietly).
  if (status_line_ && fit(status(), terminal_width(out_) - 1) != drawn_) write("");
}

}  // namespace pitch::ci
