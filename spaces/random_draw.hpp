#pragma once
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

// Draws from any std::uniform_random_bit_generator the caller owns. std:: distributions are not
// used: their output differs between standard libraries, and a seed must give the same networks
// everywhere. Each helper consumes a fixed, documented number of generator outputs (except for the
// rare rejections of Lemire's method), so sequences are reproducible from the generator alone.
namespace latnas {

// Generators whose outputs are exactly 32 or 64 uniform bits (std::mt19937, std::mt19937_64,
// search::Rng, ...). Other ranges would need bit assembly that is easy to get subtly wrong.
template <class G>
concept FullWidthBitGenerator =
    std::uniform_random_bit_generator<G> && G::min() == 0 &&
    (G::max() == std::numeric_limits<std::uint32_t>::max() || G::max() == std::numeric_limits<std::uint64_t>::max());

// 32 uniform bits from one generator output (the high half of a 64-bit output).
template <FullWidthBitGenerator G>
std::uint32_t draw_bits32(G& g) {
  if constexpr (G::max() == std::numeric_limits<std::uint32_t>::max())
    return static_cast<std::uint32_t>(g());
  else
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(g()) >> 32);
}

// Uniform in [0, n), n >= 1, without bias: Lemire's multiply-and-reject ("Fast random integer
// generation in an interval", 2019).
template <FullWidthBitGenerator G>
std::uint32_t draw_below(G& g, std::uint32_t n) {
  std::uint64_t m = std::uint64_t{draw_bits32(g)} * n;
  auto low = static_cast<std::uint32_t>(m);
  if (low < n) {
    const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;  // 2^32 mod n
    while (low < threshold) {
      m = std::uint64_t{draw_bits32(g)} * n;
      low = static_cast<std::uint32_t>(m);
    }
  }
  return static_cast<std::uint32_t>(m >> 32);
}

// Uniform in [0, 1) with 53 random bits: one 64-bit output, or two 32-bit outputs.
template <FullWidthBitGenerator G>
double draw_unit(G& g) {
  std::uint64_t bits = 0;
  if constexpr (G::max() == std::numeric_limits<std::uint32_t>::max())
    bits = (std::uint64_t{static_cast<std::uint32_t>(g())} << 32) | static_cast<std::uint32_t>(g());
  else
    bits = static_cast<std::uint64_t>(g());
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// True with probability p (p <= 0: never, p >= 1: always; one draw either way).
template <FullWidthBitGenerator G>
bool draw_chance(G& g, double p) {
  return draw_unit(g) < p;
}

// How many eligible trials pass before the next success when each succeeds with probability p:
// P(gap >= k) = (1 - p)^k, from one draw, capped at `limit`. The inverse is found by repeated
// multiplication rather than a logarithm, so the result is the same on every platform.
template <FullWidthBitGenerator G>
std::uint64_t draw_gap(G& g, double p, std::uint64_t limit) {
  const double u = draw_unit(g);
  const double q = 1.0 - p;
  std::uint64_t k = 0;
  for (double t = q; u < t && k < limit; t *= q) ++k;
  return k;
}

// draw_gap for one p and limit, with the powers of (1 - p) multiplied out once instead of on every
// draw: the same products in the same order, so the same gap from the same draw (one draw, as
// draw_gap); the loop's stopping point is then found by bisection. For a rate used on every child
// of a search.
class GeometricGap {
 public:
  GeometricGap(double p, std::uint64_t limit) : p_(p) {
    const double q = 1.0 - p;
    thresholds_.reserve(static_cast<std::size_t>(limit));
    // draw_gap counts k while u < q^k (its running product); the products never increase.
    double t = q;
    for (std::uint64_t k = 0; k < limit; ++k, t *= q) thresholds_.push_back(t);
  }

  double p() const { return p_; }
  std::uint64_t limit() const { return thresholds_.size(); }

  template <FullWidthBitGenerator G>
  std::uint64_t operator()(G& g) const {
    const double u = draw_unit(g);
    return static_cast<std::uint64_t>(
        std::partition_point(thresholds_.begin(), thresholds_.end(), [u](double t) { return u < t; }) -
        thresholds_.begin());
  }

 private:
  double p_;
  std::vector<double> thresholds_;
};

}  // namespace latnas
