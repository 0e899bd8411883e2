#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "search/crowding_distance.hpp"
#include "search/dominance.hpp"
#include "search/hypervolume.hpp"
#include "search/non_dominated_sort.hpp"
#include "search/rng.hpp"
#include "search/survivor_selection.hpp"

using namespace latnas::search;
using Points = std::vector<std::vector<double>>;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

TEST_CASE("pareto: dominance truth table") {
  using V = std::vector<double>;
  CHECK(dominates(V{1, 2}, V{2, 3}));
  CHECK(dominates(V{1, 2}, V{1, 3}));  // equal in one, better in the other
  CHECK_FALSE(dominates(V{1, 3}, V{1, 2}));
  CHECK_FALSE(dominates(V{1, 2}, V{1, 2}));  // equal points do not dominate
  CHECK_FALSE(dominates(V{1, 3}, V{2, 2}));  // trade-off both ways
  CHECK_FALSE(dominates(V{2, 2}, V{1, 3}));
  CHECK(dominates(V{0, 0, 0}, V{0, 0, 1}));
  CHECK_FALSE(dominates(V{0, 1, 0}, V{1, 0, 0}));
  CHECK(dominates(V{-inf}, V{0}));
  CHECK_THROWS_AS(dominates(V{1, 2}, V{1, 2, 3}), std::invalid_argument);
}

TEST_CASE("pareto: constrained dominance truth table") {
  using V = std::vector<double>;
  const V good{1, 1}, bad{5, 5};
  // Both feasible: plain dominance.
  CHECK(constrained_dominates(good, 0, bad, 0));
  CHECK_FALSE(constrained_dominates(bad, 0, good, 0));
  CHECK_FALSE(constrained_dominates(good, 0, good, 0));
  // Feasible beats infeasible whatever the objectives.
  CHECK(constrained_dominates(bad, 0, good, 0.1));
  CHECK_FALSE(constrained_dominates(good, 0.1, bad, 0));
  // Both infeasible: smaller violation wins, objectives ignored; equal violations tie.
  CHECK(constrained_dominates(bad, 0.5, good, 1.0));
  CHECK_FALSE(constrained_dominates(good, 1.0, bad, 0.5));
  CHECK_FALSE(constrained_dominates(good, 0.5, bad, 0.5));
  CHECK_FALSE(constrained_dominates(bad, 0.5, good, 0.5));
}

TEST_CASE("pareto: fronts of a hand-computed 2-objective set with duplicates and violations") {
  const Points points{{1, 5}, {2, 3}, {3, 4}, {4, 1}, {2, 3},
                      {5, 5}, {3, 2}, {0, 0}, {9, 9}, {0, 1}};
  const std::vector<double> violations{0, 0, 0, 0, 0, 0, 0, 2.0, 0.5, 0.5};
  const Fronts expected{{0, 1, 3, 4, 6}, {2}, {5}, {8, 9}, {7}};
  CHECK(non_dominated_sort_2d(points, violations) == expected);
  CHECK(non_dominated_sort_general(points, violations) == expected);
  CHECK(non_dominated_sort(points, violations) == expected);
  // Without violations the infeasible points join by objectives alone.
  const Fronts unconstrained{{7}, {9}, {0, 1, 3, 4, 6}, {2}, {5}, {8}};
  CHECK(non_dominated_sort_2d(points) == unconstrained);
  CHECK(non_dominated_sort_general(points) == unconstrained);
}

TEST_CASE("pareto: fronts of a hand-computed 3-objective set") {
  const Points points{{1, 2, 3}, {2, 1, 3}, {2, 2, 3}, {3, 3, 1}, {3, 3, 2}, {4, 4, 4}};
  const Fronts expected{{0, 1, 3}, {2, 4}, {5}};
  CHECK(non_dominated_sort(points) == expected);
  CHECK(non_dominated_sort_general(points) == expected);
  CHECK_THROWS_AS(non_dominated_sort_2d(points), std::invalid_argument);
}

TEST_CASE("pareto: sorting rejects bad violations") {
  const Points points{{1, 2}, {2, 1}};
  CHECK_THROWS_AS(non_dominated_sort(points, std::vector<double>{0}), std::invalid_argument);
  CHECK_THROWS_AS(non_dominated_sort(points, std::vector<double>{0, -1}), std::invalid_argument);
  CHECK_THROWS_AS(non_dominated_sort_general(points, std::vector<double>{0, std::nan("")}),
                  std::invalid_argument);
  CHECK(non_dominated_sort(Points{}).empty());
}

