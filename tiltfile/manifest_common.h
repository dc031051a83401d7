// tiltfile/manifest_common.h — small value types every kind of resource
// in the Manifest shares (manifest.h, container_manifest.h).
#pragma once

#include <string>
#include <vector>

#include "base/error.h"

namespace pitch::tiltfile {

// A resource_deps entry with the position of the local_resource call that
// named it, so the planner can point at the line.
struct ResourceDepRef {
  std::string name;
  SourcePos pos;
};

// TRIGGER_MODE_AUTO / TRIGGER_MODE_MANUAL; kUnset defers to the Tiltfile's
// trigger_mode() (a resource) or means it was never called (the Tiltfile).
enum class TriggerMode { kUnset, kAuto, kManual };

// probe(...), as declared: 0 in a numeric field means "not given" (Tilt
// treats 0, and a negative initial delay, as "use the default").
struct ProbeDecl {
  enum class Kind { kExec, kHttpGet, kTcpSocket };
  Kind kind = Kind::kExec;
  std::vector<std::string> exec_command;  // exec_action(command)
  std::string host;                       // http_get / tcp_socket; "" = default
  int port = 0;
  std::string scheme;  // http_get: as given, "" = default
  std::string path;    // http_get: as given
  int initial_delay_secs = 0;
  int timeout_secs = 0;
  int period_secs = 0;
  int success_threshold = 0;
  int failure_threshold = 0;
};

// link(url, name) or a bare URL string; url already has Tilt's default
// scheme ("localhost:8000" stays, "example.com" becomes "http://example.com").
struct Link {
  std::string url;
  std::string name;
};

}  // namespace pitch::tiltfile
