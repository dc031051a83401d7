// tiltfile/blob.h — Tilt's Blob: text read from a file or a command.
//
// read_file() and local() return a Blob rather than a string so Tilt can
// remember where the text came from. It prints as its text (repr and str
// alike, as Tilt's String() does), is truthy when non-empty, unhashable,
// and Tilt's string parameters accept it (as_string() in unpack.h).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "tiltfile/starlark/host_object.h"

namespace pitch::tiltfile {

class Blob : public starlark::HostObject {
 public:
  Blob(std::string text, std::string source) : text_(std::move(text)), source_(std::move(source)) {}
  std::string_view type_name() const override { return "blob"; }
  void write_repr(starlark::Printer& p) const override { p.out += text_; }
  bool truth() const override { return !text_.empty(); }
  bool equals(const starlark::HostObject& other, int depth) const override;
  bool hash(starlark::Interpreter& in, uint32_t* out) const override;

  const std::string& text() const { return text_; }
  const std::string& source() const { return source_; }

 private:
  std::string text_;
  std::string source_;
};

// The Blob v holds, or nullptr.
const Blob* as_blob(starlark::Value v);

}  // namespace pitch::tiltfile
