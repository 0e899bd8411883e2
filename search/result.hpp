#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "search/evaluation.hpp"
#include "search/generation_log.hpp"
#include "search/pareto_archive.hpp"

namespace latnas::search {

template <class Individual>
struct Evaluated {
  Individual individual;
  Evaluation evaluation;
  bool operator==(const Evaluated&) const = default;
};

template <class Individual>
using Population = std::vector<Evaluated<Individual>>;

template <class Individual>
struct SearchState;

template <class Individual>
struct Result {
  // Every non-dominated feasible individual evaluated during the run: the main result.
  ParetoArchive<Individual> archive;
  // The last population (NSGA-II: the survivors; random search: the last generation).
  Population<Individual> population{};
  std::vector<GenerationLog>
      logs{};  // thinned to Settings::log_capacity, always ends with the last
  std::uint64_t evaluations = 0;
  std::uint64_t repeats = 0;
  bool repeats_exact = true;  // false once the repeat table forgot fingerprints: then a lower bound
  bool stopped_early = false;  // the stop flag ended the run before its bounds
  // Settings::stop_after_stagnant ended the run before its bounds.
  bool stagnated = false;
  // Evaluations answered by the evaluation cache instead of the problem (counted in evaluations).
  std::uint64_t cached_evaluations = 0;
  // The engine's state at the end, from which GenerationalSearch::resume continues the run.
  std::shared_ptr<SearchState<Individual>> state{};
};

}  // namespace latnas::search
