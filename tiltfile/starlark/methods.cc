// Methods of the built-in types: string, list, dict. Each is a plain
// function taking its receiver; tables map names to them.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/spell.h"
#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {
namespace {

using Method = MethodEntry;

std::string_view S(Value v) { return v.as<String>()->str(); }

bool want_string(Interpreter& in, std::string_view fn, std::string_view param, Value v) {
  if (v.is_string()) return true;
  in.failf("{}: for parameter {}: got {}, want string", fn, param, type_name(v));
  return false;
}

// Clamps optional start/end arguments to [0, n] Python-style.
bool span_args(Interpreter& in, std::string_view fn, Value start, Value end, size_t n, size_t* lo,
               size_t* hi) {
  auto clamp = [&](Value v, size_t dflt, size_t* out) {
    if (!v.ok() || v.is_none()) {
      *out = dflt;
      return true;
    }
    int64_t i = 0;
    if (!to_int(in, v, &i, fmt::format("{}: ", fn))) return false;
    if (i < 0) i += static_cast<int64_t>(n);
    *out = static_cast<size_t>(std::clamp<int64_t>(i, 0, static_cast<int64_t>(n)));
    return true;
  };
  return clamp(start, 0, lo) && clamp(end, n, hi);
}

// --- string methods ---

Value str_join(Interpreter& in, Value self, const CallArgs& args) {
  Value it;
  if (!unpack_positional(in, "join", args, 1, {&it})) return Value();
  std::vector<Value> elems;
  if (!iterate(in, it, elems, "join: ")) return Value();
  std::string out;
  for (size_t i = 0; i < elems.size(); ++i) {
    if (!elems[i].is_string())
      return in.failf("join: in list, want string, got {}", type_name(elems[i]));
    if (i > 0) out += S(self);
    out += S(elems[i]);
  }
  return in.str(std::move(out));
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Value split_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                 bool from_right) {
  Value sep = Value::none(), maxsplit_v = Value::integer(-1);
  if (!unpack_args(in, fn, args, {{"sep?", &sep}, {"maxsplit?", &maxsplit_v}})) return Value();
  int64_t maxsplit = -1;
  if (!maxsplit_v.is_none() &&
      !to_int(in, maxsplit_v, &maxsplit, fmt::format("{}: for parameter maxsplit: ", fn)))
    return Value();
  std::string_view s = S(self);
  std::vector<std::string_view> parts;  // into self, which outlives them
  if (sep.is_none()) {
    // Whitespace splitting drops empty fields.
    std::vector<std::pair<size_t, size_t>> fields;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_ascii_space(s[i])) ++i;
      if (i >= s.size()) break;
      size_t j = i;
      while (j < s.size() && !is_ascii_space(s[j])) ++j;
      fields.emplace_back(i, j);
      i = j;
    }
    if (maxsplit >= 0 && static_cast<int64_t>(fields.size()) > maxsplit) {
      // The last field runs to the end (start) of the string, trailing
      // (leading) spaces included, as in starlark-go.
      if (!from_right) {
        size_t k = static_cast<size_t>(maxsplit);
        fields[k].second = s.size();
        fields.resize(k + 1);
      } else {
        size_t k = fields.size() - static_cast<size_t>(maxsplit) - 1;
        fields[k].first = 0;
        fields.erase(fields.begin(), fields.begin() + k);
      }
    }
    for (auto [a, b] : fields) parts.push_back(s.substr(a, b - a));
  } else {
    if (!want_string(in, fn, "sep", sep)) return Value();
    std::string_view d = S(sep);
    if (d.empty()) return in.failf("{}: empty separator", fn);
    if (!from_right) {
      size_t start = 0;
      int64_t n = 0;
      while (maxsplit < 0 || n < maxsplit) {
        size_t k = s.find(d, start);
        if (k == std::string::npos) break;
        parts.push_back(s.substr(start, k - start));
        start = k + d.size();
        ++n;
      }
      parts.push_back(s.substr(start));
    } else {
      size_t end = s.size();
      int64_t n = 0;
      std::vector<std::string_view> rev;
      while (maxsplit < 0 || n < maxsplit) {
        if (end < d.size()) break;
        size_t k = s.rfind(d, end - d.size());
        if (k == std::string::npos) break;
        rev.push_back(s.substr(k + d.size(), end - k - d.size()));
        end = k;
        ++n;
      }
      rev.push_back(s.substr(0, end));
      parts.assign(rev.rbegin(), rev.rend());
    }
  }
  std::vector<Value> out;
  out.reserve(parts.size());
  for (std::string_view p : parts) out.push_back(in.str(p));
  return in.heap().list(std::move(out));
}

