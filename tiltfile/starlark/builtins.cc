// The universal builtins (len, str, sorted, ...). Messages follow
// starlark-go's library.go wording.
#include "tiltfile/starlark/builtins.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/bigint.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/spell.h"
#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {
namespace {

using Fn = Value (*)(Interpreter&, const CallArgs&);

Value builtin_len(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "len", args, 1, {&x})) return Value();
  int64_t n = length(x);
  if (n < 0) return in.failf("len: value of type {} has no len", type_name(x));
  return Value::integer(n);
}

Value builtin_str(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "str", args, 1, {&x})) return Value();
  return x.is_string() ? x : in.str(str(x));
}

Value builtin_repr(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "repr", args, 1, {&x})) return Value();
  return in.str(repr(x));
}

Value builtin_bool(Interpreter& in, const CallArgs& args) {
  Value x = Value::boolean(false);
  if (!unpack_positional(in, "bool", args, 0, {&x})) return Value();
  return Value::boolean(truth(x));
}

// starlark-go's parseInt: optional sign, then a base prefix matching the
// base (or any with base 0), then digits. Value() when invalid.
Value parse_int(Interpreter& in, std::string_view s, int base) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.size() > 1 && s[0] == '0') {
    int prefix = 0;
    if (s.size() > 2) {
      char c = static_cast<char>(s[1] | 0x20);
      prefix = c == 'o' ? 8 : c == 'x' ? 16 : c == 'b' ? 2 : 0;
    }
    if (prefix != 0) {
      if (base == 0 || base == prefix) {
        base = prefix;
        s.remove_prefix(2);
      }
    } else if (base == 0) {
      if (s.find_first_not_of('0') != std::string_view::npos) return Value();
      return Value::integer(0);
    }
  }
  if (base == 0) base = 10;
  if (s.empty()) return Value();
  return int_parse(in, s, base, neg);
}

Value builtin_int(Interpreter& in, const CallArgs& args) {
  Value x, base;
  if (!unpack_args(in, "int", args, {{"x", &x}, {"base?", &base}})) return Value();
  if (x.is_string()) {
    int64_t b = 10;
    if (base.ok() && !to_int(in, base, &b, "int: for base, ")) return Value();
    if (b != 0 && (b < 2 || b > 36)) return in.fail("int: base must be an integer >= 2 && <= 36");
    std::string_view s = x.as<String>()->str();
    Value v = parse_int(in, s, static_cast<int>(b));
    if (!v.ok()) return in.failf("int: invalid literal with base {}: {}", b, s);
    return v;
  }
  if (base.ok()) return in.fail("int: can't convert non-string with explicit base");
  switch (x.type()) {
    case Type::kInt:
    case Type::kBigInt:
      return x;
    case Type::kBool:
      return Value::integer(x.as_bool() ? 1 : 0);
    case Type::kFloat: {
      double f = x.as_float();
      if (std::isnan(f)) return in.fail("int: cannot convert float NaN to integer");
      if (std::isinf(f)) return in.fail("int: cannot convert float infinity to integer");
      return int_from_double(in, std::trunc(f));
    }
    default:
      return in.failf("int: cannot convert {} to int", type_name(x));
  }
}

bool equal_fold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

Value builtin_float(Interpreter& in, const CallArgs& args) {
  if (!args.named.empty()) return in.fail("float does not accept keyword arguments");
  if (args.positional.empty()) return Value::floating(0);
  if (args.positional.size() != 1)
    return in.failf("float got {} arguments, wants 1", args.positional.size());
  Value x = args.positional[0];
  switch (x.type()) {
    case Type::kFloat:
      return x;
    case Type::kInt:
    case Type::kBigInt: {
      double d = 0;
      if (!int_to_double(x, &d)) return in.fail("int too large to convert to float");
      return Value::floating(d);
    }
    case Type::kBool:
      return Value::floating(x.as_bool() ? 1 : 0);
    case Type::kString: {
      std::string_view s = x.as<String>()->str();
      if (s.empty()) return in.fail("empty string");
      for (std::string_view inf : {"inf", "+inf", "infinity", "+infinity"}) {
        if (equal_fold(s, inf)) return Value::floating(HUGE_VAL);
      }
      if (equal_fold(s, "-inf") || equal_fold(s, "-infinity")) return Value::floating(-HUGE_VAL);
      if (equal_fold(s, "nan") || equal_fold(s, "+nan") || equal_fold(s, "-nan"))
        return Value::floating(NAN);
      bool plain = s.find_first_not_of("0123456789+-.eE") == std::string::npos;
      std::string text(s);
      char* end = nullptr;
      double d = plain ? std::strtod(text.c_str(), &end) : 0;
      if (!plain || end != text.c_str() + text.size())
        return in.failf("invalid float literal: {}", s);
      if (std::isinf(d)) return in.fail("floating-point number too large");
      return Value::floating(d);
    }
    default:
      return in.failf("float got {}, want number or string", type_name(x));
  }
}

