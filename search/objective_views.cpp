#include "search/objective_views.hpp"

namespace latnas::search {

std::vector<ObjectiveView> views_of(const std::vector<std::vector<double>>& points) {
  return {points.begin(), points.end()};
}

std::vector<ObjectiveView> views_of(std::span<const Evaluation> evaluations) {
  std::vector<ObjectiveView> views;
  views.reserve(evaluations.size());
  for (const auto& evaluation : evaluations) views.push_back(evaluation.objectives());
  return views;
}

}  // namespace latnas::search
