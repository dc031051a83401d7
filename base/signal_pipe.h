// base/signal_pipe.h — delivers signals to a poll() loop (the self-pipe trick).
//
// While a SignalPipe exists, the listed signals are caught by a handler that
// only writes the signal number into a non-blocking pipe; the loop polls
// fd() and calls drain() to learn which signals arrived. The previous
// dispositions come back when it is destroyed. Signal handlers are
// process-wide, so at most one SignalPipe may exist at a time (checked).
// A pipe rather than signalfd: signalfd needs the signals blocked in every
// thread, and the block would leak into children unless undone at each spawn.
#pragma once

#include <csignal>
#include <vector>

namespace pitch {

class SignalPipe {
 public:
  explicit SignalPipe(std::vector<int> signals);
  ~SignalPipe();
  SignalPipe(const SignalPipe&) = delete;
  SignalPipe& operator=(const SignalPipe&) = delete;

  // Readable when a signal has arrived since the last drain().
  int fd() const { return read_fd_; }
  // The signals that arrived since the last call, in arrival order
  // (repeats kept). Never blocks.
  std::vector<int> drain();

 private:
  int read_fd_ = -1;
  std::vector<int> signals_;
  std::vector<struct sigaction> previous_;
};

}  // namespace pitch
