#pragma once
#include <span>

namespace latnas::search {

// Pareto dominance for minimisation: a is no worse than b in every objective and better in one.
// Throws std::invalid_argument if the sizes differ.
bool dominates(std::span<const double> a, std::span<const double> b);

// Deb's constrained dominance: a feasible point (violation 0) beats an infeasible one, of two
// infeasible points the smaller violation wins, and two feasible points compare by dominates().
bool constrained_dominates(std::span<const double> a, double violation_a, std::span<const double> b,
                           double violation_b);

}  // namespace latnas::search
