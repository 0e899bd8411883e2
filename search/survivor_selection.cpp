#include "search/survivor_selection.hpp"

#include <algorithm>
#include <numeric>

#include "search/crowding_distance.hpp"
#include "search/non_dominated_sort.hpp"

namespace latnas::search {

Survivors select_survivors(std::span<const ObjectiveView> points,
                           std::span<const double> violations, std::size_t count) {
  const Fronts fronts = non_dominated_sort(points, violations);
  Survivors survivors;
  count = std::min(count, points.size());
  survivors.indices.reserve(count);
  survivors.ranks.reserve(count);
  survivors.crowding.reserve(count);
  std::vector<ObjectiveView> front_points;
  for (std::size_t rank = 0; rank < fronts.size() && survivors.indices.size() < count; ++rank) {
    const auto& front = fronts[rank];
    front_points.clear();
    for (std::size_t i : front) front_points.push_back(points[i]);
    const std::vector<double> distance = crowding_distance(front_points);

    std::vector<std::size_t> order(front.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const std::size_t room = count - survivors.indices.size();
    if (front.size() > room) {
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return distance[a] > distance[b]; });
      order.resize(room);
    }
    for (std::size_t k : order) {
      survivors.indices.push_back(front[k]);
      survivors.ranks.push_back(rank);
      survivors.crowding.push_back(distance[k]);
    }
  }
  return survivors;
}

}  // namespace latnas::search
