#include "tiltfile/starlark/arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace pitch::starlark {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;
// Chunks double up to this; a bigger request gets a chunk of its own.
constexpr size_t kMaxChunk = size_t{32} << 20;

}  // namespace

Arena::~Arena() {
  for (const Chunk& c : chunks_) munmap(c.base, c.size);
}

void* Arena::map_chunk(size_t size) {
  // Over-map by a huge page so the chunk can start on a huge-page boundary;
  // the kernel only backs huge pages that are aligned.
  size_t span = size >= kHugePage ? size + kHugePage : size;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) {
    std::fputs("pitch: out of memory for the Starlark heap\n", stderr);
    std::abort();
  }
  auto start = reinterpret_cast<uintptr_t>(raw);
  if (span != size) {
    uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
    if (aligned > start) munmap(raw, aligned - start);
    uintptr_t tail = aligned + size;
    uintptr_t mapped_end = start + span;
    if (mapped_end > tail) munmap(reinterpret_cast<void*>(tail), mapped_end - tail);
    start = aligned;
    // Advice only: without transparent huge pages this is a no-op.
    madvise(reinterpret_cast<void*>(start), size, MADV_HUGEPAGE);
  }
  chunks_.push_back({reinterpret_cast<void*>(start), size});
  mapped_ += size;
  return reinterpret_cast<void*>(start);
}

void* Arena::allocate_slow(size_t size, size_t align) {
  size_t need = size + align;
  if (need > next_chunk_ / 2) {
    // A large block (a long string, a big list's storage) gets its own
    // chunk, so the current one keeps serving small objects.
    size_t rounded = (need + 4095) & ~size_t{4095};
    auto base = reinterpret_cast<uintptr_t>(map_chunk(rounded));
    return reinterpret_cast<void*>((base + align - 1) & ~(uintptr_t{align} - 1));
  }
  auto base = reinterpret_cast<uintptr_t>(map_chunk(next_chunk_));
  end_ = base + next_chunk_;
  next_chunk_ = std::min(next_chunk_ * 2, kMaxChunk);
  cur_ = (base + align - 1) & ~(uintptr_t{align} - 1);
  void* p = reinterpret_cast<void*>(cur_);
  cur_ += size;
  return p;
}

}  // namespace pitch::starlark
