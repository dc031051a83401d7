// Tests of StateDb::digest_paths: the digest's sensitivity (what changes it
// and what must not) and the stat cache behind it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "cache/stat_cache.h"
#include "cache/state_db.h"
#include "tests/support/temp_dir.h"

namespace pitch::cache {
namespace {

namespace fs = std::filesystem;
using pitch::testing::TempDir;

// Sets a path's mtime to `seconds` after the epoch (well outside the racy
// window, so the stat cache may trust it).
void set_mtime(const fs::path& path, int64_t seconds) {
  struct timespec times[2];
  times[0].tv_sec = seconds;
  times[0].tv_nsec = 0;
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

class PathDigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = StateDb::open(state_.path());
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }

  Digest digest(const std::vector<std::string>& paths) {
    auto d = db_->digest_paths(paths);
    EXPECT_TRUE(d) << d.error().message;
    return d ? *d : Digest{};
  }
  Digest digest_tree() { return digest({tree_.path().string()}); }

  // An old file: written and dated 1,000,000 s after the epoch.
  fs::path old_file(std::string_view rel, std::string_view content) {
    fs::path p = tree_.write(rel, content);
    set_mtime(p, 1'000'000);
    return p;
  }

  TempDir state_;
  TempDir tree_;
  std::unique_ptr<StateDb> db_;
};

TEST_F(PathDigestTest, FileContentChangesDigest) {
  auto file = old_file("a.txt", "one");
  Digest before = digest({file.string()});
  old_file("a.txt", "two");
  EXPECT_NE(digest({file.string()}), before);
  old_file("a.txt", "one");
  EXPECT_EQ(digest({file.string()}), before);
}

TEST_F(PathDigestTest, MissingEmptyAndAbsentDiffer) {
  std::string path = (tree_.path() / "maybe").string();
  Digest missing = digest({path});
  Digest none = digest({});
  EXPECT_NE(missing, none);
  tree_.write("maybe", "");
  Digest empty = digest({path});
  EXPECT_NE(empty, missing);
  fs::remove(path);
  EXPECT_EQ(digest({path}), missing);
  // An empty directory is neither.
  fs::create_directory(path);
  EXPECT_NE(digest({path}), missing);
  EXPECT_NE(digest({path}), empty);
}

TEST_F(PathDigestTest, RootOrderAndDuplicatesDoNotMatter) {
  auto a = old_file("a", "1").string();
  auto b = old_file("b", "2").string();
  EXPECT_EQ(digest({a, b}), digest({b, a, b}));
  EXPECT_NE(digest({a, b}), digest({a}));
}

TEST_F(PathDigestTest, DirectoryAddRemoveRenameChange) {
  old_file("src/main.cc", "int main() {}");
  old_file("src/lib/util.cc", "// util");
  Digest base = digest_tree();
  EXPECT_EQ(digest_tree(), base);

  auto added = old_file("src/lib/new.cc", "");
  Digest with_added = digest_tree();
  EXPECT_NE(with_added, base);
  fs::remove(added);
  EXPECT_EQ(digest_tree(), base);

  fs::rename(tree_.path() / "src/main.cc", tree_.path() / "src/main2.cc");
  Digest renamed = digest_tree();
  EXPECT_NE(renamed, base);
  fs::rename(tree_.path() / "src/main2.cc", tree_.path() / "src/main.cc");
  EXPECT_EQ(digest_tree(), base);

  // Moving a file to another directory under the same name changes it too.
  fs::rename(tree_.path() / "src/lib/util.cc", tree_.path() / "src/util.cc");
  EXPECT_NE(digest_tree(), base);
  fs::rename(tree_.path() / "src/util.cc", tree_.path() / "src/lib/util.cc");

  old_file("src/lib/util.cc", "// util!");
  EXPECT_NE(digest_tree(), base);
  old_file("src/lib/util.cc", "// util");
  EXPECT_EQ(digest_tree(), base);

  fs::create_directory(tree_.path() / "src/empty");
  EXPECT_NE(digest_tree(), base);
}

TEST_F(PathDigestTest, NamesCannotCollideWithContent) {
  // x/{a: "b"} vs x/{ab: ""}, and x/a/b vs x/a-b: different trees.
  tree_.write("x/a", "b");
  Digest first = digest({(tree_.path() / "x").string()});
  fs::remove_all(tree_.path() / "x");
  tree_.write("x/ab", "");
  EXPECT_NE(digest({(tree_.path() / "x").string()}), first);
  fs::remove_all(tree_.path() / "x");
  tree_.write("x/a/b", "");
  Digest nested = digest({(tree_.path() / "x").string()});
  fs::remove_all(tree_.path() / "x");
  tree_.write("x/a-b", "");
  EXPECT_NE(digest({(tree_.path() / "x").string()}), nested);
}

TEST_F(PathDigestTest, WarmCallUsesStatCacheWithoutReading) {
  for (int i = 0; i < 10; ++i) old_file("f" + std::to_string(i), "content " + std::to_string(i));
  Digest cold = digest_tree();
  DigestStats after_cold = db_->digest_stats();
  EXPECT_EQ(after_cold.files_hashed, 10);
  EXPECT_EQ(after_cold.stat_cache_hits, 0);

  Digest warm = digest_tree();
  DigestStats after_warm = db_->digest_stats();
  EXPECT_EQ(warm, cold);
  EXPECT_EQ(after_warm.files_hashed, 10);  // nothing re-read
  EXPECT_EQ(after_warm.stat_cache_hits, 10);
}

TEST_F(PathDigestTest, StatCachePersistsAcrossReopen) {
  old_file("f", "x");
  Digest cold = digest_tree();
  db_.reset();
  auto db = StateDb::open(state_.path());
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->digest_paths({tree_.path().string()}).value(), cold);
  EXPECT_EQ((*db)->digest_stats().files_hashed, 0);
  EXPECT_EQ((*db)->digest_stats().stat_cache_hits, 1);
}

