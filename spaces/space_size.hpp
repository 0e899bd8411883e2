#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "spaces/search_space.hpp"

namespace latnas {

// The number of distinct networks of a space (distinct canonical strings), exact.
struct SpaceSize {
  std::string decimal;                  // the exact count
  double log10 = 0.0;                   // log10 of it (for counts beyond 64 bits)
  std::optional<std::uint64_t> value;   // the count, when it fits in 64 bits

  bool exceeds(std::uint64_t limit) const { return !value || *value > limit; }
  // "921600" or "2.18e19 (21779... exactly)" style text for listings: the exact digits always.
  std::string to_string() const;
};

// Counts exactly, without enumerating. A network is its input resolution and its sequence of
// blocks (one per repeat), and each stage makes a sequence from a regular set, so the networks are
// the words of a finite automaton (states: stage, blocks so far, width, per-stage choices). Words
// are counted length by length through the subset construction, which counts each word once even
// where two readings of it exist (a stride-1 stage that can continue its predecessor's blocks);
// coinciding widths are merged in the states. Big integers throughout (Boost.Multiprecision).
SpaceSize space_size(const SearchSpace& space);

}  // namespace latnas
