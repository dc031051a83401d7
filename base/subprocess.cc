#include "base/subprocess.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "base/check.h"
#include "base/line_buffer.h"
#include "base/signal_pipe.h"

extern char** environ;

namespace pitch {

std::string ExitStatus::describe() const {
  if (signal == 0) return fmt::format("exit code {}", code);
  const char* abbrev = sigabbrev_np(signal);
  if (abbrev) return fmt::format("killed by SIG{}", abbrev);
  return fmt::format("killed by signal {}", signal);
}

ExitStatus ExitStatus::from_wait_status(int status) {
  ExitStatus s;
  if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
    s.code = 128 + s.signal;
  } else if (WIFEXITED(status)) {
    s.code = WEXITSTATUS(status);
  }
  return s;
}

namespace {

using Clock = SubprocessSet::Clock;

std::vector<std::string> merged_environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> env;
  std::unordered_map<std::string, size_t> index;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    index.emplace(entry.substr(0, entry.find('=')), env.size());
    env.push_back(std::move(entry));
  }
  for (const auto& [key, value] : overrides) {
    std::string entry = key + "=" + value;
    auto [it, inserted] = index.emplace(key, env.size());
    if (inserted) {
      env.push_back(std::move(entry));
    } else {
      env[it->second] = std::move(entry);
    }
  }
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& words) {
  std::vector<char*> out;
  for (std::string& w : words) out.push_back(w.data());
  out.push_back(nullptr);
  return out;
}

// The start of a /proc file; empty when it cannot be read (the process is
// gone).
std::string read_small_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  char buf[1024];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

// The pids whose parent is this process (including reparented orphans).
std::vector<pid_t> child_pids() {
  std::vector<pid_t> children;
  pid_t self = getpid();
  DIR* proc = opendir("/proc");
  if (!proc) return children;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    // open/read, not ifstream: a process that exits between the two makes
    // read() fail with ESRCH, which libstdc++'s filebuf turns into an
    // exception (fatal here: this runs from ~SubprocessSet).
    std::string text = read_small_file(fmt::format("/proc/{}/stat", pid));
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    size_t close_paren = text.rfind(')');
    if (close_paren == std::string::npos) continue;
    char state = 0;
    long ppid = 0;
    if (sscanf(text.c_str() + close_paren + 1, " %c %ld", &state, &ppid) == 2 && ppid == self) {
      children.push_back(static_cast<pid_t>(pid));
    }
  }
  closedir(proc);
  return children;
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

struct SubprocessSet::Process {
  ProcessId id = 0;
  pid_t pid = -1;
  int fds[2] = {-1, -1};  // stdout, stderr
  LineBuffer lines[2];
  std::optional<Clock::time_point> kill_at;
  bool killed = false;
};

struct SubprocessSet::Impl {
  SignalPipe signals{{SIGINT, SIGTERM, SIGCHLD}};
  std::vector<std::unique_ptr<Process>> processes;
  std::deque<SubprocessEvent> events;
  std::vector<int> watched;
  // Set by stop_all(): descendants that escape their group from then on
  // (reparented to us, the subreaper) get SIGTERM when first seen and
  // SIGKILL one grace period later.
  std::optional<Millis> orphan_grace;
  std::map<pid_t, Clock::time_point> orphan_kill_at;
  ProcessId next_id = 1;

  Process* find_pid(pid_t pid) {
    for (auto& p : processes) {
      if (p->pid == pid) return p.get();
    }
    return nullptr;
  }
  Process* find_id(ProcessId id) const {
    for (auto& p : processes) {
      if (p->id == id) return p.get();
    }
    return nullptr;
  }
  bool tracked(pid_t pid) { return find_pid(pid) != nullptr; }

  void push_lines(const Process& p, int stream, std::vector<std::string> lines) {
    for (std::string& line : lines) {
      SubprocessEvent e;
      e.kind = SubprocessEvent::Kind::kLine;
      e.process = p.id;
      e.stream = stream == 0 ? OutputStream::kStdout : OutputStream::kStderr;
      e.line = std::move(line);
      events.push_back(std::move(e));
    }
  }

