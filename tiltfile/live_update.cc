#include "tiltfile/live_update.h"

#include <fmt/format.h>

#include <algorithm>

#include "tiltfile/api.h"
#include "tiltfile/local_resource.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {

std::string call_where(starlark::Interpreter& in) {
  SourcePos p = in.call_site();
  return fmt::format("{}:{}:{}", p.file, p.line, p.col);
}

namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;

enum class StepKind { kInitialSync, kFallBackOn, kSync, kRun, kRestartContainer };

// One step value; prints and types as Tilt's do.
class Step : public starlark::HostObject {
 public:
  StepKind kind = StepKind::kSync;
  std::vector<std::string> files;  // fall_back_on
  LiveUpdate::Sync sync;
  LiveUpdate::Run run;
  std::string where;

  std::string_view type_name() const override {
    switch (kind) {
      case StepKind::kInitialSync:
        return "live_update_initial_sync_step";
      case StepKind::kFallBackOn:
        return "live_update_fall_back_on_step";
      case StepKind::kSync:
        return "live_update_sync_step";
      case StepKind::kRun:
        return "live_update_run_step";
      case StepKind::kRestartContainer:
        return "live_update_restart_container_step";
    }
    return "live_update_step";
  }
  std::string text() const {
    switch (kind) {
      case StepKind::kInitialSync:
        return "initial_sync step";
      case StepKind::kFallBackOn:
        return fmt::format("fall_back_on step: [{}]'", fmt::join(files, " "));
      case StepKind::kSync:
        return fmt::format("sync step: '{}'->'{}'", sync.local_path, sync.remote_path);
      case StepKind::kRun: {
        std::string s = fmt::format("run step: {}", starlark::quote(command_text(run.cmd)));
        if (!run.triggers.empty())
          s += fmt::format(" (triggers: {})", fmt::join(run.triggers, "; "));
        return s;
      }
      case StepKind::kRestartContainer:
        return "restart_container step";
    }
    return "";
  }
  void write_repr(starlark::Printer& p) const override { p.out += text(); }
  bool truth() const override {
    switch (kind) {
      case StepKind::kFallBackOn:
        return !files.empty();
      case StepKind::kSync:
        return !sync.local_path.empty() || !sync.remote_path.empty();
      case StepKind::kRun:
        return !run.cmd.empty();
      default:
        return true;
    }
  }
  // Tilt's model.Cmd String(): the script of a shell command, else argv.
  static std::string command_text(const Command& c) {
    if (c.empty()) return "";
    if (c.shell) return c.argv.back();
    return fmt::format("{}", fmt::join(c.argv, " "));
  }
};

Step* as_step(Value v) {
  if (!starlark::is_host(v)) return nullptr;
  return dynamic_cast<Step*>(starlark::as_host(v));
}

Value record(Interpreter& in, ContainerState& state, Step* step) {
  step->where = call_where(in);
  state.unconsumed_steps.push_back(
      PendingStep{step->where, in.call_start(), step->text(), std::string(step->type_name())});
  return Value(step);
}

Value initial_sync(Interpreter& in, const CallArgs& args, ContainerState& state) {
  if (!unpack(in, "initial_sync", args, {})) return Value();
  auto* step = in.heap().make<Step>();
  step->kind = StepKind::kInitialSync;
  return record(in, state, step);
}

Value fall_back_on(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  auto* step = in.heap().make<Step>();
  step->kind = StepKind::kFallBackOn;
  if (!unpack(in, "fall_back_on", args, {{"paths", to_local_paths(ts.exec_dir(), &step->files)}}))
    return Value();
  return record(in, *ts.containers, step);
}

Value sync(Interpreter& in, const CallArgs& args, TiltfileState& ts) {
  auto* step = in.heap().make<Step>();
  step->kind = StepKind::kSync;
  std::string local;
  if (!unpack(in, "sync", args,
              {{"local_path", to_string(&local)},
               {"remote_path", to_string(&step->sync.remote_path)}})) {
    return Value();
  }
  step->sync.local_path = abs_path(ts.exec_dir(), local);
  return record(in, *ts.containers, step);
}

Value run(Interpreter& in, const CallArgs& args, ContainerState& state) {
  auto* step = in.heap().make<Step>();
  step->kind = StepKind::kRun;
  Value cmd, trigger;
  if (!unpack(in, "run", args,
              {{"cmd", store(&cmd)},
               {"trigger?", store(&trigger)},
               {"echo_off?", to_bool(&step->run.echo_off)}})) {
    return Value();
  }
  if (!to_command(in, cmd, &step->run.cmd)) return Value();
  for (Value t : value_or_sequence(in, trigger)) {
    if (!t.is_string()) {
      return in.failf(
          "run cmd '{}' triggers contained value '{}' of type '{}'. it may only contain strings",
          Step::command_text(step->run.cmd), starlark::str(t), type_of(t));
    }
    step->run.triggers.emplace_back(t.as<starlark::String>()->str());
  }
  return record(in, state, step);
}

