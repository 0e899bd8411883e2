#include "search/non_dominated_sort.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "search/dominance.hpp"

namespace latnas::search {
namespace {

void check_violations(std::size_t point_count, std::span<const double> violations) {
  if (!violations.empty() && violations.size() != point_count) {
    throw std::invalid_argument("non-dominated sort: expected " + std::to_string(point_count) +
                                " violations, got " + std::to_string(violations.size()));
  }
  for (double v : violations) {
    if (!(v >= 0.0)) {
      throw std::invalid_argument("non-dominated sort: expected violations >= 0, got " +
                                  std::to_string(v));
    }
  }
}

double violation_of(std::span<const double> violations, std::size_t i) {
  return violations.empty() ? 0.0 : violations[i];
}

void sort_within_fronts(Fronts& fronts) {
  for (auto& front : fronts) std::sort(front.begin(), front.end());
}

// Infeasible points compare by violation alone, so they form one front per distinct violation.
void append_infeasible_fronts(std::span<const double> violations, Fronts& fronts) {
  const std::vector<std::size_t> infeasible = infeasible_by_violation(violations);
  for (std::size_t k = 0; k < infeasible.size(); ++k) {
    if (k == 0 || violations[infeasible[k]] != violations[infeasible[k - 1]]) fronts.emplace_back();
    fronts.back().push_back(infeasible[k]);
  }
}

}  // namespace

Fronts non_dominated_sort(std::span<const ObjectiveView> points,
                          std::span<const double> violations) {
  const bool two_objectives =
      std::all_of(points.begin(), points.end(), [](ObjectiveView p) { return p.size() == 2; });
  return two_objectives ? non_dominated_sort_2d(points, violations)
                        : non_dominated_sort_general(points, violations);
}

Fronts non_dominated_sort(const std::vector<std::vector<double>>& points,
                          std::span<const double> violations) {
  return non_dominated_sort(views_of(points), violations);
}

Fronts non_dominated_sort_general(std::span<const ObjectiveView> points,
                                  std::span<const double> violations) {
  check_violations(points.size(), violations);
  const std::size_t n = points.size();
  std::vector<std::vector<std::size_t>> dominated_by(n);
  std::vector<std::size_t> domination_count(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double vi = violation_of(violations, i), vj = violation_of(violations, j);
      if (constrained_dominates(points[i], vi, points[j], vj)) {
        dominated_by[i].push_back(j);
        ++domination_count[j];
      } else if (constrained_dominates(points[j], vj, points[i], vi)) {
        dominated_by[j].push_back(i);
        ++domination_count[i];
      }
    }
  }
  Fronts fronts;
  std::vector<std::size_t> current;
  for (std::size_t i = 0; i < n; ++i) {
    if (domination_count[i] == 0) current.push_back(i);
  }
  while (!current.empty()) {
    std::vector<std::size_t> next;
    for (std::size_t i : current) {
      for (std::size_t j : dominated_by[i]) {
        if (--domination_count[j] == 0) next.push_back(j);
      }
    }
    fronts.push_back(std::move(current));
    current = std::move(next);
  }
  sort_within_fronts(fronts);
  return fronts;
}

Fronts non_dominated_sort_general(const std::vector<std::vector<double>>& points,
                                  std::span<const double> violations) {
  return non_dominated_sort_general(views_of(points), violations);
}

std::vector<std::size_t> infeasible_by_violation(std::span<const double> violations) {
  std::vector<std::size_t> infeasible;
  for (std::size_t i = 0; i < violations.size(); ++i) {
    if (violations[i] > 0.0) infeasible.push_back(i);
  }
  std::sort(infeasible.begin(), infeasible.end(), [&](std::size_t a, std::size_t b) {
    return violations[a] != violations[b] ? violations[a] < violations[b] : a < b;
  });
  return infeasible;
}

FeasibleRanks feasible_ranks_2d(std::span<const ObjectiveView> points, std::span<const double> violations) {
  check_violations(points.size(), violations);
  // Sorting copies of the values rather than indices keeps the comparisons in cache.
  struct Key {
    double f1, f2;
    std::size_t index;
  };
  std::vector<Key> feasible;
  feasible.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].size() != 2) {
      throw std::invalid_argument("2-D non-dominated sort: expected 2 objectives, got " +
                                  std::to_string(points[i].size()) + " for point " +
                                  std::to_string(i));
    }
    if (violation_of(violations, i) == 0.0) feasible.push_back({points[i][0], points[i][1], i});
  }
  std::sort(feasible.begin(), feasible.end(), [](const Key& a, const Key& b) {
    if (a.f1 != b.f1) return a.f1 < b.f1;
    if (a.f2 != b.f2) return a.f2 < b.f2;
    return a.index < b.index;
  });

  FeasibleRanks out;
  out.rank.assign(points.size(), FeasibleRanks::none);
  std::vector<double> last_f2;  // f2 of each front's most recent point; never decreasing
  std::size_t previous_rank = 0;
  for (std::size_t k = 0; k < feasible.size(); ++k) {
    const Key& p = feasible[k];
    std::size_t rank = previous_rank;
    const bool repeats_previous = k > 0 && feasible[k - 1].f1 == p.f1 && feasible[k - 1].f2 == p.f2;
    if (!repeats_previous) {
      // p differs from every earlier point and none has a larger f1, so a front's last point
      // dominates p exactly when its f2 is <= p's.
      rank = static_cast<std::size_t>(std::upper_bound(last_f2.begin(), last_f2.end(), p.f2) -
                                      last_f2.begin());
    }
    if (rank == last_f2.size()) last_f2.push_back(p.f2);
    last_f2[rank] = p.f2;
    out.rank[p.index] = rank;
    previous_rank = rank;
  }
  out.fronts = last_f2.size();
  return out;
}

Fronts non_dominated_sort_2d(std::span<const ObjectiveView> points,
                             std::span<const double> violations) {
  const FeasibleRanks ranks = feasible_ranks_2d(points, violations);
  // Visiting the points in index order leaves every front in ascending order.
  Fronts fronts(ranks.fronts);
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (ranks.rank[i] != FeasibleRanks::none) fronts[ranks.rank[i]].push_back(i);
  }
  append_infeasible_fronts(violations, fronts);
  return fronts;
}

Fronts non_dominated_sort_2d(const std::vector<std::vector<double>>& points,
                             std::span<const double> violations) {
  return non_dominated_sort_2d(views_of(points), violations);
}

}  // namespace latnas::search