Value str_split(Interpreter& in, Value self, const CallArgs& args) {
  return split_impl(in, self, args, "split", false);
}
Value str_rsplit(Interpreter& in, Value self, const CallArgs& args) {
  return split_impl(in, self, args, "rsplit", true);
}

Value strip_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn, bool left,
                 bool right) {
  Value chars = Value::none();
  if (!unpack_positional(in, fn, args, 0, {&chars})) return Value();
  std::string_view set = " \t\n\r\v\f";
  if (!chars.is_none()) {
    if (!want_string(in, fn, "chars", chars)) return Value();
    if (!S(chars).empty()) set = S(chars);
  }
  std::string_view s = S(self);
  size_t a = 0, b = s.size();
  if (left) {
    while (a < b && set.find(s[a]) != std::string::npos) ++a;
  }
  if (right) {
    while (b > a && set.find(s[b - 1]) != std::string::npos) --b;
  }
  return in.str(s.substr(a, b - a));
}

Value str_strip(Interpreter& in, Value self, const CallArgs& args) {
  return strip_impl(in, self, args, "strip", true, true);
}
Value str_lstrip(Interpreter& in, Value self, const CallArgs& args) {
  return strip_impl(in, self, args, "lstrip", true, false);
}
Value str_rstrip(Interpreter& in, Value self, const CallArgs& args) {
  return strip_impl(in, self, args, "rstrip", false, true);
}

Value affix_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                 bool prefix) {
  Value x, start, end;
  if (!unpack_positional(in, fn, args, 1, {&x, &start, &end})) return Value();
  size_t lo = 0, hi = 0;
  if (!span_args(in, fn, start, end, S(self).size(), &lo, &hi)) return Value();
  std::string_view s = std::string_view(S(self)).substr(lo, hi > lo ? hi - lo : 0);
  std::vector<Value> candidates;
  if (x.type() == Type::kTuple) {
    candidates = x.as<Tuple>()->elems();
  } else {
    candidates.push_back(x);
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    Value c = candidates[i];
    if (!c.is_string()) {
      if (x.type() == Type::kTuple)
        return in.failf("{}: want string, got {}, for element {}", fn, type_name(c), i);
      return in.failf("{}: got {}, want string or tuple of string", fn, type_name(c));
    }
    std::string_view a = S(c);
    bool hit = prefix ? s.substr(0, a.size()) == a
                      : (s.size() >= a.size() && s.substr(s.size() - a.size()) == a);
    if (hit) return Value::boolean(true);
  }
  return Value::boolean(false);
}

Value str_startswith(Interpreter& in, Value self, const CallArgs& args) {
  return affix_impl(in, self, args, "startswith", true);
}
Value str_endswith(Interpreter& in, Value self, const CallArgs& args) {
  return affix_impl(in, self, args, "endswith", false);
}

