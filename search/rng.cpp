#include "search/rng.hpp"

#include <stdexcept>
#include <string>

namespace latnas::search {
namespace {

constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += golden_gamma;
  return mix64(state);
}

// High and low halves of the 128-bit product, written out so no compiler extension is needed.
struct Product {
  std::uint64_t high;
  std::uint64_t low;
};

Product multiply(std::uint64_t a, std::uint64_t b) noexcept {
  const std::uint64_t a_lo = a & 0xffffffffULL, a_hi = a >> 32;
  const std::uint64_t b_lo = b & 0xffffffffULL, b_hi = b >> 32;
  const std::uint64_t lo_lo = a_lo * b_lo;
  const std::uint64_t hi_lo = a_hi * b_lo;
  const std::uint64_t lo_hi = a_lo * b_hi;
  const std::uint64_t hi_hi = a_hi * b_hi;
  const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffULL) + lo_hi;
  return {hi_hi + (hi_lo >> 32) + (cross >> 32), (cross << 32) | (lo_lo & 0xffffffffULL)};
}

}  // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t generation, std::uint64_t index) noexcept {
  // Each step is a bijection of its input, so streams of one (seed, generation) never share a key.
  std::uint64_t key = seed;
  key = splitmix64(key) ^ generation;
  key = splitmix64(key) ^ index;
  key = splitmix64(key);
  for (auto& word : s_) word = splitmix64(key);
}

Rng Rng::from_state(const std::array<std::uint64_t, 4>& state) {
  if (state[0] == 0 && state[1] == 0 && state[2] == 0 && state[3] == 0) {
    throw std::invalid_argument("rng state: expected at least one non-zero word, got all zero");
  }
  Rng rng;
  rng.s_ = state;
  return rng;
}

std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("rng bound: expected at least 1, got 0");
  Product m = multiply((*this)(), n);
  if (m.low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (m.low < threshold) m = multiply((*this)(), n);
  }
  return m.high;
}

}  // namespace latnas::search
