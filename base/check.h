// base/check.h — PITCH_CHECK for invariants; a failure is a bug in pitch,
// never a user error, so it prints where and aborts.
#pragma once

namespace pitch::detail {
[[noreturn]] void check_failed(const char* expr, const char* file, int line);
}  // namespace pitch::detail

#define PITCH_CHECK(cond) \
  ((cond) ? (void)0 : ::pitch::detail::check_failed(#cond, __FILE__, __LINE__))
