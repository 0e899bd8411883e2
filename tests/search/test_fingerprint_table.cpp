#include <doctest/doctest.h>

#include <stdexcept>
#include <unordered_set>

#include "search/fingerprint_table.hpp"
#include "search/rng.hpp"

using namespace latnas::search;

TEST_CASE("fingerprint table: exact well below its capacity, against a hash set") {
  FingerprintTable table(std::size_t{1} << 20);
  std::unordered_set<std::uint64_t> reference;
  Rng rng(3, 0, 0);
  for (int i = 0; i < 30000; ++i) {
    // Few distinct values so repeats are common; small and sequential values test the remixing.
    const std::uint64_t fingerprint = i % 2 == 0 ? rng.below(20000) : rng();
    const bool seen = !reference.insert(fingerprint).second;
    REQUIRE(table.seen_before(fingerprint) == seen);
    REQUIRE(table.exact());
  }
  CHECK(table.exact());
  CHECK(table.slot_count() <= table.capacity());
}

TEST_CASE("fingerprint table: memory stays at its cap and counts become a lower bound") {
  FingerprintTable table(1024);
  std::unordered_set<std::uint64_t> reference;
  std::uint64_t true_repeats = 0, counted = 0;
  Rng rng(4, 0, 0);
  for (int i = 0; i < 50000; ++i) {
    const std::uint64_t fingerprint = rng.below(5000);
    true_repeats += reference.insert(fingerprint).second ? 0 : 1;
    counted += table.seen_before(fingerprint) ? 1 : 0;
  }
  CHECK(table.slot_count() == 1024);
  CHECK_FALSE(table.exact());
  CHECK(table.evictions() > 0);
  CHECK(counted <= true_repeats);
  CHECK(counted > 0);
  // The zero fingerprint is an ordinary value.
  FingerprintTable small(8);
  CHECK_FALSE(small.seen_before(0));
  CHECK(small.seen_before(0));
}

TEST_CASE("fingerprint table: capacity must be a power of two of at least one bucket") {
  CHECK_THROWS_WITH_AS(FingerprintTable(100),
                       "fingerprint table capacity: expected a power of two >= 8, got 100",
                       std::invalid_argument);
  CHECK_THROWS_AS(FingerprintTable(4), std::invalid_argument);
}
