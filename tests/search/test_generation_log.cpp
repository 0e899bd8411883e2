#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "problems.hpp"
#include "search/generation_log.hpp"
#include "search/nsga2.hpp"

using namespace latnas::search;

namespace {

std::vector<std::size_t> generations_kept(std::size_t capacity, std::size_t generations) {
  LogBook book(capacity);
  for (std::size_t g = 0; g < generations; ++g) book.record(GenerationLog{.generation = g});
  std::vector<std::size_t> out;
  for (const auto& log : std::move(book).finish()) out.push_back(log.generation);
  return out;
}

}  // namespace

TEST_CASE("log book: keeps every generation until full, then every 2nd, 4th, ... plus the last") {
  CHECK(generations_kept(8, 5) == std::vector<std::size_t>{0, 1, 2, 3, 4});
  CHECK(generations_kept(8, 8) == std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7});
  CHECK(generations_kept(8, 9) == std::vector<std::size_t>{0, 2, 4, 6, 8});
  CHECK(generations_kept(8, 10) == std::vector<std::size_t>{0, 2, 4, 6, 8, 9});
  CHECK(generations_kept(4, 20) == std::vector<std::size_t>{0, 8, 16, 19});
  CHECK(generations_kept(8, 100000).size() <= 9);
  CHECK(generations_kept(8, 0).empty());
  CHECK_THROWS_AS(LogBook(1), std::invalid_argument);
}

TEST_CASE("log book: a run's logs are thinned while the observer sees every generation") {
  const latnas::search::testing::Tiny problem;
  std::size_t observed = 0;
  const auto result = Nsga2<latnas::search::testing::Tiny>(
                          problem, Settings{.population = 4, .generations = 50, .log_capacity = 4})
                          .run({.observer = [&](const GenerationLog&) { ++observed; }});
  CHECK(observed == 50);
  REQUIRE(result.logs.size() <= 5);
  CHECK(result.logs.front().generation == 0);
  CHECK(result.logs.back().generation == 49);
  CHECK(result.logs.back().evaluations == 200);
}
