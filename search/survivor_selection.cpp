#include "search/survivor_selection.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

#include "search/crowding_distance.hpp"

namespace latnas::search {
namespace {

// Keeps a front whole, or its `room` most crowding-distant points (ties by lower index) when it
// does not fit. `front` holds point indices in ascending order.
class SurvivorFiller {
 public:
  SurvivorFiller(std::span<const ObjectiveView> points, std::size_t count) : points_(points), count_(count) {
    out_.indices.reserve(count);
    out_.ranks.reserve(count);
    out_.crowding.reserve(count);
  }
  bool full() const { return out_.indices.size() >= count_; }

  void take(std::span<const std::size_t> front, std::size_t rank) {
    constexpr double infinity = std::numeric_limits<double>::infinity();
    const std::size_t room = count_ - out_.indices.size();
    if (front.size() <= 2) {  // every point of a front of one or two is at infinity
      for (std::size_t k = 0; k < front.size() && k < room; ++k) keep(front[k], rank, infinity);
      return;
    }
    front_points_.clear();
    for (std::size_t i : front) front_points_.push_back(points_[i]);
    const std::vector<double> distance = crowding_distance(front_points_);
    order_.resize(front.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    if (front.size() > room) {
      std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) { return distance[a] > distance[b]; });
      order_.resize(room);
    }
    for (std::size_t k : order_) keep(front[k], rank, distance[k]);
  }
  Survivors finish() && { return std::move(out_); }

 private:
  void keep(std::size_t index, std::size_t rank, double crowding) {
    out_.indices.push_back(index);
    out_.ranks.push_back(rank);
    out_.crowding.push_back(crowding);
  }

  std::span<const ObjectiveView> points_;
  std::size_t count_;
  Survivors out_;
  std::vector<ObjectiveView> front_points_;
  std::vector<std::size_t> order_;
};

// non_dominated_sort_2d's fronts, made only as far as the selection needs them: the feasible
// points laid out front by front in ascending index order (a counting sort by rank), then the
// infeasible fronts.
Survivors select_2d(std::span<const ObjectiveView> points, std::span<const double> violations, std::size_t count) {
  const std::size_t n = points.size();
  const FeasibleRanks ranks = feasible_ranks_2d(points, violations);
  std::vector<std::size_t> start(ranks.fronts + 1, 0);
  for (std::size_t r : ranks.rank)
    if (r != FeasibleRanks::none) ++start[r + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  const std::size_t feasible = start.back();
  std::vector<std::size_t> by_front(feasible);
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (ranks.rank[i] != FeasibleRanks::none) by_front[next[ranks.rank[i]]++] = i;

  SurvivorFiller filler(points, std::min(count, n));
  const std::span<const std::size_t> all(by_front);
  std::size_t f = 0;
  for (; f < ranks.fronts && !filler.full(); ++f) filler.take(all.subspan(start[f], start[f + 1] - start[f]), f);
  if (filler.full() || feasible == n) return std::move(filler).finish();

  // Infeasible points compare by violation alone: one front per distinct violation.
  const std::vector<std::size_t> infeasible = infeasible_by_violation(violations);
  const std::span<const std::size_t> rest(infeasible);
  for (std::size_t begin = 0; begin < infeasible.size() && !filler.full(); ++f) {
    std::size_t end = begin + 1;
    while (end < infeasible.size() && violations[infeasible[end]] == violations[infeasible[begin]]) ++end;
    filler.take(rest.subspan(begin, end - begin), f);
    begin = end;
  }
  return std::move(filler).finish();
}

}  // namespace

Survivors select_from_fronts(const Fronts& fronts, std::span<const ObjectiveView> points, std::size_t count) {
  SurvivorFiller filler(points, std::min(count, points.size()));
  for (std::size_t rank = 0; rank < fronts.size() && !filler.full(); ++rank) filler.take(fronts[rank], rank);
  return std::move(filler).finish();
}

Survivors select_survivors(std::span<const ObjectiveView> points,
                           std::span<const double> violations, std::size_t count) {
  const bool two_objectives =
      std::all_of(points.begin(), points.end(), [](ObjectiveView p) { return p.size() == 2; });
  if (two_objectives) return select_2d(points, violations, count);
  return select_from_fronts(non_dominated_sort(points, violations), points, count);
}

}  // namespace latnas::search
