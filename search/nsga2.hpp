#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "search/generational_search.hpp"
#include "search/objective_views.hpp"
#include "search/problem.hpp"
#include "search/result.hpp"
#include "search/rng.hpp"
#include "search/search_state.hpp"
#include "search/settings.hpp"
#include "search/survivor_selection.hpp"

namespace latnas::search {

// NSGA-II (Deb et al. 2002) with Deb's constrained dominance. A child is made by two binary
// tournaments on (rank, crowding distance), crossover with Settings::crossover_probability
// (otherwise a copy of the first parent), then mutation. Survivors are chosen from parents and
// children by constrained non-dominated sorting and crowding distance.
template <Problem P>
class Nsga2Strategy {
 public:
  using Individual = typename P::Individual;

  explicit Nsga2Strategy(const Settings& settings)
      : population_size_(settings.population),
        crossover_probability_(settings.crossover_probability) {}
  // Continues from a saved state; throws std::invalid_argument unless it has a rank and a
  // crowding distance for each of a non-empty population of at most the population size.
  Nsga2Strategy(const Settings& settings, StrategyState<Individual>&& state) : Nsga2Strategy(settings) {
    const std::size_t n = state.population.size();
    if (n == 0 || n > population_size_ || state.ranks.size() != n || state.crowding.size() != n)
      throw std::invalid_argument("nsga2 state: expected 1 to " + std::to_string(population_size_) +
                                  " members, each with a rank and a crowding distance, got " + std::to_string(n) +
                                  " members, " + std::to_string(state.ranks.size()) + " ranks and " +
                                  std::to_string(state.crowding.size()) + " distances");
    population_ = std::move(state.population);
    ranks_ = std::move(state.ranks);
    crowding_ = std::move(state.crowding);
  }

  Individual make_child(const P& problem, Rng& rng) const {
    const Individual& first = population_[tournament(rng)].individual;
    const Individual& second = population_[tournament(rng)].individual;
    if (rng.bernoulli(crossover_probability_)) {
      return problem.mutate(problem.crossover(first, second, rng), rng);
    }
    return problem.mutate(first, rng);
  }

  void absorb(Population<Individual>&& offspring) {
    for (auto& child : offspring) population_.push_back(std::move(child));
    std::vector<ObjectiveView> points;
    std::vector<double> violations;
    points.reserve(population_.size());
    violations.reserve(population_.size());
    for (const auto& member : population_) {
      points.push_back(member.evaluation.objectives());
      violations.push_back(member.evaluation.violation());
    }
    Survivors survivors = select_survivors(points, violations, population_size_);
    Population<Individual> next;
    next.reserve(survivors.indices.size());
    for (std::size_t i : survivors.indices) next.push_back(std::move(population_[i]));
    population_ = std::move(next);
    ranks_ = std::move(survivors.ranks);
    crowding_ = std::move(survivors.crowding);
  }

  StrategyState<Individual> state() const { return {population_, ranks_, crowding_}; }
  Population<Individual> take_population() && { return std::move(population_); }

 private:
  // Lower rank wins, then larger crowding distance, then the first drawn.
  std::size_t tournament(Rng& rng) const {
    const std::size_t a = static_cast<std::size_t>(rng.below(population_.size()));
    const std::size_t b = static_cast<std::size_t>(rng.below(population_.size()));
    if (ranks_[a] != ranks_[b]) return ranks_[a] < ranks_[b] ? a : b;
    return crowding_[b] > crowding_[a] ? b : a;
  }

  std::size_t population_size_;
  double crossover_probability_;
  Population<Individual> population_;
  std::vector<std::size_t> ranks_;
  std::vector<double> crowding_;
};

// Build with (problem, settings[, initial individuals]), then call run([controls]).
template <Problem P>
using Nsga2 = GenerationalSearch<P, Nsga2Strategy<P>>;

}  // namespace latnas::search
