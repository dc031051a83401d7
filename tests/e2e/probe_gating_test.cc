// End-to-end: readiness probes on real servers (loopback ports chosen free
// at run time) gate dependants, show why they fail, and time out.
// Ordering is checked from timestamps the processes record, never from
// pitch's own output; after each run no process of it may remain.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "tests/e2e/process_helpers.h"
#include "tests/support/run_pitch.h"
#include "tests/support/temp_dir.h"

namespace pitch::testing {
namespace {

using ::testing::HasSubstr;

// An HTTP server on argv[1] answering 503 to the first argv[2] requests,
// then 200; it stamps "web ok" at its first 200.
constexpr const char* kFlakyServerPy =
    "import http.server, sys, time, os\n"
    "port, fails = int(sys.argv[1]), int(sys.argv[2])\n"
    "count = [0]\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def do_GET(self):\n"
    "        count[0] += 1\n"
    "        code = 503 if count[0] <= fails else 200\n"
    "        if code == 200 and count[0] == fails + 1:\n"
    "            os.system('python3 stamp.py web ok')\n"
    "        self.send_response(code)\n"
    "        self.end_headers()\n"
    "        self.wfile.write(b'hi')\n"
    "    def log_message(self, *args):\n"
    "        pass\n"
    "http.server.HTTPServer(('127.0.0.1', port), H).serve_forever()\n";

// A TCP listener that starts listening after argv[2] seconds and stamps
// "db listening" when it does.
constexpr const char* kSlowTcpPy =
    "import socket, sys, time, os\n"
    "time.sleep(float(sys.argv[2]))\n"
    "s = socket.socket()\n"
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "s.bind(('127.0.0.1', int(sys.argv[1])))\n"
    "s.listen(16)\n"
    "os.system('python3 stamp.py db listening')\n"
    "while True:\n"
    "    c, _ = s.accept()\n"
    "    c.close()\n";

class ProbeE2E : public ::testing::Test {
 protected:
  TempDir dir;
  std::string marker = marker_env(::testing::UnitTest::GetInstance()->current_test_info()->name());

  void SetUp() override {
    dir.write("stamp.py", kStampPy);
    dir.write("flaky_server.py", kFlakyServerPy);
    dir.write("slow_tcp.py", kSlowTcpPy);
  }
  PitchOutput ci(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"ci", "--grace-period", "2s"});
    return run_pitch(args, dir.path(), {marker});
  }
  void TearDown() override {
    EXPECT_THAT(processes_with(marker), ::testing::IsEmpty()) << "processes outlived pitch";
    EXPECT_TRUE(groups_gone(dir.path() / "pids.txt"));
  }
};

TEST_F(ProbeE2E, HttpProbeGatesTheDependantUntilTheServerAnswers200) {
  int port = free_port();
  dir.write("Tiltfile",
            fmt::format("local_resource('web', serve_cmd='echo $$ >> pids.txt; exec python3 "
                        "flaky_server.py {0} 1',\n"
                        "  readiness_probe=probe(period_secs=1, http_get=http_get_action("
                        "port={0}, host='127.0.0.1', path='/health')))\n"
                        "local_resource('e2e', cmd='python3 stamp.py e2e start', "
                        "resource_deps=['web'])\n",
                        port));
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto t = read_times(dir.path());
  ASSERT_TRUE(t.count("web ok") && t.count("e2e start")) << r.out;
  EXPECT_GE(t["e2e start"], t["web ok"]) << "the dependant started before the probe succeeded";
  // The failures before it, and why.
  EXPECT_THAT(r.out, ::testing::ContainsRegex("web │ Readiness probe failed: (connection refused|"
                                              "status 503) \\(http://127.0.0.1:[0-9]+/health\\)"));
  EXPECT_THAT(r.out, HasSubstr("web │ Ready (readiness probe succeeded: status 200"));
}

TEST_F(ProbeE2E, TcpProbeWaitsForTheListenerAndSaysConnectionRefused) {
  int port = free_port();
  dir.write("Tiltfile",
            fmt::format("local_resource('db', serve_cmd='echo $$ >> pids.txt; exec python3 "
                        "slow_tcp.py {0} 0.5',\n"
                        "  readiness_probe=probe(period_secs=1, "
                        "tcp_socket=tcp_socket_action({0}, host='127.0.0.1')))\n"
                        "local_resource('app', cmd='python3 stamp.py app start', "
                        "resource_deps=['db'])\n",
                        port));
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto t = read_times(dir.path());
  ASSERT_TRUE(t.count("db listening") && t.count("app start")) << r.out;
  EXPECT_GT(t["app start"], t["db listening"]);
  EXPECT_THAT(r.out,
              HasSubstr("db │ Readiness probe failed: connection refused (tcp://127.0.0.1:"));
}

