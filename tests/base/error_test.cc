#include "base/error.h"

#include <gtest/gtest.h>

namespace pitch {
namespace {

TEST(RenderDiagnostic, ShowsPositionSourceLineAndCaret) {
  Error e(ErrorKind::kTiltfile, "undefined: foo", SourcePos{"Tiltfile", 3, 5});
  e.source_line = "x = foo + 1";
  EXPECT_EQ(render_diagnostic(e), "Tiltfile:3:5: error: undefined: foo\nx = foo + 1\n    ^\n");
}

TEST(RenderDiagnostic, WarningWithoutColumnOrSource) {
  Error e(ErrorKind::kPlan, "unknown resource \"db\"", SourcePos{"/t/Tiltfile", 7, 0});
  EXPECT_EQ(render_diagnostic(e, Severity::kWarning),
            "/t/Tiltfile:7: warning: unknown resource \"db\"\n");
}

TEST(RenderDiagnostic, NotesFollowTheMessage) {
  Error e(ErrorKind::kTiltfile, "boom");
  e.notes = {"Traceback (most recent call last):", "  Tiltfile:1:1: in <toplevel>"};
  EXPECT_EQ(render_diagnostic(e),
            "error: boom\nTraceback (most recent call last):\n  Tiltfile:1:1: in <toplevel>\n");
}

Result<int> half(int x) {
  if (x % 2) return make_error(ErrorKind::kUsage, "odd");
  return x / 2;
}
Result<int> quarter(int x) {
  PITCH_TRY_ASSIGN(int h, half(x));
  PITCH_TRY_ASSIGN(int q, half(h));
  return q;
}

TEST(Try, PropagatesTheFirstError) {
  EXPECT_EQ(quarter(8).value(), 2);
  EXPECT_EQ(quarter(6).error().message, "odd");
  EXPECT_EQ(exit_code_for(ErrorKind::kUsage), 2);
  EXPECT_EQ(exit_code_for(ErrorKind::kPlan), 3);
}

}  // namespace
}  // namespace pitch
