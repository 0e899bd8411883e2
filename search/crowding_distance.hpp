#pragma once
#include <span>
#include <vector>

#include "search/objective_views.hpp"

namespace latnas::search {

// NSGA-II crowding distance of each point of one front: the sum over objectives of the gap
// between its two neighbours, normalised by the front's range. The extreme points of every
// objective (and every point of a front of at most two) get +infinity; an objective with zero or
// infinite range adds nothing. Ties are ordered by index, so the result is deterministic.
std::vector<double> crowding_distance(std::span<const ObjectiveView> front);
std::vector<double> crowding_distance(const std::vector<std::vector<double>>& front);

}  // namespace latnas::search
