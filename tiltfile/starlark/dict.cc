#include "tiltfile/starlark/dict.h"

#include <fmt/format.h>

namespace pitch::starlark {
namespace {
constexpr int32_t kEmpty = -1;
constexpr int32_t kDeleted = -2;
}  // namespace

int32_t Dict::find(Value key, uint32_t hash, KeyEq eq) const {
  if (index_.empty()) return -1;
  size_t mask = index_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    int32_t slot = index_[i];
    if (slot == kEmpty) return -1;
    if (slot == kDeleted) continue;
    const Entry& e = entries_[slot];
    if (e.hash == hash && (e.key.same(key) || eq(e.key, key))) return slot;
  }
}

Value Dict::get(Value key, uint32_t hash, KeyEq eq) const {
  int32_t i = find(key, hash, eq);
  return i < 0 ? Value() : entries_[i].value;
}

void Dict::rebuild(size_t index_size) {
  std::vector<Entry> live;
  live.reserve(live_);
  for (Entry& e : entries_) {
    if (e.key.ok()) live.push_back(e);
  }
  entries_ = std::move(live);
  index_.assign(index_size, kEmpty);
  size_t mask = index_size - 1;
  for (size_t n = 0; n < entries_.size(); ++n) {
    size_t i = entries_[n].hash & mask;
    while (index_[i] != kEmpty) i = (i + 1) & mask;
    index_[i] = static_cast<int32_t>(n);
  }
}

void Dict::set(Value key, uint32_t hash, Value value, KeyEq eq) {
  int32_t found = find(key, hash, eq);
  if (found >= 0) {
    entries_[found].value = value;
    return;
  }
  // Keep the index at most 2/3 full, counting tombstones.
  if ((entries_.size() + 1) * 3 >= index_.size() * 2) {
    size_t size = 8;
    while (size * 2 <= (live_ + 1) * 3) size *= 2;
    rebuild(size * 2);
  }
  size_t mask = index_.size() - 1;
  size_t i = hash & mask;
  while (index_[i] >= 0) i = (i + 1) & mask;
  index_[i] = static_cast<int32_t>(entries_.size());
  entries_.push_back(Entry{key, value, hash});
  ++live_;
}

Value Dict::erase(Value key, uint32_t hash, KeyEq eq) {
  if (index_.empty()) return Value();
  size_t mask = index_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    int32_t slot = index_[i];
    if (slot == kEmpty) return Value();
    if (slot == kDeleted) continue;
    Entry& e = entries_[slot];
    if (e.hash == hash && (e.key.same(key) || eq(e.key, key))) {
      Value v = e.value;
      e.key = Value();
      e.value = Value();
      index_[i] = kDeleted;
      --live_;
      if (live_ == 0) {
        clear();
      } else if (entries_.size() > 2 * live_ + 8) {
        rebuild(index_.size());
      }
      return v;
    }
  }
}

void Dict::clear() {
  entries_.clear();
  index_.clear();
  live_ = 0;
}

std::string Dict::check_mutable(std::string_view verb) const {
  if (frozen()) return fmt::format("cannot {} frozen hash table", verb);
  if (iterators > 0) return fmt::format("cannot {} hash table during iteration", verb);
  return {};
}

void Dict::freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (Entry& e : entries_) {
    if (e.key.ok()) {
      starlark::freeze(e.key);
      starlark::freeze(e.value);
    }
  }
}

}  // namespace pitch::starlark
