#include "base/net_check.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <string_view>

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

// Where one HTTP request goes. `target` is the path with its query.
struct HttpUrl {
  std::string scheme;
  std::string host;  // without brackets for IPv6
  int port = 0;
  std::string target = "/";
};

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

// "host", "host:8080", "[::1]:8080" into host and port; false when the port
// is not a number.
bool split_authority(std::string_view authority, std::string_view scheme, HttpUrl& url) {
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return false;
      port = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  url.port = default_port(scheme);
  if (port.empty()) return true;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9' || value > 65535) return false;
    value = value * 10 + (c - '0');
  }
  url.port = value;
  return true;
}

// A redirect's Location, resolved against the URL that answered with it
// (RFC 3986 reference resolution, without dot-segment removal). Empty
// optional when it cannot be understood.
std::optional<HttpUrl> resolve_location(const HttpUrl& base, std::string_view location) {
  if (size_t hash = location.find('#'); hash != std::string_view::npos) {
    location = location.substr(0, hash);
  }
  HttpUrl url = base;
  size_t colon = location.find(':');
  size_t delimiter = location.find_first_of("/?");
  if (colon != std::string_view::npos && colon > 0 && colon < delimiter) {
    std::string scheme(location.substr(0, colon));
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "http" && scheme != "https") return std::nullopt;
    url.scheme = scheme;
    location = location.substr(colon + 1);
    if (!location.starts_with("//")) return std::nullopt;
  }
  if (location.starts_with("//")) {
    location.remove_prefix(2);
    size_t end = location.find_first_of("/?");
    if (!split_authority(location.substr(0, end), url.scheme, url)) return std::nullopt;
    location = end == std::string_view::npos ? "" : location.substr(end);
    url.target = location.starts_with('/') ? std::string(location) : "/" + std::string(location);
    return url;
  }
  std::string_view base_path = std::string_view(base.target).substr(0, base.target.find('?'));
  if (location.empty()) {
    url.target = base.target;
  } else if (location.starts_with('/')) {
    url.target = std::string(location);
  } else if (location.starts_with('?')) {
    url.target = std::string(base_path) + std::string(location);
  } else {
    url.target = std::string(base_path.substr(0, base_path.rfind('/') + 1)) + std::string(location);
  }
  return url;
}

bool is_followed_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Why a request that got no response failed, in words.
std::string request_error(const HttpUrl& url, httplib::Error error, bool out_of_time,
                          Millis timeout) {
  switch (error) {
    case httplib::Error::Connection: {
      // httplib does not keep the reason; ask the socket directly.
      NetCheckResult direct = tcp_connect(url.host, url.port, timeout);
      return direct.success ? "could not connect" : direct.message;
    }
    case httplib::Error::ConnectionTimeout:
      return timed_out(timeout);
    case httplib::Error::Read:
      return out_of_time ? timed_out(timeout) : "connection closed without a response";
    default:
      return out_of_time ? timed_out(timeout) : httplib::to_string(error);
  }
}

std::string after_redirects(int redirects) {
  if (redirects == 0) return "";
  return fmt::format(" after {} redirect{}", redirects, redirects == 1 ? "" : "s");
}

// Like Kubernetes' prober (and so Tilt's): redirects to the same host name
// (any port or scheme) are followed, at most 10; a redirect elsewhere ends
// the check with its 3xx, which counts as success. The timeout bounds the
// whole chain.
NetCheckResult http_get(const NetCheck& check) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + check.timeout;
  HttpUrl url{check.scheme, check.host, check.port, check.path.empty() ? "/" : check.path};
  if (!url.target.starts_with('/')) url.target.insert(0, "/");
  for (int redirects = 0;; ++redirects) {
    const std::string host =
        url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    httplib::Client client(fmt::format("{}://{}:{}", url.scheme, host, url.port));
    if (!client.is_valid()) return {false, fmt::format("unsupported scheme '{}'", url.scheme)};
    const Millis left = std::max(Millis(1), std::chrono::ceil<Millis>(deadline - Clock::now()));
    client.set_connection_timeout(left);
    client.set_read_timeout(left);
    client.set_write_timeout(left);
    client.set_keep_alive(false);
    client.set_follow_location(false);
    client.enable_server_certificate_verification(false);
    httplib::Headers headers = {{"User-Agent", "pitch-probe/0.1"}, {"Accept", "*/*"}};
    httplib::Result res = client.Get(url.target, headers);
    if (!res) {
      return {false, request_error(url, res.error(), Clock::now() >= deadline, check.timeout)};
    }
    const int status = res->status;
    const std::string location = res->get_header_value("Location");
    if (is_followed_redirect(status) && !location.empty()) {
      std::optional<HttpUrl> next = resolve_location(url, location);
      if (!next)
        return {false, fmt::format("status {}: cannot follow Location '{}'", status, location)};
      if (next->host != check.host) {
        return {true, fmt::format("status {}{} (redirect to {} not followed: another host)", status,
                                  after_redirects(redirects), next->host)};
      }
      // Go's client refuses the 11th request of a chain.
      if (redirects + 1 >= 10) return {false, "stopped after 10 redirects"};
      if (Clock::now() >= deadline) return {false, timed_out(check.timeout)};
      url = *next;
      continue;
    }
    if (status >= 200 && status < 400) {
      return {true, fmt::format("status {}{}", status, after_redirects(redirects))};
    }
    return {false, fmt::format("status {}{}", status, after_redirects(redirects))};
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