Value builtin_list(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "list", args, 0, {&x})) return Value();
  std::vector<Value> elems;
  if (x.ok() && !iterate(in, x, elems, "list: for parameter 1: ")) return Value();
  return in.heap().list(std::move(elems));
}

Value builtin_tuple(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "tuple", args, 0, {&x})) return Value();
  if (x.type() == Type::kTuple) return x;
  std::vector<Value> elems;
  if (x.ok() && !iterate(in, x, elems, "tuple: for parameter 1: ")) return Value();
  return in.heap().tuple(std::move(elems));
}

// dict(pairs_or_mapping, **kwargs) and dict.update share this.
bool update_dict(Interpreter& in, std::string_view fn, Dict& d, const CallArgs& args) {
  if (args.positional.size() > 1) {
    in.failf("{}: got {} arguments, want at most 1", fn, args.positional.size());
    return false;
  }
  if (std::string why = d.check_mutable("insert into"); !why.empty()) {
    in.failf("{}: {}", fn, why);
    return false;
  }
  if (!args.positional.empty()) {
    Value src = args.positional[0];
    if (src.type() == Type::kDict) {
      for (const Dict::Entry& e : src.as<Dict>()->entries()) {
        if (e.key.ok()) d.set(e.key, e.hash, e.value, equal);
      }
    } else {
      std::vector<Value> items;
      if (!iterate(in, src, items, fmt::format("{}: ", fn))) return false;
      for (size_t i = 0; i < items.size(); ++i) {
        std::vector<Value> pair;
        if (items[i].type() == Type::kString || !iterate(in, items[i], pair)) {
          in.failf("{}: dictionary update sequence element #{} is not iterable ({})", fn, i,
                   type_name(items[i]));
          return false;
        }
        if (pair.size() != 2) {
          in.failf("{}: dictionary update sequence element #{} has length {}, want 2", fn, i,
                   pair.size());
          return false;
        }
        if (!dict_insert(in, d, pair[0], pair[1])) return false;
      }
    }
  }
  for (const auto& [k, v] : args.named) {
    if (!dict_insert(in, d, k, v)) return false;
  }
  return true;
}

Value builtin_dict(Interpreter& in, const CallArgs& args) {
  Dict* d = in.heap().make<Dict>();
  if (!update_dict(in, "dict", *d, args)) return Value();
  return Value(d);
}

Value builtin_range(Interpreter& in, const CallArgs& args) {
  Value a, b, c;
  if (!unpack_positional(in, "range", args, 1, {&a, &b, &c})) return Value();
  int64_t start = 0, stop = 0, step = 1;
  for (Value v : {a, b, c}) {
    if (v.type() == Type::kBigInt)
      return in.failf("range: {} out of range (want value in signed 64-bit range)",
                      int_to_string(v));
  }
  if (!to_int(in, a, b.ok() ? &start : &stop, "range: ")) return Value();
  if (b.ok() && !to_int(in, b, &stop, "range: ")) return Value();
  if (c.ok() && !to_int(in, c, &step, "range: ")) return Value();
  if (step == 0) return in.fail("range: step argument must not be zero");
  return Value(in.heap().make<Range>(start, stop, step));
}

Value builtin_type(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "type", args, 1, {&x})) return Value();
  return in.str(std::string(type_name(x)));
}

