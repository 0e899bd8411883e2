#include "search/crowding_distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace latnas::search {

std::vector<double> crowding_distance(std::span<const ObjectiveView> front) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  const std::size_t n = front.size();
  if (n <= 2) return std::vector<double>(n, infinity);
  const std::size_t m = front[0].size();
  for (std::size_t i = 1; i < n; ++i) {
    if (front[i].size() != m) {
      throw std::invalid_argument("crowding distance: expected " + std::to_string(m) +
                                  " objectives, got " + std::to_string(front[i].size()) +
                                  " for point " + std::to_string(i));
    }
  }
  std::vector<double> distance(n, 0.0);
  std::vector<std::pair<double, std::size_t>> order(n);  // (value, index): ties by index
  for (std::size_t objective = 0; objective < m; ++objective) {
    // Two objectives on a front of distinct points: the second objective falls strictly as the
    // first rises, so its order is the first's reversed (strict: no ties for the index to break).
    bool reversed = objective == 1 && m == 2;
    for (std::size_t k = n - 1; reversed && k > 0; --k)
      reversed = front[order[k].second][1] < front[order[k - 1].second][1];
    if (reversed) {
      std::reverse(order.begin(), order.end());
      for (auto& [value, i] : order) value = front[i][1];
    } else {
      for (std::size_t i = 0; i < n; ++i) order[i] = {front[i][objective], i};
      std::sort(order.begin(), order.end());
    }
    distance[order.front().second] = infinity;
    distance[order.back().second] = infinity;
    const double range = order.back().first - order.front().first;
    if (!(range > 0.0) || !std::isfinite(range)) continue;
    for (std::size_t k = 1; k + 1 < n; ++k) {
      distance[order[k].second] += (order[k + 1].first - order[k - 1].first) / range;
    }
  }
  return distance;
}

std::vector<double> crowding_distance(const std::vector<std::vector<double>>& front) {
  return crowding_distance(views_of(front));
}

}  // namespace latnas::search