TEST_CASE("pareto: 2-D sort equals general sort on random sets") {
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    Rng rng(seed, 0, 0);
    const std::size_t n = rng.below(60);
    // Small integer grids give many ties and duplicates; some sets are continuous.
    const bool grid = seed % 4 != 0;
    const std::uint64_t side = 2 + rng.below(8);
    const bool constrained = seed % 3 == 0;
    Points points(n);
    std::vector<double> violations;
    for (auto& p : points) {
      for (int m = 0; m < 2; ++m) {
        p.push_back(grid ? static_cast<double>(rng.below(side)) : rng.uniform01());
      }
      if (constrained) {
        violations.push_back(rng.bernoulli(0.5) ? 0.0 : static_cast<double>(rng.below(4)));
      }
    }
    const Fronts general = non_dominated_sort_general(points, violations);
    REQUIRE(non_dominated_sort_2d(points, violations) == general);
    // Every point sits in exactly one front.
    std::size_t total = 0;
    for (const auto& front : general) total += front.size();
    REQUIRE(total == n);
  }
}

TEST_CASE(
    "pareto: general sort fronts are mutually non-dominated and each point is dominated "
    "by the previous front") {
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    Rng rng(seed, 1, 0);
    Points points(40);
    for (auto& p : points) {
      for (int m = 0; m < 3; ++m) p.push_back(static_cast<double>(rng.below(5)));
    }
    const Fronts fronts = non_dominated_sort_general(points);
    for (std::size_t f = 0; f < fronts.size(); ++f) {
      for (std::size_t i : fronts[f]) {
        for (std::size_t j : fronts[f]) REQUIRE_FALSE(dominates(points[i], points[j]));
        if (f == 0) continue;
        bool dominated = false;
        for (std::size_t j : fronts[f - 1])
          dominated = dominated || dominates(points[j], points[i]);
        REQUIRE(dominated);
      }
    }
  }
}

TEST_CASE("pareto: crowding distance of a hand-computed front") {
  // f1 range 10, f2 range 10. B: 3/10 + 6/10, C: 5/10 + 5/10, D: 7/10 + 4/10.
  const Points front{{0, 10}, {1, 6}, {3, 4}, {6, 1}, {10, 0}};
  const std::vector<double> d = crowding_distance(front);
  REQUIRE(d.size() == 5);
  CHECK(d[0] == inf);
  CHECK(d[1] == doctest::Approx(0.9));
  CHECK(d[2] == doctest::Approx(1.0));
  CHECK(d[3] == doctest::Approx(1.1));
  CHECK(d[4] == inf);
  // An objective without range adds nothing; fronts of up to two points are all boundary.
  const std::vector<double> flat = crowding_distance(Points{{1, 5}, {2, 5}, {3, 5}});
  CHECK(flat[1] == doctest::Approx(1.0));
  CHECK(crowding_distance(Points{{1, 2}, {2, 1}}) == std::vector<double>{inf, inf});
  CHECK(crowding_distance(Points{{1, 2}}) == std::vector<double>{inf});
  CHECK(crowding_distance(Points{}).empty());
}

TEST_CASE("pareto: crowding distance is exactly the two-sort definition on fronts with and without ties") {
  // The definition written out: each objective sorted by (value, index), spans over the range.
  const auto reference = [](const Points& front) {
    const std::size_t n = front.size();
    std::vector<double> d(n, 0.0);
    for (std::size_t m = 0; m < 2; ++m) {
      std::vector<std::pair<double, std::size_t>> order;
      for (std::size_t i = 0; i < n; ++i) order.emplace_back(front[i][m], i);
      std::sort(order.begin(), order.end());
      d[order.front().second] = d[order.back().second] = inf;
      const double range = order.back().first - order.front().first;
      if (!(range > 0.0)) continue;
      for (std::size_t k = 1; k + 1 < n; ++k) d[order[k].second] += (order[k + 1].first - order[k - 1].first) / range;
    }
    return d;
  };
  Rng rng(7, 0, 0);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 3 + rng.below(40);
    Points front;
    // Strict fronts (f2 falling as f1 rises), then fronts with repeated values in either objective.
    for (std::size_t i = 0; i < n; ++i) {
      const double x = trial % 3 == 0 ? static_cast<double>(i) + rng.uniform01() : static_cast<double>(rng.below(6));
      const double y = trial % 3 == 0 ? 100.0 - x * x : static_cast<double>(rng.below(6));
      front.push_back({x, y});
    }
    const std::vector<double> got = crowding_distance(front), want = reference(front);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < n; ++i) REQUIRE(got[i] == want[i]);
  }
}

