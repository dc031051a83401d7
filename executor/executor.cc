#include "executor/executor.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/check.h"

namespace pitch::executor {
namespace {

// "cmd exited with code 2", "serve_cmd was killed by SIGTERM".
std::string describe_exit(std::string_view what, const ExitStatus& status) {
  if (status.signal != 0) return fmt::format("{} was {}", what, status.describe());
  return fmt::format("{} exited with code {}", what, status.code);
}

}  // namespace

Executor::Executor(const planner::Plan& plan, ExecutorOptions options, CommandRunner& runner,
                   cache::StateDb* state, EventSink& sink)
    : plan_(plan),
      options_(std::move(options)),
      runner_(runner),
      state_(state),
      sink_(sink),
      scheduler_(plan, options_.selected, options_.jobs),
      started_(plan.resources.size()),
      fingerprints_(plan.resources.size()),
      inputs_(plan.resources.size()),
      probing_(plan.resources.size()) {
  report_.resources.resize(plan.resources.size());
  for (size_t i = 0; i < plan.resources.size(); ++i) {
    report_.resources[i].selected = options_.selected[i];
  }
}

RunReport Executor::run() {
  run_start_ = now();
  if (options_.heartbeat.count() > 0) next_heartbeat_ = run_start_ + options_.heartbeat;
  while (running_) {
    start_what_can_start();
    if (!running_ || finished()) break;
    run_timers();
    if (!running_) break;
    const Clock::time_point wake = next_wakeup();
    // Unfinished work with nothing running, nothing startable and no timer
    // would wait forever: a scheduler bug.
    PITCH_CHECK(runner_.running() > 0 || wake != Clock::time_point::max());
    SubprocessEvent e = runner_.wait(wake);
    if (e.kind == SubprocessEvent::Kind::kDeadline && wake != Clock::time_point::max()) {
      reached_ = std::max(reached_, wake);
    }
    handle(e);
  }
  describe_unfinished();
  teardown();
  report_.elapsed = std::chrono::duration_cast<Millis>(now() - run_start_);
  return report_;
}

bool Executor::finished() {
  const bool failed = report_.failed.has_value();
  if (options_.mode == RunMode::kCi) {
    if (scheduler_.all_done()) return true;
    if (failed && scheduler_.settled()) {
      report_.outcome = RunOutcome::kFailed;
      return true;
    }
    return false;
  }
  // kRun: once everything is up, say so (when servers keep running) and
  // wait for an interrupt while any server runs.
  bool serving = false;
  for (size_t i = 0; i < plan_.resources.size(); ++i) {
    Phase p = scheduler_.phase(i);
    serving = serving || p == Phase::kReady || p == Phase::kServing;
  }
  if (serving && scheduler_.all_done() && !announced_all_ready_) {
    announced_all_ready_ = true;
    emit(EventKind::kAllReady, kNoResource);
  }
  if (!scheduler_.settled() || serving) return false;
  if (failed) report_.outcome = RunOutcome::kFailed;
  return true;
}

void Executor::start_what_can_start() {
  while (running_) {
    std::optional<size_t> i = scheduler_.next();
    if (!i) return;
    begin_update(*i);
  }
}

void Executor::begin_update(size_t i) {
  const planner::PlanResource& r = plan_.resources[i];
  scheduler_.mark_updating(i);
  started_[i] = now();
  if (r.cmd.empty()) {
    finish_update(i);
    return;
  }
  CacheDecision decision = decide_cache(i);
  if (decision.skip) {
    report_.resources[i].outcome = ResourceOutcome::kSkipped;
    report_.resources[i].detail = decision.reason;
    emit(EventKind::kCmdSkipped, i, r.cmd.display(), decision.reason);
    finish_update(i);
    return;
  }
  fingerprints_[i] = decision.fingerprint;
  inputs_[i] = std::move(decision.inputs);
  emit(EventKind::kCmdStarted, i, r.cmd.display(), decision.reason);
  if (auto id = spawn(i, r.cmd, Role::kCmd); !id) {
    fail(i, "could not start cmd: " + id.error().message, std::nullopt);
  }
}

CacheDecision Executor::decide_cache(size_t i) {
  const planner::PlanResource& r = plan_.resources[i];
  if (!state_) return CacheDecision{false, std::nullopt, {}, "no state database"};
  Result<CacheDecision> decision = decide(r, *state_, options_.force);
  if (decision) return *decision;
  emit(EventKind::kWarning, i, "could not check deps: " + decision.error().message);
  return CacheDecision{false, std::nullopt, {}, "could not check deps"};
}

// The cmd is done (ran, skipped, or absent): start the server, or finish.
void Executor::finish_update(size_t i) {
  const planner::PlanResource& r = plan_.resources[i];
  ResourceResult& result = report_.resources[i];
  if (result.outcome != ResourceOutcome::kSkipped) result.outcome = ResourceOutcome::kRan;
  if (r.serve_cmd.empty()) {
    result.duration = since_start(i);
    scheduler_.mark_succeeded(i);
    emit(EventKind::kSucceeded, i);
    return;
  }
  if (auto id = spawn(i, r.serve_cmd, Role::kServe); !id) {
    fail(i, "could not start serve_cmd: " + id.error().message, std::nullopt);
    return;
  }
  scheduler_.mark_serving(i);
  emit(EventKind::kServeStarted, i, r.serve_cmd.display());
  if (!r.readiness_probe) {
    became_ready(i, "no readiness probe: ready once started");
    return;
  }
  Probing& p = probing_[i];
  p.probe.emplace(*r.readiness_probe, now());
  p.not_ready_since = now();
}

void Executor::became_ready(size_t i, std::string how) {
  report_.resources[i].duration = since_start(i);
  scheduler_.mark_ready(i);
  emit(EventKind::kReady, i, {}, std::move(how));
}

void Executor::handle(const SubprocessEvent& e) {
  using Kind = SubprocessEvent::Kind;
  switch (e.kind) {
    case Kind::kDeadline:
    case Kind::kReadable:
      return;  // timers run on the next turn
    case Kind::kInterrupted:
      report_.signal = e.signal;
      stop_run(RunOutcome::kInterrupted);
      return;
    case Kind::kLine:
    case Kind::kExited:
      break;
  }
  auto it = processes_.find(e.process);
  if (it == processes_.end()) return;
  const Running p = it->second;
  if (p.role == Role::kProbe) {
    if (e.kind == Kind::kLine) {
      on_probe_line(p.resource, e.process, e.line);
    } else {
      processes_.erase(it);
      on_probe_exit(p.resource, e.process, e.status);
    }
    return;
  }
  if (e.kind == Kind::kLine) {
    Event ev;
    ev.kind = EventKind::kLog;
    ev.resource = p.resource;
    ev.text = e.line;
    ev.stream = e.stream;
    sink_.on_event(ev);
    return;
  }
  processes_.erase(it);
  if (p.role == Role::kCmd) {
    on_cmd_exit(p.resource, e.status);
  } else {
    on_serve_exit(p.resource, e.status);
  }
}

void Executor::on_cmd_exit(size_t i, const ExitStatus& status) {
  const planner::PlanResource& r = plan_.resources[i];
  Event ev;
  ev.kind = EventKind::kCmdExited;
  ev.resource = i;
  ev.status = status;
  ev.duration = since_start(i);
  sink_.on_event(ev);
  if (!status.success()) {
    if (state_) {
      if (auto forgot = state_->forget(r.name); !forgot) {
        emit(EventKind::kWarning, i,
             "could not update the state database: " + forgot.error().message);
      }
    }
    fail(i, describe_exit("cmd", status), status);
    return;
  }
  if (state_ && fingerprints_[i]) {
    cache::RunRecord record;
    record.fingerprint = *fingerprints_[i];
    record.inputs = std::move(inputs_[i]);
    record.duration = since_start(i);
    record.finished_at_unix_ms =
        std::chrono::duration_cast<Millis>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    if (auto saved = state_->record_success(r.name, record); !saved) {
      emit(EventKind::kWarning, i, "could not record the run: " + saved.error().message);
    }
  }
  finish_update(i);
}

void Executor::on_serve_exit(size_t i, const ExitStatus& status) {
  // A server is meant to run until pitch stops it; ending on its own, even
  // with code 0, is a failure (as in Tilt).
  probing_[i] = Probing{};
  fail(i, describe_exit("serve_cmd", status) + " before the run finished", status);
}

void Executor::fail(size_t i, std::string detail, std::optional<ExitStatus> status) {
  scheduler_.mark_failed(i);
  ResourceResult& result = report_.resources[i];
  result.outcome = ResourceOutcome::kFailed;
  result.duration = since_start(i);
  result.detail = detail;
  result.exit = status;
  Event ev;
  ev.kind = EventKind::kFailed;
  ev.resource = i;
  ev.detail = std::move(detail);
  if (status) ev.status = *status;
  ev.duration = result.duration;
  sink_.on_event(ev);
  if (!running_) return;
  if (!report_.failed) report_.failed = i;
  // Tilt's ci stops at the first failure; `tilt up` (kRun) and
  // --keep-going carry on with whatever does not depend on it.
  if (options_.mode == RunMode::kCi && !options_.keep_going) stop_run(RunOutcome::kFailed);
}

void Executor::stop_run(RunOutcome outcome) {
  if (!running_) return;
  report_.outcome = outcome;
  running_ = false;
}

// Records, before teardown changes anything, what each unfinished resource
// was doing or waiting on.
void Executor::describe_unfinished() {
  const bool stopped_by_failure = report_.outcome == RunOutcome::kFailed && report_.failed &&
                                  !options_.keep_going && options_.mode == RunMode::kCi;
  for (size_t i = 0; i < plan_.resources.size(); ++i) {
    ResourceResult& result = report_.resources[i];
    Phase phase = scheduler_.phase(i);
    if (phase == Phase::kPending || phase == Phase::kManual) {
      result.detail = why_unfinished(i);
      if (stopped_by_failure) {
        result.detail = fmt::format("not started: the run stopped when '{}' failed",
                                    plan_.resources[*report_.failed].name);
      }
      for (size_t dep : plan_.resources[i].resource_deps) {
        if (scheduler_.phase(dep) == Phase::kFailed && !scheduler_.ever_ready(dep)) {
          result.detail = fmt::format("dependency '{}' failed", plan_.resources[dep].name);
        }
      }
    } else if (phase == Phase::kUpdating || phase == Phase::kServing) {
      result.outcome = ResourceOutcome::kCancelled;
      result.duration = since_start(i);
      if (report_.not_ready == i) {
        result.detail = fmt::format("not ready within the readiness timeout ({}): {}",
                                    format_duration(report_.timeout), why_unfinished(i));
      } else {
        result.detail = fmt::format("stopped after {}: {}", format_duration(result.duration),
                                    why_unfinished(i));
      }
    }
  }
}

void Executor::teardown() {
  // In start order, so the output is deterministic.
  std::vector<std::pair<ProcessId, Running>> live(processes_.begin(), processes_.end());
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [id, p] : live) {
    if (p.role == Role::kProbe) continue;
    emit(EventKind::kStopping, p.resource,
         p.role == Role::kCmd ? "stopping cmd" : "stopping serve_cmd");
  }
  runner_.stop_all(options_.grace_period);
  // SIGKILL comes at the end of the grace period; the margin only guards
  // against a process that even SIGKILL cannot end (uninterruptible sleep).
  // Descendants that escaped their group get the same grace period.
  const Clock::time_point give_up = Clock::now() + options_.grace_period + std::chrono::seconds(5);
  while (runner_.running() > 0 || runner_.orphans() > 0) {
    // Orphans are our children, so their exit wakes wait() (SIGCHLD);
    // the short bound covers one that is a zombie being reaped.
    const Clock::time_point wake =
        runner_.running() > 0 ? give_up : std::min(give_up, Clock::now() + Millis(50));
    SubprocessEvent e = runner_.wait(wake);
    if (e.kind == SubprocessEvent::Kind::kDeadline && Clock::now() >= give_up) break;
    if (e.kind == SubprocessEvent::Kind::kInterrupted) {
      runner_.kill_everything();  // a second Ctrl-C: no more patience
      continue;
    }
    auto it = processes_.find(e.process);
    if (it == processes_.end()) continue;
    if (it->second.role == Role::kProbe) {
      if (e.kind == SubprocessEvent::Kind::kExited) processes_.erase(it);
      continue;
    }
    if (e.kind == SubprocessEvent::Kind::kLine) {
      handle(e);
      continue;
    }
    Event ev;
    ev.kind = EventKind::kStopped;
    ev.resource = it->second.resource;
    ev.text = it->second.role == Role::kCmd ? "cmd" : "serve_cmd";
    ev.status = e.status;
    sink_.on_event(ev);
    processes_.erase(it);
  }
  runner_.kill_everything();
}

