// cache/path_digest.h — the digest of files and directory trees (internal to
// cache/; StateDb::digest_paths is the public face).
//
// The digest is a FieldHasher over this sequence of fields (grammar):
//
//   digest  = "pitch-paths-v1" root*            roots sorted, duplicates dropped
//   root    = "root" <path as given> node
//   node    = "missing"                         nothing there (or a dangling link)
//           | "file" <content digest>
//           | "dir" child*                      children sorted by name, depth first
//           | "other"                           FIFO, socket, device: not read
//   child   = "file" <relative path> <content digest>
//           | "dir" <relative path>             then its own children
//           | "link" <relative path> <target text>
//           | "other" <relative path>
//
// Relative paths are relative to the root and use '/'. Every field is
// length-prefixed by FieldHasher, so no choice of names can make two
// different trees produce the same sequence. A root is followed if it is a
// symlink (the user named it); links met during the walk are hashed by their
// target text and never followed. Timestamps are not part of the digest, so
// touching a file without changing it keeps the digest. Empty directories do
// count: creating or removing one changes the digest.
//
// An entry that vanishes between listing and reading is left out (the
// watcher will report the deletion); any other read failure is a kIo error
// naming the path.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "cache/digest.h"
#include "cache/file_digest.h"
#include "cache/stat_cache.h"
#include "cache/state_db.h"

namespace pitch::cache {

class PathDigester {
 public:
  explicit PathDigester(StatCache* cache) : cache_(cache) {}

  // A directory never walked into or hashed, wherever it is met: the state
  // directory itself, whose database changes while we walk (deps=['.'] with
  // the default `.pitch/` beside the Tiltfile would otherwise never match).
  // Matched by device and inode, so any spelling or link to it counts.
  void skip_directory(const struct stat& st) { skip_ = {st.st_dev, st.st_ino}; }

  // `now_ns` is the wall clock taken before anything was stat'ed; it becomes
  // the recorded_at of every stat cache entry this call writes. With a
  // `listing`, every node the digest covers (a root's own "missing",
  // "file", "other", and each child) is appended to it, absolute paths, in
  // digest order; a directory root itself is not an entry, its children are.
  Result<Digest> digest(const std::vector<std::string>& paths, const IgnoreFn& ignore,
                        int64_t now_ns, InputListing* listing = nullptr);

  const DigestStats& stats() const { return stats_; }

 private:
  Result<void> add_root(const std::string& given, FieldHasher* out);
  Result<void> add_dir(const std::string& abs, const std::string& rel, FieldHasher* out);
  // Adds one entry found in a directory listing.
  Result<void> add_child(const std::string& abs, const std::string& rel, FieldHasher* out);
  // The content digest of a regular file; nullopt if it vanished meanwhile.
  Result<std::optional<Digest>> file_digest(const std::string& abs, const FileStat& stat);

  StatCache* cache_;
  FileDigester reader_;
  // Appends to the listing, if one was asked for.
  void list(const std::string& abs, std::string what);

  const IgnoreFn* ignore_ = nullptr;
  InputListing* listing_ = nullptr;
  std::optional<std::pair<dev_t, ino_t>> skip_;
  int64_t now_ns_ = 0;
  DigestStats stats_;
};

}  // namespace pitch::cache
