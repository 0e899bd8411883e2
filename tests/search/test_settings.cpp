#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "problems.hpp"
#include "search/evaluation.hpp"
#include "search/nsga2.hpp"
#include "search/random_search.hpp"
#include "search/settings.hpp"

using namespace latnas::search;
using namespace latnas::search::testing;

namespace {

Settings valid() { return Settings{.population = 8, .generations = 3}; }

std::string message_of(const Settings& settings, std::size_t objective_count = 2) {
  try {
    validate(settings, objective_count);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("settings: out-of-range values throw with expected and got") {
  CHECK(message_of(valid()) == "no error");
  Settings s = valid();
  s.population = 2;
  CHECK(message_of(s) == "population: expected at least 4, got 2");
  s = valid();
  s.crossover_probability = 1.5;
  CHECK(message_of(s) == "crossover probability: expected a value in [0, 1], got 1.5");
  s.crossover_probability = std::nan("");
  CHECK(message_of(s) == "crossover probability: expected a value in [0, 1], got nan");
  s = valid();
  s.generations.reset();
  CHECK(message_of(s) == "bounds: expected a generation or evaluation bound, got neither");
  s.evaluations = 0;
  CHECK(message_of(s) == "evaluations: expected at least 1, got 0");
  s = valid();
  s.generations = 0;
  CHECK(message_of(s) == "generations: expected at least 1, got 0");
  s = valid();
  s.threads = 0;
  CHECK(message_of(s) == "threads: expected 1 to 1024, got 0");
  s = valid();
  s.reference_point = {1, 2, 3};
  CHECK(message_of(s) == "reference point: expected 2 values, got 3");
  s.reference_point = {1, std::numeric_limits<double>::infinity()};
  CHECK(message_of(s) == "reference point: expected finite values, got inf");
  s = valid();
  s.repeat_table_capacity = 1000;
  CHECK(message_of(s) == "repeat table capacity: expected a power of two >= 8, got 1000");
  s = valid();
  s.log_capacity = 1;
  CHECK(message_of(s) == "log capacity: expected at least 2, got 1");
  CHECK(message_of(valid(), 5) == "objective count: expected 1 to 4, got 5");
  CHECK(message_of(valid(), 0) == "objective count: expected 1 to 4, got 0");
}

TEST_CASE("settings: algorithms validate when built") {
  const Tiny problem;
  Settings s = valid();
  s.population = 3;
  CHECK_THROWS_WITH_AS(Nsga2<Tiny>(problem, s), "population: expected at least 4, got 3",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(RandomSearch<Tiny>(problem, s), "population: expected at least 4, got 3",
                       std::invalid_argument);
}

TEST_CASE("evaluation: holds up to four objectives and a non-negative violation") {
  const Evaluation e{{1.0, 2.0, 3.0}, 0.5};
  CHECK(e.objective_count() == 3);
  CHECK(e[2] == 3.0);
  CHECK_FALSE(e.feasible());
  CHECK(Evaluation({1.0}).feasible());
  CHECK(e == Evaluation{{1.0, 2.0, 3.0}, 0.5});
  CHECK_FALSE(e == Evaluation{{1.0, 2.0}, 0.5});
  CHECK_THROWS_WITH_AS((Evaluation{{1, 2, 3, 4, 5}}),
                       "evaluation: expected at most 4 objectives, got 5", std::invalid_argument);
  CHECK_THROWS_AS((Evaluation{{1, 2}, -1.0}), std::invalid_argument);
  CHECK_THROWS_AS((Evaluation{{1, 2}, std::nan("")}), std::invalid_argument);
  static_assert(sizeof(Evaluation) <= 56, "an evaluation stays small and allocation-free");
}
