#include "tiltfile/blob.h"

#include "tiltfile/starlark/interpreter.h"

namespace pitch::tiltfile {

bool Blob::equals(const starlark::HostObject& other, int) const {
  const auto* o = dynamic_cast<const Blob*>(&other);
  return o != nullptr && o->text_ == text_ && o->source_ == source_;
}

bool Blob::hash(starlark::Interpreter& in, uint32_t*) const {
  in.fail("unhashable type: blob");
  return false;
}

const Blob* as_blob(starlark::Value v) {
  if (!starlark::is_host(v)) return nullptr;
  return dynamic_cast<const Blob*>(starlark::as_host(v));
}

}  // namespace pitch::tiltfile
