// tiltfile/encoding.h — JSON (and YAML) <-> Starlark values, as Tilt's
// internal/tiltfile/encoding converts them: JSON integers become ints,
// numbers with a fraction floats, objects dicts (keys sorted, as Go's
// maps come out of encoding/json), null None.
#pragma once

#include <string>

#include "tiltfile/starlark/interpreter.h"

namespace pitch::tiltfile {

// Parses one JSON document. False with *error set (Go-like text) when the
// text is not exactly one JSON value.
bool json_to_starlark(starlark::Interpreter& in, const std::string& text, starlark::Value* out,
                      std::string* error);

// encode_json's text: two-space indent, sorted keys, a final newline.
// False with *error set for values JSON cannot hold.
bool starlark_to_json(starlark::Value v, std::string* out, std::string* error);

}  // namespace pitch::tiltfile
