#include "base/net_check.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fmt/format.h>
#include <httplib.h>

namespace pitch {
namespace {

using Clock = std::chrono::steady_clock;

std::string timed_out(Millis timeout) { return "timed out after " + format_duration(timeout); }

std::string errno_message(int err) {
  switch (err) {
    case ECONNREFUSED:
      return "connection refused";
    case ECONNRESET:
      return "connection reset";
    case ENETUNREACH:
      return "network unreachable";
    case EHOSTUNREACH:
      return "host unreachable";
    default:
      return std::strerror(err);
  }
}

// Connects to one address within `deadline`; returns 0 or an errno value
// (ETIMEDOUT when the deadline passed).
int connect_one(const addrinfo& ai, Clock::time_point deadline) {
  int fd = socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) return errno;
  int err = 0;
  if (connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd p = {fd, POLLOUT, 0};
      for (;;) {
        auto left = std::chrono::ceil<Millis>(deadline - Clock::now()).count();
        int n = left > 0 ? poll(&p, 1, static_cast<int>(left)) : 0;
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          err = ETIMEDOUT;
          break;
        }
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        break;
      }
    }
  }
  close(fd);
  return err;
}

NetCheckResult tcp_connect(const std::string& host, int port, Millis timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return {false, fmt::format("cannot resolve {}: {}", host, gai_strerror(rc))};
  }
  // Like Go's dialer, try each address in turn and report the first error
  // (for "localhost", IPv4 and IPv6 both refusing is still "refused").
  int first_error = 0;
  for (addrinfo* ai = found; ai; ai = ai->ai_next) {
    int err = connect_one(*ai, deadline);
    if (err == 0) {
      freeaddrinfo(found);
      return {true, "connected"};
    }
    if (first_error == 0 || first_error == EAFNOSUPPORT) first_error = err;
    if (err == ETIMEDOUT) break;
  }
  freeaddrinfo(found);
  if (first_error == ETIMEDOUT) return {false, timed_out(timeout)};
  return {false, errno_message(first_error)};
}

NetCheckResult http_get(const NetCheck& check) {
  const Clock::time_point start = Clock::now();
  httplib::Client client(fmt::format("{}://{}:{}", check.scheme, check.host, check.port));
  if (!client.is_valid()) return {false, fmt::format("unsupported scheme '{}'", check.scheme)};
  client.set_connection_timeout(check.timeout);
  client.set_read_timeout(check.timeout);
  client.set_write_timeout(check.timeout);
  client.set_keep_alive(false);
  client.set_follow_location(false);
  client.enable_server_certificate_verification(false);
  httplib::Headers headers = {{"User-Agent", "pitch-probe/0.1"}, {"Accept", "*/*"}};
  httplib::Result res = client.Get(check.path, headers);
  if (res) {
    int status = res->status;
    if (status >= 200 && status < 300) return {true, fmt::format("status {}", status)};
    if (status >= 300 && status < 400) {
      return {true, fmt::format("status {} (redirect not followed)", status)};
    }
    return {false, fmt::format("status {}", status)};
  }
  const bool out_of_time = Clock::now() - start >= check.timeout;
  switch (res.error()) {
    case httplib::Error::Connection: {
      // httplib does not keep the reason; ask the socket directly.
      NetCheckResult direct = tcp_connect(check.host, check.port, check.timeout);
      return {false, direct.success ? "could not connect" : direct.message};
    }
    case httplib::Error::ConnectionTimeout:
      return {false, timed_out(check.timeout)};
    case httplib::Error::Read:
      return {false,
              out_of_time ? timed_out(check.timeout) : "connection closed without a response"};
    default:
      return {false, out_of_time ? timed_out(check.timeout) : httplib::to_string(res.error())};
  }
}

}  // namespace

std::string NetCheck::describe() const {
  if (kind == Kind::kTcp) return fmt::format("tcp://{}:{}", host, port);
  return fmt::format("{}://{}:{}{}", scheme, host, port, path);
}

NetCheckResult run_net_check(const NetCheck& check) {
  if (check.port <= 0 || check.port > 65535) {
    return {false, fmt::format("port number out of range: {}", check.port)};
  }
  if (check.kind == NetCheck::Kind::kTcp) return tcp_connect(check.host, check.port, check.timeout);
  return http_get(check);
}

}  // namespace pitch
