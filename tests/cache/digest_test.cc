#include "cache/digest.h"

#include <gtest/gtest.h>

#include <string>

namespace pitch::cache {
namespace {

Digest fields(std::initializer_list<std::string_view> values) {
  FieldHasher hasher;
  for (std::string_view v : values) hasher.add(v);
  return hasher.finish();
}

TEST(DigestTest, FieldsAreDelimited) {
  EXPECT_NE(fields({"-I", "-O2"}), fields({"-I-O2"}));
  EXPECT_NE(fields({"ab", ""}), fields({"a", "b"}));
  EXPECT_NE(fields({"", "ab"}), fields({"ab"}));
  EXPECT_NE(fields({}), fields({""}));
}

TEST(DigestTest, FieldTypesAreDelimited) {
  FieldHasher as_int;
  as_int.add_int(0x6867666564636261);  // "abcdefgh" little-endian
  EXPECT_NE(as_int.finish(), fields({"abcdefgh"}));

  Digest d = digest_of("x");
  FieldHasher as_digest;
  as_digest.add(d);
  FieldHasher as_string;
  as_string.add(std::string_view(d.hex()));
  EXPECT_NE(as_digest.finish(), as_string.finish());
}

TEST(DigestTest, SameFieldsSameDigest) {
  EXPECT_EQ(fields({"a", "b"}), fields({"a", "b"}));
  FieldHasher a;
  a.add("x").add_int(-1).add(digest_of("y"));
  FieldHasher b;
  b.add("x").add_int(-1).add(digest_of("y"));
  EXPECT_EQ(a.finish(), b.finish());
}

// Golden values: these digests are stored in state databases and compared
// across runs, so they must never change by accident. digest_of is plain
// XXH3-128 (`xxh128sum` of an empty file prints 99aa06d3014798d86001c324468d497f).
TEST(DigestTest, StableHex) {
  EXPECT_EQ(digest_of("").hex(), "99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(fields({"-I", "-O2"}).hex(), "36ec19a9eb47907ca225266d18fa06e8");
}

TEST(DigestTest, HexRoundTrip) {
  Digest d = digest_of("hello");
  std::string hex = d.hex();
  ASSERT_EQ(hex.size(), 32u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(d.short_hex(), hex.substr(0, 12));
  Digest back;
  ASSERT_TRUE(Digest::from_hex(hex, &back));
  EXPECT_EQ(back, d);

  Digest known{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  EXPECT_EQ(known.hex(), "0123456789abcdeffedcba9876543210");
}

TEST(DigestTest, FromHexRejectsMalformed) {
  Digest out{1, 2};
  EXPECT_FALSE(Digest::from_hex("", &out));
  EXPECT_FALSE(Digest::from_hex("0123456789abcdeffedcba987654321", &out));    // 31
  EXPECT_FALSE(Digest::from_hex("0123456789abcdeffedcba98765432100", &out));  // 33
  EXPECT_FALSE(Digest::from_hex("0123456789abcdeffedcba987654321g", &out));
  EXPECT_EQ(out, (Digest{1, 2}));  // untouched on failure
}

TEST(DigestTest, ByteHasherEqualsOneShot) {
  std::string big(300 * 1024, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 31 + 7);
  ByteHasher hasher;
  hasher.update(std::string_view(big).substr(0, 1000));
  hasher.update(std::string_view(big).substr(1000));
  EXPECT_EQ(hasher.finish(), digest_of(big));
  hasher.reset();
  EXPECT_EQ(hasher.finish(), digest_of(""));
}

}  // namespace
}  // namespace pitch::cache
