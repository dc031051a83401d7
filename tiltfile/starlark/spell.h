// tiltfile/starlark/spell.h — "did you mean ...?" suggestions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pitch::starlark {

// The candidate closest to x (ignoring case and underscores) within 50%
// typos, or "" (starlark-go's spell.Nearest).
std::string nearest(std::string_view x, const std::vector<std::string>& candidates);

}  // namespace pitch::starlark
