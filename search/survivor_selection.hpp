#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "search/objective_views.hpp"

namespace latnas::search {

struct Survivors {
  std::vector<std::size_t> indices;  // chosen candidates: best front first
  std::vector<std::size_t> ranks;    // front of each chosen candidate, 0 = best
  std::vector<double> crowding;      // its crowding distance within its whole front
};

// NSGA-II environmental selection: whole fronts of the constrained non-dominated sort while they
// fit, then the most crowding-distant points of the next front (ties by lower index). Keeps
// min(count, candidates) points. `violations` is empty (all feasible) or one per point.
Survivors select_survivors(std::span<const ObjectiveView> points,
                           std::span<const double> violations, std::size_t count);

}  // namespace latnas::search
