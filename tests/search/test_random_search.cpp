#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "problems.hpp"
#include "same_results.hpp"
#include "search/algorithm.hpp"
#include "search/random_search.hpp"

using namespace latnas::search;
using namespace latnas::search::testing;

TEST_CASE("random search: same seed gives byte-identical results on 1, 2, 3 and 8 threads") {
  const auto parallelism = allow_threads(8);
  const Discrete problem(3);
  Settings settings{.population = 16, .evaluations = 1000, .seed = 21};
  const auto serial = RandomSearch<Discrete>(problem, settings).run();
  for (std::size_t threads : {2, 3, 8}) {
    CAPTURE(threads);
    settings.threads = threads;
    require_same_results(serial, RandomSearch<Discrete>(problem, settings).run());
  }
}

TEST_CASE("random search: each generation is fresh random individuals from its own streams") {
  const Tiny problem;
  const Discrete discrete(2);
  const auto result =
      RandomSearch<Discrete>(discrete, Settings{.population = 5, .generations = 3, .seed = 9})
          .run();
  REQUIRE(result.population.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    Rng rng(9, 2, i);  // the last generation, slot i
    CHECK(result.population[i].individual == discrete.random(rng));
  }
  CHECK(result.evaluations == 15);
  const auto repeats =
      RandomSearch<Tiny>(problem, Settings{.population = 8, .generations = 10, .evaluation_cache_capacity = 0})
          .run();
  CHECK(repeats.repeats == problem.repeats());
}

TEST_CASE("random search: initial individuals fill the first slots of generation 0") {
  const Discrete problem(2);
  const std::vector<Discrete::Individual> initial{{3, 3, 3, 3, 3, 3}, {0, 1, 2, 3, 0, 1}};
  const auto result =
      RandomSearch<Discrete>(problem, Settings{.population = 6, .generations = 1}, initial).run();
  REQUIRE(result.population.size() == 6);
  CHECK(result.population[0].individual == initial[0]);
  CHECK(result.population[1].individual == initial[1]);
  CHECK(result.population[1].evaluation == problem.evaluate(initial[1]));
}

TEST_CASE("algorithm: chosen by name and run through one entry point") {
  CHECK(parse_algorithm("nsga2") == Algorithm::nsga2);
  CHECK(parse_algorithm("random") == Algorithm::random);
  CHECK(name_of(Algorithm::random) == "random");
  CHECK_THROWS_WITH_AS(parse_algorithm("moead"), "algorithm: expected nsga2 or random, got moead",
                       std::invalid_argument);
  const Discrete problem(2);
  const Settings settings{.population = 8, .generations = 4, .seed = 3};
  require_same_results(run_search(Algorithm::nsga2, problem, settings),
                       Nsga2<Discrete>(problem, settings).run());
  require_same_results(run_search(Algorithm::random, problem, settings),
                       RandomSearch<Discrete>(problem, settings).run());
}
