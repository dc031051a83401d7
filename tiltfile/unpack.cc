#include "tiltfile/unpack.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "tiltfile/blob.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/state.h"

namespace pitch::tiltfile {
namespace {

using starlark::Interpreter;
using starlark::Type;
using starlark::Value;

std::string_view S(Value v) { return v.as<starlark::String>()->str(); }

std::string fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// starlark-go's internal/spell levenshtein, quirks included (the common
// prefix is only removed when the strings differ within the shorter one).
int levenshtein(std::string x, std::string y, int max) {
  if (x.size() > y.size()) std::swap(x, y);
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != y[i]) {
      x = x.substr(i);
      y = y.substr(i);
      break;
    }
  }
  if (x.empty()) return static_cast<int>(y.size());
  int diff = static_cast<int>(y.size()) - static_cast<int>(x.size());
  if (diff > max) return diff;
  std::vector<int> row(y.size() + 1);
  for (size_t i = 0; i < row.size(); ++i) row[i] = static_cast<int>(i);
  for (size_t i = 1; i <= x.size(); ++i) {
    row[0] = static_cast<int>(i);
    int best = static_cast<int>(i);
    int prev = static_cast<int>(i) - 1;
    for (size_t j = 1; j <= y.size(); ++j) {
      int a = prev + (x[i - 1] != y[j - 1] ? 1 : 0);
      int b = 1 + row[j - 1];
      int c = 1 + row[j];
      int k = std::min(a, std::min(b, c));
      prev = row[j];
      row[j] = k;
      best = std::min(best, k);
    }
    if (best > max) return best;
  }
  return row[y.size()];
}

std::string nearest(std::string_view x, const std::vector<std::string>& candidates) {
  std::string fx = fold(x);
  std::string best;
  int best_d = static_cast<int>(fx.size() + 1) / 2;
  for (const std::string& c : candidates) {
    int d = levenshtein(fx, fold(c), best_d);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string bare(std::string_view name) {
  std::string n(name);
  while (!n.empty() && n.back() == '?') n.pop_back();
  return n;
}

bool is_int(Value v) { return v.type() == Type::kInt || v.type() == Type::kBigInt; }

}  // namespace

bool unpack(Interpreter& in, std::string_view fn, const starlark::CallArgs& args,
            const std::vector<Param>& params) {
  const size_t n = params.size();
  std::vector<bool> defined(n, false);
  auto convert = [&](size_t i, Value v, const std::string& shown) {
    if (!params[i].convert) return true;
    std::string error;
    if (params[i].convert(in, v, &error)) return true;
    if (!error.empty()) in.failf("{}: for parameter {}: {}", fn, shown, error);
    return false;
  };
  if (args.positional.size() > n) {
    in.failf("{}: got {} arguments, want at most {}", fn, args.positional.size(), n);
    return false;
  }
  for (size_t i = 0; i < args.positional.size(); ++i) {
    defined[i] = true;
    if (!convert(i, args.positional[i], bare(params[i].name))) return false;
  }
  for (const auto& [key, value] : args.named) {
    std::string_view k = S(key);
    size_t i = 0;
    while (i < n && bare(params[i].name) != k) ++i;
    if (i == n) {
      // starlark-go offers only the first half of the names (its loop
      // steps by two over the name/pointer pairs).
      std::vector<std::string> names;
      for (size_t j = 0; j < n; j += 2) names.push_back(bare(params[j / 2].name));
      std::string hint = nearest(k, names);
      in.failf("{}: unexpected keyword argument {}{}", fn, starlark::quote(k),
               hint.empty() ? "" : fmt::format(" (did you mean {}?)", hint));
      return false;
    }
    if (defined[i]) {
      in.failf("{}: got multiple values for keyword argument {}", fn, starlark::quote(k));
      return false;
    }
    defined[i] = true;
    if (!convert(i, value, starlark::quote(k))) return false;
  }
  for (size_t i = args.positional.size(); i < n; ++i) {
    if (params[i].name.back() == '?') break;
    if (!defined[i]) {
      in.failf("{}: missing argument for {}", fn, params[i].name);
      return false;
    }
  }
  return true;
}

std::string type_of(Value v) { return std::string(starlark::type_name(v)); }

std::string go_type(Value v) {
  switch (v.type()) {
    case Type::kNone:
      return "starlark.NoneType";
    case Type::kBool:
      return "starlark.Bool";
    case Type::kInt:
    case Type::kBigInt:
      return "starlark.Int";
    case Type::kFloat:
      return "starlark.Float";
    case Type::kString:
      return "starlark.String";
    case Type::kBytes:
      return "starlark.Bytes";
    case Type::kList:
      return "*starlark.List";
    case Type::kTuple:
      return "starlark.Tuple";
    case Type::kDict:
      return "*starlark.Dict";
    case Type::kSet:
      return "*starlark.Set";
    case Type::kRange:
      return "starlark.rangeValue";
    case Type::kFunction:
      return "*starlark.Function";
    case Type::kBuiltin:
      return "*starlark.Builtin";
    default:
      break;
  }
  std::string_view t = starlark::type_name(v);
  if (t == "Probe" || t == "ExecAction" || t == "HTTPGetAction" || t == "TCPSocketAction")
    return fmt::format("probe.{}", t);
  if (t == "blob") return "io.Blob";
  if (t == "struct") return "*starlarkstruct.Struct";
  if (t == "module") return "*starlarkstruct.Module";
  if (t == "TriggerMode") return "tiltfile.triggerMode";
  return fmt::format("*starlark.{}", t);
}

std::string go_value(Value v) { return starlark::repr(v); }

bool as_string(Value v, std::string* out) {
  if (v.is_string()) {
    *out = S(v);
    return true;
  }
  if (const Blob* b = as_blob(v)) {
    *out = b->text();
    return true;
  }
  return false;
}

ArgConverter store(Value* out) {
  return [out](Interpreter&, Value v, std::string*) {
    *out = v;
    return true;
  };
}

ArgConverter to_string(std::string* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (!v.is_string()) {
      *err = fmt::format("got {}, want string", type_of(v));
      return false;
    }
    *out = S(v);
    return true;
  };
}

