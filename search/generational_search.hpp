#pragma once
#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "search/evaluation.hpp"
#include "search/evaluation_cache.hpp"
#include "search/fingerprint_table.hpp"
#include "search/generation_log.hpp"
#include "search/hypervolume.hpp"
#include "search/pareto_archive.hpp"
#include "search/problem.hpp"
#include "search/result.hpp"
#include "search/rng.hpp"
#include "search/run_controls.hpp"
#include "search/settings.hpp"

namespace latnas::search {

// How an algorithm makes a generation and keeps what it learns from it. make_child runs in
// parallel and must only read the strategy; absorb runs serially after each generation
// (including generation 0, the initial population) with the evaluated batch in slot order.
template <class S, class P>
concept GenerationStrategy = Problem<P> && std::constructible_from<S, const Settings&> &&
    requires(const S& cs, S& s, const P& p, Rng& rng, Population<typename P::Individual>&& batch) {
  { cs.make_child(p, rng) } -> std::same_as<typename P::Individual>;
  s.absorb(std::move(batch));
  { std::move(s).take_population() } -> std::same_as<Population<typename P::Individual>>;
};

// The run loop every algorithm shares; Strategy decides how offspring are made and kept.
// Generation g fills `population` slots (fewer in a last generation cut short by the evaluation
// bound). Slot i is made from its own stream Rng(seed, g, i) and evaluated in parallel; archive
// insertion, repeat counting, the strategy's bookkeeping and logging then run serially in slot
// order, so the results are identical for any thread count.
template <Problem P, GenerationStrategy<P> Strategy>
class GenerationalSearch {
 public:
  using Individual = typename P::Individual;

  // Keeps a reference to `problem`, which must outlive the search. `initial` individuals fill the
  // first slots of generation 0, the rest are random. Throws std::invalid_argument on bad
  // settings or more initial individuals than the population.
  GenerationalSearch(const P& problem, Settings settings, std::vector<Individual> initial = {})
      : problem_(problem), settings_(std::move(settings)), initial_(std::move(initial)) {
    validate(settings_, static_cast<std::size_t>(problem_.objective_count()));
    if (initial_.size() > settings_.population) {
      throw std::invalid_argument("initial individuals: expected at most " +
                                  std::to_string(settings_.population) + ", got " +
                                  std::to_string(initial_.size()));
    }
  }
  GenerationalSearch(const P&&, Settings, std::vector<Individual> = {}) = delete;

  const Settings& settings() const noexcept { return settings_; }

