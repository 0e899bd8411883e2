#include <doctest/doctest.h>

#include <random>
#include <unordered_set>

#include "costmodel/network_cost.hpp"
#include "space_test_support.hpp"
#include "spaces/variation.hpp"

using namespace latnas;

TEST_CASE("genome: every sampled genome decodes to a valid network whose canonical string reads back to it") {
  for (const std::string& name : builtin_space_names()) {
    CAPTURE(name);
    const SearchSpace& space = builtin_space(name);
    std::mt19937_64 rng(20240601);
    NetworkSpec reused;
    for (int i = 0; i < 1500; ++i) {
      const Genome g = sample_genome(space, rng);
      REQUIRE(space.is_valid(g));
      const NetworkSpec n = space.decode(g);
      CHECK_NOTHROW(validate(n));
      space.decode(g, reused);  // reusing storage gives the same network
      CHECK(reused == n);
      const std::string arch = canonical_string(n);
      const NetworkSpec parsed = parse_canonical(arch);
      CHECK(canonical_string(parsed) == arch);
      const CountTotals a = totals(count_units(parsed)), b = totals(count_units(n));
      CHECK(a.macs == b.macs);
      CHECK(a.params == b.params);
      const auto back = space.encode(parsed);
      REQUIRE(back.has_value());
      CHECK(*back == g);
      CHECK(space.parse_genome(space.format_genome(g)) == g);
      CHECK(Genome::parse(g.to_string()) == g);
    }
  }
}

TEST_CASE("genome: equality, hashing and the compact string") {
  const Genome a(std::vector<Genome::Gene>{0, 1, 35, 36, 61, 62, 1000});
  CHECK(a.to_string() == "01zAZ(62)(1000)");
  CHECK(Genome::parse("01zAZ(62)(1000)") == a);
  CHECK(Genome::parse("0-1 z-A-Z-(62)(1000)") == a);
  CHECK_THROWS_WITH_AS(Genome::parse("01#"), doctest::Contains("character 3 '#'"), InputError);
  CHECK_THROWS_WITH_AS(Genome::parse("0(70000)"), doctest::Contains("(N) with N from 0 to 65535"), InputError);
  CHECK_THROWS_AS(Genome::parse(""), InputError);
  Genome b = a;
  CHECK(b == a);
  CHECK(b.hash() == a.hash());
  CHECK(std::hash<Genome>{}(b) == a.hash());
  b[2] = 34;
  CHECK(b != a);
  CHECK(b < a);

  // Distinct genomes hash apart: no collisions among 20000 sampled efficientnet genomes.
  const SearchSpace& space = builtin_space("efficientnet");
  std::mt19937 rng(7);
  std::unordered_set<Genome> genomes;
  std::unordered_set<std::size_t> hashes;
  for (int i = 0; i < 20000; ++i) {
    const Genome g = sample_genome(space, rng);
    genomes.insert(g);
    hashes.insert(g.hash());
  }
  CHECK(hashes.size() == genomes.size());
}

TEST_CASE("genome: genomes of the same network normalise to the same genome") {
  const SearchSpace& space = builtin_space("efficientnet");
  std::mt19937_64 rng(11);
  const Genome base = sample_genome(space, rng);

  SUBCASE("coinciding widths take the lowest gene value") {
    Genome a = base, b = base;
    a[space.width_gene(0)] = 0;  // 16 x 0.75 -> 16
    b[space.width_gene(0)] = 1;  // 16 x 1.0 = 16
    CHECK(canonical_string(space.decode(a)) == canonical_string(space.decode(b)));
    CHECK(space.normalised(a) == space.normalised(b));
    CHECK(space.normalised(b)[space.width_gene(0)] == 0);
  }
  SUBCASE("the choices of blocks beyond the depth are set to 0") {
    Genome a = base;
    a[space.depth_gene(1)] = 0;  // stage 2 at depth 1: blocks 2-4 unused
    Genome b = a;
    for (int slot = 1; slot < 4; ++slot) b[space.block_gene(1, slot)] = 2;  // kernel 7
    CHECK(canonical_string(space.decode(a)) == canonical_string(space.decode(b)));
    CHECK(space.normalised(a) == space.normalised(b));
    CHECK_FALSE(space.is_normal(b));
    CHECK(space.normalised(b)[space.block_gene(1, 1)] == 0);
  }
  SUBCASE("a depth split between stages 6 and 7 at 240 channels is read with stage 6 longest") {
    Genome a = base;
    a[space.width_gene(5)] = 2;  // 192 x 1.25 = 240
    a[space.width_gene(6)] = 0;  // 320 x 0.75 = 240
    for (std::size_t i = space.block_gene(5, 0); i < space.stage_end(6); ++i)
      if (space.genes()[i].slot >= 0) a[i] = 0;  // every block k3 e3 no SE
    Genome b = a;
    a[space.depth_gene(5)] = 0;  // 3 + 2 blocks
    a[space.depth_gene(6)] = 1;
    b[space.depth_gene(5)] = 1;  // 4 + 1 blocks
    b[space.depth_gene(6)] = 0;
    CHECK(canonical_string(space.decode(a)) == canonical_string(space.decode(b)));
    CHECK(space.normalised(a) == space.normalised(b));
    CHECK(space.is_normal(b));
    CHECK_FALSE(space.is_normal(a));
    // Different blocks in stage 7 make a different network that stays apart.
    Genome c = a;
    c[space.block_gene(6, 1)] = 2;
    CHECK(space.normalised(c) != space.normalised(b));
  }
}

TEST_CASE("genome: invalid genomes are refused with the gene named") {
  const SearchSpace& space = builtin_space("tiny");
  const std::string expected = "expected " + std::to_string(space.genome_length()) + " genes";
  CHECK_THROWS_WITH_AS(space.parse_genome("0"), doctest::Contains(expected.c_str()), InputError);
  Genome g(space.genome_length());
  g[0] = 4;  // 4 resolutions
  CHECK_FALSE(space.is_valid(g));
  CHECK_THROWS_WITH_AS(space.check(g), doctest::Contains("gene 1 (resolution): expected 0 to 3, got 4"), InputError);
  g[0] = 0;
  g[space.depth_gene(1)] = 2;
  CHECK_THROWS_WITH_AS(space.check(g), doctest::Contains("(depth of stage.2): expected 0 to 1, got 2"), InputError);
}

TEST_CASE("genome: layout of the shipped spaces") {
  const SearchSpace& eff = builtin_space("efficientnet");
  // resolution; ds stage: width, depth, 1 block x (kernel, SE); 6 ir stages: width, depth, and
  // (kernel, expansion, SE) for each of 4, 4, 5, 5, 6, 2 blocks.
  CHECK(eff.genome_length() == 1 + 4 + 6 * 2 + 3 * (4 + 4 + 5 + 5 + 6 + 2));
  const SearchSpace& tiny = builtin_space("tiny");
  // ds: width, depth, (kernel, SE); two ir stages: width, depth, 2 x (kernel, expansion, SE); per-stage ir: 2 + 3.
  CHECK(tiny.genome_length() == 1 + 4 + 2 * (2 + 2 * 3) + (2 + 3));
  CHECK(tiny.genes()[tiny.block_gene(3, 0)].slot == -1);  // per-stage choices
  CHECK(tiny.genes()[tiny.block_gene(1, 1)].slot == 1);
  CHECK(tiny.genes()[tiny.block_gene(1, 1) + 1].kind == GeneKind::expansion);
}
