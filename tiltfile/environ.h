// tiltfile/environ.h — os.environ: pitch's own environment seen as a dict.
//
// As in Tilt (internal/tiltfile/os/environ.go), it is a live view rather
// than a copy: `os.environ['K'] = 'v'` sets the variable for the rest of
// the evaluation, for local() and for the resources pitch starts, and reads
// see os.putenv's changes. It supports x[k], `k in x`, len(), iteration
// (the names), ==, and dict's methods clear, get, items, keys, pop,
// popitem, setdefault, update and values, with Tilt's messages. Every read
// is recorded as an input of the evaluation (a whole-environment read
// records every variable).
#pragma once

#include "tiltfile/starlark/value.h"

namespace pitch::starlark {
class Interpreter;
}

namespace pitch::tiltfile {

struct TiltfileState;

starlark::Value make_environ(starlark::Interpreter& in, TiltfileState& state);

}  // namespace pitch::tiltfile
