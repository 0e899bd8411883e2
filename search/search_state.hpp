#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "search/evaluation_cache.hpp"
#include "search/fingerprint_table.hpp"
#include "search/generation_log.hpp"
#include "search/pareto_archive.hpp"
#include "search/result.hpp"
#include "search/settings.hpp"

namespace latnas::search {

// What a strategy keeps between generations: its population and, per member, what parents are
// chosen by (NSGA-II: front rank and crowding distance within the whole front, which the
// survivors alone do not determine; random search: nothing).
template <class Individual>
struct StrategyState {
  Population<Individual> population;
  std::vector<std::size_t> ranks;
  std::vector<double> crowding;
};

// Generations in a row without hypervolume gain; none are counted while the hypervolume is 0
// (nothing feasible inside the reference point yet).
struct Stagnation {
  double best = 0.0;
  std::size_t generations = 0;
  std::size_t update(double hypervolume, double tolerance) {
    if (hypervolume > best + tolerance * best) {
      best = hypervolume;
      generations = 0;
    } else if (best > 0.0) {
      ++generations;
    }
    return generations;
  }
};

// Everything a generational run carries from one generation to the next: a run continued from it
// (GenerationalSearch::resume) makes exactly the generations an uninterrupted run would have made
// next (first finishing a last generation that the evaluation bound cut short). Plain data, so a
// caller can save and rebuild it.
template <class Individual>
struct SearchState {
  // What the run was built with; a continuation must agree in everything but its bounds and threads.
  Settings settings;
  std::vector<Individual> initial;
  std::size_t next_generation = 0;
  std::size_t last_generation_size = 0;  // below the population: cut short by the evaluation bound
  std::uint64_t evaluations = 0;
  std::uint64_t repeats = 0;
  std::uint64_t cached_evaluations = 0;
  bool stopped_early = false;  // the stop flag ended the run (after a whole generation)
  // The stagnation limit was reached at the last generation (also when a bound ended the run there).
  bool stagnant = false;
  double elapsed_seconds = 0.0;  // of every generation so far; the logs of a continuation go on from it
  Stagnation stagnation;
  StrategyState<Individual> strategy;
  ParetoArchive<Individual> archive;
  FingerprintTable seen;
  EvaluationCache<Individual> cache;
  LogBook book;
  // The last generation when the evaluation bound cut it short, kept so that a longer run can
  // make it whole: its slots so far (evaluated, in slot order) and what the strategy, the log
  // book and the stagnation count were before it. The counters, archive, repeat table and cache
  // include those slots, which come first in the whole generation too.
  struct Pending {
    Population<Individual> made;
    StrategyState<Individual> strategy;
    LogBook book;
    Stagnation stagnation;
    bool stagnant = false;
    // The repeat count from before it: its slots are remembered by the repeat table only once it
    // is made whole, so that its remaining children are made from the table its first ones saw.
    std::uint64_t repeats = 0;
  };
  std::optional<Pending> pending;

  // The state of a run that has made no generation yet.
  SearchState(Settings s, std::vector<Individual> first, std::size_t objective_count)
      : settings(std::move(s)),
        initial(std::move(first)),
        archive(objective_count),
        seen(settings.repeat_table_capacity),
        cache(settings.evaluation_cache_capacity),
        book(settings.log_capacity) {
    if (objective_count == 2 && !settings.reference_point.empty()) archive.track_hypervolume(settings.reference_point);
  }
};

}  // namespace latnas::search
