#pragma once
#include <cstdint>
#include <optional>

#include <memory>
#include <span>

#include "experiments/nas/accuracy_command.hpp"
#include "experiments/nas/accuracy_table.hpp"
#include "search/evaluation.hpp"
#include "search/rng.hpp"
#include "spaces/random_draw.hpp"
#include "spaces/search_space.hpp"
#include "spaces/space_scorer.hpp"

namespace latnas {

// The constraints of a search: a GPU latency budget, and optional MAC and parameter budgets.
struct Budget {
  double latency_ms = 10.0;
  std::optional<std::uint64_t> max_macs;
  std::optional<std::uint64_t> max_params;
  // Stay where the accuracy proxy can be trusted: leaving its domain counts as a violation.
  bool trust_region = true;

  // 0 within every budget (and the proxy's domain, with the trust region on); otherwise the sum of
  // the relative excesses (and of how far outside the domain), so that nearer is better.
  double violation(const Score& s) const;
};

// Accuracies from outside latnas, used instead of the proxy where they have an answer.
struct AccuracySources {
  std::shared_ptr<const AccuracyTable> table;  // for the networks it lists
  std::shared_ptr<AccuracyCommand> command;    // for every network
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
             CrossoverKind crossover, AccuracySources sources = {});

  std::size_t objective_count() const { return 2; }
  Genome random(search::Rng& rng) const;
  // `g` must be normal (SearchSpace::is_normal), as every genome the problem and encode give are.
  Genome mutate(const Genome& g, search::Rng& rng) const;
  Genome mutate(Genome&& g, search::Rng& rng) const;  // reuses g's storage (a crossover's child)
  Genome crossover(const Genome& a, const Genome& b, search::Rng& rng) const;
  search::Evaluation evaluate(const Genome& g) const;
  std::uint64_t hash(const Genome& g) const { return g.hash(); }
  // With an accuracy command, each generation is asked of it in one batch (search::BatchPreparing).
  bool prepares_batches() const { return sources_.command != nullptr; }
  void prepare(std::span<const Genome> batch) const;

  // The full score of a genome (for outputs), with the accuracy from outside where there is one.
  Score score(const Genome& g) const;
  // The score by the proxy alone.
  Score proxy_score(const Genome& g) const;
  const AccuracySources& sources() const { return sources_; }
  static search::Evaluation to_evaluation(const Score& s, const Budget& budget);

  const SearchSpace& space() const { return space_; }
  const Budget& budget() const { return budget_; }

 private:
  const SearchSpace& space_;
  const SpaceScorer& scorer_;
  Budget budget_;
  GeometricGap gap_;  // the mutation rate's gaps over the space's genome length
  CrossoverKind crossover_;
  AccuracySources sources_;
};

}  // namespace latnas
