#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>

namespace latnas::search {

// Enough for latency, accuracy proxy and two resource terms; a fixed array keeps an evaluation
// free of heap allocation (the real problem does about a million of them a second).
inline constexpr std::size_t max_objectives = 4;

namespace detail {
[[noreturn]] void throw_bad_evaluation(std::size_t objective_count, double violation);
}

// What a problem says about one individual: objectives to minimise and a constraint violation
// (0 means feasible; larger means further from feasible).
class Evaluation {
 public:
  Evaluation() = default;
  // Throws std::invalid_argument for more than max_objectives objectives, or a violation that is
  // negative or NaN.
  explicit Evaluation(std::span<const double> objectives, double violation = 0.0)
      : count_(objectives.size()), violation_(violation) {
    if (objectives.size() > max_objectives || !(violation >= 0.0)) {
      detail::throw_bad_evaluation(objectives.size(), violation);
    }
    std::copy(objectives.begin(), objectives.end(), values_.begin());
  }
  // Evaluation{{f1, f2}, violation}; note that Evaluation{f1, f2} means two objectives.
  Evaluation(std::initializer_list<double> objectives, double violation = 0.0)
      : Evaluation(std::span<const double>(objectives.begin(), objectives.size()), violation) {}

  std::span<const double> objectives() const noexcept { return {values_.data(), count_}; }
  std::size_t objective_count() const noexcept { return count_; }
  double operator[](std::size_t i) const noexcept { return values_[i]; }
  double violation() const noexcept { return violation_; }
  bool feasible() const noexcept { return violation_ == 0.0; }

  bool operator==(const Evaluation& other) const noexcept {
    return violation_ == other.violation_ && std::ranges::equal(objectives(), other.objectives());
  }

 private:
  std::array<double, max_objectives> values_{};
  std::size_t count_ = 0;
  double violation_ = 0.0;
};

}  // namespace latnas::search