// print and fail join their arguments the same way.
bool join_args(Interpreter& in, std::string_view fn, const CallArgs& args, std::string* out) {
  std::string sep = " ";
  for (const auto& [k, v] : args.named) {
    if (k.as<String>()->str() != "sep") {
      in.failf("{}: unexpected keyword argument {}", fn, k.as<String>()->str());
      return false;
    }
    if (!v.is_string()) {
      in.failf("{}: for parameter sep: got {}, want string", fn, type_name(v));
      return false;
    }
    sep = v.as<String>()->str();
  }
  for (size_t i = 0; i < args.positional.size(); ++i) {
    if (i > 0) *out += sep;
    *out += str(args.positional[i]);
  }
  return true;
}

Value builtin_print(Interpreter& in, const CallArgs& args) {
  std::string msg;
  if (!join_args(in, "print", args, &msg)) return Value();
  if (in.hooks().print) in.hooks().print(msg);
  return Value::none();
}

Value builtin_fail(Interpreter& in, const CallArgs& args) {
  std::string msg = "fail: ";
  if (!join_args(in, "fail", args, &msg)) return Value();
  return in.fail(std::move(msg));
}

// Applies key (if callable) to each element.
bool keys_for(Interpreter& in, std::string_view fn, Value key, const std::vector<Value>& elems,
              std::vector<Value>* keys) {
  if (!key.ok() || (key.is_none() && fn != "sorted")) {
    *keys = elems;
    return true;
  }
  if (key.type() != Type::kFunction && key.type() != Type::kBuiltin) {
    in.failf("{}: for parameter key: got {}, want callable", fn, type_name(key));
    return false;
  }
  keys->reserve(elems.size());
  for (Value e : elems) {
    Value k = in.invoke(key, CallArgs{std::span<const Value>(&e, 1), {}});
    if (!k.ok()) return false;
    keys->push_back(k);
  }
  return true;
}

Value builtin_sorted(Interpreter& in, const CallArgs& args) {
  Value iterable, key, reverse = Value::boolean(false);
  if (!unpack_args(in, "sorted", args,
                   {{"iterable", &iterable}, {"key?", &key}, {"reverse?", &reverse}}))
    return Value();
  std::vector<Value> elems;
  if (!iterate(in, iterable, elems, "sorted: for parameter iterable: ")) return Value();
  std::vector<Value> keys;
  if (!keys_for(in, "sorted", key, elems, &keys)) return Value();
  std::vector<size_t> order(elems.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  bool rev = truth(reverse);
  bool failed = false;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (failed) return false;
    Value lt = compare(in, Tok::kLt, rev ? keys[b] : keys[a], rev ? keys[a] : keys[b]);
    if (!lt.ok()) {
      failed = true;
      return false;
    }
    return lt.as_bool();
  });
  if (failed) return Value();
  std::vector<Value> out;
  out.reserve(elems.size());
  for (size_t i : order) out.push_back(elems[i]);
  return in.heap().list(std::move(out));
}

Value builtin_reversed(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "reversed", args, 1, {&x})) return Value();
  std::vector<Value> elems;
  if (!iterate(in, x, elems, "reversed: for parameter 1: ")) return Value();
  std::reverse(elems.begin(), elems.end());
  return in.heap().list(std::move(elems));
}

Value builtin_enumerate(Interpreter& in, const CallArgs& args) {
  Value x, start = Value::integer(0);
  if (!unpack_args(in, "enumerate", args, {{"iterable", &x}, {"start?", &start}})) return Value();
  int64_t i = 0;
  if (!to_int(in, start, &i, "enumerate: for parameter start: ")) return Value();
  std::vector<Value> elems;
  if (!iterate(in, x, elems, "enumerate: for parameter iterable: ")) return Value();
  std::vector<Value> out;
  out.reserve(elems.size());
  for (Value e : elems) out.push_back(in.heap().tuple({Value::integer(i++), e}));
  return in.heap().list(std::move(out));
}

Value builtin_zip(Interpreter& in, const CallArgs& args) {
  if (!args.named.empty()) return in.fail("zip does not accept keyword arguments");
  std::vector<std::vector<Value>> seqs(args.positional.size());
  size_t n = SIZE_MAX;
  for (size_t i = 0; i < seqs.size(); ++i) {
    Value s = args.positional[i];
    if (s.type() == Type::kString || !iterate(in, s, seqs[i])) {
      in.clear_error();
      return in.failf("zip: argument #{} is not iterable: {}", i + 1, type_name(s));
    }
    n = std::min(n, seqs[i].size());
  }
  if (seqs.empty()) n = 0;
  std::vector<Value> out;
  for (size_t j = 0; j < n; ++j) {
    std::vector<Value> t;
    for (auto& s : seqs) t.push_back(s[j]);
    out.push_back(in.heap().tuple(std::move(t)));
  }
  return in.heap().list(std::move(out));
}

