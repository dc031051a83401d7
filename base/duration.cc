#include "base/duration.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace pitch {
namespace {

// Nanoseconds per unit, longest suffix first so "ms" wins over "m".
struct Unit {
  std::string_view suffix;
  double nanos;
};
constexpr Unit kUnits[] = {
    {"ns", 1}, {"us", 1e3}, {"\xc2\xb5s", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9},
};

tl::unexpected<Error> bad(std::string_view text, std::string_view why) {
  return make_error(
      ErrorKind::kUsage,
      fmt::format("invalid duration \"{}\": {} (use e.g. 90s, 5m, 1h30m)", text, why));
}

}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  if (text == "0") return Millis(0);
  if (text.empty()) return bad(text, "empty");
  if (text[0] == '-') return bad(text, "must not be negative");
  std::string_view rest = text;
  if (rest[0] == '+') rest.remove_prefix(1);
  double total_nanos = 0;
  if (rest.empty()) return bad(text, "missing number");
  while (!rest.empty()) {
    size_t i = 0;
    while (i < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[i])) || rest[i] == '.'))
      ++i;
    if (i == 0) return bad(text, "expected a number");
    std::string number(rest.substr(0, i));
    if (number == "." || std::count(number.begin(), number.end(), '.') > 1) {
      return bad(text, "malformed number");
    }
    rest.remove_prefix(i);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      // "m" must not swallow the "m" of "ms".
      if (rest.substr(0, u.suffix.size()) == u.suffix) {
        if (!unit || u.suffix.size() > unit->suffix.size()) unit = &u;
      }
    }
    if (!unit) return bad(text, rest.empty() ? "missing unit" : "unknown unit");
    rest.remove_prefix(unit->suffix.size());
    total_nanos += std::stod(number) * unit->nanos;
  }
  return Millis(static_cast<int64_t>(std::llround(total_nanos / 1e6)));
}

std::string format_duration(Millis d) {
  int64_t ms = d.count();
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms < 60'000) return fmt::format("{:.1f}s", static_cast<double>(ms) / 1000.0);
  int64_t secs = ms / 1000;
  if (secs < 3600) return fmt::format("{}m{:02}s", secs / 60, secs % 60);
  return fmt::format("{}h{:02}m", secs / 3600, (secs % 3600) / 60);
}

}  // namespace pitch
