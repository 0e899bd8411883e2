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
// (a test compares every field on many random genomes). A proxy that reads only the network's shape
// (ShapeProxy, as the calibrated one) is given the shape measured from the genome, so the network
// is not built at all; other proxies read the decoded network.
//
// The table is the space's UnitTable (also what find_extremes reads). Holds references to the space
// and the scorer, which must outlive it. Thread-safe (const). Spaces whose table would exceed
// `max_entries` units are scored the plain way (cached() false).
class SpaceScorer {
 public:
  SpaceScorer(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries = 4'000'000);

  Score score(const Genome& g) const;
  // The same, and the network decoded into `spec` (whose storage is reused between calls).
  Score score(const Genome& g, NetworkSpec& spec) const;

  bool cached() const { return table_.built(); }
  std::size_t entries() const { return table_.entries(); }
  // The space's unit table (built() false when the space is scored the plain way).
  const UnitTable& table() const { return table_; }
  const Scorer& scorer() const { return scorer_; }

 private:
  static void add(Score& s, const UnitCost& u);
  Score sum_units(const Genome& g) const;  // the counts and latencies, from the table

  const SearchSpace& space_;
  const Scorer& scorer_;
  const ShapeProxy* shape_proxy_;  // the scorer's proxy when it reads only shapes, else null
  UnitTable table_;
};

}  // namespace latnas
