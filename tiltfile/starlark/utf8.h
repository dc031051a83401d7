// tiltfile/starlark/utf8.h — the UTF-8 decoding Starlark strings need.
//
// Strings are byte sequences (as in Go); these helpers decode them the way
// Go's unicode/utf8 does: an invalid or truncated sequence decodes as
// U+FFFD with length 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pitch::starlark {

inline constexpr uint32_t kReplacementChar = 0xFFFD;

// The code point starting at s[i] and its encoded length (>= 1).
uint32_t utf8_decode(std::string_view s, size_t i, size_t* len);
void utf8_append(std::string& out, uint32_t cp);
// s with every invalid byte replaced by U+FFFD (str() of bytes).
std::string utf8_sanitize(std::string_view s);
// Whether repr() may show the code point as is (an approximation of Go's
// unicode.IsPrint: controls, format characters and separators are not).
bool is_printable(uint32_t cp);

}  // namespace pitch::starlark

namespace pitch::starlark {

// Simple case mapping and classes for the scripts Tiltfiles meet (ASCII,
// Latin-1, Latin Extended-A/B digraphs, Greek, Cyrillic); other code points
// are caseless. A full Unicode table is not worth its size here.
uint32_t to_lower(uint32_t cp);
uint32_t to_upper(uint32_t cp);
uint32_t to_title(uint32_t cp);
bool is_lower(uint32_t cp);
bool is_upper(uint32_t cp);
bool is_title(uint32_t cp);
bool is_letter(uint32_t cp);
bool is_digit(uint32_t cp);
bool is_space(uint32_t cp);

}  // namespace pitch::starlark
