#include "base/duration.h"

#include <gtest/gtest.h>

namespace pitch {
namespace {

TEST(ParseDuration, AcceptsGoForms) {
  EXPECT_EQ(parse_duration("90s").value(), Millis(90'000));
  EXPECT_EQ(parse_duration("5m").value(), Millis(300'000));
  EXPECT_EQ(parse_duration("1h30m").value(), Millis(5'400'000));
  EXPECT_EQ(parse_duration("250ms").value(), Millis(250));
  EXPECT_EQ(parse_duration("1.5h").value(), Millis(5'400'000));
  EXPECT_EQ(parse_duration("0").value(), Millis(0));
  EXPECT_EQ(parse_duration("2m30s500ms").value(), Millis(150'500));
}

TEST(ParseDuration, RejectsMalformedWithTheText) {
  for (const char* bad : {"", "5", "m", "5x", "-5s", "1..5s", "s5"}) {
    auto r = parse_duration(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
    EXPECT_NE(r.error().message.find("invalid duration"), std::string::npos) << bad;
  }
}

TEST(FormatDuration, ReadsNaturally) {
  EXPECT_EQ(format_duration(Millis(850)), "850ms");
  EXPECT_EQ(format_duration(Millis(12'345)), "12.3s");
  EXPECT_EQ(format_duration(Millis(245'000)), "4m05s");
  EXPECT_EQ(format_duration(Millis(3'720'000)), "1h02m");
}

}  // namespace
}  // namespace pitch