Value min_max(Interpreter& in, const CallArgs& args, std::string_view fn, Tok better) {
  if (args.positional.empty()) return in.failf("{} requires at least one positional argument", fn);
  Value key;
  for (const auto& [k, v] : args.named) {
    if (k.as<String>()->str() != "key") {
      std::string hint = nearest(k.as<String>()->str(), {"key"});
      return in.failf("{}: unexpected keyword argument {}{}", fn, k.as<String>()->str(),
                      hint.empty() ? "" : " (did you mean " + hint + "?)");
    }
    key = v;
  }
  std::vector<Value> elems;
  if (args.positional.size() == 1) {
    if (!iterate(in, args.positional[0], elems)) {
      in.clear_error();
      return in.failf("{}: {} value is not iterable", fn, type_name(args.positional[0]));
    }
  } else {
    elems.assign(args.positional.begin(), args.positional.end());
  }
  if (elems.empty()) return in.failf("{}: argument is an empty sequence", fn);
  std::vector<Value> keys;
  if (!keys_for(in, fn, key.is_none() ? Value() : key, elems, &keys)) return Value();
  size_t best = 0;
  for (size_t i = 1; i < elems.size(); ++i) {
    Value b = compare(in, better, keys[i], keys[best]);
    if (!b.ok()) return b;
    if (b.as_bool()) best = i;
  }
  return elems[best];
}

Value builtin_min(Interpreter& in, const CallArgs& args) {
  return min_max(in, args, "min", Tok::kLt);
}
Value builtin_max(Interpreter& in, const CallArgs& args) {
  return min_max(in, args, "max", Tok::kGt);
}

Value any_all(Interpreter& in, const CallArgs& args, std::string_view fn, bool want) {
  Value x;
  if (!unpack_positional(in, fn, args, 1, {&x})) return Value();
  std::vector<Value> elems;
  if (!iterate(in, x, elems, fmt::format("{}: for parameter 1: ", fn))) return Value();
  for (Value e : elems) {
    if (truth(e) == want) return Value::boolean(want);
  }
  return Value::boolean(!want);
}

Value builtin_any(Interpreter& in, const CallArgs& args) { return any_all(in, args, "any", true); }
Value builtin_all(Interpreter& in, const CallArgs& args) { return any_all(in, args, "all", false); }

Value builtin_hasattr(Interpreter& in, const CallArgs& args) {
  Value x, name;
  if (!unpack_positional(in, "hasattr", args, 2, {&x, &name})) return Value();
  if (!name.is_string())
    return in.failf("hasattr: for parameter name: got {}, want string", type_name(name));
  Value v = lookup_attr(in, x, name.as<String>()->str());
  if (!v.ok() && in.failed()) return v;
  return Value::boolean(v.ok());
}

Value builtin_getattr(Interpreter& in, const CallArgs& args) {
  Value x, name, dflt;
  if (!unpack_positional(in, "getattr", args, 2, {&x, &name, &dflt})) return Value();
  if (!name.is_string())
    return in.failf("getattr: for parameter name: got {}, want string", type_name(name));
  std::string_view n = name.as<String>()->str();
  Value v = lookup_attr(in, x, n);
  if (v.ok() || in.failed()) return v;
  if (dflt.ok()) return dflt;
  return in.fail(no_attr_message(x, n));
}

Value builtin_dir(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "dir", args, 1, {&x})) return Value();
  std::vector<Value> out;
  for (std::string& n : attr_names(x)) out.push_back(in.str(std::move(n)));
  return in.heap().list(std::move(out));
}

Value builtin_hash(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "hash", args, 1, {&x})) return Value();
  if (x.type() == Type::kBytes) return Value::integer(bytes_hash(x.as<String>()->str()));
  if (x.type() != Type::kString)
    return in.failf("hash: got {}, want string or bytes", type_name(x));
  return Value::integer(static_cast<int32_t>(x.as<String>()->hash()));
}

