#include "tiltfile/settings.h"

#include <fmt/format.h>

#include "tiltfile/api.h"
#include "tiltfile/starlark/host_object.h"
#include "tiltfile/starlark/ops.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Type;
using starlark::Value;

class TriggerModeValue : public starlark::HostObject {
 public:
  explicit TriggerModeValue(TriggerMode mode) : mode_(mode) {}
  std::string_view type_name() const override { return "TriggerMode"; }
  void write_repr(starlark::Printer& p) const override {
    p.out += mode_ == TriggerMode::kAuto ? "TRIGGER_MODE_AUTO" : "TRIGGER_MODE_MANUAL";
  }
  bool equals(const HostObject& other, int) const override {
    const auto* o = dynamic_cast<const TriggerModeValue*>(&other);
    return o != nullptr && o->mode_ == mode_;
  }
  bool hash(Interpreter&, uint32_t* out) const override {
    *out = static_cast<uint32_t>(mode_);
    return true;
  }
  TriggerMode mode() const { return mode_; }

 private:
  TriggerMode mode_;
};

std::string format_pos(const SourcePos& pos) {
  return fmt::format("{}:{}:{}", pos.file, pos.line, pos.col);
}

Value trigger_mode(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  TriggerMode mode = TriggerMode::kUnset;
  if (!unpack(in, "trigger_mode", args, {{"trigger_mode", to_trigger_mode(&mode)}})) return Value();
  if (!state.trigger_mode_call.empty()) {
    return in.failf("trigger_mode can only be called once. It was already called at {}",
                    state.trigger_mode_call);
  }
  state.manifest.settings.trigger_mode = mode;
  state.trigger_mode_call = format_pos(in.call_site());
  return Value::none();
}

// update_settings' own int conversion (valueToInt): %T in the message, and
// the parameter always quoted.
bool settings_int(Interpreter& in, Value v, const char* param, std::optional<int>* out) {
  if (!v.ok() || v.is_none()) return true;
  if (v.type() != Type::kInt && v.type() != Type::kBigInt) {
    in.failf("update_settings: for parameter \"{}\": got {}, want int", param, go_type(v));
    return false;
  }
  if (v.type() == Type::kBigInt || v.as_int() < INT32_MIN || v.as_int() > INT32_MAX) {
    in.failf("update_settings: for parameter \"{}\": {} out of range", param, starlark::repr(v));
    return false;
  }
  *out = static_cast<int>(v.as_int());
  return true;
}

Value update_settings(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  Value mpu, kuts;
  std::vector<std::string> suppress;
  if (!unpack(in, "update_settings", args,
              {{"max_parallel_updates?", store(&mpu)},
               {"k8s_upsert_timeout_secs?", store(&kuts)},
               {"suppress_unused_image_warnings?", to_string_or_list(&suppress)}})) {
    return Value();
  }
  std::optional<int> max_parallel, upsert;
  if (!settings_int(in, mpu, "max_parallel_updates", &max_parallel)) return Value();
  if (max_parallel && *max_parallel < 1)
    return in.failf("max number of parallel updates must be >= 1(got: {})", *max_parallel);
  if (!settings_int(in, kuts, "k8s_upsert_timeout_secs", &upsert)) return Value();
  if (upsert && *upsert < 1) return in.failf("minimum k8s upsert timeout is 1s; got {}s", *upsert);
  Settings& s = state.manifest.settings;
  if (max_parallel) s.max_parallel_updates = max_parallel;
  if (upsert) s.k8s_upsert_timeout_secs = upsert;
  s.suppress_unused_image_warnings.insert(s.suppress_unused_image_warnings.end(), suppress.begin(),
                                          suppress.end());
  return Value::none();
}

Value ci_settings(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  Millis grace{}, timeout{}, readiness{};
  bool grace_set = false, timeout_set = false, readiness_set = false;
  if (!unpack(in, "ci_settings", args,
              {{"k8s_grace_period?", to_duration(&grace, &grace_set)},
               {"timeout?", to_duration(&timeout, &timeout_set)},
               {"readiness_timeout?", to_duration(&readiness, &readiness_set)}})) {
    return Value();
  }
  Settings& s = state.manifest.settings;
  if (grace_set) s.k8s_grace_period = grace;
  if (timeout_set) s.ci_timeout = timeout;
  if (readiness_set) s.readiness_timeout = readiness;
  return Value::none();
}

Value watch_settings(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::vector<std::string> ignore;
  if (!unpack(in, "watch_settings", args, {{"ignore?", to_string_or_list(&ignore)}}))
    return Value();
  const std::string base = state.exec_dir();
  for (const std::string& pattern : ignore) {
    state.manifest.settings.watch_ignore.push_back(pattern.empty() || pattern[0] != '!'
                                                       ? abs_path(base, pattern)
                                                       : "!" + abs_path(base, pattern.substr(1)));
  }
  return Value::none();
}

Value version_settings(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  Settings& s = state.manifest.settings;
  bool check_updates = s.check_updates;
  std::string constraint;
  if (!unpack(
          in, "version_settings", args,
          {{"check_updates?", to_bool(&check_updates)}, {"constraint?", to_string(&constraint)}})) {
    return Value();
  }
  s.check_updates = check_updates;
  if (constraint.empty()) return Value::none();
  s.version_constraint = constraint;
  bool ok = false;
  std::string error;
  if (!semver_satisfies(constraint, kTiltApiVersion, &ok, &error))
    return in.failf("error parsing version constraint: {}", error);
  if (!ok) {
    return in.failf(
        "you are running Tilt version {}, which doesn't match the version constraint specified "
        "in your Tiltfile: '{}'",
        kTiltApiVersion, constraint);
  }
  return Value::none();
}

}  // namespace

ArgConverter to_trigger_mode(TriggerMode* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    const auto* t = starlark::is_host(v)
                        ? dynamic_cast<const TriggerModeValue*>(starlark::as_host(v))
                        : nullptr;
    if (t == nullptr) {
      *err = fmt::format("got {}, want TriggerMode", type_of(v));
      return false;
    }
    *out = t->mode();
    return true;
  };
}

void add_settings_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  names["TRIGGER_MODE_AUTO"] = Value(in.heap().make<TriggerModeValue>(TriggerMode::kAuto));
  names["TRIGGER_MODE_MANUAL"] = Value(in.heap().make<TriggerModeValue>(TriggerMode::kManual));
  TiltfileState* s = &state;
  names["trigger_mode"] = make_builtin(in, "trigger_mode", [s](Interpreter& i, const CallArgs& a) {
    return trigger_mode(i, a, *s);
  });
  names["update_settings"] =
      make_builtin(in, "update_settings",
                   [s](Interpreter& i, const CallArgs& a) { return update_settings(i, a, *s); });
  names["ci_settings"] = make_builtin(
      in, "ci_settings", [s](Interpreter& i, const CallArgs& a) { return ci_settings(i, a, *s); });
  names["watch_settings"] =
      make_builtin(in, "watch_settings",
                   [s](Interpreter& i, const CallArgs& a) { return watch_settings(i, a, *s); });
  names["version_settings"] =
      make_builtin(in, "version_settings",
                   [s](Interpreter& i, const CallArgs& a) { return version_settings(i, a, *s); });
}

}  // namespace pitch::tiltfile
