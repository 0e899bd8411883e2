#pragma once
#include <cstdint>

#include "spaces/genome.hpp"
#include "spaces/search_space.hpp"

namespace latnas {

// Walks a whole space, one normal genome per distinct network, in increasing (lexicographic)
// genome order: an odometer over the genes that matter (unused blocks stay 0, coinciding widths
// take their lowest value), skipping the genomes whose blocks have a normal reading with a
// different stage split. The count it yields equals space_size() (a test checks it on `tiny`).
class SpaceEnumerator {
 public:
  explicit SpaceEnumerator(const SearchSpace& space);

  // Writes the next genome to `out`; false once the space is exhausted.
  bool next(Genome& out);
  std::uint64_t produced() const { return produced_; }

 private:
  bool advance();

  const SearchSpace& space_;
  Genome current_;
  bool started_ = false;
  bool done_ = false;
  std::uint64_t produced_ = 0;
};

}  // namespace latnas
