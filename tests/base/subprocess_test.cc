#include "base/subprocess.h"

#include "base/line_buffer.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace pitch {
namespace {

using Kind = SubprocessEvent::Kind;
using Clock = SubprocessSet::Clock;

struct Finished {
  std::vector<std::string> out;
  std::vector<std::string> err;
  ExitStatus status;
};

// Runs the set until `id` exits (bounded by 10s), collecting its lines.
Finished run_until_exit(SubprocessSet& set, ProcessId id) {
  Finished f;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  for (;;) {
    SubprocessEvent e = set.wait(deadline);
    if (e.kind == Kind::kDeadline) {
      ADD_FAILURE() << "process did not exit in time";
      return f;
    }
    if (e.process != id) continue;
    if (e.kind == Kind::kLine) {
      (e.stream == OutputStream::kStdout ? f.out : f.err).push_back(e.line);
    } else if (e.kind == Kind::kExited) {
      f.status = e.status;
      return f;
    }
  }
}

Finished run(SubprocessSet& set, SpawnOptions options) {
  auto id = set.spawn(options);
  EXPECT_TRUE(id.has_value()) << (id ? "" : id.error().message);
  if (!id) return {};
  return run_until_exit(set, *id);
}

SpawnOptions sh(std::string script) {
  return SpawnOptions{{"sh", "-c", std::move(script)}, "", {}};
}

bool alive(pid_t pid) { return kill(pid, 0) == 0; }

// True while the process exists and is not a zombie; waits up to 2s for it
// to stop running.
bool still_running(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t paren = text.rfind(')');
    if (paren == std::string::npos || text[paren + 2] == 'Z') return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

pid_t read_pid(const std::filesystem::path& file) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(file);
    pid_t pid = 0;
    if (in >> pid && pid > 0) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

TEST(LineBuffer, SplitsChunksIntoLinesAndKeepsThePartialTail) {
  LineBuffer b;
  EXPECT_EQ(b.append("one\ntw"), (std::vector<std::string>{"one"}));
  EXPECT_EQ(b.append("o\r\n\nthr"), (std::vector<std::string>{"two", ""}));
  EXPECT_EQ(b.finish(), (std::vector<std::string>{"thr"}));
  EXPECT_TRUE(b.finish().empty());
}

TEST(LineBuffer, CutsRunawayLines) {
  LineBuffer b;
  std::vector<std::string> lines = b.append(std::string(LineBuffer::kMaxLine + 5, 'x'));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].size(), LineBuffer::kMaxLine);
  EXPECT_EQ(b.finish(), (std::vector<std::string>{"xxxxx"}));
}

TEST(Subprocess, ReportsLinesAndExitCode) {
  SubprocessSet set;
  Finished f = run(set, sh("echo one; echo two >&2; echo three; exit 3"));
  EXPECT_EQ(f.out, (std::vector<std::string>{"one", "three"}));
  EXPECT_EQ(f.err, (std::vector<std::string>{"two"}));
  EXPECT_EQ(f.status.code, 3);
  EXPECT_EQ(f.status.signal, 0);
  EXPECT_FALSE(f.status.success());
  EXPECT_EQ(f.status.describe(), "exit code 3");
  EXPECT_EQ(set.running(), 0u);
}

TEST(Subprocess, CountsAProcessAsRunningUntilItsExitIsHandedOut) {
  SubprocessSet set;
  ASSERT_TRUE(set.spawn(sh("echo a; echo b; echo c")));
  for (;;) {
    SubprocessEvent e = set.wait(Clock::now() + std::chrono::seconds(5));
    ASSERT_NE(e.kind, Kind::kDeadline);
    if (e.kind == Kind::kExited) break;
    EXPECT_EQ(set.running(), 1u) << "after line " << e.line;
  }
  EXPECT_EQ(set.running(), 0u);
}

TEST(Subprocess, KeepsPartialLastLine) {
  SubprocessSet set;
  Finished f = run(set, sh("printf 'full\\npartial'"));
  EXPECT_EQ(f.out, (std::vector<std::string>{"full", "partial"}));
  EXPECT_TRUE(f.status.success());
}

TEST(Subprocess, LargeOutputOnBothStreamsDoesNotDeadlock) {
  SubprocessSet set;
  // 2 MB on each stream, far beyond a pipe's buffer, written interleaved.
  Finished f =
      run(set, sh("x=$(head -c 1000 /dev/zero | tr '\\0' x); y=$(echo $x | tr x y); i=0;"
                  " while [ $i -lt 20 ]; do yes $x | head -n 100; yes $y | head -n 100 >&2;"
                  " i=$((i+1)); done"));
  EXPECT_TRUE(f.status.success());
  ASSERT_EQ(f.out.size(), 2000u);
  ASSERT_EQ(f.err.size(), 2000u);
  EXPECT_EQ(f.out[0], std::string(1000, 'x'));
  EXPECT_EQ(f.err.back(), std::string(1000, 'y'));
}

TEST(Subprocess, ReportsSignalDeath) {
  SubprocessSet set;
  Finished f = run(set, sh("kill -9 $$"));
  EXPECT_EQ(f.status.signal, SIGKILL);
  EXPECT_EQ(f.status.describe(), "killed by SIGKILL");
}

