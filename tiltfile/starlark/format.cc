// `string % args` formatting (starlark-go's subset of Python's).
#include <fmt/format.h>

#include <cmath>

#include "tiltfile/starlark/ops.h"

namespace pitch::starlark {

Value percent_format(Interpreter& in, const std::string& f, Value args) {
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
    char c = f[i];
    if (c != '%') {
      out += c;
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
        int64_t v = 0;
        if (arg.is_int()) {
          v = arg.as_int();
        } else if (arg.type() == Type::kFloat && std::isfinite(arg.as_float())) {
          v = static_cast<int64_t>(arg.as_float());
        } else if (arg.type() == Type::kBool) {
          v = arg.as_bool() ? 1 : 0;
        } else {
          return in.failf("%{} format requires integer: got {}, want int", conv, type_name(arg));
        }
        uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        if (v < 0) out += '-';
        if (conv == 'd' || conv == 'i') out += fmt::format("{}", mag);
        if (conv == 'o') out += fmt::format("{:o}", mag);
        if (conv == 'x') out += fmt::format("{:x}", mag);
        if (conv == 'X') out += fmt::format("{:X}", mag);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (arg.type() != Type::kFloat && !arg.is_int()) {
          return in.failf("%{} format requires float, not {}", conv, type_name(arg));
        }
        double d = arg.is_int() ? static_cast<double>(arg.as_int()) : arg.as_float();
        out += fmt::format(fmt::runtime(std::string("{:") + conv + "}"), d);
        break;
      }
      case 'c':
        if (arg.is_string()) {
          out += arg.as<String>()->str();
        } else if (arg.is_int()) {
          out += static_cast<char>(arg.as_int());
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
