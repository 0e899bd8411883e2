#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "search/huge_page_allocator.hpp"

namespace latnas::search {

// Remembers 64-bit fingerprints (hashes of individuals) in bounded memory, to count how often a
// search re-evaluates something it has seen. Set-associative: buckets of 8 slots (one cache
// line), picked by the high bits of the remixed fingerprint. The table doubles as it fills, up
// to `capacity` slots (8 bytes each); from then on a full bucket forgets its oldest fingerprint.
// Until the first such eviction every answer is exact (up to 64-bit hash collisions); after it,
// a forgotten fingerprint reads as new, so a repeat count built on it is a lower bound.
// Deterministic: the answers depend only on the sequence of fingerprints.
class FingerprintTable {
 public:
  static constexpr std::size_t bucket_size = 8;
  static constexpr std::size_t default_capacity = std::size_t{1} << 22;  // 32 MiB

  // Throws std::invalid_argument unless capacity is a power of two >= bucket_size.
  explicit FingerprintTable(std::size_t capacity = default_capacity);

  // What the table remembers, so that a saved run can rebuild it exactly and its repeat count
  // continues as if never stopped: the remembered keys (remixed fingerprints) in slot order, which
  // with the slot count places each key where it was (buckets fill from their first slot).
  struct Contents {
    std::size_t capacity = default_capacity;
    std::size_t slot_count = 0;
    std::uint64_t evictions = 0;
    std::vector<std::uint64_t> keys;
  };
  Contents contents() const;
  // Throws std::invalid_argument ("fingerprint table: expected ..., got ...") for contents no
  // table can have: a bad capacity or slot count, a zero key, or a bucket with more than 8 keys.
  explicit FingerprintTable(const Contents& contents);

  // True if the fingerprint is remembered from an earlier call; remembers it either way.
  bool seen_before(std::uint64_t fingerprint);

  // True if the fingerprint is remembered; remembers nothing (safe to call from several threads
  // while nothing is remembered).
  bool contains(std::uint64_t fingerprint) const noexcept;

  // A hint that seen_before(fingerprint) comes soon: starts loading its bucket, so that a caller
  // checking a batch can overlap the cache misses of a large table.
  void prefetch(std::uint64_t fingerprint) const noexcept;

  std::size_t capacity() const noexcept { return capacity_; }
  std::size_t slot_count() const noexcept { return slots_.size(); }
  std::uint64_t evictions() const noexcept { return evictions_; }
  bool exact() const noexcept { return evictions_ == 0; }

 private:
  std::size_t bucket_of(std::uint64_t key) const noexcept;
  void grow();

  using Slots = std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>>;
  Slots slots_;  // 0 marks an empty slot
  std::size_t capacity_;
  int bucket_bits_ = 0;
  std::size_t stored_ = 0;
  std::uint64_t evictions_ = 0;
};

}  // namespace latnas::search