ArgConverter to_bool(bool* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (v.type() != Type::kBool) {
      *err = fmt::format("got {}, want bool", type_of(v));
      return false;
    }
    *out = v.as_bool();
    return true;
  };
}

ArgConverter to_int(int64_t* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (!is_int(v)) {
      *err = fmt::format("got {}, want int", type_of(v));
      return false;
    }
    if (v.type() == Type::kBigInt) {
      *err = fmt::format("{} out of range (want value in signed 64-bit range)", starlark::repr(v));
      return false;
    }
    *out = v.as_int();
    return true;
  };
}

ArgConverter to_int32(int* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (!is_int(v)) {
      *err = fmt::format("got {}, want int", type_of(v));
      return false;
    }
    if (v.type() == Type::kBigInt || v.as_int() < std::numeric_limits<int32_t>::min() ||
        v.as_int() > std::numeric_limits<int32_t>::max()) {
      *err = fmt::format("value out of range for int32: {}", starlark::repr(v));
      return false;
    }
    *out = static_cast<int>(v.as_int());
    return true;
  };
}

bool is_sequence(Value v) {
  Type t = v.type();
  return t == Type::kList || t == Type::kTuple || t == Type::kDict || t == Type::kRange ||
         t == Type::kSet;
}

ArgConverter to_sequence(Value* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (!is_sequence(v)) {
      *err = fmt::format("got {}, want starlark.Sequence", type_of(v));
      return false;
    }
    *out = v;
    return true;
  };
}

ArgConverter to_list(Value* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (v.type() != Type::kList) {
      *err = fmt::format("got {}, want list", type_of(v));
      return false;
    }
    *out = v;
    return true;
  };
}

ArgConverter to_dict(Value* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (v.type() != Type::kDict) {
      *err = fmt::format("got {}, want dict", type_of(v));
      return false;
    }
    *out = v;
    return true;
  };
}

ArgConverter to_callable(Value* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    bool callable = v.type() == Type::kFunction || v.type() == Type::kBuiltin ||
                    (starlark::is_host(v) && starlark::as_host(v)->callable());
    if (!callable) {
      *err = fmt::format("got {}, want callable", type_of(v));
      return false;
    }
    *out = v;
    return true;
  };
}

