// tiltfile/probe.h — probe(), exec_action(), http_get_action(),
// tcp_socket_action(): readiness probes for local_resource's serve_cmd.
//
// As in Tilt (internal/tiltfile/probe), each call returns a struct-like
// value with its own type name ("Probe", "ExecAction", ...) that prints
// its fields and carries the typed spec. Values are recorded as given;
// Kubernetes' defaults for the zero fields are the planner's to fill.
#pragma once

#include <optional>

#include "tiltfile/manifest.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {

// local_resource's readiness_probe: a Probe or None ("got T, want Probe").
ArgConverter to_probe(std::optional<ProbeDecl>* out);

}  // namespace pitch::tiltfile
