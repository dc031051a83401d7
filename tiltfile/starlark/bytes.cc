// bytes(...), the methods of bytes, and the iterable views of strings and
// bytes (s.elems(), s.codepoints(), ...), which are host-style values.
#include <fmt/format.h>

#include "tiltfile/starlark/args.h"
#include "tiltfile/starlark/bigint.h"
#include "tiltfile/starlark/builtins.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/starlark/utf8.h"

namespace pitch::starlark {
namespace {

enum class ViewKind { kElems, kElemOrds, kCodepoints, kCodepointOrds, kBytesElems };

// "abc".elems() and friends: iterable; the elems views also have len and
// indexing, the codepoint views only iterate (their length is unknown
// without decoding).
class TextView : public HostObject {
 public:
  TextView(Value text, ViewKind kind) : text_(text), kind_(kind) {}
  std::string_view type_name() const override {
    switch (kind_) {
      case ViewKind::kElems:
      case ViewKind::kElemOrds:
        return "string.elems";
      case ViewKind::kCodepoints:
      case ViewKind::kCodepointOrds:
        return "string.codepoints";
      case ViewKind::kBytesElems:
        return "bytes.elems";
    }
    return "?";
  }
  void write_repr(Printer& p) const override {
    p.value(text_);
    switch (kind_) {
      case ViewKind::kElems:
      case ViewKind::kBytesElems:
        p.out += ".elems()";
        break;
      case ViewKind::kElemOrds:
        p.out += ".elem_ords()";
        break;
      case ViewKind::kCodepoints:
        p.out += ".codepoints()";
        break;
      case ViewKind::kCodepointOrds:
        p.out += ".codepoint_ords()";
        break;
    }
  }
  bool iterable() const override { return true; }
  Value iter_at(Interpreter& in, size_t i) override {
    std::string_view s = text();
    if (!by_codepoint()) return i < s.size() ? elem(in, i) : Value();
    if (i == 0) offset_ = 0;
    if (offset_ >= s.size()) return Value();
    size_t len = 0;
    uint32_t cp = utf8_decode(s, offset_, &len);
    size_t start = offset_;
    offset_ += len;
    if (kind_ == ViewKind::kCodepointOrds) return Value::integer(cp);
    return in.str(cp == kReplacementChar && len == 1 ? std::string("\xEF\xBF\xBD")
                                                     : s.substr(start, len));
  }
  int64_t length() const override {
    return by_codepoint() ? -1 : static_cast<int64_t>(text().size());
  }
  Value index(Interpreter& in, Value iv) override {
    if (by_codepoint()) return Value();
    int64_t i = 0;
    if (!to_int(in, iv, &i, fmt::format("{} index: ", type_name()))) return Value();
    auto n = static_cast<int64_t>(text().size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return in.failf("index {} out of range [{}:{}]", i, -n, n - 1);
    return elem(in, static_cast<size_t>(i));
  }

 private:
  std::string_view text() const { return text_.as<String>()->str(); }
  bool by_codepoint() const {
    return kind_ == ViewKind::kCodepoints || kind_ == ViewKind::kCodepointOrds;
  }
  Value elem(Interpreter& in, size_t i) const {
    auto c = static_cast<unsigned char>(text()[i]);
    if (kind_ == ViewKind::kElems) return in.str(std::string(1, static_cast<char>(c)));
    return Value::integer(c);
  }

  Value text_;
  ViewKind kind_;
  size_t offset_ = 0;  // codepoint views: where element i+1 starts
};

Value make_view(Interpreter& in, std::string_view fn, Value self, const CallArgs& args,
                ViewKind kind) {
  if (!unpack_positional(in, fn, args, 0, {})) return Value();
  return Value(in.heap().make<TextView>(self, kind));
}

Value bytes_elems(Interpreter& in, Value self, const CallArgs& args) {
  return make_view(in, "elems", self, args, ViewKind::kBytesElems);
}

constexpr MethodEntry kBytesMethods[] = {
    {"elems", bytes_elems},
};

}  // namespace

Value string_elems(Interpreter& in, Value self, const CallArgs& args) {
  return make_view(in, "elems", self, args, ViewKind::kElems);
}
Value string_elem_ords(Interpreter& in, Value self, const CallArgs& args) {
  return make_view(in, "elem_ords", self, args, ViewKind::kElemOrds);
}
Value string_codepoints(Interpreter& in, Value self, const CallArgs& args) {
  return make_view(in, "codepoints", self, args, ViewKind::kCodepoints);
}
Value string_codepoint_ords(Interpreter& in, Value self, const CallArgs& args) {
  return make_view(in, "codepoint_ords", self, args, ViewKind::kCodepointOrds);
}

std::span<const MethodEntry> bytes_methods() { return kBytesMethods; }

Value builtin_bytes(Interpreter& in, const CallArgs& args) {
  Value x;
  if (!unpack_positional(in, "bytes", args, 1, {&x})) return Value();
  if (x.type() == Type::kBytes) return x;
  if (x.type() == Type::kString) {
    // Invalid encodings become U+FFFD, as in starlark-go.
    return Value(in.heap().make_string(utf8_sanitize(x.as<String>()->str()), Type::kBytes));
  }
  std::vector<Value> elems;
  if (!iterate(in, x, elems)) {
    in.clear_error();
    return in.failf("bytes: got {}, want string, bytes, or iterable of ints", type_name(x));
  }
  std::string out;
  out.reserve(elems.size());
  for (size_t i = 0; i < elems.size(); ++i) {
    Value e = elems[i];
    if (!is_integer(e)) return in.failf("bytes: at index {}, got {}, want int", i, type_name(e));
    int64_t b = e.is_int() ? e.as_int() : -1;
    if (b < 0 || b > 255) {
      return in.failf("bytes: at index {}, {} out of range (want value in unsigned 8-bit range)", i,
                      repr(e));
    }
    out += static_cast<char>(b);
  }
  return Value(in.heap().make_string(std::move(out), Type::kBytes));
}

}  // namespace pitch::starlark
