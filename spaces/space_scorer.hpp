#pragma once
#include <cstdint>
#include <vector>

#include "costmodel/network_spec.hpp"
#include "costmodel/scorer.hpp"
#include "spaces/genome.hpp"
#include "spaces/search_space.hpp"

namespace latnas {

// Scores genomes of one space with one Scorer, giving exactly (bit for bit) the Score of
// decode + Scorer::score, several times faster: every unit a genome can contain (a block from a
// given input width to a given output width with given choices at a given resolution; the stem,
// head and classifier) is counted and timed once, here, and a genome's score sums its units from
// the table in the order Scorer::score sums them, so even the floating-point sums are identical
// (a test compares every field on many random genomes). The genome is still decoded, into the
// caller's NetworkSpec, because the accuracy proxy reads the network.
//
// Holds references to the space and the scorer, which must outlive it. Thread-safe (const).
// Spaces whose table would exceed `max_entries` units are scored the plain way (cached() false).
class SpaceScorer {
 public:
  SpaceScorer(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries = 4'000'000);

  // `spec` is scratch storage (reused between calls: no allocation after the first).
  Score score(const Genome& g, NetworkSpec& spec) const;

  bool cached() const { return cached_; }
  std::size_t entries() const { return units_.size(); }

 private:
  struct UnitCost {
    std::uint64_t macs = 0, params = 0;
    double gpu_ms = 0, cpu_ms = 0;
    int edge = 0;
  };
  struct StageTable {
    std::vector<std::uint32_t> width_index;  // width gene value -> distinct width index
    std::size_t widths = 0, previous_widths = 0, combos = 0;
    std::size_t n_expansions = 1, n_se = 1;
    std::size_t first_offset = 0, repeat_offset = 0;  // within a resolution's block
  };
  static void add(Score& s, const UnitCost& u);
  UnitCost cost_of(const UnitCount& count) const;

  const SearchSpace& space_;
  const Scorer& scorer_;
  bool cached_ = false;
  std::vector<StageTable> stages_;
  std::size_t per_resolution_ = 0;  // block units per resolution
  std::vector<UnitCost> units_;     // [resolution][stage first/repeat tables]
  std::vector<UnitCost> tails_;     // [resolution][last width][stem, head, classifier]
};

}  // namespace latnas
