// tiltfile/starlark/dict.h — the insertion-ordered hash table behind dict.
//
// Compact layout (as in CPython 3.6+): entries live in a vector in insertion
// order, and a separate open-addressed index of int32 slots (linear probing,
// power-of-two size) points into it. Iteration walks the entry vector, so it
// is ordered and cache-friendly; deletion leaves a tombstone entry that a
// rebuild squeezes out once they outnumber the live ones. An iterator count
// and the frozen bit refuse mutation with starlark-go's messages.
//
// Hashing and equality of keys need the interpreter (a key may be
// unhashable), so callers pass the key's hash and an equality function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tiltfile/starlark/value.h"

namespace pitch::starlark {

class Dict : public Object {
 public:
  struct Entry {
    Value key;  // !ok() for a deleted entry
    Value value;
    uint32_t hash = 0;
  };
  using KeyEq = bool (*)(Value, Value);

  explicit Dict(Type t = Type::kDict) : Object(t) {}

  size_t size() const { return live_; }
  // Entries in insertion order, including deleted ones (key not ok()).
  const std::vector<Entry>& entries() const { return entries_; }

  // The value for key, or an invalid Value.
  Value get(Value key, uint32_t hash, KeyEq eq) const;
  // Inserts or replaces. Caller has checked check_mutable.
  void set(Value key, uint32_t hash, Value value, KeyEq eq);
  // Removes key; returns its value, or an invalid Value if absent.
  Value erase(Value key, uint32_t hash, KeyEq eq);
  void clear();

  // Empty when mutation is allowed, else the reason ("cannot insert into
  // frozen hash table").
  std::string check_mutable(std::string_view verb) const;
  void freeze() override;
  int iterators = 0;

 private:
  // Index of the entry for key, or -1.
  int32_t find(Value key, uint32_t hash, KeyEq eq) const;
  void rebuild(size_t index_size);

  std::vector<Entry> entries_;
  std::vector<int32_t> index_;  // -1 empty, -2 deleted, else entry number
  size_t live_ = 0;
};

// A set: a Dict whose values are unused (None), so it shares the table,
// its insertion order, iteration lock and frozen messages (starlark-go's
// sets also say "hash table").
class Set : public Dict {
 public:
  Set() : Dict(Type::kSet) {}
};

}  // namespace pitch::starlark
