#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/nsga2.hpp"
#include "search/problem.hpp"
#include "search/random_search.hpp"
#include "search/result.hpp"
#include "search/run_controls.hpp"
#include "search/search_state.hpp"
#include "search/settings.hpp"

namespace latnas::search {

// The algorithms a command line can choose between by name.
enum class Algorithm { nsga2, random };

// "nsga2" or "random"; throws std::invalid_argument("algorithm: expected nsga2 or random, got x").
Algorithm parse_algorithm(std::string_view name);
std::string_view name_of(Algorithm algorithm);

// Builds the chosen algorithm and runs it; see GenerationalSearch for the arguments.
template <Problem P>
Result<typename P::Individual> run_search(Algorithm algorithm, const P& problem,
                                          const Settings& settings,
                                          std::vector<typename P::Individual> initial = {},
                                          const RunControls& controls = {}) {
  if (algorithm == Algorithm::random) {
    return RandomSearch<P>(problem, settings, std::move(initial)).run(controls);
  }
  return Nsga2<P>(problem, settings, std::move(initial)).run(controls);
}

// Why resume_search with these arguments would not give run_search's result, or nothing; see
// GenerationalSearch::why_not_resumable.
template <Problem P>
std::optional<std::string> why_not_resumable(Algorithm algorithm, const P& problem, const Settings& settings,
                                             std::vector<typename P::Individual> initial,
                                             const SearchState<typename P::Individual>& state) {
  if (algorithm == Algorithm::random) {
    return RandomSearch<P>(problem, settings, std::move(initial)).why_not_resumable(state);
  }
  return Nsga2<P>(problem, settings, std::move(initial)).why_not_resumable(state);
}

// Builds the chosen algorithm and continues `state` with it; see GenerationalSearch::resume.
template <Problem P>
Result<typename P::Individual> resume_search(Algorithm algorithm, const P& problem, const Settings& settings,
                                             std::vector<typename P::Individual> initial,
                                             SearchState<typename P::Individual> state,
                                             const RunControls& controls = {}) {
  if (algorithm == Algorithm::random) {
    return RandomSearch<P>(problem, settings, std::move(initial)).resume(std::move(state), controls);
  }
  return Nsga2<P>(problem, settings, std::move(initial)).resume(std::move(state), controls);
}

}  // namespace latnas::search
