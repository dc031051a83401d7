#include "tiltfile/starlark/spell.h"

#include <algorithm>
#include <cctype>

namespace pitch::starlark {
namespace {

std::string fold(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Edit distance, giving up (returning max) once it exceeds max.
size_t levenshtein(const std::string& a, const std::string& b, size_t max) {
  if (a.size() > b.size() + max || b.size() > a.size() + max) return max;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string nearest(std::string_view x, const std::vector<std::string>& candidates) {
  std::string fx = fold(x);
  std::string best;
  size_t best_d = (fx.size() + 1) / 2;  // allow up to 50% typos
  for (const std::string& c : candidates) {
    size_t d = levenshtein(fx, fold(c), best_d);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace pitch::starlark
