#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "spaces/search_space.hpp"

namespace latnas {

// The number of distinct networks of a space (distinct canonical strings), exact up to
// kExactSizeDigits digits; beyond that an upper bound in log10 only (see space_size_bound_log10).
struct SpaceSize {
  std::string decimal;                  // the exact count; empty when not counted exactly
  double log10 = 0.0;                   // log10 of it (for counts beyond 64 bits); the bound's when not exact
  std::optional<std::uint64_t> value;   // the count, when it fits in 64 bits
  bool exact = true;                    // false: the space is beyond kExactSizeDigits and log10 is an upper bound

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

// Spaces whose bound has more digits than this are not counted exactly (the automaton's big
// integers and subset layers would take minutes and gigabytes at 10^10000); their size is the bound.
constexpr double kExactSizeDigits = 400;

// log10 of an upper bound on the size, by arithmetic alone (no automaton, no enumeration): the
// product over stages of the stage's choices (per-block: the sum over depths d of widths x
// combinations^d; per-stage: widths x combinations x depths), times the resolutions. Equal to the
// exact size when no two genomes read as the same network.
double space_size_bound_log10(const SearchSpace& space);

}  // namespace latnas
