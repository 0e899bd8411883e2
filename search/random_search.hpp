#pragma once
#include <utility>
#include <vector>

#include "search/generational_search.hpp"
#include "search/problem.hpp"
#include "search/result.hpp"
#include "search/rng.hpp"
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

  Individual make_child(const P& problem, Rng& rng) const { return problem.random(rng); }
  void absorb(Population<Individual>&& batch) { last_ = std::move(batch); }
  Population<Individual> take_population() && { return std::move(last_); }

 private:
  Population<Individual> last_;
};

// Build with (problem, settings[, initial individuals]), then call run([controls]).
template <Problem P>
using RandomSearch = GenerationalSearch<P, RandomStrategy<P>>;

}  // namespace latnas::search