Value str_replace(Interpreter& in, Value self, const CallArgs& args) {
  Value from, to, count_v = Value::integer(-1);
  if (!unpack_positional(in, "replace", args, 2, {&from, &to, &count_v})) return Value();
  if (!want_string(in, "replace", "old", from) || !want_string(in, "replace", "new", to))
    return Value();
  int64_t count = -1;
  if (!to_int(in, count_v, &count, "replace: for parameter count: ")) return Value();
  std::string_view s = S(self);
  std::string_view a = S(from);
  std::string_view b = S(to);
  std::string out;
  size_t pos = 0;
  int64_t n = 0;
  while (count < 0 || n < count) {
    if (a.empty()) {
      // An empty pattern matches between every byte.
      if (pos > s.size()) break;
      out += b;
      if (pos < s.size()) out += s[pos];
      ++pos;
      ++n;
      continue;
    }
    size_t k = s.find(a, pos);
    if (k == std::string::npos) break;
    out.append(s, pos, k - pos);
    out += b;
    pos = k + a.size();
    ++n;
  }
  if (pos < s.size()) out.append(s, pos, std::string::npos);
  return in.str(std::move(out));
}

// Maps every code point of self through conv(cp, index, previous).
template <typename Conv>
Value map_runes(Interpreter& in, Value self, const CallArgs& args, std::string_view fn, Conv conv) {
  if (!unpack_positional(in, fn, args, 0, {})) return Value();
  std::string_view s = S(self);
  std::string out;
  out.reserve(s.size());
  uint32_t prev = 0;
  for (size_t i = 0, len = 0; i < s.size(); i += len) {
    uint32_t cp = utf8_decode(s, i, &len);
    if (cp == kReplacementChar && len == 1) {
      out += s[i];  // invalid bytes pass through
      prev = cp;
      continue;
    }
    cp = conv(cp, i, prev);
    utf8_append(out, cp);
    prev = cp;
  }
  return in.str(std::move(out));
}

Value str_lower(Interpreter& in, Value self, const CallArgs& args) {
  return map_runes(in, self, args, "lower",
                   [](uint32_t c, size_t, uint32_t) { return to_lower(c); });
}
Value str_upper(Interpreter& in, Value self, const CallArgs& args) {
  return map_runes(in, self, args, "upper",
                   [](uint32_t c, size_t, uint32_t) { return to_upper(c); });
}
Value str_capitalize(Interpreter& in, Value self, const CallArgs& args) {
  return map_runes(in, self, args, "capitalize", [](uint32_t c, size_t i, uint32_t) {
    return i == 0 ? to_title(c) : to_lower(c);
  });
}
Value str_title(Interpreter& in, Value self, const CallArgs& args) {
  return map_runes(in, self, args, "title", [](uint32_t c, size_t, uint32_t prev) {
    return is_letter(prev) ? to_lower(c) : to_title(c);
  });
}

// find, rfind, index, rindex: the byte offset of sub, or -1.
bool find_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn, bool last,
               int64_t* out) {
  Value sub, start, end;
  if (!unpack_positional(in, fn, args, 1, {&sub, &start, &end})) return false;
  if (!want_string(in, fn, "sub", sub)) return false;
  size_t lo = 0, hi = 0;
  if (!span_args(in, fn, start, end, S(self).size(), &lo, &hi)) return false;
  std::string_view s = std::string_view(S(self)).substr(lo, hi > lo ? hi - lo : 0);
  size_t k = last ? s.rfind(S(sub)) : s.find(S(sub));
  if (hi < lo && S(sub).empty()) k = std::string_view::npos;
  *out = k == std::string_view::npos ? -1 : static_cast<int64_t>(k + lo);
  return true;
}

Value str_find(Interpreter& in, Value self, const CallArgs& args) {
  int64_t k = 0;
  return find_impl(in, self, args, "find", false, &k) ? Value::integer(k) : Value();
}
Value str_rfind(Interpreter& in, Value self, const CallArgs& args) {
  int64_t k = 0;
  return find_impl(in, self, args, "rfind", true, &k) ? Value::integer(k) : Value();
}
Value str_index(Interpreter& in, Value self, const CallArgs& args) {
  int64_t k = 0;
  if (!find_impl(in, self, args, "index", false, &k)) return Value();
  return k < 0 ? in.fail("index: substring not found") : Value::integer(k);
}
Value str_rindex(Interpreter& in, Value self, const CallArgs& args) {
  int64_t k = 0;
  if (!find_impl(in, self, args, "rindex", true, &k)) return Value();
  return k < 0 ? in.fail("rindex: substring not found") : Value::integer(k);
}

