#include "tiltfile/starlark/args.h"

#include <fmt/format.h>

#include <vector>

#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/spell.h"

namespace pitch::starlark {

bool unpack_args(Interpreter& in, std::string_view fn, const CallArgs& args,
                 std::initializer_list<ParamSpec> params) {
  std::vector<ParamSpec> ps(params);
  std::vector<bool> set(ps.size(), false);
  auto name_of = [](const ParamSpec& p) {
    std::string_view n = p.name;
    if (!n.empty() && n.back() == '?') n.remove_suffix(1);
    return n;
  };
  if (args.positional.size() > ps.size()) {
    in.failf("{}: got {} arguments, want at most {}", fn, args.positional.size(), ps.size());
    return false;
  }
  for (size_t i = 0; i < args.positional.size(); ++i) {
    *ps[i].out = args.positional[i];
    set[i] = true;
  }
  for (const auto& [key, value] : args.named) {
    std::string_view k = key.as<String>()->str();
    size_t i = 0;
    while (i < ps.size() && name_of(ps[i]) != k) ++i;
    if (i == ps.size()) {
      std::vector<std::string> names;
      for (const ParamSpec& p : ps) names.emplace_back(name_of(p));
      std::string hint = nearest(k, names);
      in.failf("{}: unexpected keyword argument \"{}\"{}", fn, k,
               hint.empty() ? "" : fmt::format(" (did you mean {}?)", hint));
      return false;
    }
    if (set[i]) {
      in.failf("{}: got multiple values for keyword argument \"{}\"", fn, k);
      return false;
    }
    *ps[i].out = value;
    set[i] = true;
  }
  for (size_t i = 0; i < ps.size(); ++i) {
    if (!set[i] && ps[i].name.back() != '?') {
      in.failf("{}: missing argument for {}", fn, name_of(ps[i]));
      return false;
    }
  }
  return true;
}

bool unpack_positional(Interpreter& in, std::string_view fn, const CallArgs& args, size_t min,
                       std::initializer_list<Value*> outs) {
  size_t max = outs.size();
  size_t n = args.positional.size();
  if (!args.named.empty()) {
    in.failf("{}: unexpected keyword arguments", fn);
    return false;
  }
  if (n < min) {
    in.failf("{}: got {} arguments, want {}{}", fn, n, min < max ? "at least " : "", min);
    return false;
  }
  if (n > max) {
    in.failf("{}: got {} arguments, want {}{}", fn, n, max > min ? "at most " : "", max);
    return false;
  }
  size_t i = 0;
  for (Value* out : outs) {
    if (i < n) *out = args.positional[i];
    ++i;
  }
  return true;
}

}  // namespace pitch::starlark