TEST_F(ProbeE2E, ExecProbeRunsInTheTiltfileDirectoryAndShowsItsExitCode) {
  dir.write("Tiltfile",
            "local_resource('worker', serve_cmd='echo $$ >> pids.txt; sleep 0.5; "
            "python3 stamp.py worker flagged; touch ready.flag; exec sleep 60',\n"
            "  serve_dir='sub',\n"
            "  readiness_probe=probe(period_secs=1, exec=exec_action(['test', '-f', "
            "'sub/ready.flag'])))\n"
            "local_resource('after', cmd='python3 stamp.py after start', "
            "resource_deps=['worker'])\n");
  dir.write("sub/stamp.py", kStampPy);
  auto r = ci();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto t = read_times(dir.path());
  auto sub = read_times(dir.path() / "sub");
  ASSERT_TRUE(sub.count("worker flagged") && t.count("after start")) << r.out;
  EXPECT_GT(t["after start"], sub["worker flagged"]);
  EXPECT_THAT(r.out, HasSubstr("worker │ Readiness probe failed: exit code 1 (exec: test -f "
                               "sub/ready.flag)"));
}

TEST_F(ProbeE2E, ReadinessTimeoutIsExit124NamingTheServerAndItsLastProbeResult) {
  int port = free_port();
  // ci_settings says 60s; the flag wins.
  dir.write("Tiltfile",
            fmt::format("ci_settings(readiness_timeout='60s')\n"
                        "local_resource('web', serve_cmd='echo $$ >> pids.txt; exec sleep 60',\n"
                        "  readiness_probe=probe(period_secs=1, http_get=http_get_action("
                        "port={0}, host='127.0.0.1')))\n"
                        "local_resource('e2e', cmd='true', resource_deps=['web'])\n",
                        port));
  auto start = std::chrono::steady_clock::now();
  auto r = ci({"--readiness-timeout", "1500ms"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
  EXPECT_EQ(r.exit_code, 124) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("TIMEOUT: 'web' was not ready within the readiness timeout (1.5s); "
                               "unfinished: web, e2e."));
  EXPECT_THAT(r.out, HasSubstr("not ready within the readiness timeout (1.5s): serve_cmd running"));
  EXPECT_THAT(r.out, HasSubstr("readiness probe: connection refused (2 failures in a row)"));
  EXPECT_THAT(r.out, HasSubstr("waiting on resource_deps: web (not ready: readiness probe: "
                               "connection refused"));
}

TEST_F(ProbeE2E, TiltfileReadinessTimeoutAppliesWithoutTheFlag) {
  int port = free_port();
  dir.write("Tiltfile",
            fmt::format("ci_settings(readiness_timeout='2500ms')\n"
                        "local_resource('web', serve_cmd='echo $$ >> pids.txt; exec python3 "
                        "flaky_server.py {0} 1000',\n"
                        "  readiness_probe=probe(period_secs=1, http_get=http_get_action("
                        "port={0}, host='127.0.0.1')))\n",
                        port));
  auto r = ci();
  EXPECT_EQ(r.exit_code, 124) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("'web' was not ready within the readiness timeout (2.5s)"));
  EXPECT_THAT(r.out, HasSubstr("status 503"));
}

TEST_F(ProbeE2E, ServerThatDiesBeforeReadyFailsTheRunWithItsOutput) {
  int port = free_port();
  dir.write("Tiltfile",
            fmt::format("local_resource('web', serve_cmd='echo $$ >> pids.txt; echo cannot "
                        "bind; exit 4',\n"
                        "  readiness_probe=probe(period_secs=1, initial_delay_secs=5, "
                        "http_get=http_get_action(port={0})))\n"
                        "local_resource('e2e', cmd='true', resource_deps=['web'])\n",
                        port));
  auto r = ci();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("ERROR: resource 'web' failed: serve_cmd exited with code 4 "
                               "before the run finished"));
  EXPECT_THAT(r.out, HasSubstr("Last 1 line of web:\nweb │ cannot bind\n"));
}

TEST_F(ProbeE2E, BundledWebappExampleGatesItsSmokeTestOnTheServersProbe) {
  const auto example = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() /
                       "examples" / "webapp";
  std::filesystem::copy(example, dir.path() / "webapp", std::filesystem::copy_options::recursive);
  auto r = run_pitch({"ci", "--grace-period", "2s"}, dir.path() / "webapp", {marker});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  size_t ready = r.out.find("server │ Ready (readiness probe succeeded: status 200");
  size_t smoke = r.out.find("smoke-test │ Running cmd");
  ASSERT_NE(ready, std::string::npos) << r.out;
  EXPECT_LT(ready, smoke);
  EXPECT_THAT(r.out, HasSubstr("smoke-test: http://127.0.0.1:8765/ serves the page"));
}

}  // namespace
}  // namespace pitch::testing
