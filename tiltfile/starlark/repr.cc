// repr() and str(): how every value prints (Go's formatting rules).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "tiltfile/starlark/bigint.h"
#include "tiltfile/starlark/function.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {
namespace {

// Deeper values print as "..." (the printer recurses).
constexpr size_t kMaxReprDepth = 1000;

void repr_into(Printer& p, Value v);

void repr_seq(Printer& p, const std::vector<Value>& elems) {
  for (size_t i = 0; i < elems.size(); ++i) {
    if (i > 0) p.out += ", ";
    repr_into(p, elems[i]);
  }
}

void repr_into(Printer& p, Value v) {
  std::string& out = p.out;
  std::vector<const Object*>& path = p.path;
  switch (v.type()) {
    case Type::kInvalid:
      out += "<invalid>";
      return;
    case Type::kNone:
      out += "None";
      return;
    case Type::kBool:
      out += v.as_bool() ? "True" : "False";
      return;
    case Type::kInt:
      out += std::to_string(v.as_int());
      return;
    case Type::kBigInt:
      out += int_to_string(v);
      return;
    case Type::kFloat:
      out += format_float(v.as_float());
      return;
    case Type::kString:
      out += quote(v.as<String>()->str());
      return;
    case Type::kBytes:
      out += 'b';
      out += quote(v.as<String>()->str());
      return;
    case Type::kRange: {
      const Range* r = v.as<Range>();
      if (r->step() != 1) {
        out += fmt::format("range({}, {}, {})", r->start(), r->stop(), r->step());
      } else if (r->start() != 0) {
        out += fmt::format("range({}, {})", r->start(), r->stop());
      } else {
        out += fmt::format("range({})", r->stop());
      }
      return;
    }
    case Type::kFunction:
      out += fmt::format("<function {}>", v.as<Function>()->name());
      return;
    case Type::kBuiltin: {
      const Builtin* b = v.as<Builtin>();
      if (b->self().ok()) {
        out += fmt::format("<built-in method {} of {} value>", b->name(), type_name(b->self()));
      } else {
        out += fmt::format("<built-in function {}>", b->name());
      }
      return;
    }
    default:
      break;
  }
  const Object* obj = v.object();
  if (path.size() > kMaxReprDepth) {
    out += "...";  // too deep to print (and to recurse into)
    return;
  }
  bool cyclic = std::find(path.begin(), path.end(), obj) != path.end();
  switch (v.type()) {
    case Type::kList:
      if (cyclic) {
        out += "[...]";
        return;
      }
      path.push_back(obj);
      out += '[';
      repr_seq(p, v.as<List>()->elems());
      out += ']';
      path.pop_back();
      return;
    case Type::kTuple: {
      if (cyclic) {
        out += "(...)";
        return;
      }
      path.push_back(obj);
      const auto& elems = v.as<Tuple>()->elems();
      out += '(';
      repr_seq(p, elems);
      out += elems.size() == 1 ? ",)" : ")";
      path.pop_back();
      return;
    }
    case Type::kSet: {
      if (cyclic) {
        out += "set(...)";
        return;
      }
      path.push_back(obj);
      out += "set([";
      bool first = true;
      for (const Dict::Entry& e : v.as<Dict>()->entries()) {
        if (!e.key.ok()) continue;
        if (!first) out += ", ";
        first = false;
        repr_into(p, e.key);
      }
      out += "])";
      path.pop_back();
      return;
    }
    case Type::kDict: {
      if (cyclic) {
        out += "{...}";
        return;
      }
      path.push_back(obj);
      out += '{';
      bool first = true;
      for (const Dict::Entry& e : v.as<Dict>()->entries()) {
        if (!e.key.ok()) continue;
        if (!first) out += ", ";
        first = false;
        repr_into(p, e.key);
        out += ": ";
        repr_into(p, e.value);
      }
      out += '}';
      path.pop_back();
      return;
    }
    case Type::kOther:
      if (cyclic || path.size() > kMaxReprDepth) {
        out += "...";
        return;
      }
      path.push_back(obj);
      as_host(v)->write_repr(p);
      path.pop_back();
      return;
    default:
      out += fmt::format("<{}>", obj->type_name());
      return;
  }
}

}  // namespace

void Printer::value(Value v) { repr_into(*this, v); }

std::string quote(std::string_view s) {
  // Go's syntax.Quote: invalid bytes as \xNN, printable code points as is,
  // the rest escaped.
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    uint32_t r = static_cast<unsigned char>(s[i]);
    if (r >= 0x80) r = utf8_decode(s, i, &len);
    if (r == kReplacementChar && len == 1) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
    } else if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (r >= 0x20 && r != 0x7f && (r < 0x80 || is_printable(r))) {
      out.append(s, i, len);
    } else {
      switch (r) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        default:
          if (r < 0x20 || r == 0x7f) {
            out += fmt::format("\\x{:02x}", r);
          } else if (r < 0x10000) {
            out += fmt::format("\\u{:04x}", r);
          } else {
            out += fmt::format("\\U{:08x}", r);
          }
      }
    }
    i += len;
  }
  out += '"';
  return out;
}

std::string format_float(double f) {
  if (std::isnan(f)) return "nan";
  if (std::isinf(f)) return f > 0 ? "+inf" : "-inf";
  // Shortest round-trip digits, laid out like Go's %g with shortest
  // precision (what starlark-go prints): exponent form when the decimal
  // exponent is < -4 or >= 6, else positional with at least ".0".
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t e = sci.find('e');
  int exp = std::stoi(sci.substr(e + 1));
  std::string mant = sci.substr(0, e);
  bool neg = !mant.empty() && mant[0] == '-';
  if (neg) mant.erase(0, 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += fmt::format("e{}{:02d}", exp < 0 ? '-' : '+', std::abs(exp));
    return out;
  }
  if (exp < 0) {
    out += "0." + std::string(-exp - 1, '0') + digits;
  } else if (static_cast<int>(digits.size()) <= exp + 1) {
    out += digits + std::string(exp + 1 - digits.size(), '0') + ".0";
  } else {
    out += digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
  }
  return out;
}

void write_repr(std::string& out, Value v) {
  Printer p(out);
  repr_into(p, v);
}

std::string repr(Value v) {
  std::string out;
  write_repr(out, v);
  return out;
}

std::string str(Value v) {
  if (v.type() == Type::kString) return std::string(v.as<String>()->str());
  if (v.type() == Type::kBytes) return utf8_sanitize(v.as<String>()->str());
  if (v.type() == Type::kOther) {
    std::string out;
    Printer p(out);
    p.path.push_back(v.object());
    as_host(v)->write_str(p);
    return out;
  }
  return repr(v);
}

}  // namespace pitch::starlark
