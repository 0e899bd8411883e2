#pragma once
#include <cstdint>
#include <optional>

#include "search/evaluation.hpp"
#include "search/rng.hpp"
#include "spaces/search_space.hpp"
#include "spaces/space_scorer.hpp"

namespace latnas {

// The constraints of a search: a GPU latency budget, and optional MAC and parameter budgets.
struct Budget {
  double latency_ms = 10.0;
  std::optional<std::uint64_t> max_macs;
  std::optional<std::uint64_t> max_params;

  // 0 within every budget; otherwise the sum of the relative excesses, so that nearer is better.
  double violation(const Score& s) const;
};

enum class CrossoverKind { uniform, stage };
CrossoverKind parse_crossover(std::string_view name);
std::string_view to_string(CrossoverKind k);

// Hardware-aware NAS as a problem for the generic engine: individuals are genomes of a space;
// minimise (GPU latency, -accuracy proxy) subject to the budget. const and thread-safe.
class NasProblem {
 public:
  using Individual = Genome;

  // `space` and `scorer` must outlive the problem. mutation_rate in (0, 1].
  NasProblem(const SearchSpace& space, const SpaceScorer& scorer, Budget budget, double mutation_rate,
             CrossoverKind crossover);

  std::size_t objective_count() const { return 2; }
  Genome random(search::Rng& rng) const;
  Genome mutate(const Genome& g, search::Rng& rng) const;
  Genome crossover(const Genome& a, const Genome& b, search::Rng& rng) const;
  search::Evaluation evaluate(const Genome& g) const;
  std::uint64_t hash(const Genome& g) const { return g.hash(); }

  // The full score of a genome (for outputs).
  Score score(const Genome& g) const;
  static search::Evaluation to_evaluation(const Score& s, const Budget& budget);

  const SearchSpace& space() const { return space_; }
  const Budget& budget() const { return budget_; }

 private:
  const SearchSpace& space_;
  const SpaceScorer& scorer_;
  Budget budget_;
  double mutation_rate_;
  CrossoverKind crossover_;
};

}  // namespace latnas