ArgConverter to_stringable(std::string* out, bool* set) {
  return [out, set](Interpreter&, Value v, std::string* err) {
    if (!as_string(v, out)) {
      *err = fmt::format("Value should be convertible to string, but is type {}", type_of(v));
      return false;
    }
    if (set != nullptr) *set = true;
    return true;
  };
}

ArgConverter to_name(std::string* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    std::string s;
    if (!as_string(v, &s)) {
      *err = fmt::format("Value should be convertible to string, but is type {}", type_of(v));
      return false;
    }
    std::string problem;
    if (s == ".") {
      problem = "may not be '.'";
    } else if (s == "..") {
      problem = "may not be '..'";
    } else if (s.find('/') != std::string::npos) {
      problem = "may not contain '/'";
    } else if (s.find('%') != std::string::npos) {
      problem = "may not contain '%'";
    }
    if (!problem.empty()) {
      *err = fmt::format("invalid value {}: {}", starlark::quote(s), problem);
      return false;
    }
    *out = s;
    return true;
  };
}

namespace {

// value.ValueToAbsPath: starlark.AsString, so a Blob is not a path.
bool to_abs_path(Value v, const std::string& dir, std::string* out, std::string* err) {
  std::string s;
  if (!v.is_string() || !as_string(v, &s)) {
    *err = fmt::format("expected path | string. Actual type: {}", go_type(v));
    return false;
  }
  *out = abs_path(dir, s);
  return true;
}

}  // namespace

ArgConverter to_local_path(const std::string& dir, std::string* out, bool* set) {
  return [dir, out, set](Interpreter&, Value v, std::string* err) {
    if (!to_abs_path(v, dir, out, err)) return false;
    if (set != nullptr) *set = true;
    return true;
  };
}

ArgConverter to_local_paths(const std::string& dir, std::vector<std::string>* out) {
  return [dir, out](Interpreter& in, Value v, std::string* err) {
    std::string s;
    if (as_string(v, &s)) {
      std::string p;
      if (!to_abs_path(v, dir, &p, err)) return false;
      *out = {p};
      return true;
    }
    if (v.is_none()) return true;
    if (v.type() != Type::kList && v.type() != Type::kTuple) {
      *err = fmt::format("value should be a string or List or Tuple of strings, but is of type {}",
                         type_of(v));
      return false;
    }
    std::vector<Value> elems;
    starlark::iterate(in, v, elems);
    std::vector<std::string> paths;
    for (Value e : elems) {
      std::string p, e_err;
      if (!to_abs_path(e, dir, &p, &e_err)) {
        *err = fmt::format("unpacking list item at index {}: {}", paths.size(), e_err);
        return false;
      }
      paths.push_back(p);
    }
    *out = std::move(paths);
    return true;
  };
}

ArgConverter to_string_map(std::vector<std::pair<std::string, std::string>>* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    out->clear();
    if (v.is_none()) return true;
    if (v.type() != Type::kDict) {
      *err = fmt::format("expected dict, got {}", go_type(v));
      return false;
    }
    for (const starlark::Dict::Entry& e : v.as<starlark::Dict>()->entries()) {
      if (!e.key.ok()) continue;
      std::string k, val;
      if (!as_string(e.key, &k)) {
        *err = fmt::format("key is not a string: {} ({})", go_type(e.key), go_value(e.key));
        return false;
      }
      if (!as_string(e.value, &val)) {
        *err = fmt::format("value is not a string: {} ({})", go_type(e.value), go_value(e.value));
        return false;
      }
      out->emplace_back(k, val);
    }
    return true;
  };
}

namespace {

bool strings_of(Interpreter& in, Value v, const char* what, std::vector<std::string>* out,
                std::string* err) {
  std::vector<Value> elems;
  starlark::iterate(in, v, elems);
  for (Value e : elems) {
    std::string s;
    if (!as_string(e, &s)) {
      *err = fmt::format("{}, but element {} was of type {}", what,
                         starlark::quote(starlark::str(e)), type_of(e));
      return false;
    }
    out->push_back(s);
  }
  return true;
}

}  // namespace

