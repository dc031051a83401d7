#include "cache/digest.h"

#include <xxhash.h>

#include <array>

#include "base/check.h"

namespace pitch::cache {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_hex(uint64_t value, std::string* out) {
  for (int shift = 60; shift >= 0; shift -= 4) out->push_back(kHexDigits[(value >> shift) & 0xf]);
}

// Each field is written as: a one-byte type tag, its length as 8 bytes
// little-endian, then its bytes. The tag keeps add_int(x) and add(<8 bytes>)
// apart; the length keeps ("-I", "-O2") and ("-I-O2") apart.
std::array<unsigned char, 9> field_header(char tag, uint64_t length) {
  std::array<unsigned char, 9> header{};
  header[0] = static_cast<unsigned char>(tag);
  for (int i = 0; i < 8; ++i) header[1 + i] = static_cast<unsigned char>(length >> (8 * i));
  return header;
}

}  // namespace

std::string Digest::hex() const {
  std::string out;
  out.reserve(32);
  append_hex(high, &out);
  append_hex(low, &out);
  return out;
}

bool Digest::from_hex(std::string_view text, Digest* out) {
  if (text.size() != 32) return false;
  uint64_t words[2] = {0, 0};
  for (size_t i = 0; i < 32; ++i) {
    int v = hex_value(text[i]);
    if (v < 0) return false;
    words[i / 16] = (words[i / 16] << 4) | static_cast<uint64_t>(v);
  }
  out->high = words[0];
  out->low = words[1];
  return true;
}

struct FieldHasher::State {
  XXH3_state_t* xxh = nullptr;

  State() : xxh(XXH3_createState()) {
    PITCH_CHECK(xxh != nullptr);
    XXH3_128bits_reset(xxh);
  }
  ~State() { XXH3_freeState(xxh); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  void field(char tag, const void* data, size_t size) {
    auto header = field_header(tag, size);
    XXH3_128bits_update(xxh, header.data(), header.size());
    if (size > 0) XXH3_128bits_update(xxh, data, size);
  }
};

FieldHasher::FieldHasher() : state_(std::make_unique<State>()) {}
FieldHasher::~FieldHasher() = default;

FieldHasher& FieldHasher::add(std::string_view field) {
  state_->field('s', field.data(), field.size());
  return *this;
}

FieldHasher& FieldHasher::add(const Digest& digest) {
  unsigned char bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(digest.high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<unsigned char>(digest.low >> (56 - 8 * i));
  }
  state_->field('d', bytes, sizeof bytes);
  return *this;
}

FieldHasher& FieldHasher::add_int(int64_t value) {
  unsigned char bytes[8];
  auto u = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(u >> (8 * i));
  state_->field('i', bytes, sizeof bytes);
  return *this;
}

Digest FieldHasher::finish() const {
  XXH128_hash_t h = XXH3_128bits_digest(state_->xxh);
  return Digest{h.high64, h.low64};
}

struct ByteHasher::State {
  XXH3_state_t* xxh = nullptr;

  State() : xxh(XXH3_createState()) {
    PITCH_CHECK(xxh != nullptr);
    XXH3_128bits_reset(xxh);
  }
  ~State() { XXH3_freeState(xxh); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
};

ByteHasher::ByteHasher() : state_(std::make_unique<State>()) {}
ByteHasher::~ByteHasher() = default;

ByteHasher& ByteHasher::update(std::string_view bytes) {
  if (!bytes.empty()) XXH3_128bits_update(state_->xxh, bytes.data(), bytes.size());
  return *this;
}

Digest ByteHasher::finish() const {
  XXH128_hash_t h = XXH3_128bits_digest(state_->xxh);
  return Digest{h.high64, h.low64};
}

void ByteHasher::reset() { XXH3_128bits_reset(state_->xxh); }

Digest digest_of(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return Digest{h.high64, h.low64};
}

}  // namespace pitch::cache
