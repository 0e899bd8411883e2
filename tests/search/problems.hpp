#pragma once
// Problems with known fronts for the engine's tests. They live here, not in search/, because the
// engine knows no problems: each test problem brings its own variation operators.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "search/evaluation.hpp"
#include "search/problem.hpp"
#include "search/rng.hpp"

namespace latnas::search::testing {

inline std::uint64_t hash_doubles(const std::vector<double>& x) {
  std::uint64_t h = 0x12345678ULL;
  for (double v : x) h = mix64(h ^ std::bit_cast<std::uint64_t>(v));
  return h;
}

// Real vectors in [0, 1]^n with Deb's simulated binary crossover and polynomial mutation.
class RealVectorOperators {
 public:
  using Individual = std::vector<double>;

  explicit RealVectorOperators(std::size_t variables) : variables_(variables) {}

  Individual random(Rng& rng) const {
    Individual x(variables_);
    for (double& v : x) v = rng.uniform01();
    return x;
  }

  Individual crossover(const Individual& a, const Individual& b, Rng& rng) const {
    constexpr double eta = 15.0;
    Individual child = a;
    for (std::size_t i = 0; i < variables_; ++i) {
      if (!rng.bernoulli(0.5) || std::abs(a[i] - b[i]) < 1e-14) continue;
      const double lo = std::min(a[i], b[i]), hi = std::max(a[i], b[i]);
      const double u = rng.uniform01();
      const double beta = u <= 0.5 ? std::pow(2.0 * u, 1.0 / (eta + 1.0))
                                   : std::pow(1.0 / (2.0 * (1.0 - u)), 1.0 / (eta + 1.0));
      const double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
      const double value = rng.bernoulli(0.5) ? mid - beta * half : mid + beta * half;
      child[i] = std::clamp(value, 0.0, 1.0);
    }
    return child;
  }

  Individual mutate(const Individual& a, Rng& rng) const {
    constexpr double eta = 20.0;
    const double probability = 1.0 / static_cast<double>(variables_);
    Individual x = a;
    for (double& v : x) {
      if (!rng.bernoulli(probability)) continue;
      const double u = rng.uniform01();
      const double delta =
          u < 0.5 ? std::pow(2.0 * u + (1.0 - 2.0 * u) * std::pow(1.0 - v, eta + 1.0),
                             1.0 / (eta + 1.0)) -
                        1.0
                  : 1.0 - std::pow(2.0 * (1.0 - u) + 2.0 * (u - 0.5) * std::pow(v, eta + 1.0),
                                   1.0 / (eta + 1.0));
      v = std::clamp(v + delta, 0.0, 1.0);
    }
    return x;
  }

  std::uint64_t hash(const Individual& x) const { return hash_doubles(x); }
  std::size_t objective_count() const { return 2; }

 protected:
  std::size_t variables_;
};

// ZDT1 (convex front f2 = 1 - sqrt(f1)) or ZDT2 (concave front f2 = 1 - f1^2), 30 variables.
class Zdt : public RealVectorOperators {
 public:
  enum class Shape { convex, concave };
  explicit Zdt(Shape shape, std::size_t variables = 30)
      : RealVectorOperators(variables), shape_(shape) {}

  Evaluation evaluate(const Individual& x) const {
    double sum = 0.0;
    for (std::size_t i = 1; i < x.size(); ++i) sum += x[i];
    const double g = 1.0 + 9.0 * sum / static_cast<double>(x.size() - 1);
    const double ratio = x[0] / g;
    const double h = shape_ == Shape::convex ? 1.0 - std::sqrt(ratio) : 1.0 - ratio * ratio;
    return Evaluation{{x[0], g * h}};
  }

  // Exact hypervolume of the whole front against (r, r), r >= 1: the box minus the area under
  // the front for f1 in [0, 1] (beyond f1 = 1 the point (1, 0) covers everything).
  static double front_hypervolume(Shape shape, double r) {
    const double under_front = shape == Shape::convex ? 1.0 / 3.0 : 2.0 / 3.0;
    return r * r - under_front;
  }

 private:
  Shape shape_;
};

// ZDT1 whose decision variables 1.. must be >= 0.9: a random vector is feasible with
// probability 1e-9, and the optimum lies on the constraint boundary (where g = 1, the ZDT1 front).
class ConstrainedZdt : public RealVectorOperators {
 public:
  ConstrainedZdt() : RealVectorOperators(10) {}

