#include "base/net_check.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

#include "base/subprocess.h"

namespace pitch {
namespace {

// A socket listening on 127.0.0.1 (port chosen by the kernel) that
// accepts nothing unless told to answer with `reply`.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 8);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~Listener() {
    if (answer_.joinable()) answer_.join();
    close(fd_);
  }
  int port() const { return port_; }
  // Answers one connection with `reply` after reading the request.
  void answer_once(std::string reply) {
    answer_ = std::thread([this, reply] {
      int c = accept(fd_, nullptr, nullptr);
      char buf[4096];
      [[maybe_unused]] ssize_t n = read(c, buf, sizeof buf);
      [[maybe_unused]] ssize_t w = write(c, reply.data(), reply.size());
      close(c);
    });
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread answer_;
};

NetCheck http(int port, Millis timeout = Millis(2000)) {
  NetCheck c;
  c.kind = NetCheck::Kind::kHttpGet;
  c.host = "127.0.0.1";
  c.port = port;
  c.path = "/health";
  c.timeout = timeout;
  return c;
}

TEST(NetCheck, TcpConnectsOrSaysConnectionRefused) {
  int port = 0;
  {
    Listener l;
    port = l.port();
    NetCheck c;
    c.host = "127.0.0.1";
    c.port = port;
    NetCheckResult ok = run_net_check(c);
    EXPECT_TRUE(ok.success) << ok.message;
  }
  NetCheck c;
  c.host = "127.0.0.1";
  c.port = port;  // closed now
  NetCheckResult refused = run_net_check(c);
  EXPECT_FALSE(refused.success);
  EXPECT_EQ(refused.message, "connection refused");
  EXPECT_EQ(c.describe(), "tcp://127.0.0.1:" + std::to_string(port));
}

TEST(NetCheck, HttpJudgesTheStatusCode) {
  Listener ok;
  ok.answer_once("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(run_net_check(http(ok.port())).message, "status 204");

  Listener bad;
  bad.answer_once("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
  NetCheckResult r = run_net_check(http(bad.port()));
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.message, "status 503");

  Listener moved;
  moved.answer_once("HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(run_net_check(http(moved.port())).success);
}

TEST(NetCheck, HttpThatNeverAnswersTimesOutAndClosedPortIsRefused) {
  Listener silent;  // accepts into the backlog, never replies
  NetCheckResult r = run_net_check(http(silent.port(), Millis(200)));
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.message, "timed out after 200ms");
  NetCheckResult refused = run_net_check(http(1));  // nothing listens on port 1
  EXPECT_FALSE(refused.success);
  EXPECT_EQ(refused.message, "connection refused");
  EXPECT_EQ(http(8080).describe(), "http://127.0.0.1:8080/health");
}

TEST(SubprocessWatch, ReportsAWatchedFdAsReadable) {
  SubprocessSet set;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  set.watch(fds[0]);
  auto soon = SubprocessSet::Clock::now() + Millis(50);
  EXPECT_EQ(set.wait(soon).kind, SubprocessEvent::Kind::kDeadline);
  ASSERT_EQ(write(fds[1], "x", 1), 1);
  SubprocessEvent e = set.wait(SubprocessSet::Clock::now() + Millis(2000));
  EXPECT_EQ(e.kind, SubprocessEvent::Kind::kReadable);
  EXPECT_EQ(e.fd, fds[0]);
  set.unwatch(fds[0]);
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace pitch
