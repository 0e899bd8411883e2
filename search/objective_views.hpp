#pragma once
#include <span>
#include <vector>

#include "search/evaluation.hpp"

namespace latnas::search {

// The Pareto routines read points through views, so callers can hand them vectors, evaluations or
// archive entries without copying objectives. None of them accepts NaN objectives (they have no
// order); the engine and the archive reject NaN before it gets here.
using ObjectiveView = std::span<const double>;

std::vector<ObjectiveView> views_of(const std::vector<std::vector<double>>& points);
std::vector<ObjectiveView> views_of(std::span<const Evaluation> evaluations);

}  // namespace latnas::search