  Evaluation evaluate(const Individual& x) const {
    double sum = 0.0, violation = 0.0;
    for (std::size_t i = 1; i < x.size(); ++i) {
      sum += x[i] - 0.9;
      violation += std::max(0.0, 0.9 - x[i]);
    }
    const double g = 1.0 + 9.0 * std::max(0.0, sum) / static_cast<double>(x.size() - 1);
    return Evaluation{{x[0], g * (1.0 - std::sqrt(x[0] / g))}, violation};
  }
};

// Six genes in 0..3 (4096 individuals), integer objectives with many ties, so the exact front
// can be enumerated. With three objectives it also has a constraint.
class Discrete {
 public:
  using Individual = std::array<std::uint8_t, 6>;
  static constexpr std::size_t genes = 6;
  static constexpr std::uint8_t levels = 4;

  explicit Discrete(std::size_t objectives) : objectives_(objectives) {}

  std::size_t objective_count() const { return objectives_; }

  Individual random(Rng& rng) const {
    Individual a{};
    for (auto& g : a) g = static_cast<std::uint8_t>(rng.below(levels));
    return a;
  }

  Individual mutate(const Individual& a, Rng& rng) const {
    Individual b = a;
    b[rng.below(genes)] = static_cast<std::uint8_t>(rng.below(levels));
    return b;
  }

  Individual crossover(const Individual& a, const Individual& b, Rng& rng) const {
    Individual c{};
    for (std::size_t i = 0; i < genes; ++i) c[i] = rng.bernoulli(0.5) ? a[i] : b[i];
    return c;
  }

  Evaluation evaluate(const Individual& a) const {
    constexpr std::array<int, genes> cost{3, 1, 4, 1, 5, 9}, value{2, 7, 1, 8, 2, 8};
    int f1 = 0, f2 = 0, f3 = 0, total = 0;
    for (std::size_t i = 0; i < genes; ++i) {
      f1 += cost[i] * a[i];
      f2 += value[i] * (levels - 1 - a[i]);
      f3 += (a[i] - 1) * (a[i] - 2) * static_cast<int>(i + 1);
      total += a[i];
    }
    f2 += (a[0] + 2 * a[1] + a[2]) % 4;
    if (objectives_ == 2) return Evaluation{{double(f1), double(f2)}};
    return Evaluation{{double(f1), double(f2), double(f3)}, std::max(0, total - 12) * 0.5};
  }

  std::uint64_t hash(const Individual& a) const {
    std::uint64_t h = 0;
    for (auto g : a) h = h * 4 + g;
    return h;  // deliberately weak: the engine must spread it itself
  }

  // Every individual, for brute force.
  static std::vector<Individual> all() {
    std::vector<Individual> out;
    for (std::uint32_t code = 0; code < 4096; ++code) {
      Individual a{};
      for (std::size_t i = 0; i < genes; ++i)
        a[i] = static_cast<std::uint8_t>((code >> (2 * i)) & 3);
      out.push_back(a);
    }
    return out;
  }

 private:
  std::size_t objectives_;
};

// Sixteen integers; counts how often each is evaluated, to check the engine's repeat count.
class Tiny {
 public:
  using Individual = int;
  static constexpr int size = 16;

  std::size_t objective_count() const { return 2; }
  Individual random(Rng& rng) const { return static_cast<int>(rng.below(size)); }
  Individual mutate(const Individual& a, Rng& rng) const {
    return rng.bernoulli(0.5) ? a : (a + 1 + static_cast<int>(rng.below(size - 1))) % size;
  }
  Individual crossover(const Individual& a, const Individual& b, Rng& rng) const {
    return rng.bernoulli(0.5) ? a : b;
  }
  Evaluation evaluate(const Individual& a) const {
    (*counts_)[static_cast<std::size_t>(a)].fetch_add(1, std::memory_order_relaxed);
    return Evaluation{{double(a % 5), double((size - a) % 7)}};
  }
  std::uint64_t hash(const Individual& a) const { return static_cast<std::uint64_t>(a); }

  // Evaluations minus distinct individuals evaluated.
  std::uint64_t repeats() const {
    std::uint64_t total = 0, distinct = 0;
    for (const auto& c : *counts_) {
      total += c.load();
      distinct += c.load() > 0 ? 1 : 0;
    }
    return total - distinct;
  }

 private:
  std::shared_ptr<std::array<std::atomic<std::uint64_t>, size>> counts_ =
      std::make_shared<std::array<std::atomic<std::uint64_t>, size>>();
};

static_assert(Problem<Zdt>);
static_assert(Problem<ConstrainedZdt>);
static_assert(Problem<Discrete>);
static_assert(Problem<Tiny>);

}  // namespace latnas::search::testing
