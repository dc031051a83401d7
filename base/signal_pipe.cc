#include "base/signal_pipe.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "base/check.h"

namespace pitch {
namespace {

// Written by the handler; -1 when no SignalPipe exists.
volatile sig_atomic_t g_write_fd = -1;

void on_signal(int signo) {
  int saved = errno;
  unsigned char byte = static_cast<unsigned char>(signo);
  // A full pipe means plenty of wake-ups are queued already: dropping is fine.
  [[maybe_unused]] ssize_t ignored = write(g_write_fd, &byte, 1);
  errno = saved;
}

}  // namespace

SignalPipe::SignalPipe(std::vector<int> signals) : signals_(std::move(signals)) {
  PITCH_CHECK(g_write_fd == -1);
  int fds[2];
  PITCH_CHECK(pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0);
  read_fd_ = fds[0];
  g_write_fd = fds[1];
  previous_.resize(signals_.size());
  for (size_t i = 0; i < signals_.size(); ++i) {
    struct sigaction action = {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    // SA_RESTART keeps unrelated blocking calls working; poll() still
    // returns EINTR, and the byte in the pipe wakes it regardless.
    action.sa_flags = SA_RESTART | (signals_[i] == SIGCHLD ? SA_NOCLDSTOP : 0);
    PITCH_CHECK(sigaction(signals_[i], &action, &previous_[i]) == 0);
  }
}

SignalPipe::~SignalPipe() {
  for (size_t i = 0; i < signals_.size(); ++i) sigaction(signals_[i], &previous_[i], nullptr);
  close(g_write_fd);
  g_write_fd = -1;
  close(read_fd_);
}

std::vector<int> SignalPipe::drain() {
  std::vector<int> arrived;
  unsigned char buf[64];
  for (;;) {
    ssize_t n = read(read_fd_, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) arrived.push_back(buf[i]);
  }
  return arrived;
}

}  // namespace pitch
