#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "search/objective_views.hpp"

namespace latnas::search {

// Indices of the points in each front, best front first, ascending within a front.
using Fronts = std::vector<std::vector<std::size_t>>;

// All three sort by Deb's constrained dominance (minimisation). `violations` is empty (all
// feasible) or has one value >= 0 per point. Feasible points fill the first fronts; infeasible
// ones follow, one front per distinct violation, smallest first. Equal points share a front.
// Throws std::invalid_argument on mismatched sizes or a negative / NaN violation.

// Picks the 2-objective sort when every point has two objectives, else the general one.
Fronts non_dominated_sort(std::span<const ObjectiveView> points,
                          std::span<const double> violations = {});
Fronts non_dominated_sort(const std::vector<std::vector<double>>& points,
                          std::span<const double> violations = {});

// Any number of objectives: Deb's fast non-dominated sort, O(M N^2).
Fronts non_dominated_sort_general(std::span<const ObjectiveView> points,
                                  std::span<const double> violations = {});
Fronts non_dominated_sort_general(const std::vector<std::vector<double>>& points,
                                  std::span<const double> violations = {});

// Exactly two objectives, O(N log N): sort by (f1, f2), then place each point in the first front
// whose last point has a larger f2 (binary search; those f2 values never decrease across fronts).
Fronts non_dominated_sort_2d(std::span<const ObjectiveView> points,
                             std::span<const double> violations = {});
Fronts non_dominated_sort_2d(const std::vector<std::vector<double>>& points,
                             std::span<const double> violations = {});

// The two parts of the 2-D sort, for callers that need only some fronts (select_survivors):
// the front of each feasible point by the sweep (`none` for infeasible points) and the number of
// feasible fronts, validated as the sorts validate; and the infeasible points by (violation,
// index), whose runs of equal violation are the fronts after those.
struct FeasibleRanks {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> rank;
  std::size_t fronts = 0;
};
FeasibleRanks feasible_ranks_2d(std::span<const ObjectiveView> points, std::span<const double> violations);
std::vector<std::size_t> infeasible_by_violation(std::span<const double> violations);

}  // namespace latnas::search