  Result<Individual> run(const RunControls& controls = {}) const {
    const auto start = std::chrono::steady_clock::now();
    const auto objective_count = static_cast<std::size_t>(problem_.objective_count());
    Result<Individual> result{ParetoArchive<Individual>(objective_count)};
    if (objective_count == 2 && !settings_.reference_point.empty())
      result.archive.track_hypervolume(settings_.reference_point);
    Strategy strategy(settings_);
    FingerprintTable seen(settings_.repeat_table_capacity);
    EvaluationCache<Individual> cache(settings_.evaluation_cache_capacity);
    Stagnation stagnation;
    LogBook book(settings_.log_capacity);
    ArchiveSummary summary;
    std::optional<tbb::task_arena> arena;
    // More threads than TBB allows (the machine's cores unless raised by tbb::global_control)
    // would only make TBB warn; the results are the same either way.
    const std::size_t threads =
        std::min(settings_.threads,
                 tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    if (threads > 1) arena.emplace(static_cast<int>(threads));
    std::vector<std::optional<Slot>> slots;

    for (std::size_t generation = 0;; ++generation) {
      std::size_t size = settings_.population;
      if (settings_.evaluations) {
        size = static_cast<std::size_t>(
            std::min<std::uint64_t>(size, *settings_.evaluations - result.evaluations));
      }
      slots.assign(size, std::nullopt);
      fill(slots, generation, strategy, cache, arena);
      strategy.absorb(take_in_order(slots, seen, cache, result));

      summary.update(result.archive, settings_.reference_point);
      const GenerationLog log{
          .generation = generation,
          .evaluations = result.evaluations,
          .repeats = result.repeats,
          .archive_size = result.archive.size(),
          .hypervolume = summary.hypervolume,
          .best_feasible = summary.best_feasible,
          .elapsed_seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
      };
      if (controls.observer) controls.observer(log);
      book.record(log);

      const bool bounded = (settings_.generations && generation + 1 >= *settings_.generations) ||
                           (settings_.evaluations && result.evaluations >= *settings_.evaluations);
      if (bounded) break;
      if (settings_.stop_after_stagnant &&
          stagnation.update(summary.hypervolume, settings_.stagnation_tolerance) >= *settings_.stop_after_stagnant) {
        result.stagnated = true;
        break;
      }
      if (controls.stop && controls.stop->load(std::memory_order_relaxed)) {
        result.stopped_early = true;
        break;
      }
    }
    result.population = std::move(strategy).take_population();
    result.logs = std::move(book).finish();
    result.repeats_exact = seen.exact();
    return result;
  }

 private:
  struct Slot {
    Individual individual;
    Evaluation evaluation;
    std::uint64_t hash;
    bool cached;  // the evaluation came from the cache
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

  // Makes and evaluates every slot of a generation, in parallel when an arena is given. Each slot
  // uses only its own stream and reads only the strategy's current population. A problem that
  // evaluates in batches (BatchPreparing, e.g. through an external program) first sees the whole
  // generation in slot order, serially, so what it is asked does not depend on the thread count.
  void fill(std::vector<std::optional<Slot>>& slots, std::size_t generation,
            const Strategy& strategy, const EvaluationCache<Individual>& cache,
            std::optional<tbb::task_arena>& arena) const {
    auto child_of = [&](std::size_t i) {
      Rng rng(settings_.seed, generation, i);
      return generation > 0        ? strategy.make_child(problem_, rng)
             : i < initial_.size() ? initial_[i]
                                   : problem_.random(rng);
    };
    auto evaluate = [&](std::size_t i, Individual child) {
      const auto hash = static_cast<std::uint64_t>(problem_.hash(child));
      const Evaluation* known = cache.find(hash, child);
      const Evaluation evaluation = known ? *known : problem_.evaluate(child);
      slots[i].emplace(Slot{std::move(child), evaluation, hash, known != nullptr});
    };
    auto each = [&](auto&& f) {
      if (!arena) {
        for (std::size_t i = 0; i < slots.size(); ++i) f(i);
        return;
      }
      arena->execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, slots.size()),
                          [&](const tbb::blocked_range<std::size_t>& range) {
                            for (std::size_t i = range.begin(); i != range.end(); ++i) f(i);
                          });
      });
    };
    if constexpr (BatchPreparing<P>) {
      if (problem_.prepares_batches()) {
        std::vector<Individual> children(slots.size());
        each([&](std::size_t i) { children[i] = child_of(i); });
        problem_.prepare(std::span<const Individual>(children));
        each([&](std::size_t i) { evaluate(i, std::move(children[i])); });
        return;
      }
    }
    each([&](std::size_t i) { evaluate(i, child_of(i)); });
  }

  // The serial part, in slot order: checks, repeat counting, caching and archive insertion.
  // Returns the evaluated generation.
  static Population<Individual> take_in_order(std::vector<std::optional<Slot>>& slots,
                                              FingerprintTable& seen, EvaluationCache<Individual>& cache,
                                              Result<Individual>& result) {
    const std::size_t objective_count = result.archive.objective_count();
    // Fetch table buckets a few slots ahead: a large table misses the cache on every lookup.
    constexpr std::size_t lookahead = 8;
    for (std::size_t i = 0; i < std::min(lookahead, slots.size()); ++i) {
      seen.prefetch(slots[i]->hash);
    }
    Population<Individual> batch;
    batch.reserve(slots.size());
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (i + lookahead < slots.size()) seen.prefetch(slots[i + lookahead]->hash);
      Slot& slot = *slots[i];
      check(slot.evaluation, objective_count);
      if (seen.seen_before(slot.hash)) ++result.repeats;
      if (slot.cached)
        ++result.cached_evaluations;
      else
        cache.insert(slot.hash, slot.individual, slot.evaluation);
      result.archive.insert(slot.evaluation, slot.individual);
      batch.push_back({std::move(slot.individual), slot.evaluation});
    }
    result.evaluations += slots.size();
    return batch;
  }

  // Statistics of the archive, recomputed only when it has changed.
  struct ArchiveSummary {
    std::uint64_t version = std::numeric_limits<std::uint64_t>::max();
    double hypervolume = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> best_feasible;

    void update(const ParetoArchive<Individual>& archive, const std::vector<double>& reference) {
      if (archive.version() == version) return;
      version = archive.version();
      constexpr double nan = std::numeric_limits<double>::quiet_NaN();
      best_feasible = archive.best();
      // Two objectives: the archive tracks its hypervolume as it changes (see run()).
      hypervolume = archive.objective_count() == 2 && !reference.empty() ? archive.hypervolume() : nan;
    }
  };

  static void check(const Evaluation& evaluation, std::size_t objective_count) {
    if (evaluation.objective_count() != objective_count) {
      throw std::invalid_argument("evaluate: expected " + std::to_string(objective_count) +
                                  " objectives, got " +
                                  std::to_string(evaluation.objective_count()));
    }
    for (double value : evaluation.objectives()) {
      if (std::isnan(value)) {
        throw std::invalid_argument("evaluate: expected objectives that are not NaN, got NaN");
      }
    }
  }

  const P& problem_;
  Settings settings_;
  std::vector<Individual> initial_;
};

}  // namespace latnas::search