Value str_count(Interpreter& in, Value self, const CallArgs& args) {
  Value sub, start, end;
  if (!unpack_positional(in, "count", args, 1, {&sub, &start, &end})) return Value();
  if (!want_string(in, "count", "sub", sub)) return Value();
  size_t lo = 0, hi = 0;
  if (!span_args(in, "count", start, end, S(self).size(), &lo, &hi)) return Value();
  std::string_view s = std::string_view(S(self)).substr(lo, hi > lo ? hi - lo : 0);
  std::string_view a = S(sub);
  if (a.empty()) return Value::integer(static_cast<int64_t>(s.size()) + 1);
  int64_t n = 0;
  for (size_t k = s.find(a); k != std::string_view::npos; k = s.find(a, k + a.size())) ++n;
  return Value::integer(n);
}

Value str_splitlines(Interpreter& in, Value self, const CallArgs& args) {
  Value keep = Value::boolean(false);
  if (!unpack_args(in, "splitlines", args, {{"keepends?", &keep}})) return Value();
  if (keep.type() != Type::kBool)
    return in.failf("splitlines: for parameter keepends: got {}, want bool", type_name(keep));
  std::string_view s = S(self);
  std::vector<Value> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && s[j] != '\n' && s[j] != '\r') ++j;
    size_t eol = j;
    if (j < s.size()) j += (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') ? 2 : 1;
    out.push_back(in.str(s.substr(i, (truth(keep) ? j : eol) - i)));
    i = j;
  }
  return in.heap().list(std::move(out));
}

Value partition_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                     bool last) {
  Value sep;
  if (!unpack_positional(in, fn, args, 1, {&sep})) return Value();
  if (!want_string(in, fn, "sep", sep)) return Value();
  if (S(sep).empty()) return in.failf("{}: empty separator", fn);
  std::string_view s = S(self);
  size_t k = last ? s.rfind(S(sep)) : s.find(S(sep));
  Value empty = in.str("");
  if (k == std::string::npos) {
    return last ? in.heap().tuple({empty, empty, self}) : in.heap().tuple({self, empty, empty});
  }
  return in.heap().tuple({in.str(s.substr(0, k)), sep, in.str(s.substr(k + S(sep).size()))});
}

Value str_partition(Interpreter& in, Value self, const CallArgs& args) {
  return partition_impl(in, self, args, "partition", false);
}
Value str_rpartition(Interpreter& in, Value self, const CallArgs& args) {
  return partition_impl(in, self, args, "rpartition", true);
}

