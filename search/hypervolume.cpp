#include "search/hypervolume.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace latnas::search {

double hypervolume_2d(std::span<const ObjectiveView> points, std::span<const double> reference) {
  if (reference.size() != 2) {
    throw std::invalid_argument("hypervolume reference point: expected 2 objectives, got " +
                                std::to_string(reference.size()));
  }
  std::vector<ObjectiveView> inside;
  inside.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].size() != 2) {
      throw std::invalid_argument("2-D hypervolume: expected 2 objectives, got " +
                                  std::to_string(points[i].size()) + " for point " +
                                  std::to_string(i));
    }
    if (points[i][0] < reference[0] && points[i][1] < reference[1]) inside.push_back(points[i]);
  }
  std::sort(inside.begin(), inside.end(), [](ObjectiveView a, ObjectiveView b) {
    return a[0] != b[0] ? a[0] < b[0] : a[1] < b[1];
  });
  // Sweep by increasing f1: each point that lowers the best f2 so far adds the slab between its
  // f2 and that best f2, reaching right to the reference.
  double area = 0.0;
  double best_f2 = reference[1];
  for (ObjectiveView p : inside) {
    if (p[1] < best_f2) {
      area += (reference[0] - p[0]) * (best_f2 - p[1]);
      best_f2 = p[1];
    }
  }
  return area;
}

double hypervolume_2d(const std::vector<std::vector<double>>& points,
                      std::span<const double> reference) {
  return hypervolume_2d(views_of(points), reference);
}

}  // namespace latnas::search
