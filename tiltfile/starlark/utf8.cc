#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {

uint32_t utf8_decode(std::string_view s, size_t i, size_t* len) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  *len = 1;
  if (c < 0x80) return c;
  size_t n = 0;
  uint32_t cp = 0, min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return kReplacementChar;
  }
  if (i + n > s.size()) return kReplacementChar;
  for (size_t k = 1; k < n; ++k) {
    unsigned char d = at(i + k);
    if ((d & 0xC0) != 0x80) return kReplacementChar;
    cp = (cp << 6) | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacementChar;
  *len = n;
  return cp;
}

void utf8_append(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    uint32_t cp = utf8_decode(s, i, &len);
    if (cp == kReplacementChar && len == 1) {
      utf8_append(out, cp);
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  return out;
}

bool is_printable(uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD) return false;
  if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
      (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB)) {
    return false;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  if (cp >= 0xE000 && cp <= 0xF8FF) return false;  // private use
  if ((cp & 0xFFFE) == 0xFFFE) return false;       // noncharacters
  return cp <= 0x10FFFF;
}

}  // namespace pitch::starlark

namespace pitch::starlark {
namespace {

// The digraphs DŽ Dž dž, LJ Lj lj, NJ Nj nj, DZ Dz dz: upper, title, lower.
int digraph(uint32_t cp, uint32_t* base) {
  for (uint32_t b : {0x1C4u, 0x1C7u, 0x1CAu, 0x1F1u}) {
    if (cp >= b && cp < b + 3) {
      *base = b;
      return static_cast<int>(cp - b);
    }
  }
  return -1;
}

// Latin Extended-A pairs: which of the pair is upper.
bool ext_a_pair(uint32_t cp) {
  return (cp >= 0x100 && cp <= 0x137) || (cp >= 0x139 && cp <= 0x148) ||
         (cp >= 0x14A && cp <= 0x177) || (cp >= 0x179 && cp <= 0x17E);
}
bool ext_a_upper(uint32_t cp) {
  bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  return ((cp & 1) == 1) == odd_upper;
}

}  // namespace

uint32_t to_lower(uint32_t cp) {
  uint32_t base = 0;
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x178) return 0xFF;
  if (ext_a_pair(cp)) return ext_a_upper(cp) ? cp + 1 : cp;
  if (digraph(cp, &base) >= 0) return base + 2;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

uint32_t to_upper(uint32_t cp) {
  uint32_t base = 0;
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if (ext_a_pair(cp)) return ext_a_upper(cp) ? cp : cp - 1;
  if (digraph(cp, &base) >= 0) return base;
  if (cp == 0x3C2) return 0x3A3;
  if (cp >= 0x3B1 && cp <= 0x3C9) return cp - 0x20;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  return cp;
}

uint32_t to_title(uint32_t cp) {
  uint32_t base = 0;
  if (digraph(cp, &base) >= 0) return base + 1;
  return to_upper(cp);
}

bool is_title(uint32_t cp) {
  uint32_t base = 0;
  return digraph(cp, &base) == 1;
}
bool is_upper(uint32_t cp) { return !is_title(cp) && to_lower(cp) != cp; }
bool is_lower(uint32_t cp) {
  return (!is_title(cp) && to_upper(cp) != cp) || cp == 0xDF || cp == 0x131;
}

bool is_letter(uint32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return true;
  if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
  return (cp >= 0x370 && cp <= 0x3FF && cp != 0x37E && cp != 0x387) ||
         (cp >= 0x400 && cp <= 0x52F && !(cp >= 0x482 && cp <= 0x489)) ||
         (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x620 && cp <= 0x64A) ||
         (cp >= 0x3041 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3);
}

bool is_digit(uint32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= 0x660 && cp <= 0x669); }

bool is_space(uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

}  // namespace pitch::starlark
