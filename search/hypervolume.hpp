#pragma once
#include <span>
#include <vector>

#include "search/objective_views.hpp"

namespace latnas::search {

// Exact area dominated by 2-objective points (minimisation) and bounded by `reference`. Points
// not strictly better than the reference in both objectives add nothing. Throws
// std::invalid_argument unless the reference and every point have two objectives.
double hypervolume_2d(std::span<const ObjectiveView> points, std::span<const double> reference);
double hypervolume_2d(const std::vector<std::vector<double>>& points,
                      std::span<const double> reference);

}  // namespace latnas::search