TEST_F(PathDigestTest, TouchWithoutChangeKeepsDigest) {
  auto file = old_file("src/a.cc", "same");
  Digest before = digest_tree();
  set_mtime(file, 2'000'000);  // touched: new mtime, same content
  Digest after = digest_tree();
  EXPECT_EQ(after, before);
  EXPECT_EQ(db_->digest_stats().files_hashed, 2);  // re-read once after the touch
  EXPECT_EQ(digest_tree(), before);
  EXPECT_EQ(db_->digest_stats().files_hashed, 2);  // and trusted again after that
}

TEST_F(PathDigestTest, SameSizeRewriteWithRestoredMtimeIsNoticed) {
  // A tool that rewrites a file and puts the mtime back (rsync -t, tar)
  // leaves size and mtime equal; ctime still moves.
  auto file = old_file("a", "aaaa");
  Digest before = digest_tree();
  usleep(10'000);  // let ctime tick on coarse-timestamp filesystems
  old_file("a", "bbbb");
  EXPECT_NE(digest_tree(), before);
}

TEST_F(PathDigestTest, RacyEntriesAreReHashed) {
  tree_.write("fresh", "v1");  // mtime: now, inside the racy window
  Digest first = digest_tree();
  Digest second = digest_tree();
  EXPECT_EQ(first, second);
  EXPECT_EQ(db_->digest_stats().files_hashed, 2);  // not trusted: read again
  EXPECT_EQ(db_->digest_stats().stat_cache_hits, 0);
}

TEST(RacyRuleTest, Window) {
  constexpr int64_t kSecond = 1'000'000'000;
  EXPECT_TRUE(is_racy(100 * kSecond, 100 * kSecond));
  EXPECT_TRUE(is_racy(100 * kSecond, 101 * kSecond));
  EXPECT_TRUE(is_racy(100 * kSecond, 102 * kSecond - 1));
  EXPECT_FALSE(is_racy(100 * kSecond, 102 * kSecond));
  EXPECT_TRUE(is_racy(105 * kSecond, 100 * kSecond));  // mtime in the future
}

TEST_F(PathDigestTest, SymlinksAreHashedByTargetAndNotFollowed) {
  old_file("outside/data", "v1");
  fs::create_directory(tree_.path() / "tree");
  fs::create_directory_symlink(tree_.path() / "outside", tree_.path() / "tree/link");
  std::string root = (tree_.path() / "tree").string();
  Digest before = digest({root});
  old_file("outside/data", "v2");  // behind the link: not part of the tree
  EXPECT_EQ(digest({root}), before);
  fs::remove(tree_.path() / "tree/link");
  fs::create_directory_symlink("elsewhere", tree_.path() / "tree/link");
  EXPECT_NE(digest({root}), before);
  // A link and a file with the target text as content differ.
  Digest as_link = digest({root});
  fs::remove(tree_.path() / "tree/link");
  old_file("tree/link", "elsewhere");
  EXPECT_NE(digest({root}), as_link);
}

TEST_F(PathDigestTest, RootSymlinkIsFollowed) {
  old_file("real/f", "1");
  fs::create_directory_symlink(tree_.path() / "real", tree_.path() / "alias");
  std::string alias = (tree_.path() / "alias").string();
  Digest before = digest({alias});
  old_file("real/f", "2");
  EXPECT_NE(digest({alias}), before);
}

TEST_F(PathDigestTest, FifoIsNotRead) {
  fs::create_directory(tree_.path() / "d");
  ASSERT_EQ(::mkfifo((tree_.path() / "d/pipe").c_str(), 0600), 0);
  auto d = db_->digest_paths({(tree_.path() / "d").string()});  // must not hang
  ASSERT_TRUE(d) << d.error().message;
  auto root = db_->digest_paths({(tree_.path() / "d/pipe").string()});
  ASSERT_TRUE(root) << root.error().message;
}

TEST_F(PathDigestTest, IgnoreLeavesEntriesOut) {
  old_file("src/a.cc", "a");
  Digest clean = digest_tree();
  old_file("src/a.o", "object");
  old_file("build/out", "x");
  IgnoreFn ignore = [](std::string_view path, bool is_dir) {
    return path.ends_with(".o") || (is_dir && path.ends_with("/build"));
  };
  auto d = db_->digest_paths_ignoring({tree_.path().string()}, ignore);
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, clean);
  EXPECT_NE(digest_tree(), clean);
}

