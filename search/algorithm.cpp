#include "search/algorithm.hpp"

#include <stdexcept>
#include <string>

namespace latnas::search {

Algorithm parse_algorithm(std::string_view name) {
  if (name == "nsga2") return Algorithm::nsga2;
  if (name == "random") return Algorithm::random;
  throw std::invalid_argument("algorithm: expected nsga2 or random, got " + std::string(name));
}

std::string_view name_of(Algorithm algorithm) {
  return algorithm == Algorithm::random ? "random" : "nsga2";
}

}  // namespace latnas::search
