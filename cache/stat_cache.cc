#include "cache/stat_cache.h"

#include <utility>

namespace pitch::cache {

Result<StatCache> StatCache::create(sqlite::Database& db) {
  PITCH_TRY_ASSIGN(auto select,
                   db.prepare("SELECT size, mtime_ns, ctime_ns, inode, digest, recorded_at_ns "
                              "FROM stat_cache WHERE path = ?"));
  PITCH_TRY_ASSIGN(auto upsert,
                   db.prepare("INSERT OR REPLACE INTO stat_cache (path, size, mtime_ns, ctime_ns, "
                              "inode, digest, recorded_at_ns) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  return StatCache(&db, std::move(select), std::move(upsert));
}

Result<std::optional<Digest>> StatCache::lookup(const std::string& path, const FileStat& stat) {
  select_.reset();
  select_.bind(1, path);
  PITCH_TRY_ASSIGN(bool row, select_.step());
  if (!row) return std::nullopt;
  FileStat stored;
  stored.size = select_.column_int(0);
  stored.mtime_ns = select_.column_int(1);
  stored.ctime_ns = select_.column_int(2);
  stored.inode = static_cast<uint64_t>(select_.column_int(3));
  Digest digest;
  bool valid = Digest::from_hex(select_.column_text(4), &digest);
  int64_t recorded_at_ns = select_.column_int(5);
  select_.reset();
  if (!valid || stored != stat || is_racy(stat.mtime_ns, recorded_at_ns)) return std::nullopt;
  return digest;
}

void StatCache::remember(std::string path, const FileStat& stat, const Digest& digest,
                         int64_t recorded_at_ns) {
  pending_.push_back(Pending{std::move(path), stat, digest, recorded_at_ns});
}

Result<void> StatCache::flush() {
  if (pending_.empty()) return {};
  std::vector<Pending> batch = std::exchange(pending_, {});
  PITCH_TRY_ASSIGN(auto txn, sqlite::Transaction::begin(*db_, sqlite::Transaction::Mode::kWrite));
  for (const Pending& entry : batch) {
    upsert_.reset();
    upsert_.bind(1, entry.path)
        .bind(2, entry.stat.size)
        .bind(3, entry.stat.mtime_ns)
        .bind(4, entry.stat.ctime_ns)
        .bind(5, static_cast<int64_t>(entry.stat.inode))
        .bind(6, entry.digest.hex())
        .bind(7, entry.recorded_at_ns);
    PITCH_TRY(upsert_.run());
  }
  upsert_.reset();
  return txn.commit();
}

}  // namespace pitch::cache
