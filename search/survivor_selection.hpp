#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "search/non_dominated_sort.hpp"
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
// Two objectives take a direct route (no list of fronts; the fronts past the last one needed are
// neither built nor crowded) with the same result as select_from_fronts(non_dominated_sort(...)).
Survivors select_survivors(std::span<const ObjectiveView> points,
                           std::span<const double> violations, std::size_t count);

// The same selection from given fronts (each in ascending index order, best first).
Survivors select_from_fronts(const Fronts& fronts, std::span<const ObjectiveView> points, std::size_t count);

}  // namespace latnas::search
