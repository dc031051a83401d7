#include "base/ignore_matcher.h"

#include <gtest/gtest.h>

namespace pitch {
namespace {

TEST(IgnoreMatcher, GlobsPerSegment) {
  IgnoreMatcher m({"/r/*.o", "/r/build"});
  EXPECT_TRUE(m.ignored("/r/a.o"));
  EXPECT_FALSE(m.ignored("/r/sub/a.o"));  // * does not cross '/'
  EXPECT_TRUE(m.ignored("/r/build"));
  EXPECT_TRUE(m.ignored("/r/build/x/y.txt"));  // under an ignored directory
  EXPECT_FALSE(m.ignored("/r/builder"));
  EXPECT_TRUE(m.skips_dir("/r/build"));
}

TEST(IgnoreMatcher, DoubleStarCrossesDirectories) {
  IgnoreMatcher m({"/r/**/*.log", "/r/**/node_modules"});
  EXPECT_TRUE(m.ignored("/r/a.log"));
  EXPECT_TRUE(m.ignored("/r/x/y/z.log"));
  EXPECT_TRUE(m.ignored("/r/web/node_modules/pkg/index.js"));
  EXPECT_FALSE(m.ignored("/r/x/y/z.txt"));
}

TEST(IgnoreMatcher, LastMatchingPatternWinsWithExceptions) {
  IgnoreMatcher m({"/r/*.md", "!/r/README.md", "/r/docs", "!/r/docs/keep.txt"});
  EXPECT_TRUE(m.ignored("/r/CHANGES.md"));
  EXPECT_FALSE(m.ignored("/r/README.md"));
  EXPECT_TRUE(m.ignored("/r/docs/a.txt"));
  EXPECT_FALSE(m.ignored("/r/docs/keep.txt"));
  EXPECT_FALSE(m.skips_dir("/r/docs"));  // an exception may re-include something inside
}

TEST(IgnoreMatcher, SegmentSyntax) {
  EXPECT_TRUE(match_segment("a?c", "abc"));
  EXPECT_TRUE(match_segment("[a-c]x", "bx"));
  EXPECT_FALSE(match_segment("[^a-c]x", "bx"));
  EXPECT_TRUE(match_segment("\\*", "*"));
  EXPECT_FALSE(match_segment("\\*", "a"));
  EXPECT_TRUE(match_segment("*", ""));
  EXPECT_TRUE(match_segment("a*b*c", "aXbYc"));
}

TEST(IgnoreMatcher, EmptyMatchesNothing) {
  IgnoreMatcher m;
  EXPECT_TRUE(m.empty());
  EXPECT_FALSE(m.ignored("/r/a"));
}

}  // namespace
}  // namespace pitch
