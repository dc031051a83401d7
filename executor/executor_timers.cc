// The Executor's timed work: readiness probe attempts, the run and
// readiness timeouts, the heartbeat. Split from executor.cc, which reacts
// to processes; this file reacts to the clock.
#include <algorithm>

#include <fmt/format.h>

#include "executor/executor.h"

namespace pitch::executor {
namespace {

constexpr size_t kProbeOutputLines = 20;

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

}  // namespace

void Executor::run_timers() {
  const Clock::time_point t = now();
  if (options_.timeout && t >= run_start_ + *options_.timeout) {
    report_.timeout = *options_.timeout;
    stop_run(RunOutcome::kTimedOut);
    return;
  }
  for (size_t i = 0; i < plan_.resources.size() && running_; ++i) {
    Probing& p = probing_[i];
    if (!p.probe) continue;
    if (p.attempt && t >= p.attempt_deadline) {
      // Abandoned: an exec probe is killed, a late network result ignored.
      auto it = processes_.find(*p.attempt);
      if (it != processes_.end()) runner_.stop(*p.attempt, Millis(0));
      p.attempt.reset();
      record_probe(i, false,
                   "timed out after " + format_duration(std::chrono::seconds(
                                            plan_.resources[i].readiness_probe->timeout_secs)));
    }
    if (!p.attempt && t >= p.probe->next_attempt()) start_probe_attempt(i);
    if (options_.readiness_timeout && scheduler_.phase(i) == Phase::kServing &&
        t - p.not_ready_since > *options_.readiness_timeout) {
      report_.timeout = *options_.readiness_timeout;
      report_.not_ready = i;
      stop_run(RunOutcome::kTimedOut);
    }
  }
  if (running_ && t >= next_heartbeat_) {
    heartbeat();
    while (next_heartbeat_ <= t) next_heartbeat_ += options_.heartbeat;
  }
}

Executor::Clock::time_point Executor::next_wakeup() const {
  Clock::time_point wake = next_heartbeat_;
  if (options_.timeout) wake = std::min(wake, run_start_ + *options_.timeout);
  for (size_t i = 0; i < plan_.resources.size(); ++i) {
    const Probing& p = probing_[i];
    if (!p.probe) continue;
    wake = std::min(wake, p.attempt ? p.attempt_deadline : p.probe->next_attempt());
    if (options_.readiness_timeout && scheduler_.phase(i) == Phase::kServing) {
      // Strictly after the limit, as run_timers() checks.
      wake = std::min(wake, p.not_ready_since + *options_.readiness_timeout + Millis(1));
    }
  }
  return wake;
}

void Executor::start_probe_attempt(size_t i) {
  const planner::ProbeSpec& spec = *plan_.resources[i].readiness_probe;
  Probing& p = probing_[i];
  p.attempt_deadline = p.probe->begin_attempt(now());
  p.output.clear();
  if (spec.kind == planner::ProbeSpec::Kind::kExec) {
    SpawnOptions options;
    options.argv = spec.exec_argv;
    options.dir = plan_.tiltfile_dir;
    Result<ProcessId> id = runner_.start(options);
    if (!id) {
      // As in Tilt's prober: an attempt that could not even start is
      // ignored (neither success nor failure); the status stays as it was.
      if (id.error().message != p.start_error) {
        p.start_error = id.error().message;
        emit(EventKind::kWarning, i,
             fmt::format("readiness probe could not start: {} (attempt ignored, as Tilt does; "
                         "retrying every {}s)",
                         p.start_error, std::max(1, spec.period_secs)));
      }
      return;
    }
    p.start_error.clear();
    processes_[*id] = Running{i, Role::kProbe};
    p.attempt = *id;
    return;
  }
  NetCheck check;
  check.kind = spec.kind == planner::ProbeSpec::Kind::kTcpSocket ? NetCheck::Kind::kTcp
                                                                 : NetCheck::Kind::kHttpGet;
  check.host = spec.host.empty() ? "localhost" : spec.host;
  check.port = spec.port;
  check.scheme = spec.scheme;
  check.path = spec.path;
  check.timeout = std::chrono::seconds(std::max(1, spec.timeout_secs));
  ProcessId id = runner_.start_check(check);
  processes_[id] = Running{i, Role::kProbe};
  p.attempt = id;
}

void Executor::on_probe_line(size_t i, ProcessId id, const std::string& line) {
  Probing& p = probing_[i];
  if (p.attempt != id || line.empty()) return;
  if (p.output.size() < kProbeOutputLines) p.output.push_back(line);
}

void Executor::on_probe_exit(size_t i, ProcessId id, const ExitStatus& status) {
  Probing& p = probing_[i];
  if (p.attempt != id) return;  // abandoned after its timeout
  p.attempt.reset();
  const bool exec = plan_.resources[i].readiness_probe->kind == planner::ProbeSpec::Kind::kExec;
  std::string message;
  if (!exec) {
    message = p.output.empty() ? (status.success() ? "ok" : "failed") : p.output.front();
  } else {
    message = status.describe();
    // The last thing it said is usually why ("curl: (7) Failed to connect").
    if (!p.output.empty()) message += ": " + p.output.back();
  }
  record_probe(i, status.success(), std::move(message));
}

void Executor::record_probe(size_t i, bool success, std::string message) {
  Probing& p = probing_[i];
  ReadinessProbe::Recorded r = p.probe->record(success, message);
  if (r.notable) {
    Event ev;
    ev.kind = EventKind::kProbeResult;
    ev.resource = i;
    ev.text = message;
    ev.detail = describe_probe(*plan_.resources[i].readiness_probe);
    ev.status.code = success ? 0 : 1;
    ev.duration = since_start(i);
    sink_.on_event(ev);
  }
  if (!r.changed) return;
  if (p.probe->ready()) {
    became_ready(i, fmt::format("readiness probe succeeded: {} ({})", message,
                                describe_probe(*plan_.resources[i].readiness_probe)));
  } else if (scheduler_.phase(i) == Phase::kReady) {
    scheduler_.mark_not_ready(i);
    p.not_ready_since = now();
    emit(EventKind::kNotReady, i, p.probe->describe());
  }
}

void Executor::heartbeat() {
  std::vector<std::string> pending;
  for (size_t i = 0; i < plan_.resources.size(); ++i) {
    Phase phase = scheduler_.phase(i);
    if (phase == Phase::kPending || phase == Phase::kUpdating || phase == Phase::kServing) {
      pending.push_back(fmt::format("{} ({})", plan_.resources[i].name, why_unfinished(i)));
    }
  }
  if (pending.empty()) return;  // everything is up: nothing to explain
  emit(EventKind::kHeartbeat, kNoResource, join(pending, "; "));
}

std::string Executor::why_unfinished(size_t i) const {
  const Phase phase = scheduler_.phase(i);
  if (phase == Phase::kUpdating) {
    return fmt::format("running cmd for {}", format_duration(since_start(i)));
  }
  if (phase == Phase::kServing) {
    const Probing& p = probing_[i];
    if (!p.probe) return "serve_cmd started, not ready";
    if (!p.start_error.empty()) {
      return fmt::format(
          "serve_cmd running for {}, not ready: readiness probe could not start: {}",
          format_duration(std::chrono::duration_cast<Millis>(now() - p.not_ready_since)),
          p.start_error);
    }
    return fmt::format(
        "serve_cmd running for {}, not ready: {}",
        format_duration(std::chrono::duration_cast<Millis>(now() - p.not_ready_since)),
        p.probe->describe());
  }
  if (phase != Phase::kPending) return scheduler_.waiting_reason(i);
  std::vector<std::string> deps;
  for (size_t dep : plan_.resources[i].resource_deps) {
    if (scheduler_.ever_ready(dep)) continue;
    const std::string& name = plan_.resources[dep].name;
    switch (scheduler_.phase(dep)) {
      case Phase::kManual:
        deps.push_back(name + " (auto_init=False: never started by this run)");
        break;
      case Phase::kServing:
        deps.push_back(fmt::format(
            "{} (not ready: {})", name,
            probing_[dep].probe ? probing_[dep].probe->describe() : "serve_cmd starting"));
        break;
      case Phase::kUpdating:
        deps.push_back(name + " (running cmd)");
        break;
      case Phase::kFailed:
        deps.push_back(name + " (failed)");
        break;
      default:
        deps.push_back(name + " (pending)");
        break;
    }
  }
  if (!deps.empty()) return "waiting on resource_deps: " + join(deps, ", ");
  return scheduler_.waiting_reason(i);
}

}  // namespace pitch::executor
