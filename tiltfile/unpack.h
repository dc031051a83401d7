// tiltfile/unpack.h — binding a Tilt builtin's arguments, with Tilt's
// conversions and messages.
//
// Tilt's builtins use starlark-go's UnpackArgs with typed destinations
// (bool, int, string, or "Unpacker" types from internal/tiltfile/value).
// Conversion happens while binding, so the first error is the first bad
// argument in binding order (positionals, then keywords in call order),
// and a parameter bound by keyword is quoted in the message ("for parameter
// \"deps\"") while a positional one is not. Unknown keywords get
// starlark-go's "(did you mean x?)" hint. This file reproduces all of that,
// so the Tilt layer's messages read word for word as Tilt's.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/interpreter.h"

namespace pitch::tiltfile {

// Converts one bound argument. On failure returns false with *error set to
// the text that follows "FN: for parameter NAME: ". A converter may also
// fail the interpreter itself (e.g. a nested call failed): it then returns
// false with *error empty.
using ArgConverter =
    std::function<bool(starlark::Interpreter&, starlark::Value, std::string* error)>;

struct Param {
  std::string name;  // "x" required, "x?" optional
  ArgConverter convert;
};

// Binds args to params as starlark-go's UnpackArgs does (see file comment).
// Returns false after in.fail().
bool unpack(starlark::Interpreter& in, std::string_view fn, const starlark::CallArgs& args,
            const std::vector<Param>& params);

// --- Go's names for Starlark values, as Tilt's messages print them ---

// Value.Type(): "string", "int", "NoneType", host type names.
std::string type_of(starlark::Value v);
// %T of the starlark-go value: "starlark.String", "*starlark.List".
std::string go_type(starlark::Value v);
// %v of the value: its String(), i.e. the repr.
std::string go_value(starlark::Value v);

// A string, or a Blob (Tilt's ImplicitStringer): true and *out set.
bool as_string(starlark::Value v, std::string* out);

// --- converters (starlark-go's built-in destinations) ---

ArgConverter store(starlark::Value* out);        // any value
ArgConverter to_string(std::string* out);        // "got T, want string"
ArgConverter to_bool(bool* out);                 // "got T, want bool"
ArgConverter to_int(int64_t* out);               // "got T, want int"
ArgConverter to_int32(int* out);                 // value.Int32
ArgConverter to_sequence(starlark::Value* out);  // "got T, want starlark.Sequence"
ArgConverter to_list(starlark::Value* out);      // "got T, want list"
ArgConverter to_dict(starlark::Value* out);      // "got T, want dict"
ArgConverter to_callable(starlark::Value* out);  // "got T, want callable"
ArgConverter to_stringable(std::string* out, bool* set = nullptr);  // value.Stringable

// --- converters for internal/tiltfile/value ---

// value.Name: a valid path segment.
ArgConverter to_name(std::string* out);
// value.LocalPathList: a string or list/tuple of strings, made absolute
// against `dir`; None leaves *out empty.
ArgConverter to_local_paths(const std::string& dir, std::vector<std::string>* out);
// value.LocalPath: one path made absolute against `dir`.
ArgConverter to_local_path(const std::string& dir, std::string* out, bool* set = nullptr);
// value.LabelSet: sorted, unique.
ArgConverter to_labels(std::vector<std::string>* out);
// value.StringStringMap, in the dict's order; None = empty.
ArgConverter to_string_map(std::vector<std::pair<std::string, std::string>>* out);
// value.StringOrStringList; None = empty.
ArgConverter to_string_or_list(std::vector<std::string>* out);
// value.StringList: list/tuple of strings; None = empty.
ArgConverter to_string_list(std::vector<std::string>* out);
// value.StringSequence: any sequence of strings ("'x' is a T, not a
// sequence").
ArgConverter to_string_sequence(std::vector<std::string>* out, bool* set = nullptr);
// value.Duration: a Go duration string ("Expected string. Got: int").
ArgConverter to_duration(Millis* out, bool* set = nullptr);

// Go's time.ParseDuration, with its messages (`time: invalid duration
// "x"`). Negative durations are allowed, as in Go.
bool parse_go_duration(std::string_view text, int64_t* nanos, std::string* error);

// The elements of a list or tuple, or one value; None/unset = none
// (value.ValueOrSequenceToSlice). Sequences are anything iterable that
// starlark-go calls a Sequence: list, tuple, dict, set, range.
std::vector<starlark::Value> value_or_sequence(starlark::Interpreter& in, starlark::Value v);
bool is_sequence(starlark::Value v);

// value.SequenceToStringSlice: "'1' is a starlark.Int, not a string".
bool sequence_to_strings(starlark::Interpreter& in, starlark::Value seq,
                         std::vector<std::string>* out, std::string* error);

}  // namespace pitch::tiltfile
