// tests/support/temp_dir.h — a scratch directory removed when the test ends.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pitch::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent directories.
  std::filesystem::path write(std::string_view relative, std::string_view content) const;
  std::string read(std::string_view relative) const;

 private:
  std::filesystem::path path_;
};

}  // namespace pitch::testing
