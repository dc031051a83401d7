// base/subprocess.h — spawning commands and supervising them from one
// poll() loop, the way Ninja's SubprocessSet does.
//
// Every command runs in its own process group, stdin from /dev/null, stdout
// and stderr through non-blocking pipes that come back as lines (the partial
// last line included). Stopping signals the whole group: SIGTERM, then after
// a grace period SIGKILL. When a command's main process exits, whatever is
// left in its group is killed, and its exit is reported only after all of
// its output. pitch makes itself a child subreaper, so descendants that
// escape their group (setsid, double fork) are reparented to pitch and are
// killed and reaped too: no process outlives a SubprocessSet.
//
// Trade-offs: one thread, no callbacks: wait() hands back one event at a
// time, which keeps the caller a plain loop and easy to test. A
// SubprocessSet assumes it is the only code waiting for child processes
// while it exists (it reaps with waitpid(-1)), and it owns SIGINT, SIGTERM
// and SIGCHLD (reported as kInterrupted events). At most one may exist.
// Work done on other threads (network readiness checks) wakes the loop
// through a watched file descriptor (watch()), so the loop never blocks on
// anything but poll().
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "base/error.h"

namespace pitch {

// How a process ended: an exit code, or the signal that killed it.
struct ExitStatus {
  int code = 0;
  int signal = 0;  // non-zero when killed by a signal; code is then unused

  bool success() const { return signal == 0 && code == 0; }
  // "exit code 2", "killed by SIGTERM".
  std::string describe() const;
  static ExitStatus from_wait_status(int status);
  friend bool operator==(const ExitStatus&, const ExitStatus&) = default;
};

enum class OutputStream { kStdout, kStderr };

struct SpawnOptions {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  std::string dir;                // working directory; empty: pitch's own
  // Merged over pitch's own environment (these win).
  std::vector<std::pair<std::string, std::string>> env;
};

// Identifies a spawned process for as long as the set lives (never reused,
// unlike pids).
using ProcessId = uint64_t;

struct SubprocessEvent {
  enum class Kind {
    kLine,         // process, stream, line
    kExited,       // process, status; after the process's last line
    kInterrupted,  // pitch got SIGINT or SIGTERM (signal)
    kDeadline,     // the deadline passed with nothing else to report
    kReadable,     // a watched fd (fd) is readable; the caller must drain it
  };
  Kind kind = Kind::kDeadline;
  ProcessId process = 0;
  OutputStream stream = OutputStream::kStdout;
  std::string line;
  ExitStatus status;
  int signal = 0;
  int fd = -1;  // kReadable
};

class SubprocessSet {
 public:
  using Clock = std::chrono::steady_clock;

  SubprocessSet();
  // Kills everything still running (SIGKILL) and reaps it.
  ~SubprocessSet();
  SubprocessSet(const SubprocessSet&) = delete;
  SubprocessSet& operator=(const SubprocessSet&) = delete;

  // Starts a process in a new process group. Fails with kSpawn when the
  // program or the directory cannot be found or executed.
  Result<ProcessId> spawn(const SpawnOptions& options);

  // Blocks until there is something to report or `deadline` passes. While
  // it waits it also escalates stops whose grace period ran out.
  SubprocessEvent wait(Clock::time_point deadline = Clock::time_point::max());

  // Sends SIGTERM to the process's group now and SIGKILL once `grace` has
  // passed if it has not exited by then. Stopping twice keeps the earlier
  // SIGKILL time. Unknown or finished ids are ignored.
  void stop(ProcessId id, Millis grace);
  // stop() for every running process, and SIGTERM for orphaned descendants
  // (now, and for those orphaned later, when wait() first sees them), which
  // get SIGKILL once `grace` has passed since (or from kill_everything()).
  void stop_all(Millis grace);
  // Kills every running process group and every orphaned descendant with
  // SIGKILL now, and reaps them. Pending exit events are still delivered by
  // later wait() calls.
  void kill_everything();

  // Processes that have not yet been reported as exited.
  size_t running() const;
  // Descendants that escaped their process group and were reparented to
  // pitch (the subreaper), still alive.
  size_t orphans() const;

  // wait() also reports `fd` becoming readable (level-triggered: it is
  // reported again until drained or unwatched). The caller owns the fd.
  void watch(int fd);
  void unwatch(int fd);
  // The pid (and process group id) of a running process, or -1.
  pid_t pid(ProcessId id) const;

 private:
  struct Process;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pitch