Value str_format(Interpreter& in, Value self, const CallArgs& args) {
  std::string_view f = S(self);
  std::string out;
  size_t auto_index = 0;
  bool manual = false, automatic = false;
  for (size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (c == '}') {
      if (i + 1 < f.size() && f[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      return in.fail("format: single '}' in format");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < f.size() && f[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    size_t close = f.find('}', i);
    if (close == std::string::npos) return in.fail("format: unmatched '{' in format");
    std::string field(f.substr(i + 1, close - i - 1));
    if (field.find('{') != std::string::npos)
      return in.fail("format: nested replacement fields not supported");
    i = close;
    char conv = 's';
    if (size_t bang = field.find('!'); bang != std::string::npos) {
      std::string c2 = field.substr(bang + 1);
      field.resize(bang);
      if (c2 != "s" && c2 != "r") return in.failf("format: unknown conversion \"{}\"", c2);
      conv = c2[0];
    }
    if (size_t colon = field.find(':'); colon != std::string::npos) {
      return in.failf("format spec features not supported in replacement fields: {}",
                      field.substr(colon + 1));
    }
    Value arg;
    if (field.empty()) {
      if (manual)
        return in.fail(
            "format: cannot switch from manual field specification to automatic field numbering");
      automatic = true;
      if (auto_index >= args.positional.size()) return in.fail("format: tuple index out of range");
      arg = args.positional[auto_index++];
    } else if (std::all_of(field.begin(), field.end(), ::isdigit)) {
      if (automatic)
        return in.fail(
            "format: cannot switch from automatic field numbering to manual field specification");
      manual = true;
      size_t k = std::stoul(field);
      if (k >= args.positional.size()) return in.fail("format: tuple index out of range");
      arg = args.positional[k];
    } else {
      for (const auto& [k, v] : args.named) {
        if (S(k) == field) arg = v;
      }
      if (!arg.ok()) {
        if (field.find('.') != std::string::npos)
          return in.failf("format: attribute syntax x.y is not supported in replacement fields: {}",
                          field);
        if (field.find('[') != std::string::npos)
          return in.failf("format: element syntax a[i] is not supported in replacement fields: {}",
                          field);
        return in.failf("format: keyword {} not found", field);
      }
    }
    out += conv == 'r' ? repr(arg) : str(arg);
  }
  return in.str(std::move(out));
}

Value str_removeprefix(Interpreter& in, Value self, const CallArgs& args) {
  Value p;
  if (!unpack_positional(in, "removeprefix", args, 1, {&p}) ||
      !want_string(in, "removeprefix", "prefix", p))
    return Value();
  std::string_view s = S(self);
  return s.rfind(S(p), 0) == 0 ? in.str(s.substr(S(p).size())) : self;
}

Value str_removesuffix(Interpreter& in, Value self, const CallArgs& args) {
  Value p;
  if (!unpack_positional(in, "removesuffix", args, 1, {&p}) ||
      !want_string(in, "removesuffix", "suffix", p))
    return Value();
  std::string_view s = S(self);
  std::string_view x = S(p);
  bool hit = s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
  return hit ? in.str(s.substr(0, s.size() - x.size())) : self;
}

// isalnum, isalpha, isdigit, isspace: non-empty and every code point
// satisfies pred.
Value is_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
              bool (*pred)(uint32_t)) {
  if (!unpack_positional(in, fn, args, 0, {})) return Value();
  std::string_view s = S(self);
  if (s.empty()) return Value::boolean(false);
  for (size_t i = 0, len = 0; i < s.size(); i += len) {
    if (!pred(utf8_decode(s, i, &len))) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Value str_isdigit(Interpreter& in, Value self, const CallArgs& args) {
  return is_impl(in, self, args, "isdigit", is_digit);
}
Value str_isalpha(Interpreter& in, Value self, const CallArgs& args) {
  return is_impl(in, self, args, "isalpha", is_letter);
}
Value str_isalnum(Interpreter& in, Value self, const CallArgs& args) {
  return is_impl(in, self, args, "isalnum", [](uint32_t c) { return is_letter(c) || is_digit(c); });
}
Value str_isspace(Interpreter& in, Value self, const CallArgs& args) {
  return is_impl(in, self, args, "isspace", is_space);
}

// islower/isupper: has a cased code point and mapping changes nothing.
Value cased_impl(Interpreter& in, Value self, const CallArgs& args, std::string_view fn,
                 uint32_t (*map)(uint32_t)) {
  if (!unpack_positional(in, fn, args, 0, {})) return Value();
  std::string_view s = S(self);
  bool cased = false;
  for (size_t i = 0, len = 0; i < s.size(); i += len) {
    uint32_t cp = utf8_decode(s, i, &len);
    cased = cased || is_lower(cp) || is_upper(cp) || is_title(cp);
    if (map(cp) != cp) return Value::boolean(false);
  }
  return Value::boolean(cased);
}

Value str_islower(Interpreter& in, Value self, const CallArgs& args) {
  return cased_impl(in, self, args, "islower", to_lower);
}
Value str_isupper(Interpreter& in, Value self, const CallArgs& args) {
  return cased_impl(in, self, args, "isupper", to_upper);
}

// Python's rule: uppercase may only follow uncased code points, lowercase
// only cased ones.
Value str_istitle(Interpreter& in, Value self, const CallArgs& args) {
  if (!unpack_positional(in, "istitle", args, 0, {})) return Value();
  std::string_view s = S(self);
  bool cased = false, prev_cased = false;
  for (size_t i = 0, len = 0; i < s.size(); i += len) {
    uint32_t cp = utf8_decode(s, i, &len);
    if ((cp >= 'A' && cp <= 'Z') || is_title(cp)) {
      if (prev_cased) return Value::boolean(false);
      prev_cased = cased = true;
    } else if (is_lower(cp)) {
      if (!prev_cased) return Value::boolean(false);
      prev_cased = cased = true;
    } else if (is_upper(cp)) {
      return Value::boolean(false);  // starlark-go: only ASCII capitals start words
    } else {
      prev_cased = false;
    }
  }
  return Value::boolean(cased);
}

constexpr Method kStringMethods[] = {
    {"capitalize", str_capitalize},
    {"codepoint_ords", string_codepoint_ords},
    {"codepoints", string_codepoints},
    {"count", str_count},
    {"elem_ords", string_elem_ords},
    {"elems", string_elems},
    {"endswith", str_endswith},
    {"find", str_find},
    {"format", str_format},
    {"index", str_index},
    {"isalnum", str_isalnum},
    {"isalpha", str_isalpha},
    {"isdigit", str_isdigit},
    {"islower", str_islower},
    {"isspace", str_isspace},
    {"istitle", str_istitle},
    {"isupper", str_isupper},
    {"join", str_join},
    {"lower", str_lower},
    {"lstrip", str_lstrip},
    {"partition", str_partition},
    {"removeprefix", str_removeprefix},
    {"removesuffix", str_removesuffix},
    {"replace", str_replace},
    {"rfind", str_rfind},
    {"rindex", str_rindex},
    {"rpartition", str_rpartition},
    {"rsplit", str_rsplit},
    {"rstrip", str_rstrip},
    {"split", str_split},
    {"splitlines", str_splitlines},
    {"startswith", str_startswith},
    {"strip", str_strip},
    {"title", str_title},
    {"upper", str_upper},
};

// --- list methods ---

bool list_mutable(Interpreter& in, std::string_view fn, Value self, std::string_view verb) {
  std::string why = self.as<List>()->check_mutable(verb);
  if (why.empty()) return true;
  in.failf("{}: {}", fn, why);
  return false;
}

Value list_append(Interpreter& in, Value self, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "append", args, 1, {&x}) ||
      !list_mutable(in, "append", self, "append to"))
    return Value();
  self.as<List>()->mutable_elems().push_back(x);
  return Value::none();
}

Value list_extend(Interpreter& in, Value self, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "extend", args, 1, {&x}) ||
      !list_mutable(in, "extend", self, "extend"))
    return Value();
  std::vector<Value> elems;
  if (!iterate(in, x, elems, "extend: ")) return Value();
  auto& v = self.as<List>()->mutable_elems();
  v.insert(v.end(), elems.begin(), elems.end());
  return Value::none();
}

Value list_insert(Interpreter& in, Value self, const CallArgs& args) {
  Value i_v, x;
  if (!unpack_positional(in, "insert", args, 2, {&i_v, &x}) ||
      !list_mutable(in, "insert", self, "insert into"))
    return Value();
  int64_t i = 0;
  if (!to_int(in, i_v, &i, "insert: for parameter index: ")) return Value();
  auto& v = self.as<List>()->mutable_elems();
  auto n = static_cast<int64_t>(v.size());
  if (i < 0) i += n;
  i = std::clamp<int64_t>(i, 0, n);
  v.insert(v.begin() + i, x);
  return Value::none();
}

Value list_pop(Interpreter& in, Value self, const CallArgs& args) {
  Value i_v = Value::integer(-1);
  if (!unpack_positional(in, "pop", args, 0, {&i_v}) || !list_mutable(in, "pop", self, "pop from"))
    return Value();
  int64_t i = 0;
  if (!to_int(in, i_v, &i, "pop: for parameter index: ")) return Value();
  auto& v = self.as<List>()->mutable_elems();
  auto n = static_cast<int64_t>(v.size());
  int64_t orig = i;
  if (i < 0) i += n;
  if (i < 0 || i >= n) {
    if (n == 0) return in.failf("pop: index {} out of range: empty list", orig);
    return in.failf("pop: index {} out of range [{}:{}]", orig, -n, n - 1);
  }
  Value out = v[i];
  v.erase(v.begin() + i);
  return out;
}

Value list_remove(Interpreter& in, Value self, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "remove", args, 1, {&x}) ||
      !list_mutable(in, "remove", self, "remove from"))
    return Value();
  auto& v = self.as<List>()->mutable_elems();
  for (size_t i = 0; i < v.size(); ++i) {
    if (equal(v[i], x)) {
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
      return Value::none();
    }
  }
  return in.fail("remove: element not found");
}

