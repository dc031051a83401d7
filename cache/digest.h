// cache/digest.h — a 128-bit content digest (XXH3-128) and a field hasher.
//
// FieldHasher writes a length before every field, so ("-I", "-O2") and
// ("-I-O2") can never produce the same digest.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pitch::cache {

struct Digest {
  uint64_t high = 0;
  uint64_t low = 0;

  // 32 lowercase hex digits.
  std::string hex() const;
  // The first 12 hex digits, for people.
  std::string short_hex() const { return hex().substr(0, 12); }
  static bool from_hex(std::string_view text, Digest* out);

  friend bool operator==(const Digest&, const Digest&) = default;
};

class FieldHasher {
 public:
  FieldHasher();
  ~FieldHasher();
  FieldHasher(const FieldHasher&) = delete;
  FieldHasher& operator=(const FieldHasher&) = delete;

  FieldHasher& add(std::string_view field);
  FieldHasher& add(const Digest& digest);
  FieldHasher& add_int(int64_t value);
  Digest finish() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Digest of bytes fed in pieces, without field framing: finish() equals
// digest_of(<all pieces concatenated>). For streaming file contents.
class ByteHasher {
 public:
  ByteHasher();
  ~ByteHasher();
  ByteHasher(const ByteHasher&) = delete;
  ByteHasher& operator=(const ByteHasher&) = delete;

  ByteHasher& update(std::string_view bytes);
  Digest finish() const;
  // Starts over, keeping the allocated state.
  void reset();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Digest of a byte string, for callers that hash one thing.
Digest digest_of(std::string_view bytes);

}  // namespace pitch::cache
