// tests/executor/executor_harness.h — runs an Executor over a Plan with
// the scripted runner and records its events as short strings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "executor/executor.h"
#include "tests/executor/fake_command_runner.h"
#include "tests/executor/fake_state_db.h"
#include "tests/executor/plan_builder.h"

namespace pitch::executor::testing {

// Keeps events as short strings: "name kind [detail]".
class RecordingSink : public EventSink {
 public:
  explicit RecordingSink(const planner::Plan& plan) : plan_(plan) {}
  std::vector<std::string> events;
  void on_event(const Event& e) override {
    std::string s = (e.resource == kNoResource ? "pitch" : plan_.resources[e.resource].name) + " ";
    switch (e.kind) {
      case EventKind::kCmdStarted:
        s += "started: " + e.detail;
        break;
      case EventKind::kCmdSkipped:
        s += "skipped: " + e.detail;
        break;
      case EventKind::kLog:
        s += "| " + e.text;
        break;
      case EventKind::kCmdExited:
        s += "exited: " + e.status.describe();
        break;
      case EventKind::kServeStarted:
        s += "serving";
        break;
      case EventKind::kReady:
        s += "ready";
        if (!e.detail.empty()) s += ": " + e.detail;
        break;
      case EventKind::kSucceeded:
        s += "succeeded";
        break;
      case EventKind::kFailed:
        s += "failed: " + e.detail;
        break;
      case EventKind::kStopping:
        s += e.text;
        break;
      case EventKind::kStopped:
        s += e.text + " stopped: " + e.status.describe();
        break;
      case EventKind::kWarning:
        s += "warning: " + e.text;
        break;
      case EventKind::kProbeResult:
        s += fmt::format("probe {}: {} at {}", e.status.success() ? "ok" : "failed", e.text,
                         format_duration(e.duration));
        break;
      case EventKind::kNotReady:
        s += "not ready: " + e.text;
        break;
      case EventKind::kHeartbeat:
        s += fmt::format("heartbeat at {}: {}", format_duration(e.duration), e.text);
        break;
      case EventKind::kAllReady:
        s += "all ready";
        break;
    }
    events.push_back(s);
  }

 private:
  const planner::Plan& plan_;
};

struct Harness {
  planner::Plan plan;
  FakeCommandRunner runner;
  testing::FakeStateDb db;
  int jobs = 3;
  ForceMode force = ForceMode::kIfChanged;
  RunMode mode = RunMode::kCi;
  bool keep_going = false;
  std::optional<Millis> timeout = Millis(30 * 60 * 1000);
  std::optional<Millis> readiness_timeout;
  Millis heartbeat{0};
  std::vector<bool> selected;
  std::vector<std::string> events;

  RunReport run() {
    RecordingSink sink(plan);
    ExecutorOptions options;
    options.jobs = jobs;
    options.force = force;
    options.mode = mode;
    options.keep_going = keep_going;
    options.timeout = timeout;
    options.readiness_timeout = readiness_timeout;
    options.heartbeat = heartbeat;
    options.selected = selected.empty() ? std::vector<bool>(plan.resources.size(), true) : selected;
    Executor executor(plan, options, runner, &db, sink);
    RunReport report = executor.run();
    events = sink.events;
    return report;
  }
};

}  // namespace pitch::executor::testing
