// read_yaml, read_yaml_stream, decode_yaml, decode_yaml_stream,
// encode_yaml, encode_yaml_stream (Tilt v0.32.4, encoding/yaml.go).
//
// Parsing goes through yaml-cpp; plain scalars are typed with YAML 1.1's
// rules as Go's yaml.v2 (under sigs.k8s.io/yaml) types them: yes/no/on/off
// are bools, integral numbers ints, other numbers floats, ~ and null None.
// Encoding writes what yaml.v2 writes: sorted keys, sequences at their
// key's indentation, strings quoted only when they would read back as
// something else.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "tiltfile/api.h"
#include "tiltfile/blob.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Type;
using starlark::Value;

enum class Scalar { kNull, kBool, kInt, kFloat, kString };

Scalar resolve(const std::string& s, bool* b, int64_t* i, double* f) {
  static const char* kNull[] = {"", "~", "null", "Null", "NULL"};
  static const char* kTrue[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                "True", "TRUE", "on",  "On",  "ON"};
  static const char* kFalse[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                 "False", "FALSE", "off", "Off", "OFF"};
  for (const char* n : kNull) {
    if (s == n) return Scalar::kNull;
  }
  for (const char* t : kTrue) {
    if (s == t) return *b = true, Scalar::kBool;
  }
  for (const char* t : kFalse) {
    if (s == t) return *b = false, Scalar::kBool;
  }
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf")
    return *f = INFINITY, Scalar::kFloat;
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return *f = -INFINITY, Scalar::kFloat;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return *f = NAN, Scalar::kFloat;
  const char* c = s.c_str();
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(c, &end, 0);
  if (end != c && *end == '\0' && errno == 0 &&
      s.find_first_of("0123456789") != std::string::npos) {
    *i = v;
    return Scalar::kInt;
  }
  if (s.find_first_of("0123456789") != std::string::npos &&
      s.find_first_of("xX") == std::string::npos) {
    double d = std::strtod(c, &end);
    if (end != c && *end == '\0') return *f = d, Scalar::kFloat;
  }
  return Scalar::kString;
}

Value from_yaml(Interpreter& in, const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return Value::none();
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!") return in.str(s);  // quoted
      bool b = false;
      int64_t i = 0;
      double f = 0;
      switch (resolve(s, &b, &i, &f)) {
        case Scalar::kNull:
          return Value::none();
        case Scalar::kBool:
          return Value::boolean(b);
        case Scalar::kInt:
          return Value::integer(i);
        case Scalar::kFloat:
          return Value::floating(f);
        case Scalar::kString:
          return in.str(s);
      }
      return in.str(s);
    }
    case YAML::NodeType::Sequence: {
      std::vector<Value> elems;
      for (const YAML::Node& e : n) elems.push_back(from_yaml(in, e));
      return in.heap().list(std::move(elems));
    }
    case YAML::NodeType::Map: {
      // Go maps come out of the JSON round trip sorted.
      std::map<std::string, YAML::Node> sorted;
      for (const auto& kv : n) sorted[kv.first.as<std::string>()] = kv.second;
      auto* d = in.heap().make<starlark::Dict>();
      for (const auto& [k, v] : sorted) starlark::dict_insert(in, *d, in.str(k), from_yaml(in, v));
      return Value(d);
    }
  }
  return Value::none();
}

// The documents of a YAML stream (empty ones dropped); false with *error.
bool parse_stream(Interpreter& in, const std::string& text, std::vector<Value>* out,
                  std::string* error) {
  try {
    for (const YAML::Node& doc : YAML::LoadAll(text)) {
      Value v = from_yaml(in, doc);
      if (!v.is_none()) out->push_back(v);
    }
  } catch (const YAML::Exception& e) {
    *error = fmt::format("yaml: line {}: {}", e.mark.line + 1, e.msg);
    return false;
  }
  return true;
}

bool needs_quotes(std::string_view s) {
  bool b;
  int64_t i;
  double f;
  if (resolve(std::string(s), &b, &i, &f) != Scalar::kString) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos)
    return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  if (s.back() == ':') return true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

