#pragma once
#include <array>
#include <cstdint>

namespace latnas::search {

// One deterministic random stream per (seed, generation, index): xoshiro256** seeded through
// SplitMix64. Every draw the engine makes comes from such a stream, never from a global
// generator or the clock, so a run is reproducible on any platform and with any thread count.
// Avoid std:: distributions on top of it; their output differs between standard libraries.
class Rng {
 public:
  using result_type = std::uint64_t;

  Rng(std::uint64_t seed, std::uint64_t generation, std::uint64_t index) noexcept;

  // A stream whose xoshiro256** state is given directly (known-answer tests); not all zero.
  static Rng from_state(const std::array<std::uint64_t, 4>& state);

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }

  result_type operator()() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), unbiased (Lemire's multiply-and-reject). Throws if n is 0.
  std::uint64_t below(std::uint64_t n);

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  // True with probability p (p outside [0, 1] acts as clamped).
  bool bernoulli(double p) noexcept { return uniform01() < p; }

 private:
  Rng() = default;
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }

  std::array<std::uint64_t, 4> s_{};
};

// SplitMix64's finaliser: a bijective 64-bit mixer, also used to spread weak user hashes.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace latnas::search
