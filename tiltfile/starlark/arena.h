// tiltfile/starlark/arena.h — bump allocation for one evaluation's heap.
//
// Starlark objects are never freed one by one (value.h), so a general
// allocator only costs: a malloc header per object and a page fault per
// 4 KiB touched. The arena hands out memory from large chunks mapped
// straight from the kernel; chunks of 2 MiB and more are aligned and
// advised as transparent huge pages, which turns hundreds of faults into
// one. Everything is returned at once when the arena is destroyed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pitch::starlark {

class Arena {
 public:
  Arena() = default;
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Uninitialised memory for size bytes, aligned to align (a power of two
  // no larger than 4096). Never fails: exhausted memory aborts, as new
  // would.
  void* allocate(size_t size, size_t align) {
    uintptr_t p = (cur_ + align - 1) & ~(uintptr_t{align} - 1);
    if (p + size > end_ || p < cur_) return allocate_slow(size, align);
    cur_ = p + size;
    return reinterpret_cast<void*>(p);
  }

  // Bytes mapped from the kernel so far.
  size_t bytes_mapped() const { return mapped_; }

 private:
  void* allocate_slow(size_t size, size_t align);
  void* map_chunk(size_t size);

  struct Chunk {
    void* base;
    size_t size;
  };
  std::vector<Chunk> chunks_;
  uintptr_t cur_ = 0;
  uintptr_t end_ = 0;
  size_t next_chunk_ = size_t{64} << 10;  // small files stay small
  size_t mapped_ = 0;
};

}  // namespace pitch::starlark
