#include "cache/path_digest.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace pitch::cache {
namespace {

tl::unexpected<Error> io_error(const std::string& path, std::string_view doing, int err) {
  return make_error(ErrorKind::kIo,
                    path + ": cannot " + std::string(doing) + ": " + std::strerror(err));
}

// The entry names of a directory, sorted bytewise so the digest does not
// depend on the filesystem's listing order.
Result<std::vector<std::string>> list_dir(const std::string& abs) {
  DIR* dir = ::opendir(abs.c_str());
  if (!dir) return io_error(abs, "open directory", errno);
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
    errno = 0;
  }
  int err = errno;
  ::closedir(dir);
  if (err != 0) return io_error(abs, "read directory", err);
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> read_link(const std::string& abs) {
  std::string target(256, '\0');
  for (;;) {
    ssize_t n = ::readlink(abs.c_str(), target.data(), target.size());
    if (n < 0) return io_error(abs, "read symlink", errno);
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);
  }
}

std::string absolute_of(const std::string& given) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(given, ec);
  if (ec) return given;
  std::string out = abs.lexically_normal().string();
  // "dir/" normalises to "dir/"; keep keys free of a trailing separator.
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

}  // namespace

Result<Digest> PathDigester::digest(const std::vector<std::string>& paths, const IgnoreFn& ignore,
                                    int64_t now_ns, InputListing* listing) {
  ignore_ = &ignore;
  listing_ = listing;
  now_ns_ = now_ns;
  std::vector<std::string> roots = paths;
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());

  FieldHasher hasher;
  hasher.add("pitch-paths-v1");
  for (const std::string& root : roots) PITCH_TRY(add_root(root, &hasher));
  ignore_ = nullptr;
  listing_ = nullptr;
  return hasher.finish();
}

Result<void> PathDigester::add_root(const std::string& given, FieldHasher* out) {
  out->add("root").add(given);
  std::string abs = absolute_of(given);
  struct stat st;
  if (::stat(abs.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      out->add("missing");
      list(abs, "missing");
      return {};
    }
    return io_error(abs, "stat", errno);
  }
  if (S_ISREG(st.st_mode)) {
    PITCH_TRY_ASSIGN(auto digest, file_digest(abs, FileStat::from(st)));
    if (!digest) {
      out->add("missing");
      list(abs, "missing");
      return {};
    }
    out->add("file").add(*digest);
    list(abs, "file " + digest->hex());
    return {};
  }
  if (S_ISDIR(st.st_mode)) {
    out->add("dir");
    return add_dir(abs, "", out);
  }
  out->add("other");
  list(abs, "other");
  return {};
}

Result<void> PathDigester::add_dir(const std::string& abs, const std::string& rel,
                                   FieldHasher* out) {
  PITCH_TRY_ASSIGN(auto names, list_dir(abs));
  for (const std::string& name : names) PITCH_TRY(add_child(join(abs, name), join(rel, name), out));
  return {};
}

Result<void> PathDigester::add_child(const std::string& abs, const std::string& rel,
                                     FieldHasher* out) {
  struct stat st;
  if (::lstat(abs.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};  // vanished since the listing
    return io_error(abs, "stat", errno);
  }
  bool is_dir = S_ISDIR(st.st_mode);
  if (is_dir && skip_ && skip_->first == st.st_dev && skip_->second == st.st_ino) return {};
  if (*ignore_ && (*ignore_)(abs, is_dir)) return {};
  if (is_dir) {
    out->add("dir").add(rel);
    list(abs, "dir");
    return add_dir(abs, rel, out);
  }
  if (S_ISLNK(st.st_mode)) {
    PITCH_TRY_ASSIGN(auto target, read_link(abs));
    out->add("link").add(rel).add(target);
    list(abs, "link " + target);
    return {};
  }
  if (S_ISREG(st.st_mode)) {
    PITCH_TRY_ASSIGN(auto digest, file_digest(abs, FileStat::from(st)));
    if (digest) {
      out->add("file").add(rel).add(*digest);
      list(abs, "file " + digest->hex());
    }
    return {};
  }
  out->add("other").add(rel);
  list(abs, "other");
  return {};
}

void PathDigester::list(const std::string& abs, std::string what) {
  if (listing_ != nullptr) listing_->push_back({abs, std::move(what)});
}

Result<std::optional<Digest>> PathDigester::file_digest(const std::string& abs,
                                                        const FileStat& stat) {
  ++stats_.files_seen;
  PITCH_TRY_ASSIGN(auto cached, cache_->lookup(abs, stat));
  if (cached) {
    ++stats_.stat_cache_hits;
    return cached;
  }
  auto read = reader_.digest(abs);
  if (!read) {
    int err = reader_.errno_of_last_failure();
    // Deleted, or replaced by a symlink, since we stat'ed it.
    if (err == ENOENT || err == ELOOP) return std::optional<Digest>();
    return tl::unexpected(std::move(read.error()));
  }
  ++stats_.files_hashed;
  stats_.bytes_hashed += read->stat.size;
  cache_->remember(abs, read->stat, read->digest, now_ns_);
  return std::optional<Digest>(read->digest);
}

}  // namespace pitch::cache