ArgConverter to_string_or_list(std::vector<std::string>* out) {
  return [out](Interpreter& in, Value v, std::string* err) {
    out->clear();
    std::string s;
    if (as_string(v, &s)) {
      out->push_back(s);
      return true;
    }
    if (v.is_none()) return true;
    if (v.type() != Type::kList && v.type() != Type::kTuple) {
      *err = fmt::format("value should be a string or List or Tuple of strings, but is of type {}",
                         type_of(v));
      return false;
    }
    return strings_of(in, v, "list should contain only strings", out, err);
  };
}

ArgConverter to_string_list(std::vector<std::string>* out) {
  return [out](Interpreter& in, Value v, std::string* err) {
    out->clear();
    if (v.is_none()) return true;
    if (v.type() != Type::kList && v.type() != Type::kTuple) {
      *err =
          fmt::format("value should be a List or Tuple of strings, but is of type {}", type_of(v));
      return false;
    }
    return strings_of(in, v, "value should contain only strings", out, err);
  };
}

bool sequence_to_strings(Interpreter& in, Value seq, std::vector<std::string>* out,
                         std::string* error) {
  std::vector<Value> elems;
  starlark::iterate(in, seq, elems);
  for (Value e : elems) {
    if (!e.is_string()) {
      *error = fmt::format("'{}' is a {}, not a string", go_value(e), go_type(e));
      return false;
    }
    out->emplace_back(S(e));
  }
  return true;
}

ArgConverter to_string_sequence(std::vector<std::string>* out, bool* set) {
  return [out, set](Interpreter& in, Value v, std::string* err) {
    if (!is_sequence(v)) {
      *err = fmt::format("'{}' is a {}, not a sequence", go_value(v), go_type(v));
      return false;
    }
    out->clear();
    if (!sequence_to_strings(in, v, out, err)) return false;
    if (set != nullptr) *set = true;
    return true;
  };
}

bool parse_go_duration(std::string_view text, int64_t* nanos, std::string* error) {
  const std::string quoted = starlark::quote(text);
  auto invalid = [&] {
    *error = fmt::format("time: invalid duration {}", quoted);
    return false;
  };
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") {
    *nanos = 0;
    return true;
  }
  if (s.empty()) return invalid();
  double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || std::isdigit(static_cast<unsigned char>(s[0])))) return invalid();
    size_t i = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    size_t int_digits = i;
    size_t frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
      ++i;
      size_t start = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      frac_digits = i - start;
    }
    if (int_digits == 0 && frac_digits == 0) return invalid();
    double number = std::stod(std::string(s.substr(0, i)));
    s.remove_prefix(i);
    size_t u = 0;
    while (u < s.size() && s[u] != '.' && !std::isdigit(static_cast<unsigned char>(s[u]))) ++u;
    if (u == 0) {
      *error = fmt::format("time: missing unit in duration {}", quoted);
      return false;
    }
    std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    double scale = 0;
    if (unit == "ns") {
      scale = 1;
    } else if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") {
      scale = 1e3;
    } else if (unit == "ms") {
      scale = 1e6;
    } else if (unit == "s") {
      scale = 1e9;
    } else if (unit == "m") {
      scale = 60e9;
    } else if (unit == "h") {
      scale = 3600e9;
    } else {
      *error = fmt::format("time: unknown unit {} in duration {}", starlark::quote(unit), quoted);
      return false;
    }
    total += number * scale;
  }
  if (total > 9.2e18) return invalid();
  *nanos = static_cast<int64_t>(std::llround(neg ? -total : total));
  return true;
}

ArgConverter to_duration(Millis* out, bool* set) {
  return [out, set](Interpreter&, Value v, std::string* err) {
    std::string s;
    if (!as_string(v, &s)) {
      *err = fmt::format("Expected string. Got: {}", type_of(v));
      return false;
    }
    int64_t nanos = 0;
    if (!parse_go_duration(s, &nanos, err)) return false;
    *out = std::chrono::duration_cast<Millis>(std::chrono::nanoseconds(nanos));
    if (set != nullptr) *set = true;
    return true;
  };
}

std::vector<Value> value_or_sequence(Interpreter& in, Value v) {
  std::vector<Value> out;
  if (!v.ok() || v.is_none()) return out;
  if (is_sequence(v)) {
    starlark::iterate(in, v, out);
    return out;
  }
  out.push_back(v);
  return out;
}

}  // namespace pitch::tiltfile
