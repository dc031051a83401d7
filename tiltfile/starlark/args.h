// tiltfile/starlark/args.h — unpacking builtin arguments.
//
// The equivalent of starlark-go's UnpackArgs, with its messages, so errors
// from our builtins and from host builtins (Tilt's API) read the same as in
// Tilt: "local_resource: unexpected keyword argument \"foo\"",
// "len: got 2 arguments, want 1".
#pragma once

#include <initializer_list>
#include <string_view>

#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/interpreter.h"

namespace pitch::starlark {

// A parameter: "name" is required, "name?" optional. Unset optional
// parameters leave *out untouched (callers pre-set defaults, or test ok()).
struct ParamSpec {
  std::string_view name;
  Value* out;
};

// Binds positional then keyword arguments to params, in order. As in the
// starlark-go Tilt pins, names that came from keywords are quoted in
// messages ("for parameter \"deps\""), positional ones are not.
bool unpack_args(Interpreter& in, std::string_view fn, const CallArgs& args,
                 std::initializer_list<ParamSpec> params);

// Positional-only: between min and outs.size() arguments, no keywords.
bool unpack_positional(Interpreter& in, std::string_view fn, const CallArgs& args, size_t min,
                       std::initializer_list<Value*> outs);

}  // namespace pitch::starlark
