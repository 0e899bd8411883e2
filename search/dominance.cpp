#include "search/dominance.hpp"

#include <stdexcept>
#include <string>

namespace latnas::search {

bool dominates(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("dominance: expected objective vectors of equal size, got " +
                                std::to_string(a.size()) + " and " + std::to_string(b.size()));
  }
  bool better_somewhere = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (b[i] < a[i]) return false;
    if (a[i] < b[i]) better_somewhere = true;
  }
  return better_somewhere;
}

bool constrained_dominates(std::span<const double> a, double violation_a, std::span<const double> b,
                           double violation_b) {
  const bool a_feasible = violation_a == 0.0;
  const bool b_feasible = violation_b == 0.0;
  if (a_feasible && b_feasible) return dominates(a, b);
  if (a_feasible != b_feasible) return a_feasible;
  return violation_a < violation_b;
}

}  // namespace latnas::search