Value list_index(Interpreter& in, Value self, const CallArgs& args) {
  Value x, start, end;
  if (!unpack_positional(in, "index", args, 1, {&x, &start, &end})) return Value();
  const auto& v = self.as<List>()->elems();
  size_t lo = 0, hi = 0;
  if (!span_args(in, "index", start, end, v.size(), &lo, &hi)) return Value();
  for (size_t i = lo; i < hi; ++i) {
    if (equal(v[i], x)) return Value::integer(static_cast<int64_t>(i));
  }
  return in.fail("index: value not in list");
}

Value list_clear(Interpreter& in, Value self, const CallArgs& args) {
  if (!unpack_positional(in, "clear", args, 0, {}) || !list_mutable(in, "clear", self, "clear"))
    return Value();
  self.as<List>()->mutable_elems().clear();
  return Value::none();
}

constexpr Method kListMethods[] = {
    {"append", list_append}, {"clear", list_clear}, {"extend", list_extend}, {"index", list_index},
    {"insert", list_insert}, {"pop", list_pop},     {"remove", list_remove},
};

// --- dict methods ---

bool dict_mutable(Interpreter& in, std::string_view fn, Value self, std::string_view verb) {
  std::string why = self.as<Dict>()->check_mutable(verb);
  if (why.empty()) return true;
  in.failf("{}: {}", fn, why);
  return false;
}

