#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "search/evaluation.hpp"

namespace latnas::search {

// Remembers the evaluations of recently evaluated individuals in bounded memory, so that a search
// re-creating an individual it has seen (most of NSGA-II's children late in a run) reuses its
// evaluation instead of computing it again. Keyed by the problem's hash and confirmed by comparing
// the individual itself, so an answer is always the evaluation of an equal individual: with a
// deterministic evaluate() (which the engine requires for reproducible runs) results are the same
// with or without the cache. Set-associative: buckets of `ways` entries picked by the hash; a full
// bucket replaces its entries in turn. Deterministic: its contents depend only on the sequence of
// insertions. find() may be called from several threads at once while nothing is inserted.
template <class Individual>
class EvaluationCache {
 public:
  static constexpr std::size_t ways = 4;

  // `capacity` entries (a power of two >= ways), or 0 for no cache (find() never answers).
  explicit EvaluationCache(std::size_t capacity) : entries_(capacity), turn_(capacity / ways, 0) {
    if (capacity != 0 && (capacity < ways || (capacity & (capacity - 1)) != 0))
      throw std::invalid_argument("evaluation cache capacity: expected 0 or a power of two >= " + std::to_string(ways) +
                                  ", got " + std::to_string(capacity));
    mask_ = capacity == 0 ? 0 : capacity / ways - 1;
  }

  bool enabled() const noexcept { return !entries_.empty(); }
  std::size_t capacity() const noexcept { return entries_.size(); }

  // The remembered evaluation of an individual equal to `individual`, or nullptr.
  const Evaluation* find(std::uint64_t hash, const Individual& individual) const {
    if (entries_.empty()) return nullptr;
    const Entry* bucket = entries_.data() + bucket_of(hash) * ways;
    for (std::size_t w = 0; w < ways; ++w)
      if (bucket[w].used && bucket[w].hash == hash && bucket[w].individual == individual) return &bucket[w].evaluation;
    return nullptr;
  }

  // Remembers an evaluation (nothing if an equal individual is remembered already).
  void insert(std::uint64_t hash, const Individual& individual, const Evaluation& evaluation) {
    if (entries_.empty() || find(hash, individual)) return;
    const std::size_t b = bucket_of(hash);
    Entry* bucket = entries_.data() + b * ways;
    std::size_t w = 0;
    while (w < ways && bucket[w].used) ++w;
    if (w == ways) {
      w = turn_[b];
      turn_[b] = static_cast<std::uint8_t>((w + 1) % ways);
    }
    bucket[w].used = true;
    bucket[w].hash = hash;
    bucket[w].individual = individual;
    bucket[w].evaluation = evaluation;
  }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    bool used = false;
    Evaluation evaluation;
    Individual individual{};
  };
  // The high bits of a remixed hash: the problem's low bits may be weak.
  std::size_t bucket_of(std::uint64_t hash) const noexcept {
    return static_cast<std::size_t>((hash * 0x9e3779b97f4a7c15ULL) >> 32) & mask_;
  }

  std::vector<Entry> entries_;
  std::vector<std::uint8_t> turn_;
  std::size_t mask_ = 0;
};

}  // namespace latnas::search
