// `string % args` formatting (starlark-go's subset of Python's).
#include <fmt/format.h>

#include <cmath>

#include "tiltfile/starlark/bigint.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {

Value percent_format(Interpreter& in, std::string_view f, Value args) {
  std::string out;
  const std::vector<Value>* seq = nullptr;
  std::vector<Value> single;
  if (args.type() == Type::kTuple) {
    seq = &args.as<Tuple>()->elems();
  } else {
    single.push_back(args);
    seq = &single;
  }
  size_t next = 0;
  bool used_mapping = false;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%') {
      size_t next_pct = f.find('%', i);
      if (next_pct == std::string::npos) next_pct = f.size();
      out.append(f, i, next_pct - i);  // the literal run up to the next '%'
      i = next_pct - 1;
      continue;
    }
    if (++i >= f.size()) return in.fail("incomplete format");
    Value arg;
    if (f[i] == '(') {
      size_t close = f.find(')', i);
      if (close == std::string::npos) return in.fail("incomplete format key");
      if (args.type() != Type::kDict) return in.fail("format requires a mapping");
      Value key = in.str(f.substr(i + 1, close - i - 1));
      if (!dict_lookup(in, *args.as<Dict>(), key, &arg)) {
        if (in.failed()) return Value();
        return in.failf("key not found: {}", key.as<String>()->str());
      }
      used_mapping = true;
      i = close + 1;
      if (i >= f.size()) return in.fail("incomplete format");
    }
    char conv = f[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (!arg.ok()) {
      if (next >= seq->size()) return in.fail("not enough arguments for format string");
      arg = (*seq)[next++];
    }
    switch (conv) {
      case 's':
        out += str(arg);
        break;
      case 'r':
        out += repr(arg);
        break;
      case 'd':
      case 'i':
      case 'o':
      case 'x':
      case 'X': {
        Value iv = arg;
        if (arg.type() == Type::kFloat) {
          double fv = arg.as_float();
          if (std::isnan(fv))
            return in.failf("%{} format requires integer: cannot convert float NaN to integer",
                            conv);
          if (std::isinf(fv))
            return in.failf("%{} format requires integer: cannot convert float infinity to integer",
                            conv);
          iv = int_from_double(in, std::trunc(fv));
        } else if (!is_integer(arg)) {
          return in.failf("%{} format requires integer: cannot convert {} to int", conv,
                          type_name(arg));
        }
        int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
        std::string digits = int_to_string(iv, base);
        if (conv == 'X') {
          for (char& ch : digits)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        }
        out += digits;
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        double d = 0;
        if (arg.type() == Type::kFloat) {
          d = arg.as_float();
        } else if (is_integer(arg)) {
          if (!int_to_double(arg, &d)) return in.fail("int too large to convert to float");
        } else {
          return in.failf("%{} format requires float, not {}", conv, type_name(arg));
        }
        if (std::isnan(d)) {
          out += "nan";
        } else if (std::isinf(d)) {
          out += d > 0 ? "+inf" : "-inf";
        } else if (conv == 'g' || conv == 'G') {
          std::string g = format_float(d);
          if (conv == 'G') {
            for (char& ch : g) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          }
          out += g;
        } else {
          out += fmt::format(fmt::runtime(std::string("{:") + conv + "}"), d);
        }
        break;
      }
      case 'c':
        if (arg.is_string()) {
          std::string_view cs = arg.as<String>()->str();
          size_t len = 0;
          if (cs.empty() || (utf8_decode(cs, 0, &len), len != cs.size()))
            return in.failf("%c format requires a single-character string");
          out += cs;
        } else if (arg.is_int()) {
          int64_t cp = arg.as_int();
          if (cp < 0 || cp > 0x10FFFF)
            return in.failf("%c format requires a valid Unicode code point, got {}", cp);
          utf8_append(out, static_cast<uint32_t>(cp));
        } else {
          return in.failf("%c format requires int or single-character string, not {}",
                          type_name(arg));
        }
        break;
      default:
        return in.failf("unknown conversion %{}", conv);
    }
  }
  if (!used_mapping && args.type() != Type::kDict && next < seq->size()) {
    return in.fail("too many arguments for format string");
  }
  return in.str(std::move(out));
}

}  // namespace pitch::starlark