  // Reads once from a stream; on EOF flushes the partial line and closes it.
  // Returns false when nothing more can be read right now.
  bool read_once(Process& p, int stream) {
    char buf[64 * 1024];
    ssize_t n = read(p.fds[stream], buf, sizeof buf);
    if (n > 0) {
      push_lines(p, stream, p.lines[stream].append(std::string_view(buf, n)));
      return true;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
    push_lines(p, stream, p.lines[stream].finish());
    close_fd(p.fds[stream]);
    return false;
  }

  // The main process has been reaped: take what is left in the pipes (the
  // group is dead, so only escaped descendants could still write, and we do
  // not wait for them), then report the exit.
  void finish(Process& p, ExitStatus status) {
    for (int stream = 0; stream < 2; ++stream) {
      while (p.fds[stream] >= 0 && read_once(p, stream)) {
      }
      if (p.fds[stream] >= 0) {
        push_lines(p, stream, p.lines[stream].finish());
        close_fd(p.fds[stream]);
      }
    }
    SubprocessEvent e;
    e.kind = SubprocessEvent::Kind::kExited;
    e.process = p.id;
    e.status = status;
    events.push_back(std::move(e));
    std::erase_if(processes, [&](const auto& q) { return q.get() == &p; });
  }

  // Reaps every child that has exited. WNOWAIT first, so a tracked process's
  // pid (= its group id) stays reserved while we kill the rest of its group.
  void reap(bool block_on_tracked = false) {
    for (;;) {
      siginfo_t info = {};
      int flags = WEXITED | WNOWAIT | (block_on_tracked && !processes.empty() ? 0 : WNOHANG);
      if (waitid(P_ALL, 0, &info, flags) != 0 || info.si_pid == 0) return;
      pid_t pid = info.si_pid;
      Process* p = find_pid(pid);
      if (p) kill(-pid, SIGKILL);
      int status = 0;
      if (waitpid(pid, &status, 0) != pid) continue;
      orphan_kill_at.erase(pid);
      if (p) finish(*p, ExitStatus::from_wait_status(status));
    }
  }

  void escalate(Clock::time_point now) {
    for (auto& p : processes) {
      if (p->kill_at && !p->killed && *p->kill_at <= now) {
        kill(-p->pid, SIGKILL);
        p->killed = true;
      }
    }
    if (!orphan_grace) return;
    for (pid_t orphan : child_pids()) {
      if (tracked(orphan) || orphan_kill_at.count(orphan)) continue;
      kill(orphan, SIGTERM);
      orphan_kill_at[orphan] = now + *orphan_grace;
    }
    for (const auto& [orphan, at] : orphan_kill_at) {
      if (at > now) continue;
      kill(orphan, SIGKILL);
      kill(-orphan, SIGKILL);  // the group it leads, if any
    }
  }

  std::optional<Clock::time_point> next_kill() const {
    std::optional<Clock::time_point> next;
    for (const auto& [orphan, at] : orphan_kill_at) {
      if (!next || at < *next) next = at;
    }
    for (auto& p : processes) {
      if (p->kill_at && !p->killed && (!next || *p->kill_at < *next)) next = p->kill_at;
    }
    return next;
  }

  void poll_once(Clock::time_point deadline) {
    Clock::time_point wake = deadline;
    if (auto k = next_kill(); k && *k < wake) wake = *k;
    int timeout_ms = -1;
    if (wake != Clock::time_point::max()) {
      auto left = std::chrono::ceil<Millis>(wake - Clock::now()).count();
      timeout_ms = static_cast<int>(std::clamp<int64_t>(left, 0, 24 * 3600 * 1000));
    }
    std::vector<pollfd> fds = {{signals.fd(), POLLIN, 0}};
    std::vector<std::pair<Process*, int>> owners = {{nullptr, 0}};
    for (int fd : watched) {
      fds.push_back({fd, POLLIN, 0});
      owners.emplace_back(nullptr, fd);
    }
    for (auto& p : processes) {
      for (int stream = 0; stream < 2; ++stream) {
        if (p->fds[stream] < 0) continue;
        fds.push_back({p->fds[stream], POLLIN, 0});
        owners.emplace_back(p.get(), stream);
      }
    }
    if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return;  // timeout or EINTR
    for (int sig : signals.drain()) {
      if (sig == SIGCHLD) continue;  // reap() runs on the next turn
      SubprocessEvent e;
      e.kind = SubprocessEvent::Kind::kInterrupted;
      e.signal = sig;
      events.push_back(e);
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      if (owners[i].first == nullptr) {
        SubprocessEvent e;
        e.kind = SubprocessEvent::Kind::kReadable;
        e.fd = owners[i].second;
        events.push_back(e);
        continue;
      }
      read_once(*owners[i].first, owners[i].second);
    }
  }
};

SubprocessSet::SubprocessSet() : impl_(std::make_unique<Impl>()) {
  // Orphans of our children (even ones that called setsid) are reparented
  // to us instead of init, so we can kill and reap them.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
}

SubprocessSet::~SubprocessSet() { kill_everything(); }

Result<ProcessId> SubprocessSet::spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return make_error(ErrorKind::kSpawn, "empty command");
  if (!options.dir.empty()) {
    struct stat st;
    if (::stat(options.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return make_error(ErrorKind::kSpawn,
                        fmt::format("working directory {} does not exist", options.dir));
    }
  }
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return make_error(ErrorKind::kSpawn, strerror(errno));
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return make_error(ErrorKind::kSpawn, strerror(errno));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (!options.dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.dir.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t set;
  sigemptyset(&set);
  posix_spawnattr_setsigmask(&attr, &set);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
  posix_spawnattr_setsigdefault(&attr, &set);

  std::vector<std::string> argv = options.argv;
  std::vector<std::string> env = merged_environment(options.env);
  std::vector<char*> c_argv = c_strings(argv);
  std::vector<char*> c_env = c_strings(env);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, c_argv[0], &actions, &attr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    return make_error(ErrorKind::kSpawn,
                      fmt::format("cannot run {}: {}", options.argv[0], strerror(rc)));
  }
  auto p = std::make_unique<Process>();
  p->id = impl_->next_id++;
  p->pid = pid;
  p->fds[0] = out[0];
  p->fds[1] = err[0];
  for (int fd : p->fds) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  ProcessId id = p->id;
  impl_->processes.push_back(std::move(p));
  return id;
}

SubprocessEvent SubprocessSet::wait(Clock::time_point deadline) {
  for (;;) {
    if (!impl_->events.empty()) {
      SubprocessEvent e = std::move(impl_->events.front());
      impl_->events.pop_front();
      return e;
    }
    impl_->reap();
    impl_->escalate(Clock::now());
    if (!impl_->events.empty()) continue;
    if (Clock::now() >= deadline) return SubprocessEvent{};
    impl_->poll_once(deadline);
  }
}

void SubprocessSet::stop(ProcessId id, Millis grace) {
  Process* p = impl_->find_id(id);
  if (!p) return;
  if (p->kill_at) return;
  kill(-p->pid, SIGTERM);
  p->kill_at = Clock::now() + grace;
}

void SubprocessSet::stop_all(Millis grace) {
  for (auto& p : impl_->processes) stop(p->id, grace);
  // Orphans get the same grace period as the groups they escaped from,
  // counted from when they are first seen (now, or when their parent dies).
  impl_->orphan_grace = grace;
  impl_->escalate(Clock::now());
}

void SubprocessSet::kill_everything() {
  for (auto& p : impl_->processes) {
    kill(-p->pid, SIGKILL);
    p->killed = true;
  }
  impl_->reap(/*block_on_tracked=*/true);
  // Orphans: descendants that left their group were reparented to us (we
  // are a subreaper). Killing one can orphan its own children, so repeat
  // until none are left; the bound only guards against a fork bomb.
  for (int round = 0; round < 100; ++round) {
    std::vector<pid_t> orphans = child_pids();
    if (orphans.empty()) break;
    for (pid_t orphan : orphans) {
      kill(orphan, SIGKILL);
      kill(-orphan, SIGKILL);  // the group it leads, if any (ESRCH otherwise)
    }
    for (pid_t orphan : orphans) waitpid(orphan, nullptr, 0);
  }
}

size_t SubprocessSet::running() const {
  // A process whose exit is queued but not yet handed out still counts.
  size_t queued_exits =
      std::count_if(impl_->events.begin(), impl_->events.end(),
                    [](const auto& e) { return e.kind == SubprocessEvent::Kind::kExited; });
  return impl_->processes.size() + queued_exits;
}

size_t SubprocessSet::orphans() const {
  size_t n = 0;
  for (pid_t child : child_pids()) n += !impl_->tracked(child);
  return n;
}

void SubprocessSet::watch(int fd) { impl_->watched.push_back(fd); }

void SubprocessSet::unwatch(int fd) { std::erase(impl_->watched, fd); }

pid_t SubprocessSet::pid(ProcessId id) const {
  Process* p = impl_->find_id(id);
  return p ? p->pid : -1;
}

}  // namespace pitch