Value restart_container(Interpreter& in, const CallArgs& args, ContainerState& state) {
  if (!unpack(in, "restart_container", args, {})) return Value();
  auto* step = in.heap().make<Step>();
  step->kind = StepKind::kRestartContainer;
  return record(in, state, step);
}

// Tilt's LiveUpdate.Validate, its field errors aggregated as Kubernetes'
// utilerrors do ("[a, b]" when more than one).
std::string validate(const LiveUpdate& lu) {
  std::vector<std::string> errors;
  if (lu.syncs.empty() && lu.runs.empty()) {
    errors.push_back(
        "spec.syncs: Invalid value: []v1alpha1.LiveUpdateSync(nil): must contain at least 1 sync "
        "or 1 exec to run on live update");
  }
  for (size_t i = 0; i < lu.syncs.size(); ++i) {
    const std::string& dest = lu.syncs[i].remote_path;
    if (dest.empty() || dest[0] != '/') {
      errors.push_back(
          fmt::format("spec.syncs[{}]: Invalid value: {}: sync destination is not absolute", i,
                      starlark::quote(dest)));
    }
  }
  if (errors.empty()) return "";
  if (errors.size() == 1) return errors[0];
  return fmt::format("[{}]", fmt::join(errors, ", "));
}

// What one step adds; "" or Tilt's message when it is out of place.
struct Order {
  bool seen_initial_sync = false;
  bool no_more_fallbacks = false;
  bool no_more_syncs = false;
  bool no_more_runs = false;
};

std::string apply_step(const Step& step, Order& o, LiveUpdate* out) {
  switch (step.kind) {
    case StepKind::kInitialSync:
      if (o.seen_initial_sync)
        return "initial_sync must appear at most once, at the start of the list";
      o.seen_initial_sync = true;
      out->initial_sync = true;
      return "";
    case StepKind::kFallBackOn:
      o.seen_initial_sync = true;
      if (o.no_more_fallbacks) return "fall_back_on steps must appear at the start of the list";
      out->fall_back_on.insert(out->fall_back_on.end(), step.files.begin(), step.files.end());
      return "";
    case StepKind::kSync:
      if (o.no_more_runs) return "restart container is only valid as the last step";
      if (o.no_more_syncs) return "all sync steps must precede all run steps";
      o.seen_initial_sync = o.no_more_fallbacks = true;
      out->syncs.push_back(step.sync);
      return "";
    case StepKind::kRun:
      if (o.no_more_runs) return "restart container is only valid as the last step";
      o.seen_initial_sync = o.no_more_fallbacks = o.no_more_syncs = true;
      out->runs.push_back(step.run);
      return "";
    case StepKind::kRestartContainer:
      o = Order{true, true, true, true};
      out->restart_container = true;
      return "";
  }
  return "";
}

}  // namespace

bool live_update_from_steps(Interpreter& in, ContainerState& state, Value steps,
                            const std::string& base_path, LiveUpdate* out) {
  std::vector<Value> items = value_or_sequence(in, steps);
  *out = LiveUpdate{};
  if (items.empty()) return true;
  LiveUpdate lu;
  lu.base_path = base_path;
  Order order;
  for (Value v : items) {
    const Step* step = as_step(v);
    if (step == nullptr) {
      in.failf(
          "live_update: 'steps' must be a list of live update steps - got value '{}' of type "
          "'{}'",
          starlark::repr(v), type_of(v));
      return false;
    }
    std::string error = apply_step(*step, order, &lu);
    if (!error.empty()) {
      in.fail("live_update: " + error);
      return false;
    }
    auto& pending = state.unconsumed_steps;
    pending.erase(std::remove_if(pending.begin(), pending.end(),
                                 [&](const PendingStep& p) { return p.where == step->where; }),
                  pending.end());
  }
  std::string error = validate(lu);
  if (!error.empty()) {
    in.fail("live_update: " + error);
    return false;
  }
  *out = std::move(lu);
  return true;
}

void add_live_update_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["initial_sync"] = make_builtin(in, "initial_sync", [s](Interpreter& i, const CallArgs& a) {
    return initial_sync(i, a, *s->containers);
  });
  names["fall_back_on"] = make_builtin(in, "fall_back_on", [s](Interpreter& i, const CallArgs& a) {
    return fall_back_on(i, a, *s);
  });
  names["sync"] =
      make_builtin(in, "sync", [s](Interpreter& i, const CallArgs& a) { return sync(i, a, *s); });
  names["run"] = make_builtin(
      in, "run", [s](Interpreter& i, const CallArgs& a) { return run(i, a, *s->containers); });
  names["restart_container"] = make_builtin(
      in, "restart_container",
      [s](Interpreter& i, const CallArgs& a) { return restart_container(i, a, *s->containers); });
}

}  // namespace pitch::tiltfile