Value builtin_abs(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "abs", args, 1, {&x})) return Value();
  if (x.is_int() && x.as_int() != INT64_MIN) return Value::integer(std::abs(x.as_int()));
  if (is_integer(x)) return int_is_negative(x) ? int_negate(in, x) : x;
  if (x.type() == Type::kFloat) return Value::floating(std::fabs(x.as_float()));
  return in.failf("got {}, want int or float", type_name(x));
}

Value builtin_chr(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "chr", args, 1, {&x})) return Value();
  int64_t i = 0;
  if (!to_int(in, x, &i, "chr: ")) return Value();
  if (i < 0) return in.failf("chr: Unicode code point {} out of range (<0)", i);
  if (i > 0x10FFFF) return in.failf("chr: Unicode code point U+{:X} out of range (>0x10FFFF)", i);
  std::string out;
  utf8_append(out, static_cast<uint32_t>(i));
  return in.str(std::move(out));
}

Value builtin_ord(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "ord", args, 1, {&x})) return Value();
  if (x.type() == Type::kBytes) {
    std::string_view b = x.as<String>()->str();
    if (b.size() != 1) return in.failf("ord: bytes has length {}, want 1", b.size());
    return Value::integer(static_cast<unsigned char>(b[0]));
  }
  if (!x.is_string()) return in.failf("ord: got {}, want string or bytes", type_name(x));
  std::string_view s = x.as<String>()->str();
  size_t n = 0, len = 0;
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size(); i += len, ++n) cp = utf8_decode(s, i, &len);
  if (n != 1) return in.failf("ord: string encodes {} Unicode code points, want 1", n);
  return Value::integer(cp);
}

struct UniverseEntry {
  std::string_view name;
  Fn fn;  // null for the constants None, True, False
};

// Sorted by name for binary search.
constexpr UniverseEntry kUniverse[] = {
    {"False", nullptr},           {"None", nullptr},          {"True", nullptr},
    {"abs", builtin_abs},         {"all", builtin_all},       {"any", builtin_any},
    {"bool", builtin_bool},       {"bytes", builtin_bytes},   {"chr", builtin_chr},
    {"dict", builtin_dict},       {"dir", builtin_dir},       {"enumerate", builtin_enumerate},
    {"fail", builtin_fail},       {"float", builtin_float},   {"getattr", builtin_getattr},
    {"hasattr", builtin_hasattr}, {"hash", builtin_hash},     {"int", builtin_int},
    {"len", builtin_len},         {"list", builtin_list},     {"max", builtin_max},
    {"min", builtin_min},         {"ord", builtin_ord},       {"print", builtin_print},
    {"range", builtin_range},     {"repr", builtin_repr},     {"reversed", builtin_reversed},
    {"set", builtin_set},         {"sorted", builtin_sorted}, {"str", builtin_str},
    {"tuple", builtin_tuple},     {"type", builtin_type},     {"zip", builtin_zip},
};

}  // namespace

std::vector<std::string> universal_names() {
  std::vector<std::string> out;
  for (const UniverseEntry& e : kUniverse) out.emplace_back(e.name);
  return out;
}

int universal_index(std::string_view name) {
  auto it = std::lower_bound(std::begin(kUniverse), std::end(kUniverse), name,
                             [](const UniverseEntry& e, std::string_view n) { return e.name < n; });
  if (it == std::end(kUniverse) || it->name != name) return -1;
  return static_cast<int>(it - std::begin(kUniverse));
}

std::vector<Value> make_universe(Interpreter& in) {
  std::vector<Value> out;
  for (const UniverseEntry& e : kUniverse) {
    if (e.fn != nullptr) {
      out.push_back(Value(in.heap().make<Builtin>(std::string(e.name), BuiltinFn(e.fn))));
    } else if (e.name == "None") {
      out.push_back(Value::none());
    } else {
      out.push_back(Value::boolean(e.name == "True"));
    }
  }
  return out;
}

bool dict_update(Interpreter& in, Dict& d, const CallArgs& args) {
  return update_dict(in, "update", d, args);
}

}  // namespace pitch::starlark