std::string scalar_text(std::string_view s) {
  if (!needs_quotes(s)) return std::string(s);
  return starlark::quote(s);
}

bool emit(Value v, int indent, bool in_seq, std::string* out, std::string* error, int depth);

bool emit_scalar(Value v, std::string* out, std::string* error) {
  switch (v.type()) {
    case Type::kNone:
      *out += "null";
      return true;
    case Type::kBool:
      *out += v.as_bool() ? "true" : "false";
      return true;
    case Type::kInt:
      *out += std::to_string(v.as_int());
      return true;
    case Type::kFloat:
      *out += fmt::format("{}", v.as_float());
      return true;
    case Type::kString:
      *out += scalar_text(v.as<starlark::String>()->str());
      return true;
    default:
      *error =
          fmt::format("unable to convert from starlark value, unsupported type {}", go_type(v));
      return false;
  }
}

bool is_empty_collection(Value v) {
  return (v.type() == Type::kList && v.as<starlark::List>()->elems().empty()) ||
         (v.type() == Type::kDict && v.as<starlark::Dict>()->size() == 0);
}

// yaml.v2 block style. `indent` is the column of this node's lines.
bool emit(Value v, int indent, bool in_seq, std::string* out, std::string* error, int depth) {
  if (depth > 100) {
    *error = "nested too deeply";
    return false;
  }
  const std::string pad(static_cast<size_t>(indent), ' ');
  if (v.type() == Type::kDict && v.as<starlark::Dict>()->size() > 0) {
    std::map<std::string, Value> sorted;
    for (const auto& e : v.as<starlark::Dict>()->entries()) {
      if (!e.key.ok()) continue;
      if (!e.key.is_string()) {
        *error = fmt::format(
            "only string keys are supported in maps. found key '{}' of type {}",
            starlark::str(e.key),
            e.key.type() == Type::kInt ? "int64" : std::string(starlark::type_name(e.key)));
        return false;
      }
      sorted[std::string(e.key.as<starlark::String>()->str())] = e.value;
    }
    bool first = true;
    for (const auto& [k, val] : sorted) {
      if (!(first && in_seq)) *out += pad;
      first = false;
      *out += scalar_text(k) + ":";
      bool block =
          (val.type() == Type::kDict || val.type() == Type::kList) && !is_empty_collection(val);
      if (block) {
        *out += "\n";
        // Sequences sit at their key's column, maps one level in.
        if (!emit(val, val.type() == Type::kList ? indent : indent + 2, false, out, error,
                  depth + 1))
          return false;
      } else {
        *out += " ";
        if (is_empty_collection(val)) {
          *out += val.type() == Type::kList ? "[]" : "{}";
        } else if (!emit_scalar(val, out, error)) {
          return false;
        }
        *out += "\n";
      }
    }
    return true;
  }
  if (v.type() == Type::kList && !v.as<starlark::List>()->elems().empty()) {
    bool first = true;
    for (Value e : v.as<starlark::List>()->elems()) {
      if (!(first && in_seq)) *out += pad;
      first = false;
      *out += "- ";
      if ((e.type() == Type::kDict || e.type() == Type::kList) && !is_empty_collection(e)) {
        if (!emit(e, indent + 2, true, out, error, depth + 1)) return false;
      } else {
        if (is_empty_collection(e)) {
          *out += e.type() == Type::kList ? "[]" : "{}";
        } else if (!emit_scalar(e, out, error)) {
          return false;
        }
        *out += "\n";
      }
    }
    return true;
  }
  if (is_empty_collection(v)) {
    *out += v.type() == Type::kList ? "[]\n" : "{}\n";
    return true;
  }
  if (v.type() == Type::kTuple) {
    *error = fmt::format("unable to convert from starlark value, unsupported type {}", go_type(v));
    return false;
  }
  if (!emit_scalar(v, out, error)) return false;
  *out += "\n";
  return true;
}

