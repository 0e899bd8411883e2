#include "search/settings.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "search/evaluation.hpp"

namespace latnas::search {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& expected,
                       const std::string& got) {
  throw std::invalid_argument(what + ": expected " + expected + ", got " + got);
}

std::string number(double value) {
  if (std::isnan(value)) return "nan";
  std::string text = std::to_string(value);
  // to_string prints six decimals; trailing zeros say nothing.
  while (text.size() > 1 && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

void validate(const Settings& s, std::size_t objective_count) {
  if (objective_count < 1 || objective_count > max_objectives) {
    fail("objective count", "1 to " + std::to_string(max_objectives),
         std::to_string(objective_count));
  }
  if (s.population < 4) fail("population", "at least 4", std::to_string(s.population));
  if (!(s.crossover_probability >= 0.0 && s.crossover_probability <= 1.0)) {
    fail("crossover probability", "a value in [0, 1]", number(s.crossover_probability));
  }
  if (!s.generations && !s.evaluations) {
    fail("bounds", "a generation or evaluation bound", "neither");
  }
  if (s.generations && *s.generations < 1) fail("generations", "at least 1", "0");
  if (s.evaluations && *s.evaluations < 1) fail("evaluations", "at least 1", "0");
  if (s.threads < 1 || s.threads > max_threads) {
    fail("threads", "1 to " + std::to_string(max_threads), std::to_string(s.threads));
  }
  if (!s.reference_point.empty()) {
    if (s.reference_point.size() != objective_count) {
      fail("reference point", std::to_string(objective_count) + " values",
           std::to_string(s.reference_point.size()));
    }
    for (double value : s.reference_point) {
      if (!std::isfinite(value)) fail("reference point", "finite values", number(value));
    }
  }
  if (s.repeat_table_capacity < FingerprintTable::bucket_size ||
      !std::has_single_bit(s.repeat_table_capacity)) {
    fail("repeat table capacity",
         "a power of two >= " + std::to_string(FingerprintTable::bucket_size),
         std::to_string(s.repeat_table_capacity));
  }
  if (s.evaluation_cache_capacity != 0 &&
      (s.evaluation_cache_capacity < 4 || !std::has_single_bit(s.evaluation_cache_capacity))) {
    fail("evaluation cache capacity", "0 or a power of two >= 4", std::to_string(s.evaluation_cache_capacity));
  }
  if (s.stop_after_stagnant) {
    if (*s.stop_after_stagnant < 1) fail("stop after stagnant", "at least 1 generation", "0");
    if (objective_count != 2 || s.reference_point.empty())
      fail("stop after stagnant", "two objectives and a reference point (it watches the hypervolume)",
           std::to_string(objective_count) + " objectives" + (s.reference_point.empty() ? " and no reference point" : ""));
  }
  if (!(s.stagnation_tolerance >= 0.0 && s.stagnation_tolerance < 1.0))
    fail("stagnation tolerance", "a value in [0, 1)", number(s.stagnation_tolerance));
  if (s.novelty_retries > max_novelty_retries)
    fail("novelty retries", "0 to " + std::to_string(max_novelty_retries), std::to_string(s.novelty_retries));
  if (s.log_capacity < 2) fail("log capacity", "at least 2", std::to_string(s.log_capacity));
}

}  // namespace latnas::search