Value dict_get(Interpreter& in, Value self, const CallArgs& args) {
  Value key, dflt = Value::none();
  if (!unpack_positional(in, "get", args, 1, {&key, &dflt})) return Value();
  Value out;
  if (dict_lookup(in, *self.as<Dict>(), key, &out)) return out;
  return in.failed() ? Value() : dflt;
}

Value dict_view(Interpreter& in, Value self, const CallArgs& args, std::string_view fn, int what) {
  if (!unpack_positional(in, fn, args, 0, {})) return Value();
  std::vector<Value> out;
  for (const Dict::Entry& e : self.as<Dict>()->entries()) {
    if (!e.key.ok()) continue;
    out.push_back(what == 0 ? e.key : what == 1 ? e.value : in.heap().tuple({e.key, e.value}));
  }
  return in.heap().list(std::move(out));
}

Value dict_keys(Interpreter& in, Value self, const CallArgs& args) {
  return dict_view(in, self, args, "keys", 0);
}
Value dict_values(Interpreter& in, Value self, const CallArgs& args) {
  return dict_view(in, self, args, "values", 1);
}
Value dict_items(Interpreter& in, Value self, const CallArgs& args) {
  return dict_view(in, self, args, "items", 2);
}

Value dict_update_m(Interpreter& in, Value self, const CallArgs& args) {
  return dict_update(in, *self.as<Dict>(), args) ? Value::none() : Value();
}

Value dict_pop(Interpreter& in, Value self, const CallArgs& args) {
  Value key, dflt;
  if (!unpack_positional(in, "pop", args, 1, {&key, &dflt}) ||
      !dict_mutable(in, "pop", self, "delete from"))
    return Value();
  Value out;
  if (!dict_remove(in, *self.as<Dict>(), key, &out)) return Value();
  if (out.ok()) return out;
  if (dflt.ok()) return dflt;
  return in.failf("pop: missing key {}", repr(key));
}