bool to_yaml(Value v, std::string* out, std::string* error) {
  std::string err;
  if (!emit(v, 0, false, out, &err, 0)) {
    *error = "error converting object from starlark: " + err;
    return false;
  }
  return true;
}

bool read_text(Interpreter& in, TiltfileState& state, const std::string& path, std::string* out,
               bool* missing) {
  state.record_file(path);
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *missing = errno == ENOENT;
    in.failf("open {}: {}", path, *missing ? "no such file or directory" : std::strerror(errno));
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

Value stream_value(Interpreter& in, const std::string& text, const std::string& source,
                   bool single) {
  std::vector<Value> docs;
  std::string error;
  if (!parse_stream(in, text, &docs, &error)) {
    return in.failf("error parsing YAML{}: {}", source.empty() ? "" : " from " + source, error);
  }
  if (!single) return in.heap().list(std::move(docs));
  if (docs.empty()) return Value::none();
  if (docs.size() > 1) {
    return in.fail(
        "expected a yaml document but found a yaml stream (documents separated by `---`). use "
        "decode_yaml_stream instead to decode a yaml stream");
  }
  return docs[0];
}

Value read_yaml_impl(Interpreter& in, const CallArgs& args, TiltfileState& state, bool single) {
  const char* fn = single ? "read_yaml" : "read_yaml_stream";
  std::string path;
  Value def;
  if (!unpack(in, fn, args,
              {{"paths", to_local_path(state.exec_dir(), &path)}, {"default?", store(&def)}}))
    return Value();
  std::string text;
  bool missing = false;
  if (!read_text(in, state, path, &text, &missing)) {
    if (missing && def.ok()) {
      in.clear_error();
      return def;
    }
    return Value();
  }
  return stream_value(in, text, path, single);
}

Value decode_yaml_impl(Interpreter& in, const CallArgs& args, bool single) {
  std::string text;
  if (!unpack(in, single ? "decode_yaml" : "decode_yaml_stream", args,
              {{"yaml", to_stringable(&text)}}))
    return Value();
  return stream_value(in, text, "", single);
}

Value encode_yaml(Interpreter& in, const CallArgs& args) {
  Value obj;
  if (!unpack(in, "encode_yaml", args, {{"obj", store(&obj)}})) return Value();
  std::string out, error;
  if (!to_yaml(obj, &out, &error)) return in.fail(error);
  return Value(in.heap().make<Blob>(out, "encode_yaml"));
}

Value encode_yaml_stream(Interpreter& in, const CallArgs& args) {
  Value objs;
  if (!unpack(in, "encode_yaml_stream", args, {{"objs", to_list(&objs)}})) return Value();
  std::string out;
  bool first = true;
  for (Value v : objs.as<starlark::List>()->elems()) {
    if (!first) out += "---\n";
    first = false;
    std::string error;
    if (!to_yaml(v, &out, &error)) return in.fail(error);
  }
  return Value(in.heap().make<Blob>(out, "encode_yaml_stream"));
}

}  // namespace

void add_yaml_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  names["read_yaml"] = make_builtin(in, "read_yaml", [s](Interpreter& i, const CallArgs& a) {
    return read_yaml_impl(i, a, *s, true);
  });
  names["read_yaml_stream"] = make_builtin(
      in, "read_yaml_stream",
      [s](Interpreter& i, const CallArgs& a) { return read_yaml_impl(i, a, *s, false); });
  names["decode_yaml"] = make_builtin(in, "decode_yaml", [](Interpreter& i, const CallArgs& a) {
    return decode_yaml_impl(i, a, true);
  });
  names["decode_yaml_stream"] =
      make_builtin(in, "decode_yaml_stream",
                   [](Interpreter& i, const CallArgs& a) { return decode_yaml_impl(i, a, false); });
  names["encode_yaml"] = make_builtin(in, "encode_yaml", encode_yaml);
  names["encode_yaml_stream"] = make_builtin(in, "encode_yaml_stream", encode_yaml_stream);
}

}  // namespace pitch::tiltfile
