// base/duration.h — Go-style durations ("90s", "5m", "1h30m", "250ms"), the
// form Tilt's settings and pitch's flags use.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/error.h"

namespace pitch {

using Millis = std::chrono::milliseconds;

// Parses a Go duration: one or more <number><unit> pairs, units ns, us, µs,
// ms, s, m, h; the number may have a fraction ("1.5h"). A bare "0" is zero.
// Negative durations are rejected. Errors are kUsage with the text.
Result<Millis> parse_duration(std::string_view text);

// Formats for people: "850ms", "12.3s", "4m05s", "1h02m".
std::string format_duration(Millis d);

}  // namespace pitch