Result<ProcessId> Executor::spawn(size_t i, const Command& command, Role role) {
  const planner::PlanResource& r = plan_.resources[i];
  SpawnOptions options;
  options.argv = command.argv;
  // Tilt: env and dir belong to cmd, serve_env and serve_dir to serve_cmd.
  options.dir = role == Role::kCmd ? r.dir : r.serve_dir;
  options.env = role == Role::kCmd ? r.env : r.serve_env;
  PITCH_TRY_ASSIGN(ProcessId id, runner_.start(options));
  processes_[id] = Running{i, role};
  return id;
}

void Executor::emit(EventKind kind, size_t i, std::string text, std::string detail) {
  Event ev;
  ev.kind = kind;
  ev.resource = i;
  ev.text = std::move(text);
  ev.detail = std::move(detail);
  ev.duration =
      i == kNoResource ? std::chrono::duration_cast<Millis>(now() - run_start_) : since_start(i);
  sink_.on_event(ev);
}

Millis Executor::since_start(size_t i) const {
  return std::chrono::duration_cast<Millis>(now() - started_[i]);
}

// A deadline wait() reported as passed counts as reached even if the
// runner's clock is a little behind it, so timers always make progress.
Executor::Clock::time_point Executor::now() const { return std::max(runner_.now(), reached_); }

}  // namespace pitch::executor
