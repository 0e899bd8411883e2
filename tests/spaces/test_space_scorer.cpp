#include <doctest/doctest.h>

#include <random>

#include "space_test_support.hpp"
#include "spaces/space_scorer.hpp"
#include "spaces/variation.hpp"

using namespace latnas;

namespace {

void check_identical(const SearchSpace& space, const Scorer& scorer, int genomes, std::uint64_t seed) {
  const SpaceScorer fast(space, scorer);
  REQUIRE(fast.cached());
  std::mt19937_64 rng(seed);
  NetworkSpec spec;
  std::vector<UnitCount> scratch;
  int differing = 0;
  for (int i = 0; i < genomes; ++i) {
    const Genome g = sample_genome(space, rng);
    const Score a = fast.score(g, spec);
    const Score b = scorer.score(space.decode(g), scratch);
    const Score c = fast.score(g);  // without the network, from the genome's shape (calibrated proxy)
    // Bit for bit: == on doubles, no tolerance.
    auto equal = [](const Score& x, const Score& y) {
      return x.macs == y.macs && x.params == y.params && x.gpu_ms == y.gpu_ms && x.cpu_ms == y.cpu_ms &&
             x.accuracy == y.accuracy && x.accuracy_in_range == y.accuracy_in_range &&
             x.domain_distance == y.domain_distance && x.domain_excess == y.domain_excess && x.edge_units == y.edge_units;
    };
    const bool same = equal(a, b) && equal(c, b);
    if (!same) {
      ++differing;
      CAPTURE(space.format_genome(g));
      CHECK(a.macs == b.macs);
      CHECK(a.gpu_ms == b.gpu_ms);
      CHECK(a.cpu_ms == b.cpu_ms);
      CHECK(a.edge_units == b.edge_units);
      CHECK(a.accuracy == b.accuracy);
      CHECK(c.accuracy == b.accuracy);
      CHECK(c.domain_distance == b.domain_distance);
    }
  }
  CHECK(differing == 0);
}

}  // namespace

TEST_CASE("space: the per-space unit table scores bit-identically to Scorer::score") {
  for (const std::string& proxy : proxy_names())
    for (const std::string& name : builtin_space_names()) {
      CAPTURE(proxy);
      CAPTURE(name);
      check_identical(builtin_space(name), Scorer(DeviceProfile::orin_agx_50w(), make_proxy(proxy)), 10000, 17);
    }
  const Scorer scorer(DeviceProfile::orin_agx_50w(), make_proxy(proxy_names().front()));
  // Coinciding widths, per-stage choices, ds/ir/cn stages, SE base mid, after-pool head.
  const SearchSpace custom = test::space_from(
      "[space]\nname = t\nresolution = 97, 128, 255\nstem = 24\nhead = 1000\nhead_style = after-pool\nse_base = mid\n"
      "[stage.a]\ntype = ds\nstride = 1\nbase_channels = 16\nwidth = 0.75, 1.0, 1.5\ndepth = 1, 2\nkernel = 3, 5\n"
      "se = 0, 0.25\n"
      "[stage.b]\ntype = ir\nstride = 2\nchannels = 24, 40\ndepth = 1, 3\nkernel = 3, 7\nexpansion = 2.5, 6\n"
      "se = 0, 0.25\nchoices = per-stage\n"
      "[stage.c]\ntype = cn\nstride = 2\nchannels = 96, 128\ndepth = 1, 2\nkernel = 1, 3\n");
  check_identical(custom, scorer, 20000, 18);
}

TEST_CASE("space: the shape measured from a genome is the decoded network's, field for field") {
  auto check = [](const SearchSpace& space, int genomes, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    int differing = 0;
    for (int i = 0; i < genomes; ++i) {
      const Genome g = sample_genome(space, rng);
      const NetworkShape a = space.shape_of(g), b = measure_shape(space.decode(g));
      const bool same = a.depth == b.depth && a.resolution == b.resolution && a.kinds == b.kinds && a.width == b.width &&
                        a.se_share == b.se_share && a.large_kernel_share == b.large_kernel_share &&
                        a.expansion == b.expansion && a.mbconv == b.mbconv;
      if (!same) {
        ++differing;
        CAPTURE(space.format_genome(g));
        CHECK(a.kinds == b.kinds);
        CHECK(a.depth == b.depth);
        CHECK(a.width == b.width);
      }
    }
    CHECK(differing == 0);
  };
  for (const std::string& name : builtin_space_names()) check(builtin_space(name), 10000, 5);
  // Kinds that continue across stages: stride-1 stages of the previous stage's type and width
  // (b continues a's 24-channel blocks, d continues c's when the choices agree, e only when its
  // activation matches), per-stage choices, coinciding widths, cn and ds stages.
  const SearchSpace custom = test::space_from(
      "[space]\nname = t\nresolution = 96, 128\nstem = 16\nhead = 640\n"
      "[stage.a]\ntype = ir\nstride = 2\nchannels = 24, 32\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 3, 6\nse = 0, 0.25\n"
      "[stage.b]\ntype = ir\nstride = 1\nchannels = 24, 32\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 3, 6\n"
      "se = 0, 0.25\nchoices = per-stage\n"
      "[stage.c]\ntype = ds\nstride = 2\nbase_channels = 40\nwidth = 0.8, 1.0\ndepth = 1, 3\nkernel = 3, 5\n"
      "[stage.d]\ntype = ds\nstride = 1\nchannels = 32, 40\ndepth = 1, 2\nkernel = 3, 5\n"
      "[stage.e]\ntype = ds\nstride = 1\nactivation = hs\nchannels = 40\ndepth = 1, 2\nkernel = 3, 5\n"
      "[stage.f]\ntype = cn\nstride = 2\nchannels = 64\ndepth = 1, 2\nkernel = 1, 3\n");
  check(custom, 20000, 6);
}

TEST_CASE("space: without room for its table the space scorer scores the plain way") {
  const Scorer scorer(DeviceProfile::orin_agx_50w(), make_proxy("flops"));
  const SearchSpace& space = builtin_space("tiny");
  const SpaceScorer plain(space, scorer, 10);
  CHECK_FALSE(plain.cached());
  std::mt19937_64 rng(1);
  NetworkSpec spec;
  for (int i = 0; i < 100; ++i) {
    const Genome g = sample_genome(space, rng);
    CHECK(plain.score(g, spec).gpu_ms == scorer.score(space.decode(g)).gpu_ms);
  }
}
