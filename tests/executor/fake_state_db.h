// tests/executor/fake_state_db.h — an in-memory StateDb.
//
// digest_paths() hashes the paths' names plus a per-path "content" string
// the test sets, so tests change inputs without touching disk.
#pragma once

#include <map>
#include <string>

#include "cache/state_db.h"

namespace pitch::executor::testing {

class FakeStateDb final : public cache::StateDb {
 public:
  std::map<std::string, std::string> contents;  // path -> content
  std::map<std::string, cache::RunRecord, std::less<>> records;
  int digest_calls = 0;
  bool fail_digest = false;

  Result<cache::Digest> digest_paths(const std::vector<std::string>& paths) override {
    ++digest_calls;
    if (fail_digest) return make_error(ErrorKind::kIo, "disk on fire");
    cache::FieldHasher h;
    for (const std::string& p : paths) h.add(p).add(contents[p]);
    return h.finish();
  }
  Result<std::optional<cache::RunRecord>> last_success(std::string_view resource) override {
    auto it = records.find(resource);
    if (it == records.end()) return std::optional<cache::RunRecord>();
    return std::optional<cache::RunRecord>(it->second);
  }
  Result<void> record_success(std::string_view resource, const cache::RunRecord& record) override {
    records[std::string(resource)] = record;
    return {};
  }
  Result<void> forget(std::string_view resource) override {
    if (auto it = records.find(resource); it != records.end()) records.erase(it);
    return {};
  }
  std::filesystem::path database_path() const override { return "/fake/state.db"; }
};

}  // namespace pitch::executor::testing
