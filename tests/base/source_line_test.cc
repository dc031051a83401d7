#include "base/source_line.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace pitch {
namespace {

TEST(ReadSourceLine, ReturnsTheLineWithoutItsNewline) {
  testing::TempDir dir;
  auto path = dir.write("Tiltfile", "first\r\nsecond\nthird").string();
  EXPECT_EQ(read_source_line(path, 1), "first");
  EXPECT_EQ(read_source_line(path, 3), "third");
  EXPECT_EQ(read_source_line(path, 4), std::nullopt);
  EXPECT_EQ(read_source_line(path, 0), std::nullopt);
  EXPECT_EQ(read_source_line(path + ".missing", 1), std::nullopt);
}

TEST(AttachSourceLine, FillsOnlyWhatIsMissing) {
  testing::TempDir dir;
  auto path = dir.write("Tiltfile", "a = 1\nb = 2\n").string();
  Error e(ErrorKind::kPlan, "x", SourcePos{path, 2, 1});
  attach_source_line(e);
  EXPECT_EQ(e.source_line, "b = 2");
  e.source_line = "kept";
  attach_source_line(e);
  EXPECT_EQ(e.source_line, "kept");
}

}  // namespace
}  // namespace pitch