TEST(Subprocess, AppliesEnvAndDir) {
  testing::TempDir dir;
  setenv("PITCH_SUBPROCESS_TEST_KEEP", "kept", 1);
  setenv("PITCH_SUBPROCESS_TEST_OVERRIDE", "old", 1);
  SubprocessSet set;
  SpawnOptions options =
      sh("pwd; echo $PITCH_SUBPROCESS_TEST_KEEP $PITCH_SUBPROCESS_TEST_OVERRIDE $NEW_ONE");
  options.dir = dir.path().string();
  options.env = {{"PITCH_SUBPROCESS_TEST_OVERRIDE", "new"}, {"NEW_ONE", "fresh"}};
  Finished f = run(set, options);
  EXPECT_EQ(f.out, (std::vector<std::string>{dir.path().string(), "kept new fresh"}));
}

TEST(Subprocess, StdinIsDevNull) {
  SubprocessSet set;
  Finished f = run(set, sh("cat; echo done"));
  EXPECT_EQ(f.out, (std::vector<std::string>{"done"}));
}

TEST(Subprocess, SpawnFailuresAreErrors) {
  SubprocessSet set;
  auto missing = set.spawn(SpawnOptions{{"/definitely/not/a/program"}, "", {}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kSpawn);
  EXPECT_NE(missing.error().message.find("/definitely/not/a/program"), std::string::npos);
  auto bad_dir = set.spawn(SpawnOptions{{"true"}, "/definitely/not/a/dir", {}});
  ASSERT_FALSE(bad_dir);
  EXPECT_NE(bad_dir.error().message.find("/definitely/not/a/dir"), std::string::npos);
}

TEST(Subprocess, ExitKillsTheRestOfTheGroupIncludingGrandchildren) {
  testing::TempDir dir;
  SubprocessSet set;
  // The grandchild (in the same group) would outlive its parent.
  Finished f = run(set, sh("sleep 30 & echo $! > " + (dir.path() / "pid").string() + "; exit 0"));
  EXPECT_TRUE(f.status.success());
  pid_t grandchild = read_pid(dir.path() / "pid");
  ASSERT_GT(grandchild, 0);
  EXPECT_FALSE(still_running(grandchild));  // killed when its parent exited
  set.kill_everything();                    // reaps the zombie (we are its subreaper)
  EXPECT_FALSE(alive(grandchild));
}

TEST(Subprocess, StopSignalsTheWholeGroup) {
  testing::TempDir dir;
  SubprocessSet set;
  auto id = set.spawn(sh("sleep 30 & echo $! > " + (dir.path() / "pid").string() + "; wait"));
  ASSERT_TRUE(id);
  pid_t grandchild = read_pid(dir.path() / "pid");
  ASSERT_GT(grandchild, 0);
  set.stop(*id, Millis(5000));
  Finished f = run_until_exit(set, *id);
  EXPECT_EQ(f.status.signal, SIGTERM);
  set.kill_everything();
  EXPECT_FALSE(alive(grandchild));
}

TEST(Subprocess, ChildIgnoringSigtermIsKilledAfterGrace) {
  SubprocessSet set;
  auto id = set.spawn(sh("trap '' TERM; echo ready; while :; do sleep 0.05; done"));
  ASSERT_TRUE(id);
  SubprocessEvent first = set.wait(Clock::now() + std::chrono::seconds(5));
  ASSERT_EQ(first.kind, Kind::kLine);  // the trap is installed
  auto start = Clock::now();
  set.stop(*id, Millis(300));
  Finished f = run_until_exit(set, *id);
  auto waited = Clock::now() - start;
  EXPECT_EQ(f.status.signal, SIGKILL);
  EXPECT_GE(waited, std::chrono::milliseconds(290));
  EXPECT_LT(waited, std::chrono::seconds(3));
}

TEST(Subprocess, OrphansThatLeaveTheGroupAreKilled) {
  testing::TempDir dir;
  pid_t escaped = -1;
  {
    SubprocessSet set;
    // setsid puts the sleeper in a new session and group: only the
    // subreaper sweep can find it.
    std::string pid_file = (dir.path() / "pid").string();
    Finished f = run(set, sh("setsid sh -c 'echo $$ > " + pid_file + ".tmp; mv " + pid_file +
                             ".tmp " + pid_file + "; exec sleep 30' & while [ ! -s " + pid_file +
                             " ]; do sleep 0.01; done"));
    EXPECT_TRUE(f.status.success());
    escaped = read_pid(dir.path() / "pid");
    ASSERT_GT(escaped, 0);
    EXPECT_TRUE(alive(escaped));
  }  // the destructor sweeps
  EXPECT_FALSE(alive(escaped));
}

TEST(Subprocess, DeadlinePassesWithNothingToReport) {
  SubprocessSet set;
  auto id = set.spawn(sh("sleep 30"));
  ASSERT_TRUE(id);
  auto start = Clock::now();
  SubprocessEvent e = set.wait(Clock::now() + std::chrono::milliseconds(100));
  EXPECT_EQ(e.kind, Kind::kDeadline);
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(95));
  EXPECT_EQ(set.running(), 1u);
}

TEST(Subprocess, SigintToPitchIsAnEvent) {
  SubprocessSet set;
  kill(getpid(), SIGINT);
  SubprocessEvent e = set.wait(Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(e.kind, Kind::kInterrupted);
  EXPECT_EQ(e.signal, SIGINT);
}

}  // namespace
}  // namespace pitch