TEST_CASE("pareto: hypervolume of hand-computed 2-D sets") {
  const std::vector<double> ref{4, 4};
  CHECK(hypervolume_2d(Points{{1, 3}, {2, 2}, {3, 1}}, ref) == doctest::Approx(6.0));
  // Dominated points, duplicates and order change nothing.
  CHECK(hypervolume_2d(Points{{3, 3}, {3, 1}, {2, 2}, {1, 3}, {2, 2}}, ref) ==
        doctest::Approx(6.0));
  // Points not strictly better than the reference in both objectives add nothing.
  CHECK(hypervolume_2d(Points{{1, 3}, {4, 0.5}, {0.5, 4}, {5, 0}}, ref) == doctest::Approx(3.0));
  CHECK(hypervolume_2d(Points{}, ref) == 0.0);
  CHECK(hypervolume_2d(Points{{0, 0}}, std::vector<double>{1, 2}) == doctest::Approx(2.0));
  CHECK(hypervolume_2d(Points{{0.5, 0.25}}, std::vector<double>{1, 1}) == doctest::Approx(0.375));
  CHECK_THROWS_AS(hypervolume_2d(Points{{1, 1}}, std::vector<double>{1, 1, 1}),
                  std::invalid_argument);
  CHECK_THROWS_AS(hypervolume_2d(Points{{1, 1, 1}}, ref), std::invalid_argument);
}

TEST_CASE("pareto: survivor selection fills whole fronts then the least crowded") {
  // Front 0 is the crowding example (A..E), front 1 two points behind it, one infeasible point.
  const Points points{{0, 10}, {1, 6}, {3, 4}, {6, 1}, {10, 0}, {4, 7}, {8, 2}, {0, 0}};
  const std::vector<double> violations{0, 0, 0, 0, 0, 0, 0, 1};
  const Survivors four = select_survivors(views_of(points), violations, 4);
  CHECK(four.indices == std::vector<std::size_t>{0, 4, 3, 2});
  CHECK(four.ranks == std::vector<std::size_t>{0, 0, 0, 0});
  CHECK(four.crowding[2] == doctest::Approx(1.1));
  const Survivors seven = select_survivors(views_of(points), violations, 7);
  CHECK(seven.indices == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6});
  CHECK(seven.ranks == std::vector<std::size_t>{0, 0, 0, 0, 0, 1, 1});
  const Survivors all = select_survivors(views_of(points), violations, 100);
  CHECK(all.indices.size() == 8);
  CHECK(all.ranks.back() == 2);
}

TEST_CASE("pareto: 2-objective survivor selection equals selection from the full sorts' fronts") {
  // Small integer objectives make ties, duplicates and shared violations common; the counts cut
  // fronts anywhere, including inside the infeasible ones.
  Rng rng(7, 0, 0);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = 1 + rng.below(60);
    const std::uint64_t spread = 2 + rng.below(12);
    const bool constrained = trial % 3 != 0;
    Points points;
    std::vector<double> violations;
    for (std::size_t i = 0; i < n; ++i) {
      points.push_back({static_cast<double>(rng.below(spread)), static_cast<double>(rng.below(spread))});
      if (constrained) violations.push_back(rng.below(3) == 0 ? static_cast<double>(1 + rng.below(4)) : 0.0);
    }
    const auto views = views_of(points);
    const std::size_t count = rng.below(n + 3);
    const Survivors fast = select_survivors(views, violations, count);
    for (const Fronts& fronts : {non_dominated_sort_2d(views, violations), non_dominated_sort_general(views, violations)}) {
      const Survivors reference = select_from_fronts(fronts, views, count);
      REQUIRE(fast.indices == reference.indices);
      REQUIRE(fast.ranks == reference.ranks);
      REQUIRE(fast.crowding == reference.crowding);  // bit for bit
    }
  }
  const Points two{{0, 1}, {1, 0}};
  CHECK_THROWS_AS(select_survivors(views_of(two), std::vector<double>{0}, 2), std::invalid_argument);
  CHECK_THROWS_AS(select_survivors(views_of(two), std::vector<double>{0, -1}, 2), std::invalid_argument);
}
