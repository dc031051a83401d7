// tests/e2e/process_helpers.h — what the run and probe end-to-end tests
// share: free loopback ports, a marker in the environment to find every
// process a run started, timestamps the commands record, and running
// pitch in the background (to interrupt it) or under a pseudo-terminal.
#pragma once

#include <netinet/in.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/run_pitch.h"

namespace pitch::testing {

// A TCP port on 127.0.0.1 nobody listens on right now (bound to port 0,
// then released).
inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A marker unique to this test process and `tag`, as "PITCH_E2E_MARKER=...".
inline std::string marker_env(const std::string& tag) {
  return "PITCH_E2E_MARKER=" + std::to_string(getpid()) + "-" + tag;
}

// Live (non-zombie) processes with `marker` ("K=V") in their environment.
inline std::vector<pid_t> processes_with(const std::string& marker) {
  std::vector<pid_t> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream env(entry.path() / "environ");
    std::string text((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
    if (text.find(marker + '\0') == std::string::npos &&
        !(text.size() >= marker.size() && text.ends_with(marker))) {
      continue;
    }
    std::ifstream stat(entry.path() / "stat");
    std::string s((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t paren = s.rfind(')');
    if (paren != std::string::npos && paren + 2 < s.size() && s[paren + 2] != 'Z') {
      found.push_back(std::stoi(name));
    }
  }
  return found;
}

// Every process group whose leader's pid is listed in `file` (one per line,
// written by the commands) is gone.
inline bool groups_gone(const std::filesystem::path& file) {
  std::ifstream in(file);
  for (pid_t pgid; in >> pgid;) {
    if (kill(-pgid, 0) == 0) return false;
  }
  return true;
}

// Each command appends "<name> <what> <unix time>" to times.log through
// this script: `python3 stamp.py NAME WHAT`.
constexpr const char* kStampPy =
    "import sys, time\n"
    "with open('times.log', 'a') as f:\n"
    "    f.write('%s %s %f\\n' % (sys.argv[1], sys.argv[2], time.time()))\n";

// "<name> <what>" -> the first time recorded.
inline std::map<std::string, double> read_times(const std::filesystem::path& dir) {
  std::map<std::string, double> t;
  std::ifstream in(dir / "times.log");
  for (std::string name, what; in >> name >> what;) {
    double when = 0;
    in >> when;
    t.emplace(name + " " + what, when);
  }
  return t;
}

// pitch running in the background, its output going to a file.
class BackgroundPitch {
 public:
  BackgroundPitch(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                  const std::vector<std::string>& extra_env = {})
      : log_(cwd / "pitch.out") {
    std::string binary = pitch_binary();
    std::vector<std::string> argv = {binary};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      FILE* out = fopen(log_.c_str(), "w");
      dup2(fileno(out), 1);
      dup2(fileno(out), 2);
      if (chdir(cwd.c_str()) != 0) _exit(126);
      for (const auto& e : extra_env) putenv(strdup(e.c_str()));
      std::vector<char*> c;
      for (auto& a : argv) c.push_back(a.data());
      c.push_back(nullptr);
      execv(binary.c_str(), c.data());
      _exit(127);
    }
  }
  ~BackgroundPitch() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::string output() const {
    std::ifstream in(log_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  // Waits (up to `limit`) until the output contains `text`.
  bool wait_for(const std::string& text, std::chrono::seconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (output().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  void signal(int sig) { kill(pid_, sig); }
  // The exit code (128 + signal when killed), waiting up to `limit`.
  int wait_exit(std::chrono::seconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "pitch did not exit";
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

// Runs pitch on a pseudo-terminal (so it sees a TTY) and returns all it
// wrote and its exit code.
inline std::pair<std::string, int> run_on_pty(const std::vector<std::string>& args,
                                              const std::filesystem::path& cwd,
                                              const std::vector<std::string>& extra_env = {}) {
  std::string binary = pitch_binary();
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  int master = -1;
  winsize size = {};
  size.ws_col = 100;
  size.ws_row = 30;
  pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto& e : extra_env) putenv(strdup(e.c_str()));
    std::vector<char*> c;
    for (auto& a : argv) c.push_back(a.data());
    c.push_back(nullptr);
    execv(binary.c_str(), c.data());
    _exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child side closed
    out.append(buf, static_cast<size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

}  // namespace pitch::testing
