#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "search/dominance.hpp"
#include "search/evaluation.hpp"
#include "search/hypervolume.hpp"
#include "search/pareto_archive.hpp"
#include "search/rng.hpp"

using namespace latnas::search;

namespace {

struct Inserted {
  std::vector<double> objectives;
  std::size_t order;
};

bool weakly_dominates(const std::vector<double>& a, const std::vector<double>& b) {
  return a == b || dominates(a, b);
}

// Checks an archive fed with random points against a brute-force front: the first of each set
// of equal non-dominated points, and insert() true exactly when nothing earlier weakly dominates.
void check_against_brute_force(std::size_t objective_count, std::uint64_t seed) {
  Rng rng(seed, objective_count, 0);
  const std::size_t n = 1 + rng.below(120);
  const bool grid = seed % 3 != 0;
  const std::uint64_t side = 2 + rng.below(10);
  ParetoArchive<std::size_t> archive(objective_count);
  std::vector<Inserted> inserted;
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<double> p(objective_count);
    for (double& v : p) v = grid ? static_cast<double>(rng.below(side)) : rng.uniform01();
    const bool expected_added =
        std::none_of(inserted.begin(), inserted.end(),
                     [&](const Inserted& e) { return weakly_dominates(e.objectives, p); });
    REQUIRE(archive.insert(p, k) == expected_added);
    inserted.push_back({p, k});
  }
  std::vector<ParetoArchive<std::size_t>::Entry> expected;
  for (const auto& candidate : inserted) {
    const bool keep = std::none_of(inserted.begin(), inserted.end(), [&](const Inserted& e) {
      return dominates(e.objectives, candidate.objectives) ||
             (e.objectives == candidate.objectives && e.order < candidate.order);
    });
    if (keep) expected.push_back({candidate.objectives, candidate.order});
  }
  std::sort(expected.begin(), expected.end(),
            [](const auto& a, const auto& b) { return a.objectives < b.objectives; });
  REQUIRE(archive.size() == expected.size());
  REQUIRE(archive.entries() == expected);
}

}  // namespace

TEST_CASE("pareto archive: equals brute force on random 2-objective sets with ties") {
  for (std::uint64_t seed = 0; seed < 300; ++seed) check_against_brute_force(2, seed);
}

TEST_CASE("pareto archive: equals brute force on random 1-, 3- and 4-objective sets") {
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    check_against_brute_force(1, seed);
    check_against_brute_force(3, seed);
    check_against_brute_force(4, seed);
  }
}

TEST_CASE("pareto archive: first of equal points wins and dominated entries leave") {
  ParetoArchive<char> archive(2);
  CHECK(archive.insert(std::vector<double>{2, 2}, 'a'));
  CHECK_FALSE(archive.insert(std::vector<double>{2, 2}, 'b'));
  CHECK_FALSE(archive.insert(std::vector<double>{3, 2}, 'c'));
  CHECK(archive.insert(std::vector<double>{1, 3}, 'd'));
  CHECK(archive.insert(std::vector<double>{3, 1}, 'e'));
  CHECK(archive.size() == 3);
  CHECK(archive.entries().at(1).payload == 'a');
  const auto version = archive.version();
  CHECK(archive.insert(std::vector<double>{1, 1}, 'f'));  // dominates all three
  CHECK(archive.version() != version);
  REQUIRE(archive.size() == 1);
  CHECK(archive.entries().front().payload == 'f');
}

TEST_CASE("pareto archive: refuses infeasible evaluations, wrong sizes and NaN") {
  ParetoArchive<int> archive(2);
  CHECK_FALSE(archive.insert(Evaluation{{0, 0}, 0.5}, 1));
  CHECK(archive.empty());
  CHECK(archive.insert(Evaluation{{0, 0}}, 2));
  CHECK_THROWS_AS(archive.insert(std::vector<double>{1, 2, 3}, 3), std::invalid_argument);
  CHECK_THROWS_AS(archive.insert(std::vector<double>{std::nan(""), 2}, 3), std::invalid_argument);
  CHECK_THROWS_AS(ParetoArchive<int>(0), std::invalid_argument);
}

TEST_CASE("pareto archive: tracked hypervolume equals the exact sweep after every insertion") {
  for (std::uint64_t seed = 0; seed < 60; ++seed) {
    Rng rng(seed, 77, 0);
    ParetoArchive<int> archive(2);
    const std::vector<double> reference{0.8, 0.9};
    // Tracking may start on a non-empty archive.
    for (int i = 0; i < 5; ++i) archive.insert(std::vector<double>{rng.uniform01(), rng.uniform01()}, i);
    archive.track_hypervolume(reference);
    const std::size_t n = 50 + rng.below(400);
    for (std::size_t i = 0; i < n; ++i) {
      // Ties on a coarse grid, and points beyond the reference in either objective.
      const double f1 = std::floor(rng.uniform01() * 40) / 40, f2 = std::floor(rng.uniform01() * 40) / 40;
      archive.insert(std::vector<double>{f1, f2}, static_cast<int>(i));
      const double exact = hypervolume_2d(archive.objective_views(), reference);
      REQUIRE(archive.hypervolume() == doctest::Approx(exact).epsilon(1e-12));
    }
    const auto best = archive.best();
    CHECK(best[0] == archive.entries().front().objectives[0]);
    CHECK(best[1] == archive.entries().back().objectives[1]);
  }
}

TEST_CASE("pareto archive: hand-computed tracked hypervolume") {
  ParetoArchive<int> archive(2);
  archive.track_hypervolume(std::vector<double>{4.0, 4.0});
  CHECK(archive.hypervolume() == 0.0);
  archive.insert(std::vector<double>{1.0, 3.0}, 0);  // 3 x 1
  CHECK(archive.hypervolume() == 3.0);
  archive.insert(std::vector<double>{2.0, 1.0}, 1);  // + 2 x 2
  CHECK(archive.hypervolume() == 7.0);
  archive.insert(std::vector<double>{0.5, 0.5}, 2);  // dominates both: 3.5 x 3.5
  CHECK(archive.hypervolume() == 12.25);
  archive.insert(std::vector<double>{5.0, 0.1}, 3);  // beyond the reference in f1: adds nothing
  CHECK(archive.hypervolume() == 12.25);
  CHECK(archive.size() == 2);
  CHECK_THROWS_AS(ParetoArchive<int>(3).track_hypervolume(std::vector<double>{1.0, 1.0}), std::invalid_argument);
}
