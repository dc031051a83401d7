#include "tiltfile/starlark/value.h"

#include <fmt/format.h>

#include <cstring>

namespace pitch::starlark {

uint32_t java_string_hash(std::string_view s) {
  // Tilt users can observe it through hash().
  uint32_t h = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    uint32_t cp = p[i];
    size_t len = 1;
    if (cp >= 0xF0 && i + 3 < n) {
      cp = ((p[i] & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) |
           (p[i + 3] & 0x3Fu);
      len = 4;
    } else if (cp >= 0xE0 && i + 2 < n) {
      cp = ((p[i] & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
      len = 3;
    } else if (cp >= 0xC0 && i + 1 < n) {
      cp = ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
      len = 2;
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return h;
}

uint32_t String::hash() const {
  if (!hashed_) {
    hash_ = java_string_hash(str());
    hashed_ = true;
  }
  return hash_;
}

String* Heap::alloc_string(size_t size, Type t) {
  void* mem = arena_.allocate(sizeof(String) + size, alignof(String));
  return new (mem) String(size, t);
}

String* Heap::make_string(std::string_view s, Type t) {
  String* str = alloc_string(s.size(), t);
  if (!s.empty()) std::memcpy(str->mutable_data(), s.data(), s.size());
  return str;
}

Heap::~Heap() {
  for (auto it = objects_.rbegin(); it != objects_.rend(); ++it) (*it)->~Object();
}

void Tuple::freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (Value v : elems_) starlark::freeze(v);
}

std::string List::check_mutable(std::string_view verb) const {
  if (frozen()) return fmt::format("cannot {} frozen list", verb);
  if (iterators > 0) return fmt::format("cannot {} list during iteration", verb);
  return {};
}

void List::freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (Value v : elems_) starlark::freeze(v);
}

int64_t Range::len() const {
  if (step_ > 0) return start_ < stop_ ? (stop_ - start_ - 1) / step_ + 1 : 0;
  return start_ > stop_ ? (start_ - stop_ - 1) / -step_ + 1 : 0;
}

void Cell::freeze() {
  if (frozen_) return;
  frozen_ = true;
  starlark::freeze(value);
}

void freeze(Value v) {
  if (v.type() < Type::kString || v.object()->frozen()) return;
  // Object::freeze recurses into children; past a modest depth the
  // objects are queued and frozen by the outermost call instead, so a
  // deeply nested value (x = [x] a million times) cannot exhaust the C++
  // stack. The queue is per thread, like the evaluation using it.
  constexpr int kMaxDepth = 256;
  thread_local int depth = 0;
  thread_local std::vector<Object*>* pending = nullptr;
  if (depth >= kMaxDepth) {
    pending->push_back(v.object());
    return;
  }
  std::vector<Object*> queue;
  bool outermost = depth == 0;
  if (outermost) pending = &queue;
  ++depth;
  v.object()->freeze();
  --depth;
  if (!outermost) return;
  while (!queue.empty()) {
    Object* o = queue.back();
    queue.pop_back();
    ++depth;
    o->freeze();
    --depth;
  }
  pending = nullptr;
}

}  // namespace pitch::starlark
