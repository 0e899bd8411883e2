#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "search/evaluation.hpp"
#include "search/rng.hpp"

namespace latnas::search {

// What the engine needs from a problem. All members are const and must be safe to call from
// several threads at once: offspring are made and evaluated in parallel. Randomness must come
// from the Rng passed in, so that runs are reproducible.
//   objective_count()  number of minimised objectives, 1 to max_objectives; evaluate() must
//                      return exactly that many.
//   random(rng)        a new individual, e.g. uniform over the search space.
//   mutate(a, rng)     a variation of a (the operator decides how much to change).
//   crossover(a, b, rng)  one child of a and b.
//   evaluate(a)        objectives and constraint violation (0 = feasible).
//   hash(a)            equal individuals give equal hashes; used to count repeated evaluations.
template <class P>
concept Problem = std::copyable<typename P::Individual> &&
    std::equality_comparable<typename P::Individual> &&
    requires(const P& p, const typename P::Individual& a, Rng& rng) {
  { p.objective_count() } -> std::convertible_to<std::size_t>;
  { p.random(rng) } -> std::same_as<typename P::Individual>;
  { p.mutate(a, rng) } -> std::same_as<typename P::Individual>;
  { p.crossover(a, a, rng) } -> std::same_as<typename P::Individual>;
  { p.evaluate(a) } -> std::same_as<Evaluation>;
  { p.hash(a) } -> std::convertible_to<std::uint64_t>;
};

// Optional: a problem that wants each generation's individuals before they are evaluated (to
// evaluate them in one batch, e.g. by an external program). prepare() is called serially, with
// the generation in slot order, when prepares_batches() is true; evaluate() follows in parallel.
template <class P>
concept BatchPreparing = Problem<P> && requires(const P& p, std::span<const typename P::Individual> batch) {
  { p.prepares_batches() } -> std::convertible_to<bool>;
  p.prepare(batch);
};

}  // namespace latnas::search
