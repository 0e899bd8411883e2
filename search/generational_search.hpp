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
#include <memory>
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
#include "search/search_state.hpp"
#include "search/settings.hpp"

namespace latnas::search {

// How an algorithm makes a generation and keeps what it learns from it. make_child runs in
// parallel and must only read the strategy; absorb runs serially after each generation
// (including generation 0, the initial population) with the evaluated batch in slot order.
// state() and the constructor from a StrategyState let a saved run continue exactly.
template <class S, class P>
concept GenerationStrategy = Problem<P> && std::constructible_from<S, const Settings&> &&
    std::constructible_from<S, const Settings&, StrategyState<typename P::Individual>&&> &&
    requires(const S& cs, S& s, const P& p, Rng& rng, Population<typename P::Individual>&& batch) {
  { cs.make_child(p, rng) } -> std::same_as<typename P::Individual>;
  s.absorb(std::move(batch));
  { cs.state() } -> std::same_as<StrategyState<typename P::Individual>>;
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

  // Runs from generation 0. The result's `state` continues it (resume).
  Result<Individual> run(const RunControls& controls = {}) const {
    return go(SearchState<Individual>(settings_, initial_, static_cast<std::size_t>(problem_.objective_count())),
              controls);
  }

  // Continues the run `state` was taken from (Result::state) up to this search's bounds, with the
  // same result as one run of this search from generation 0: same archive, population, logs
  // (but their elapsed time) and counts. A run that has already reached the bounds (or stagnated)
  // returns at once. Throws std::invalid_argument("cannot resume: " + why_not_resumable(state)).
  Result<Individual> resume(SearchState<Individual> state, const RunControls& controls = {}) const {
    if (auto why = why_not_resumable(state)) throw std::invalid_argument("cannot resume: " + *why);
    return go(std::move(state), controls);
  }

  // Why continuing `state` would not give this search's result (empty when it would): other
  // settings than the bounds and threads, other initial individuals, bounds below what was done,
  // or a last generation cut short by the evaluation bound whose slots were not kept (pending).
  std::optional<std::string> why_not_resumable(const SearchState<Individual>& state) const {
    const Settings &a = state.settings, &b = settings_;
    auto differs = [](const char* what, const auto& was, const auto& now) -> std::optional<std::string> {
      if (was == now) return std::nullopt;
      return std::string(what) + " differs from the saved run's";
    };
    std::optional<std::string> why;
    if (state.archive.objective_count() != static_cast<std::size_t>(problem_.objective_count()))
      return "the saved run has " + std::to_string(state.archive.objective_count()) + " objectives, this problem " +
             std::to_string(problem_.objective_count());
    if ((why = differs("population", a.population, b.population)) ||
        (why = differs("crossover probability", a.crossover_probability, b.crossover_probability)) ||
        (why = differs("seed", a.seed, b.seed)) || (why = differs("reference point", a.reference_point, b.reference_point)) ||
        (why = differs("repeat table capacity", a.repeat_table_capacity, b.repeat_table_capacity)) ||
        (why = differs("log capacity", a.log_capacity, b.log_capacity)) ||
        (why = differs("evaluation cache capacity", a.evaluation_cache_capacity, b.evaluation_cache_capacity)) ||
        (why = differs("stop after stagnant", a.stop_after_stagnant, b.stop_after_stagnant)) ||
        (why = differs("stagnation tolerance", a.stagnation_tolerance, b.stagnation_tolerance)) ||
        (why = differs("novelty retries", a.novelty_retries, b.novelty_retries)) ||
        (why = differs("initial individuals", state.initial, initial_)))
      return why;
    if (b.evaluations && *b.evaluations < state.evaluations)
      return "the saved run has done " + std::to_string(state.evaluations) + " evaluations, more than the " +
             std::to_string(*b.evaluations) + " asked";
    if (b.generations && *b.generations < state.next_generation)
      return "the saved run has made " + std::to_string(state.next_generation) + " generations, more than the " +
             std::to_string(*b.generations) + " asked";
    if (!bounds_reached(state) && state.next_generation > 0 && state.last_generation_size < b.population &&
        (!state.pending || state.pending->made.size() != state.last_generation_size))
      return "the saved run's last generation was cut short at " + std::to_string(state.evaluations) +
             " evaluations (not a multiple of the population " + std::to_string(b.population) +
             ") and its slots were not kept, so a longer run would have made that generation differently";
    return std::nullopt;
  }

 private:
  struct Slot {
    Individual individual;
    Evaluation evaluation;
    std::uint64_t hash;
    bool cached;  // the evaluation came from the cache
  };

  bool bounds_reached(const SearchState<Individual>& s) const {
    return (settings_.generations && s.next_generation >= *settings_.generations) ||
           (settings_.evaluations && s.evaluations >= *settings_.evaluations);
  }
  // This search's bounds are reached, or the stagnation stop has fired.
  bool finished(const SearchState<Individual>& s) const { return bounds_reached(s) || s.stagnant; }

  Result<Individual> go(SearchState<Individual> s, const RunControls& controls) const {
    const auto start = std::chrono::steady_clock::now();
    const double elapsed_before = s.elapsed_seconds;
    Strategy strategy = s.next_generation == 0 ? Strategy(settings_) : Strategy(settings_, std::move(s.strategy));
    ArchiveSummary summary;
    std::optional<tbb::task_arena> arena;
    // More threads than TBB allows (the machine's cores unless raised by tbb::global_control)
    // would only make TBB warn; the results are the same either way.
    const std::size_t threads =
        std::min(settings_.threads,
                 tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
    if (threads > 1) arena.emplace(static_cast<int>(threads));
    std::vector<std::optional<Slot>> slots;
    s.stopped_early = false;
    // A last generation cut short by the saved run's bound is made whole first: back to the
    // strategy, logs and stagnation count from before it, keeping the slots it made.
    Population<Individual> made;
    bool finishing = false;
    if (s.pending && !bounds_reached(s)) {
      auto& p = *s.pending;
      strategy = p.strategy.population.empty() ? Strategy(settings_) : Strategy(settings_, std::move(p.strategy));
      s.book = std::move(p.book);
      s.stagnation = p.stagnation;
      s.stagnant = p.stagnant;
      s.repeats = p.repeats;
      made = std::move(p.made);
      s.pending.reset();
      --s.next_generation;
      finishing = true;
    }

    while (finishing || !finished(s)) {
      finishing = false;
      const std::size_t generation = s.next_generation;
      const std::uint64_t before = s.evaluations - made.size();
      std::size_t size = settings_.population;
      if (settings_.evaluations) {
        size = static_cast<std::size_t>(std::min<std::uint64_t>(size, *settings_.evaluations - before));
      }
      slots.assign(size - made.size(), std::nullopt);
      fill(slots, generation, made.size(), strategy, s.cache, s.seen, arena);
      // A generation cut short leaves the repeat table as it was (see Pending::repeats); made whole,
      // its first slots enter the table now, in slot order, as in a run that never stopped.
      const bool cut = size < settings_.population;
      const std::uint64_t repeats_before = s.repeats;
      RepeatCounter repeats{s, cut};
      for (const auto& member : made) repeats.count(static_cast<std::uint64_t>(problem_.hash(member.individual)));
      Population<Individual> batch = std::move(made);
      made.clear();
      for (auto& slot : take_in_order(slots, s, repeats)) batch.push_back(std::move(slot));
      if (cut)
        s.pending.emplace(
            typename SearchState<Individual>::Pending{batch, strategy.state(), s.book, s.stagnation, s.stagnant, repeats_before});
      else
        s.pending.reset();
      strategy.absorb(std::move(batch));
      s.next_generation = generation + 1;
      s.last_generation_size = size;

      summary.update(s.archive, settings_.reference_point);
      s.elapsed_seconds = elapsed_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const GenerationLog log{
          .generation = generation,
          .evaluations = s.evaluations,
          .repeats = s.repeats,
          .archive_size = s.archive.size(),
          .hypervolume = summary.hypervolume,
          .best_feasible = summary.best_feasible,
          .elapsed_seconds = s.elapsed_seconds,
      };
      if (controls.observer) controls.observer(log);
      s.book.record(log);

      // Counted after a bounded generation too, so that a continuation stops where a longer run would.
      s.stagnant = settings_.stop_after_stagnant &&
                   s.stagnation.update(summary.hypervolume, settings_.stagnation_tolerance) >= *settings_.stop_after_stagnant;
      if (finished(s)) break;
      if (controls.stop && controls.stop->load(std::memory_order_relaxed)) {
        s.stopped_early = true;
        break;
      }
    }
    const bool bounded = (settings_.generations && s.next_generation >= *settings_.generations) ||
                         (settings_.evaluations && s.evaluations >= *settings_.evaluations);
    s.settings = settings_;
    s.strategy = strategy.state();
    Result<Individual> result{s.archive};
    result.population = std::move(strategy).take_population();
    result.logs = LogBook(s.book).finish();
    result.evaluations = s.evaluations;
    result.repeats = s.repeats;
    result.repeats_exact = s.seen.exact();
    result.stopped_early = s.stopped_early;
    result.stagnated = s.stagnant && !bounded;  // a bound reached at the same generation ends the run first
    result.cached_evaluations = s.cached_evaluations;
    result.state = std::make_shared<SearchState<Individual>>(std::move(s));
    return result;
  }

  // Makes and evaluates every slot of a generation, in parallel when an arena is given. Each slot
  // uses only its own stream and reads only the strategy's current population. A problem that
  // evaluates in batches (BatchPreparing, e.g. through an external program) first sees the whole
  // generation in slot order, serially, so what it is asked does not depend on the thread count
  // (a generation finished after a resume: the slots it still needs).
  void fill(std::vector<std::optional<Slot>>& slots, std::size_t generation, std::size_t first,
            const Strategy& strategy, const EvaluationCache<Individual>& cache, const FingerprintTable& seen,
            std::optional<tbb::task_arena>& arena) const {
    // slots[i] is slot first + i of the generation (first > 0 when finishing a cut-short one).
    // Each child is hashed once, where it is made: the retries need the hash, and so does its slot.
    auto hash_of = [&](const Individual& x) { return static_cast<std::uint64_t>(problem_.hash(x)); };
    // Makes `child` (of hash `hash`) again from the slot's stream while the repeat table knows it,
    // up to the novelty retries; returns the last child's hash.
    auto retried = [&](Rng& rng, Individual& child, std::uint64_t hash) {
      for (std::size_t k = 0; k < settings_.novelty_retries && seen.contains(hash); ++k) {
        child = strategy.make_child(problem_, rng);
        hash = hash_of(child);
      }
      return hash;
    };
    // Makes slot i's child into `child` and returns its hash.
    auto child_of = [&](std::size_t i, Individual& child) {
      const std::size_t slot = first + i;
      Rng rng(settings_.seed, generation, slot);
      if (generation == 0) {
        child = slot < initial_.size() ? initial_[slot] : problem_.random(rng);
        return hash_of(child);
      }
      child = strategy.make_child(problem_, rng);
      return retried(rng, child, hash_of(child));
    };
    auto evaluate = [&](std::size_t i, Individual child, std::uint64_t hash) {
      const Evaluation* known = cache.find(hash, child);
      const Evaluation evaluation = known ? *known : problem_.evaluate(child);
      slots[i].emplace(Slot{std::move(child), evaluation, hash, known != nullptr});
    };
    // f(begin, end) over consecutive ranges of slots.
    auto each_range = [&](auto&& f) {
      if (!arena) {
        f(std::size_t{0}, slots.size());
        return;
      }
      arena->execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, slots.size()),
                          [&](const tbb::blocked_range<std::size_t>& range) { f(range.begin(), range.end()); });
      });
    };
    auto each = [&](auto&& f) {
      each_range([&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i != end; ++i) f(i);
      });
    };
    if constexpr (BatchPreparing<P>) {
      if (problem_.prepares_batches()) {
        std::vector<Individual> children(slots.size());
        std::vector<std::uint64_t> hashes(slots.size());
        each([&](std::size_t i) { hashes[i] = child_of(i, children[i]); });
        problem_.prepare(std::span<const Individual>(children));
        each([&](std::size_t i) { evaluate(i, std::move(children[i]), hashes[i]); });
        return;
      }
    }
    if (generation == 0 || settings_.novelty_retries == 0) {
      each([&](std::size_t i) {
        Individual child;
        const std::uint64_t hash = child_of(i, child);
        evaluate(i, std::move(child), hash);
      });
      return;
    }
    // With novelty retries, each child's first try is looked up in the repeat table, whose buckets
    // miss the cache: slots go in waves, every first try of a wave made and its bucket fetched
    // before any is looked up. Each slot keeps its own stream across its tries, so the children
    // are those of child_of, slot by slot.
    each_range([&](std::size_t begin, std::size_t end) {
      constexpr std::size_t wave = 16;
      std::optional<Rng> rngs[wave];
      Individual children[wave];
      std::uint64_t hashes[wave];
      for (std::size_t at = begin; at < end; at += wave) {
        const std::size_t n = std::min(wave, end - at);
        for (std::size_t k = 0; k < n; ++k) {
          rngs[k].emplace(settings_.seed, generation, first + at + k);
          children[k] = strategy.make_child(problem_, *rngs[k]);
          hashes[k] = hash_of(children[k]);
          seen.prefetch(hashes[k]);
        }
        for (std::size_t k = 0; k < n; ++k) {
          const std::uint64_t hash = retried(*rngs[k], children[k], hashes[k]);
          evaluate(at + k, std::move(children[k]), hash);
        }
      }
    });
  }

  // Counts a generation's repeats in slot order. A generation cut short (`cut`) counts them
  // without adding to the repeat table (see SearchState::Pending::repeats).
  struct RepeatCounter {
    SearchState<Individual>& s;
    bool cut;
    std::vector<std::uint64_t> cut_new{};  // fingerprints new to the table in a cut generation

    void count(std::uint64_t hash) {
      if (!cut) {
        if (s.seen.seen_before(hash)) ++s.repeats;
      } else if (s.seen.contains(hash) || std::ranges::find(cut_new, hash) != cut_new.end()) {
        ++s.repeats;
      } else {
        cut_new.push_back(hash);
      }
    }
  };

  // The serial part, in slot order: checks, repeat counting, caching and archive insertion.
  // Returns the evaluated generation.
  static Population<Individual> take_in_order(std::vector<std::optional<Slot>>& slots, SearchState<Individual>& s,
                                              RepeatCounter& repeats) {
    FingerprintTable& seen = s.seen;
    const std::size_t objective_count = s.archive.objective_count();
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
      repeats.count(slot.hash);
      if (slot.cached)
        ++s.cached_evaluations;
      else
        s.cache.insert(slot.hash, slot.individual, slot.evaluation);
      s.archive.insert(slot.evaluation, slot.individual);
      batch.push_back({std::move(slot.individual), slot.evaluation});
    }
    s.evaluations += slots.size();
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
