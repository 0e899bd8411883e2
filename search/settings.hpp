#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "search/fingerprint_table.hpp"

namespace latnas::search {

// Settings shared by every algorithm; checked by validate() when an algorithm is built.
struct Settings {
  std::size_t population = 100;
  double crossover_probability = 0.9;  // NSGA-II only; mutation always follows
  // Bounds; at least one is required and the run ends at the first reached. `generations`
  // counts generation 0 (the initial population). `evaluations` is hit exactly: the last
  // generation is cut short.
  std::optional<std::size_t> generations{};
  std::optional<std::uint64_t> evaluations{};
  std::uint64_t seed = 0;
  // Evaluation threads; the results do not depend on it. Capped at TBB's allowed parallelism
  // (the machine's cores unless raised with tbb::global_control).
  std::size_t threads = 1;
  // Reference point of the logged hypervolume, one value per objective. The hypervolume is
  // computed for two objectives only; otherwise, or when this is empty, it is logged as NaN.
  std::vector<double> reference_point{};
  // Slots of the table that counts repeated evaluations (8 bytes each); past it the count is a
  // lower bound (see FingerprintTable).
  std::size_t repeat_table_capacity = FingerprintTable::default_capacity;
  // Most per-generation logs kept in the result (the observer still sees every one); longer runs
  // keep every 2nd, 4th, ... generation plus the last.
  std::size_t log_capacity = std::size_t{1} << 16;
  // Entries of the cache of recent evaluations (a power of two, or 0 for none): a child equal to
  // a remembered individual takes its evaluation instead of being evaluated again. The results
  // are the same either way (evaluate() must be deterministic); only the time differs.
  std::size_t evaluation_cache_capacity = 0;  // off by default: measured slower on the default problem
  // Stop after this many generations in a row without hypervolume gain (needs two objectives and
  // a reference point). A gain is a rise of the logged hypervolume by more than
  // stagnation_tolerance times its previous best (a front that only creeps forward has stagnated).
  std::optional<std::size_t> stop_after_stagnant{};
  double stagnation_tolerance = 1e-5;
  // A child the repeat table remembers (one evaluated before) is made again, from the rest of its
  // slot's stream, up to this many times, so that the evaluation budget goes to individuals not
  // seen yet; the last try is kept either way. 0: every child is kept (plain NSGA-II).
  std::size_t novelty_retries = 0;
};

inline constexpr std::size_t max_threads = 1024;
inline constexpr std::size_t max_novelty_retries = 1000;

// Throws std::invalid_argument ("population: expected at least 4, got 2") for the first setting
// that is out of range, given the problem's number of objectives.
void validate(const Settings& settings, std::size_t objective_count);

}  // namespace latnas::search
