#pragma once
#include <cstdint>
#include <vector>

#include "costmodel/network_spec.hpp"
#include "costmodel/scorer.hpp"
#include "spaces/genome.hpp"
#include "spaces/search_space.hpp"
#include "spaces/unit_table.hpp"

namespace latnas {

// Scores genomes of one space with one Scorer, giving exactly (bit for bit) the Score of
// decode + Scorer::score, several times faster: every unit a genome can contain (a block from a
// given input width to a given output width with given choices at a given resolution; the stem,
// head and classifier) is counted and timed once, here, and a genome's score sums its units from
// the table in the order Scorer::score sums them, so even the floating-point sums are identical
// (a test compares every field on many random genomes). The genome is still decoded, into the
// caller's NetworkSpec, because the accuracy proxy reads the network.
//
// The table is the space's UnitTable (also what find_extremes reads). Holds references to the space
// and the scorer, which must outlive it. Thread-safe (const). Spaces whose table would exceed
// `max_entries` units are scored the plain way (cached() false).
class SpaceScorer {
 public:
  SpaceScorer(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries = 4'000'000);

  // `spec` is scratch storage (reused between calls: no allocation after the first).
  Score score(const Genome& g, NetworkSpec& spec) const;

  bool cached() const { return table_.built(); }
  std::size_t entries() const { return table_.entries(); }
  // The space's unit table (built() false when the space is scored the plain way).
  const UnitTable& table() const { return table_; }
  const Scorer& scorer() const { return scorer_; }

 private:
  static void add(Score& s, const UnitCost& u);

  const SearchSpace& space_;
  const Scorer& scorer_;
  UnitTable table_;
};

}  // namespace latnas
