#include "base/net_check.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
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
  void answer_once(std::string reply) { answer({std::move(reply)}); }
  // Answers one connection per reply, in order; each request line is kept.
  void answer(std::vector<std::string> replies) {
    answer_ = std::thread([this, replies] {
      for (const std::string& reply : replies) {
        int c = accept(fd_, nullptr, nullptr);
        char buf[4096];
        ssize_t n = read(c, buf, sizeof buf);
        std::string request(buf, n > 0 ? n : 0);
        requests_.push_back(request.substr(0, request.find("\r\n")));
        [[maybe_unused]] ssize_t w = write(c, reply.data(), reply.size());
        close(c);
      }
    });
  }
  // The request lines answered ("GET /x HTTP/1.1"); read after the check.
  const std::vector<std::string>& requests() {
    if (answer_.joinable()) answer_.join();
    return requests_;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread answer_;
  std::vector<std::string> requests_;
};

std::string redirect_to(std::string_view location, int status = 302) {
  return fmt::format("HTTP/1.1 {} Moved\r\nLocation: {}\r\nContent-Length: 0\r\n\r\n", status,
                     location);
}

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

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

  Listener not_modified;  // a 3xx that is not a redirect counts as success
  not_modified.answer_once("HTTP/1.1 304 Not Modified\r\n\r\n");
  EXPECT_EQ(run_net_check(http(not_modified.port())).message, "status 304");
}

TEST(NetCheck, HttpFollowsRedirectsOnTheSameHostLikeKubernetes) {
  Listener l;
  l.answer({redirect_to("/ready?x=1"), redirect_to("next", 307), kOk});
  NetCheckResult r = run_net_check(http(l.port()));
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.message, "status 200 after 2 redirects");
  EXPECT_EQ(l.requests(),
            (std::vector<std::string>{"GET /health HTTP/1.1", "GET /ready?x=1 HTTP/1.1",
                                      "GET /next HTTP/1.1"}));
}

TEST(NetCheck, HttpRedirectToAnotherPortOfTheSameHostIsFollowed) {
  Listener target;
  target.answer_once("HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\n\r\n");
  Listener l;
  l.answer_once(redirect_to(fmt::format("http://127.0.0.1:{}/deep", target.port())));
  NetCheckResult r = run_net_check(http(l.port()));
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.message, "status 503 after 1 redirect");
  EXPECT_EQ(target.requests(), (std::vector<std::string>{"GET /deep HTTP/1.1"}));
}

TEST(NetCheck, HttpRedirectToAnotherHostIsNotFollowedAndSucceeds) {
  Listener l;
  l.answer_once(redirect_to("https://login.example.com/auth"));
  NetCheckResult r = run_net_check(http(l.port()));
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.message, "status 302 (redirect to login.example.com not followed: another host)");
}

TEST(NetCheck, HttpStopsAfterTenRedirects) {
  Listener l;
  l.answer(std::vector<std::string>(10, redirect_to("/loop")));
  NetCheckResult r = run_net_check(http(l.port()));
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.message, "stopped after 10 redirects");
  EXPECT_EQ(l.requests().size(), 10u);
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
