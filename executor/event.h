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
  kReady,         // the server is ready (no probe yet: as soon as it started)
  kSucceeded,     // a resource without serve_cmd finished its update
  kFailed,        // detail: what failed; status when a process exited
  kStopping,      // teardown: text says which process is being stopped
  kStopped,       // teardown: a stopped process exited; status
  kWarning,       // text: something went wrong that does not fail the run
};

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
