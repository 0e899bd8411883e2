#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "search/generational_search.hpp"
#include "search/problem.hpp"
#include "search/result.hpp"
#include "search/rng.hpp"
#include "search/search_state.hpp"
#include "search/settings.hpp"

namespace latnas::search {

// Random search: every generation is `population` fresh random individuals. A baseline that
// shares NSGA-II's settings, bounds, archive, logs and determinism. The final population is the
// last generation.
template <Problem P>
class RandomStrategy {
 public:
  using Individual = typename P::Individual;

  explicit RandomStrategy(const Settings&) {}
  // Continues from a saved state; throws std::invalid_argument for one with NSGA-II's ranks.
  RandomStrategy(const Settings&, StrategyState<Individual>&& state) : last_(std::move(state.population)) {
    if (!state.ranks.empty() || !state.crowding.empty())
      throw std::invalid_argument("random search state: expected no ranks or crowding distances, got " +
                                  std::to_string(state.ranks.size()));
  }

  Individual make_child(const P& problem, Rng& rng) const { return problem.random(rng); }
  void absorb(Population<Individual>&& batch) { last_ = std::move(batch); }
  StrategyState<Individual> state() const { return {last_, {}, {}}; }
  Population<Individual> take_population() && { return std::move(last_); }

 private:
  Population<Individual> last_;
};

// Build with (problem, settings[, initial individuals]), then call run([controls]).
template <Problem P>
using RandomSearch = GenerationalSearch<P, RandomStrategy<P>>;

}  // namespace latnas::search
