#include "search/fingerprint_table.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "search/rng.hpp"

namespace latnas::search {
namespace {

constexpr std::size_t initial_slots = 1024;

// Remixing spreads weak hashes (e.g. identity hashes of small integers) over the buckets; the
// mixer is bijective, so only one fingerprint maps to the empty marker and it is moved aside.
std::uint64_t key_of(std::uint64_t fingerprint) noexcept {
  const std::uint64_t key = mix64(fingerprint);
  return key == 0 ? 0x5bd1e9955bd1e995ULL : key;
}

}  // namespace

FingerprintTable::FingerprintTable(std::size_t capacity) : capacity_(capacity) {
  if (capacity < bucket_size || !std::has_single_bit(capacity)) {
    throw std::invalid_argument("fingerprint table capacity: expected a power of two >= " +
                                std::to_string(bucket_size) + ", got " + std::to_string(capacity));
  }
  slots_.assign(std::min(capacity, initial_slots), 0);
  bucket_bits_ = std::countr_zero(slots_.size() / bucket_size);
}

FingerprintTable::FingerprintTable(const Contents& contents) : FingerprintTable(contents.capacity) {
  const std::size_t slots = contents.slot_count;
  if (slots < std::min(capacity_, initial_slots) || slots > capacity_ || !std::has_single_bit(slots))
    throw std::invalid_argument("fingerprint table slots: expected a power of two from " +
                                std::to_string(std::min(capacity_, initial_slots)) + " to " + std::to_string(capacity_) +
                                ", got " + std::to_string(slots));
  slots_.assign(slots, 0);
  bucket_bits_ = std::countr_zero(slots / bucket_size);
  std::vector<std::size_t> fill(slots / bucket_size, 0);
  for (std::uint64_t key : contents.keys) {
    const std::size_t bucket = bucket_of(key);
    if (key == 0 || fill[bucket] == bucket_size)
      throw std::invalid_argument(std::string("fingerprint table keys: expected non-zero keys, at most ") +
                                  std::to_string(bucket_size) + " a bucket, got " +
                                  (key == 0 ? "a zero key" : "a ninth key in bucket " + std::to_string(bucket)));
    slots_[bucket * bucket_size + fill[bucket]++] = key;
  }
  stored_ = contents.keys.size();
  evictions_ = contents.evictions;
}

FingerprintTable::Contents FingerprintTable::contents() const {
  Contents c{capacity_, slots_.size(), evictions_, {}};
  c.keys.reserve(stored_);
  for (std::uint64_t key : slots_)
    if (key != 0) c.keys.push_back(key);
  return c;
}

std::size_t FingerprintTable::bucket_of(std::uint64_t key) const noexcept {
  return bucket_bits_ == 0 ? 0 : static_cast<std::size_t>(key >> (64 - bucket_bits_));
}

bool FingerprintTable::contains(std::uint64_t fingerprint) const noexcept {
  const std::uint64_t key = key_of(fingerprint);
  const std::uint64_t* bucket = slots_.data() + bucket_of(key) * bucket_size;
  for (std::size_t i = 0; i < bucket_size; ++i) {
    if (bucket[i] == key) return true;
    if (bucket[i] == 0) return false;
  }
  return false;
}

bool FingerprintTable::seen_before(std::uint64_t fingerprint) {
  const std::uint64_t key = key_of(fingerprint);
  // Grow at half load so that buckets rarely overflow before the cap is reached.
  if (2 * stored_ >= slots_.size() && slots_.size() < capacity_) grow();
  while (true) {
    std::uint64_t* bucket = slots_.data() + bucket_of(key) * bucket_size;
    for (std::size_t i = 0; i < bucket_size; ++i) {
      if (bucket[i] == key) return true;
      if (bucket[i] == 0) {
        bucket[i] = key;
        ++stored_;
        return false;
      }
    }
    if (slots_.size() < capacity_) {
      grow();
      continue;
    }
    // Full bucket at the cap: slots are filled in arrival order, so drop the first one.
    std::copy(bucket + 1, bucket + bucket_size, bucket);
    bucket[bucket_size - 1] = key;
    ++evictions_;
    return false;
  }
}

void FingerprintTable::prefetch([[maybe_unused]] std::uint64_t fingerprint) const noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(slots_.data() + bucket_of(key_of(fingerprint)) * bucket_size);
#endif
}

void FingerprintTable::grow() {
  // With buckets picked by high bits, old bucket b splits into new buckets 2b and 2b + 1, so no
  // new bucket receives more than a full old one: rehashing never overflows.
  Slots old(slots_.size() * 2, 0);
  old.swap(slots_);
  ++bucket_bits_;
  std::vector<std::size_t> fill(slots_.size() / bucket_size, 0);
  for (std::uint64_t key : old) {
    if (key == 0) continue;
    const std::size_t bucket = bucket_of(key);
    slots_[bucket * bucket_size + fill[bucket]++] = key;
  }
}

}  // namespace latnas::search
