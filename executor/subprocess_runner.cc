#include "executor/subprocess_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <mutex>
#include <thread>
#include <utility>

#include "base/check.h"

namespace pitch::executor {

struct SubprocessRunner::CheckQueue {
  std::mutex mu;
  std::deque<std::pair<ProcessId, NetCheckResult>> done;
  int read_fd = -1;
  int write_fd = -1;

  CheckQueue() {
    int fds[2];
    PITCH_CHECK(pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0);
    read_fd = fds[0];
    write_fd = fds[1];
  }
  ~CheckQueue() {
    close(read_fd);
    close(write_fd);
  }
  void push(ProcessId id, NetCheckResult result) {
    {
      std::lock_guard lock(mu);
      done.emplace_back(id, std::move(result));
    }
    char byte = 1;
    // A full pipe already holds a wake-up.
    [[maybe_unused]] ssize_t ignored = write(write_fd, &byte, 1);
  }
};

SubprocessRunner::SubprocessRunner() : checks_(std::make_shared<CheckQueue>()) {
  set_.watch(checks_->read_fd);
}

SubprocessRunner::~SubprocessRunner() { set_.unwatch(checks_->read_fd); }

ProcessId SubprocessRunner::start_check(const NetCheck& check) {
  ProcessId id = next_check_id_++;
  std::thread([queue = checks_, check, id] { queue->push(id, run_net_check(check)); }).detach();
  return id;
}

void SubprocessRunner::collect_checks() {
  char buf[256];
  while (read(checks_->read_fd, buf, sizeof buf) > 0) {
  }
  std::lock_guard lock(checks_->mu);
  for (auto& [id, result] : checks_->done) {
    SubprocessEvent line;
    line.kind = SubprocessEvent::Kind::kLine;
    line.process = id;
    line.line = std::move(result.message);
    pending_.push_back(std::move(line));
    SubprocessEvent exit;
    exit.kind = SubprocessEvent::Kind::kExited;
    exit.process = id;
    exit.status.code = result.success ? 0 : 1;
    pending_.push_back(std::move(exit));
  }
  checks_->done.clear();
}

SubprocessEvent SubprocessRunner::wait(Clock::time_point deadline) {
  for (;;) {
    if (!pending_.empty()) {
      SubprocessEvent e = std::move(pending_.front());
      pending_.pop_front();
      return e;
    }
    SubprocessEvent e = set_.wait(deadline);
    if (e.kind != SubprocessEvent::Kind::kReadable || e.fd != checks_->read_fd) return e;
    collect_checks();
  }
}

}  // namespace pitch::executor
