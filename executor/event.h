// executor/event.h — what happens during a run, as a stream of events.
//
// The executor reports through an EventSink and prints nothing itself;
// reporters (ci/: terminal lines, later JSON Lines, JUnit, a TTY status
// line) turn events into output. Events arrive on the executor's thread, in
// order, with the resource's index in the Plan.
#pragma once

#include <cstddef>
#include <string>

#include "base/duration.h"
#include "base/subprocess.h"

namespace pitch::executor {

enum class EventKind {
  kCmdStarted,    // text: the command; detail: why it runs
  kCmdSkipped,    // detail: why it is up to date
  kLog,           // text: one line of output; stream
  kCmdExited,     // status, duration: the cmd ended (either way)
  kServeStarted,  // text: the serve command
  kReady,         // the server is ready; detail: how it was judged ready
  kSucceeded,     // a resource without serve_cmd finished its update
  kFailed,        // detail: what failed; status when a process exited
  kStopping,      // teardown: text says which process is being stopped
  kStopped,       // teardown: a stopped process exited; status
  kWarning,       // text: something went wrong that does not fail the run
  // Readiness probes. Successes that change nothing are not reported.
  kProbeResult,  // text: the result ("connection refused", "status 200");
                 // detail: what was probed; status.code: 0 success, 1 failure
  kNotReady,     // a ready server's probe reached failure_threshold; text: why
  // Run-level events (resource == kNoResource).
  kHeartbeat,  // text: what is still pending and why; duration: elapsed
  kAllReady,   // pitch run: everything is up; servers keep running
};

// Event::resource of run-level events.
inline constexpr size_t kNoResource = static_cast<size_t>(-1);

struct Event {
  EventKind kind = EventKind::kLog;
  size_t resource = 0;
  std::string text;
  std::string detail;
  OutputStream stream = OutputStream::kStdout;
  ExitStatus status;
  Millis duration{0};
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& event) = 0;
};

}  // namespace pitch::executor
