// tiltfile/live_update.h — the live_update steps: sync(), run(),
// fall_back_on(), restart_container(), initial_sync().
//
// Each call makes a step value and remembers it as unused; a
// live_update=[...] that takes it marks it used. Tilt's rules for the
// list: initial_sync at most once and first, fall_back_on steps before
// everything else, syncs before runs, restart_container last; at least one
// sync or run; sync destinations absolute. A step never used by any
// live_update is an error once the Tiltfile has run.
#pragma once

#include "tiltfile/container_state.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {

// live_update=: a step or sequence of steps (None/empty = no live update).
// False after in.fail() with Tilt's message, "live_update: " in front.
bool live_update_from_steps(starlark::Interpreter& in, ContainerState& state, starlark::Value steps,
                            const std::string& base_path, LiveUpdate* out);

}  // namespace pitch::tiltfile
