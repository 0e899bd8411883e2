#pragma once
// Byte-level comparison of two runs, for the determinism tests.
#include <doctest/doctest.h>
#include <tbb/global_control.h>

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "search/result.hpp"

namespace latnas::search::testing {

inline std::vector<std::uint64_t> bits(std::span<const double> values) {
  std::vector<std::uint64_t> out;
  for (double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

// TBB caps its workers at the machine's cores; lift the cap in a test so that asking for more
// threads than cores really runs that many.
inline tbb::global_control allow_threads(std::size_t threads) {
  return tbb::global_control(tbb::global_control::max_allowed_parallelism, threads);
}

// Everything but the elapsed time must be identical, bit for bit.
template <class Individual>
void require_same_results(const Result<Individual>& a, const Result<Individual>& b) {
  REQUIRE(a.evaluations == b.evaluations);
  REQUIRE(a.repeats == b.repeats);
  REQUIRE(a.stopped_early == b.stopped_early);
  const auto ea = a.archive.entries(), eb = b.archive.entries();
  REQUIRE(ea.size() == eb.size());
  for (std::size_t i = 0; i < ea.size(); ++i) {
    REQUIRE(bits(ea[i].objectives) == bits(eb[i].objectives));
    REQUIRE(ea[i].payload == eb[i].payload);
  }
  REQUIRE(a.population.size() == b.population.size());
  for (std::size_t i = 0; i < a.population.size(); ++i) {
    REQUIRE(a.population[i].individual == b.population[i].individual);
    REQUIRE(bits(a.population[i].evaluation.objectives()) ==
            bits(b.population[i].evaluation.objectives()));
    REQUIRE(std::bit_cast<std::uint64_t>(a.population[i].evaluation.violation()) ==
            std::bit_cast<std::uint64_t>(b.population[i].evaluation.violation()));
  }
  REQUIRE(a.logs.size() == b.logs.size());
  for (std::size_t i = 0; i < a.logs.size(); ++i) {
    const auto& la = a.logs[i];
    const auto& lb = b.logs[i];
    REQUIRE(la.generation == lb.generation);
    REQUIRE(la.evaluations == lb.evaluations);
    REQUIRE(la.repeats == lb.repeats);
    REQUIRE(la.archive_size == lb.archive_size);
    REQUIRE(std::bit_cast<std::uint64_t>(la.hypervolume) ==
            std::bit_cast<std::uint64_t>(lb.hypervolume));
    REQUIRE(bits(la.best_feasible) == bits(lb.best_feasible));
  }
}

}  // namespace latnas::search::testing
