#include "tiltfile/encoding.h"

#include <fmt/format.h>

#include <sstream>

#include <nlohmann/json.hpp>

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
using Json = nlohmann::json;

Value from_json(Interpreter& in, const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return Value::none();
    case Json::value_t::boolean:
      return Value::boolean(j.get<bool>());
    case Json::value_t::number_integer:
      return Value::integer(j.get<int64_t>());
    case Json::value_t::number_unsigned:
      return Value::integer(static_cast<int64_t>(j.get<uint64_t>()));
    case Json::value_t::number_float:
      return Value::floating(j.get<double>());
    case Json::value_t::string:
      return in.str(j.get<std::string>());
    case Json::value_t::array: {
      std::vector<Value> elems;
      for (const Json& e : j) elems.push_back(from_json(in, e));
      return in.heap().list(std::move(elems));
    }
    case Json::value_t::object: {
      auto* d = in.heap().make<starlark::Dict>();
      for (auto it = j.begin(); it != j.end(); ++it)
        starlark::dict_insert(in, *d, in.str(it.key()), from_json(in, it.value()));
      return Value(d);
    }
    default:
      return Value::none();
  }
}

bool to_json(Value v, Json* out, std::string* error, int depth = 0) {
  if (depth > 100) {
    *error = "unable to convert from starlark value: nested too deeply";
    return false;
  }
  switch (v.type()) {
    case Type::kNone:
      *out = nullptr;
      return true;
    case Type::kBool:
      *out = v.as_bool();
      return true;
    case Type::kInt:
      *out = v.as_int();
      return true;
    case Type::kFloat:
      *out = v.as_float();
      return true;
    case Type::kString:
      *out = v.as<starlark::String>()->str();
      return true;
    case Type::kList:
    case Type::kTuple: {
      if (v.type() == Type::kTuple) break;
      *out = Json::array();
      for (Value e : v.as<starlark::List>()->elems()) {
        Json j;
        if (!to_json(e, &j, error, depth + 1)) return false;
        out->push_back(std::move(j));
      }
      return true;
    }
    case Type::kDict: {
      *out = Json::object();
      for (const starlark::Dict::Entry& e : v.as<starlark::Dict>()->entries()) {
        if (!e.key.ok()) continue;
        if (!e.key.is_string()) {
          *error = fmt::format(
              "only string keys are supported in maps. found key '{}' of type {}",
              starlark::str(e.key),
              e.key.type() == Type::kInt ? "int64" : std::string(starlark::type_name(e.key)));
          return false;
        }
        Json j;
        if (!to_json(e.value, &j, error, depth + 1)) return false;
        (*out)[e.key.as<starlark::String>()->str()] = std::move(j);
      }
      return true;
    }
    default:
      break;
  }
  *error = fmt::format("unable to convert from starlark value, unsupported type {}", go_type(v));
  return false;
}

// Go's encoding/json escapes these for HTML safety.
std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

Value decode_json(Interpreter& in, const CallArgs& args) {
  std::string text;
  if (!unpack(in, "decode_json", args, {{"json", to_stringable(&text)}})) return Value();
  Value out;
  std::string error;
  if (!json_to_starlark(in, text, &out, &error)) return in.failf("error parsing JSON: {}", error);
  return out;
}

Value encode_json(Interpreter& in, const CallArgs& args) {
  Value obj;
  if (!unpack(in, "encode_json", args, {{"obj", store(&obj)}})) return Value();
  std::string out, error;
  if (!starlark_to_json(obj, &out, &error))
    return in.failf("error converting object from starlark: {}", error);
  return in.str(out);
}

}  // namespace

bool json_to_starlark(Interpreter& in, const std::string& text, Value* out, std::string* error) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) {
      *error = "unexpected end of JSON input";
      return false;
    }
    char c = text[start];
    if (std::string_view("{[\"-0123456789tfn").find(c) == std::string_view::npos) {
      *error = fmt::format("invalid character '{}' looking for beginning of value", c);
      return false;
    }
    // Tell "several values" apart from "not JSON": the first value alone
    // parses.
    try {
      std::istringstream stream(text);
      Json first;
      stream >> first;
      *error = "found multiple JSON values";
    } catch (const Json::exception& e) {
      std::string what = e.what();
      size_t colon = what.find("] ");
      *error = colon == std::string::npos ? what : what.substr(colon + 2);
    }
    return false;
  }
  *out = from_json(in, j);
  return true;
}

bool starlark_to_json(Value v, std::string* out, std::string* error) {
  Json j;
  if (!to_json(v, &j, error)) return false;
  *out = html_escape(j.dump(2)) + "\n";
  return true;
}

void add_encoding_api(Interpreter& in, TiltfileState&, Predeclared& names) {
  names["decode_json"] = make_builtin(in, "decode_json", decode_json);
  names["encode_json"] = make_builtin(in, "encode_json", encode_json);
}

}  // namespace pitch::tiltfile
