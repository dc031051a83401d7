// base/net_check.h — one-shot network checks for readiness probes: open a
// TCP connection, or send an HTTP(S) GET and judge the status code.
//
// Each check blocks its caller for at most about `timeout` (connect and
// read are each bounded by it), so callers run checks off their event loop
// (executor/ runs each on its own thread). The result says, in words a
// person can act on, why a check failed: "connection refused",
// "status 503", "timed out after 1s". Semantics follow Kubernetes' (and
// Tilt's) probers: HTTP 200-399 succeeds; redirects to the same host name
// are followed (at most 10, within the one timeout), a redirect to another
// host ends the check as a success; TLS certificates are not verified, no
// keep-alive.
// cpp-httplib stays behind net_check.cc.
#pragma once

#include <string>

#include "base/duration.h"

namespace pitch {

struct NetCheck {
  enum class Kind { kTcp, kHttpGet };
  Kind kind = Kind::kTcp;
  std::string host = "localhost";
  int port = 0;
  std::string scheme = "http";  // kHttpGet: "http" or "https"
  std::string path = "/";       // kHttpGet
  Millis timeout{1000};

  // "tcp://localhost:8080", "http://localhost:8080/healthz".
  std::string describe() const;
};

struct NetCheckResult {
  bool success = false;
  // Success: "status 200" / "connected". Failure: why, e.g.
  // "connection refused", "status 503", "timed out after 1s".
  std::string message;
};

NetCheckResult run_net_check(const NetCheck& check);

}  // namespace pitch
