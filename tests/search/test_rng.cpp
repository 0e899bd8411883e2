#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "search/rng.hpp"

using latnas::search::Rng;

static_assert(std::uniform_random_bit_generator<Rng>);

TEST_CASE("rng: xoshiro256** matches the reference output") {
  // Reference implementation (Blackman & Vigna) from state {1, 2, 3, 4}.
  Rng rng = Rng::from_state({1, 2, 3, 4});
  const std::array<std::uint64_t, 6> expected{11520ULL,
                                              0ULL,
                                              1509978240ULL,
                                              1215971899390074240ULL,
                                              1216172134540287360ULL,
                                              607988272756665600ULL};
  for (auto value : expected) CHECK(rng() == value);
  CHECK_THROWS_AS(Rng::from_state({0, 0, 0, 0}), std::invalid_argument);
}

TEST_CASE("rng: seeded streams, below and uniform01 give fixed values on every platform") {
  // Values from an independent Python implementation of the seeding, Lemire and 53-bit draws.
  Rng rng(42, 7, 3);
  CHECK(rng() == 0xec5be32b70d5cf7aULL);
  CHECK(rng() == 0x47cb03b600e23746ULL);
  CHECK(rng() == 0x5fbc2444d00e5dd9ULL);
  CHECK(rng() == 0x2175c1adb5c840f2ULL);
  const std::vector<std::uint64_t> below10{2, 4, 2, 0, 7, 5, 0, 6};
  for (auto value : below10) CHECK(rng.below(10) == value);
  CHECK(rng.uniform01() == 0.05715286735246472);
  CHECK(rng.uniform01() == 0.1666803651943808);
  CHECK(rng.uniform01() == 0.49532513809386725);
}

TEST_CASE("rng: streams differ by seed, generation and index and repeat exactly") {
  auto first = [](std::uint64_t s, std::uint64_t g, std::uint64_t i) { return Rng(s, g, i)(); };
  CHECK(first(1, 2, 3) == first(1, 2, 3));
  CHECK(first(1, 2, 3) != first(2, 2, 3));
  CHECK(first(1, 2, 3) != first(1, 3, 3));
  CHECK(first(1, 2, 3) != first(1, 2, 4));
  CHECK(first(0, 0, 1) != first(0, 1, 0));
}

TEST_CASE("rng: below is in range and unbiased on a small bound") {
  Rng rng(7, 0, 0);
  CHECK(rng.below(1) == 0);
  CHECK_THROWS_AS(rng.below(0), std::invalid_argument);
  const std::uint64_t huge = (std::uint64_t{1} << 63) + 1;  // rejection is likely here
  for (int i = 0; i < 1000; ++i) CHECK(rng.below(huge) < huge);

  constexpr std::size_t bins = 6, draws = 600000;
  std::array<std::size_t, bins> counts{};
  for (std::size_t i = 0; i < draws; ++i) ++counts[rng.below(bins)];
  double chi_square = 0.0;
  const double expected = static_cast<double>(draws) / bins;
  for (auto c : counts) {
    const double d = static_cast<double>(c) - expected;
    chi_square += d * d / expected;
  }
  CHECK(chi_square < 25.0);  // 5 degrees of freedom: p < 0.0002 by chance
}

TEST_CASE("rng: uniform01 lies in the unit interval with mean one half") {
  Rng rng(9, 1, 2);
  double sum = 0.0;
  constexpr int draws = 200000;
  for (int i = 0; i < draws; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    sum += u;
  }
  CHECK(sum / draws == doctest::Approx(0.5).epsilon(0.01));
}