TEST_F(PathDigestTest, LargeFileIsStreamed) {
  std::string big(5 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i % 251);
  auto file = old_file("big", big);
  Digest before = digest({file.string()});
  EXPECT_EQ(db_->digest_stats().bytes_hashed, static_cast<int64_t>(big.size()));
  big.back() ^= 1;
  old_file("big", big);
  EXPECT_NE(digest({file.string()}), before);
}

TEST_F(PathDigestTest, UnreadableFileIsAnIoErrorNamingIt) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything";
  auto file = old_file("secret", "x");
  fs::permissions(file, fs::perms::none);
  auto d = db_->digest_paths({tree_.path().string()});
  fs::permissions(file, fs::perms::owner_all);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().kind, ErrorKind::kIo);
  EXPECT_NE(d.error().message.find(file.string()), std::string::npos) << d.error().message;
}

}  // namespace
}  // namespace pitch::cache

namespace pitch::cache {
namespace {

TEST(StateDirInTreeTest, StateDirectoryIsLeftOut) {
  pitch::testing::TempDir project;
  project.write("Tiltfile", "local_resource('a', 'true', deps=['.'])");
  auto db = StateDb::open(project.path() / ".pitch");
  ASSERT_TRUE(db) << db.error().message;
  std::string root = project.path().string();
  auto before = (*db)->digest_paths({root});
  ASSERT_TRUE(before);
  ASSERT_TRUE((*db)->record_success("a", RunRecord{*before, std::chrono::milliseconds(5), 1, {}}));
  auto after = (*db)->digest_paths({root});
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, *before);
  project.write("Tiltfile", "local_resource('a', 'false', deps=['.'])");
  EXPECT_NE((*db)->digest_paths({root}).value(), *before);
}

TEST(StateDirInTreeTest, ListingNamesEveryEntryTheDigestCovers) {
  pitch::testing::TempDir project;
  project.write("src/a.c", "int a;");
  project.write("src/sub/b.c", "int b;");
  std::filesystem::create_symlink("a.c", project.path() / "src/link");
  auto db = StateDb::open(project.path() / ".pitch");
  ASSERT_TRUE(db) << db.error().message;
  const std::string root = project.path().string();
  InputListing listing;
  auto digest = (*db)->digest_paths_ignoring({root + "/src", root + "/nope"}, IgnoreFn(), &listing);
  ASSERT_TRUE(digest) << digest.error().message;
  EXPECT_EQ(*digest, (*db)->digest_paths({root + "/src", root + "/nope"}).value());
  ASSERT_EQ(listing.size(), 5u);
  EXPECT_EQ(listing[0].path, root + "/nope");
  EXPECT_EQ(listing[0].what, "missing");
  EXPECT_EQ(listing[1].path, root + "/src/a.c");
  EXPECT_EQ(listing[1].what.rfind("file ", 0), 0u) << listing[1].what;
  EXPECT_EQ(listing[2], (InputEntry{root + "/src/link", "link a.c"}));
  EXPECT_EQ(listing[3], (InputEntry{root + "/src/sub", "dir"}));
  EXPECT_EQ(listing[4].path, root + "/src/sub/b.c");
  EXPECT_NE(listing[4].what, listing[1].what);  // different contents
}

}  // namespace
}  // namespace pitch::cache
