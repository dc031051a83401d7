// tiltfile/starlark/dialect.h — per-file language options.
//
// These mirror starlark-go's FileOptions so the conformance data (which
// turns them on per chunk with `option:NAME`) and Tiltfiles (which run with
// Tilt's choices) use one switch each. All are off in plain Starlark.
#pragma once

namespace pitch::starlark {

struct Dialect {
  bool set = false;                  // the `set` builtin may be used
  bool while_loops = false;          // `while` statements
  bool toplevel_control = false;     // if/for/while outside functions
  bool global_reassign = false;      // rebinding a global; top-level `+=`
  bool recursion = false;            // recursive calls (depth-capped)
  bool load_binds_globally = false;  // load() makes module globals

  // What tilt-dev/tilt turns on (internal/tiltfile/starkit).
  static Dialect tilt() {
    Dialect d;
    d.set = d.while_loops = d.toplevel_control = d.global_reassign = d.recursion = true;
    return d;
  }
};

}  // namespace pitch::starlark
