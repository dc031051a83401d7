#include "executor/readiness.h"

#include <fmt/format.h>

#include "base/command.h"

namespace pitch::executor {

ReadinessProbe::ReadinessProbe(const planner::ProbeSpec& spec, Clock::time_point server_started)
    : spec_(spec),
      next_(server_started + std::chrono::seconds(std::max(0, spec.initial_delay_secs))) {}

ReadinessProbe::Clock::time_point ReadinessProbe::begin_attempt(Clock::time_point now) {
  const auto period = std::chrono::seconds(std::max(1, spec_.period_secs));
  while (next_ <= now) next_ += period;
  return now + std::chrono::seconds(std::max(1, spec_.timeout_secs));
}

ReadinessProbe::Recorded ReadinessProbe::record(bool success, std::string message) {
  Recorded r;
  const bool same = attempts_ > 0 && success == last_success_;
  const bool same_message = same && message == last_message_;
  run_ = same ? run_ + 1 : 1;
  ++attempts_;
  last_success_ = success;
  last_message_ = std::move(message);
  const int threshold =
      success ? std::max(1, spec_.success_threshold) : std::max(1, spec_.failure_threshold);
  const Status result = success ? Status::kSuccess : Status::kFailure;
  if (run_ >= threshold && status_ != result) {
    status_ = result;
    r.changed = true;
  }
  // A change to failure is told by whoever shows the loss of readiness.
  r.notable = success ? r.changed : (!same_message || run_ % 10 == 0);
  return r;
}

std::string ReadinessProbe::describe() const {
  if (attempts_ == 0) return "readiness probe: no result yet";
  if (last_success_) {
    return fmt::format("readiness probe: {} ({} success{} in a row, {} needed)", last_message_,
                       run_, run_ == 1 ? "" : "es", std::max(1, spec_.success_threshold));
  }
  return fmt::format("readiness probe: {} ({} failure{} in a row)", last_message_, run_,
                     run_ == 1 ? "" : "s");
}

std::string describe_probe(const planner::ProbeSpec& spec) {
  using Kind = planner::ProbeSpec::Kind;
  switch (spec.kind) {
    case Kind::kHttpGet:
      return fmt::format("{}://{}:{}{}", spec.scheme, spec.host, spec.port, spec.path);
    case Kind::kTcpSocket:
      return fmt::format("tcp://{}:{}", spec.host, spec.port);
    case Kind::kExec:
      return "exec: " + Command::from_argv(spec.exec_argv).display();
  }
  return "?";
}

}  // namespace pitch::executor
