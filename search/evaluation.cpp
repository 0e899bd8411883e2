#include "search/evaluation.hpp"

#include <stdexcept>
#include <string>

namespace latnas::search::detail {

void throw_bad_evaluation(std::size_t objective_count, double violation) {
  if (objective_count > max_objectives) {
    throw std::invalid_argument("evaluation: expected at most " + std::to_string(max_objectives) +
                                " objectives, got " + std::to_string(objective_count));
  }
  throw std::invalid_argument("evaluation: expected a constraint violation >= 0, got " +
                              std::to_string(violation));
}

}  // namespace latnas::search::detail