Value dict_popitem(Interpreter& in, Value self, const CallArgs& args) {
  if (!unpack_positional(in, "popitem", args, 0, {}) ||
      !dict_mutable(in, "popitem", self, "delete from"))
    return Value();
  Dict& d = *self.as<Dict>();
  for (const Dict::Entry& e : d.entries()) {
    if (!e.key.ok()) continue;
    Value k = e.key;
    Value v = d.erase(k, e.hash, equal);
    return in.heap().tuple({k, v});
  }
  return in.fail("popitem: empty dict");
}

Value dict_setdefault(Interpreter& in, Value self, const CallArgs& args) {
  Value key, dflt = Value::none();
  if (!unpack_positional(in, "setdefault", args, 1, {&key, &dflt})) return Value();
  Value out;
  if (dict_lookup(in, *self.as<Dict>(), key, &out)) return out;
  if (in.failed() || !dict_mutable(in, "setdefault", self, "insert into")) return Value();
  if (!dict_insert(in, *self.as<Dict>(), key, dflt)) return Value();
  return dflt;
}

Value dict_clear(Interpreter& in, Value self, const CallArgs& args) {
  if (!unpack_positional(in, "clear", args, 0, {}) || !dict_mutable(in, "clear", self, "clear"))
    return Value();
  self.as<Dict>()->clear();
  return Value::none();
}

constexpr Method kDictMethods[] = {
    {"clear", dict_clear},
    {"get", dict_get},
    {"items", dict_items},
    {"keys", dict_keys},
    {"pop", dict_pop},
    {"popitem", dict_popitem},
    {"setdefault", dict_setdefault},
    {"update", dict_update_m},
    {"values", dict_values},
};

std::span<const Method> methods_of(Value x) {
  switch (x.type()) {
    case Type::kString:
      return kStringMethods;
    case Type::kList:
      return kListMethods;
    case Type::kDict:
      return kDictMethods;
    case Type::kSet:
      return set_methods();
    case Type::kBytes:
      return bytes_methods();
    default:
      return {};
  }
}

MethodFn find_method(Value x, std::string_view name) {
  for (const Method& m : methods_of(x)) {
    if (m.name == name) return m.fn;
  }
  return nullptr;
}

}  // namespace

Value lookup_attr(Interpreter& in, Value x, std::string_view name) {
  if (x.type() == Type::kOther) return as_host(x)->attr(in, name);
  if (MethodFn fn = find_method(x, name))
    return Value(in.heap().make<Builtin>(std::string(name), fn, x));
  return Value();
}

std::string no_attr_error(Value x, std::string_view name) {
  if (x.type() == Type::kOther) return as_host(x)->no_attr_error(name);
  return fmt::format("{} has no .{} field or method", type_name(x), name);
}

// The missing-attribute message with starlark-go's spelling hint.
std::string no_attr_message(Value x, std::string_view name) {
  std::string msg = no_attr_error(x, name);
  std::string hint = nearest(name, attr_names(x));
  if (!hint.empty()) msg += fmt::format(" (did you mean .{}?)", hint);
  return msg;
}

Value get_attr(Interpreter& in, Value x, std::string_view name) {
  Value v = lookup_attr(in, x, name);
  if (v.ok() || in.failed()) return v;
  return in.fail(no_attr_message(x, name));
}

Value call_method(Interpreter& in, Value x, std::string_view name, const CallArgs& args,
                  bool* missing) {
  MethodFn fn = find_method(x, name);
  if (fn == nullptr) {
    *missing = true;
    return in.fail(no_attr_message(x, name));
  }
  return fn(in, x, args);
}

std::vector<std::string> attr_names(Value x) {
  std::vector<std::string> out;
  if (x.type() == Type::kOther) {
    out = as_host(x)->attr_names();
  } else {
    for (const Method& m : methods_of(x)) out.emplace_back(m.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace pitch::starlark
