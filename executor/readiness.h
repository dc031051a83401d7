// executor/readiness.h — a readiness probe's state, with Kubernetes'
// semantics (as in tilt-dev/probe's Worker, which Tilt uses):
//   - the first attempt runs initial_delay_secs after the server started,
//     then one every period_secs (a ticker: an attempt that overruns the
//     period is followed at once by the next, never by a backlog);
//   - an attempt that has not finished after timeout_secs is a failure;
//   - the status starts unknown and becomes success after
//     success_threshold consecutive successes, failure after
//     failure_threshold consecutive failures; the server is ready while
//     the status is success.
// Pure state and arithmetic on time points handed in, so it is tested
// without clocks or processes; the Executor runs the attempts.
#pragma once

#include <chrono>
#include <string>

#include "planner/plan.h"

namespace pitch::executor {

class ReadinessProbe {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Status { kUnknown, kSuccess, kFailure };

  ReadinessProbe(const planner::ProbeSpec& spec, Clock::time_point server_started);

  // When the next attempt is due (it may already be).
  Clock::time_point next_attempt() const { return next_; }
  // An attempt starts at `now`; returns the time it times out.
  Clock::time_point begin_attempt(Clock::time_point now);

  struct Recorded {
    bool changed = false;  // the status changed with this result
    // Worth showing people: a failure whose message differs from the
    // previous result's, every 10th of a run of identical failures, and a
    // success that made the probe ready. Other successes are not.
    bool notable = false;
  };
  Recorded record(bool success, std::string message);

  bool ready() const { return status_ == Status::kSuccess; }
  Status status() const { return status_; }
  int attempts() const { return attempts_; }
  // Consecutive results equal to the last one.
  int run_length() const { return run_; }
  bool last_success() const { return last_success_; }
  const std::string& last_message() const { return last_message_; }
  // For people: "no result yet", "last result: connection refused (3
  // failures in a row)", "last result: status 200".
  std::string describe() const;

 private:
  planner::ProbeSpec spec_;
  Clock::time_point next_;
  Status status_ = Status::kUnknown;
  int attempts_ = 0;
  int run_ = 0;
  bool last_success_ = false;
  std::string last_message_;
};

// What a probe checks, for people: "http://localhost:8000/",
// "tcp://localhost:5432", "exec: pg_isready -h localhost".
std::string describe_probe(const planner::ProbeSpec& spec);

}  // namespace pitch::executor
