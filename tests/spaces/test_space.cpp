#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <fstream>
#include <sstream>

#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/scorer.hpp"
#include "space_test_support.hpp"
#include "spaces/enumeration.hpp"
#include "spaces/space_extremes.hpp"
#include "spaces/space_size.hpp"

using namespace latnas;
using latnas::test::brute_force;
using latnas::test::space_from;
using BigInt = boost::multiprecision::cpp_int;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint64_t size_of(const SearchSpace& s) {
  const SpaceSize size = space_size(s);
  REQUIRE(size.value.has_value());
  return *size.value;
}

std::uint64_t enumerate_count(const SearchSpace& s) {
  SpaceEnumerator all(s);
  Genome g, previous;
  std::uint64_t n = 0;
  while (all.next(g)) {
    if (n > 0) REQUIRE(previous < g);  // a fixed order: increasing genomes
    previous = g;
    ++n;
  }
  return n;
}

const char* const kHeader = "[space]\nname = t\nresolution = 160, 224\nstem = 32\nhead = 1280\n";

// Small spaces with their sizes worked out by hand.
struct HandCase {
  const char* what;
  std::string text;
  std::uint64_t size;
};

std::vector<HandCase> hand_cases() {
  return {
      {"product of per-block choices",
       std::string(kHeader) +
           "[stage.a]\ntype = ds\nstride = 1\nchannels = 16\ndepth = 1\nkernel = 3, 5\n"
           "[stage.b]\ntype = ir\nstride = 2\nchannels = 24\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 3, 6\n",
       // 2 resolutions x 2 kernels x (4 + 4^2)
       2 * 2 * (4 + 16)},
      {"per-stage choices",
       std::string(kHeader) +
           "[stage.a]\ntype = ir\nstride = 2\nchannels = 24, 32\ndepth = 1, 2, 3\nkernel = 3, 5\nexpansion = 6\n"
           "se = 0, 0.25\nchoices = per-stage\n",
       // 2 resolutions x 2 widths x 3 depths x (2 kernels x 2 SE)
       2 * 2 * 3 * 4},
      {"coinciding widths: 16 x 0.75 and 16 x 1.0 are both 16",
       std::string(kHeader) +
           "[stage.a]\ntype = ds\nstride = 1\nbase_channels = 16\nwidth = 0.75, 1.0, 1.25\ndepth = 1\nkernel = 3\n"
           "se = 0, 0.25\n"
           "[stage.b]\ntype = ir\nstride = 2\nbase_channels = 24\nwidth = 0.75, 1.0\ndepth = 1, 2\nkernel = 3\n"
           "expansion = 4, 6\n",
       // 2 resolutions x (widths {16, 24} x 2 SE) x (widths {24 (18 -> 24), 24}: one) x (2 + 2^2)
       2 * (2 * 2) * 1 * (2 + 4)},
      {"a stride-1 stage continuing its predecessor: depth splits coincide",
       std::string(kHeader) +
           "[stage.a]\ntype = ir\nstride = 2\nchannels = 16\ndepth = 1, 2, 3\nkernel = 3, 5\nexpansion = 6\n"
           "choices = per-stage\n"
           "[stage.b]\ntype = ir\nstride = 1\nchannels = 16\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 6\n"
           "choices = per-stage\n",
       // Same kernel in both stages: only the total length 2..5 shows, 4 networks per kernel (8);
       // different kernels: every (3 x 2) depth pair is distinct, for 2 ordered pairs (12).
       2 * (8 + 12)},
  };
}

}  // namespace

TEST_CASE("space: the shipped spaces are the files in data/spaces, compiled in") {
  for (const std::string& name : builtin_space_names()) {
    CAPTURE(name);
    const std::string file = read_text(LATNAS_SOURCE_DIR "/data/spaces/" + name + ".space");
    CHECK(builtin_space_text(name) == file);
    const SearchSpace& s = builtin_space(name);
    CHECK(s.name() == name);
    CHECK(s.definition().source == "<embedded>/" + name + ".space");
    CHECK(load_space_file(LATNAS_SOURCE_DIR "/data/spaces/" + name + ".space").genome_length() == s.genome_length());
  }
  CHECK(builtin_space_names() == std::vector<std::string>{"efficientnet", "ofa-mbv3", "tiny"});
  CHECK_THROWS_WITH_AS(builtin_space("nope"), doctest::Contains("known: efficientnet, ofa-mbv3, tiny"), InputError);
  CHECK_THROWS_WITH_AS(resolve_space("nope"), doctest::Contains("efficientnet, ofa-mbv3, tiny"), InputError);
}

TEST_CASE("space: sizes of small files worked out by hand") {
  for (const HandCase& c : hand_cases()) {
    CAPTURE(c.what);
    const SearchSpace s = space_from(c.text);
    CHECK(size_of(s) == c.size);
    CHECK(enumerate_count(s) == c.size);
  }
}

TEST_CASE("space: the size equals brute-force distinct canonical strings, and normal genomes match networks one to one") {
  std::vector<std::string> texts;
  for (const HandCase& c : hand_cases()) texts.push_back(c.text);
  // Chains of stride-1 stages whose widths may or may not continue the previous stage, with
  // per-block and per-stage choices, a ds stage and coinciding widths.
  texts.push_back(std::string(kHeader) +
                  "[stage.a]\ntype = ir\nstride = 2\nchannels = 24, 32\ndepth = 1, 2, 3\nkernel = 3, 5\nexpansion = 6\n"
                  "[stage.b]\ntype = ir\nstride = 1\nchannels = 32, 40\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 6\n"
                  "[stage.c]\ntype = ir\nstride = 1\nchannels = 40\ndepth = 1, 2\nkernel = 3, 5, 7\nexpansion = 6\n"
                  "choices = per-stage\n");
  texts.push_back(std::string(kHeader) +
                  "[stage.a]\ntype = ds\nstride = 1\nbase_channels = 16\nwidth = 0.75, 1.0, 1.5\ndepth = 1, 2\n"
                  "kernel = 3\nse = 0, 0.25\n"
                  "[stage.b]\ntype = ds\nstride = 1\nchannels = 16, 24\ndepth = 2, 1\nkernel = 3, 5\n"
                  "[stage.c]\ntype = ir\nstride = 1\nbase_channels = 24\nwidth = 0.8, 1.0\ndepth = 1, 3\nkernel = 3\n"
                  "expansion = 3, 6\nse = 0, 0.25\nchoices = per-stage\n");
  // Same widths but a different activation: never the same blocks.
  texts.push_back(std::string(kHeader) +
                  "[stage.a]\ntype = ir\nstride = 2\nchannels = 16\ndepth = 1, 2\nkernel = 3\nexpansion = 3, 6\n"
                  "activation = re\n"
                  "[stage.b]\ntype = ir\nstride = 1\nchannels = 16\ndepth = 1, 2\nkernel = 3\nexpansion = 3, 6\n");
  int with_duplicates = 0;
  for (const std::string& text : texts) {
    CAPTURE(text);
    const SearchSpace s = space_from(text);
    const auto bf = brute_force(s);
    CHECK(bf.normalisation_is_a_bijection);
    CHECK(bf.normal.size() == bf.networks.size());
    CHECK(size_of(s) == bf.networks.size());
    CHECK(enumerate_count(s) == bf.networks.size());
    CHECK(bf.raw >= bf.networks.size());
    with_duplicates += bf.raw > bf.networks.size();
  }
  CHECK(with_duplicates >= 5);  // most of these spaces do have duplicates to remove
}

TEST_CASE("space: tiny enumerates exactly its computed size") {
  const SearchSpace& tiny = builtin_space("tiny");
  CHECK(space_size(tiny).decimal == "921600");  // 4 x 3 x 40 x 40 x 48, see tiny.space
  SpaceEnumerator all(tiny);
  Genome g;
  std::uint64_t n = 0;
  bool all_normal = true;
  while (all.next(g)) {
    ++n;
    if (n % 997 == 0) all_normal = all_normal && tiny.is_normal(g);
  }
  CHECK(n == 921600);
  CHECK(all.produced() == n);
  CHECK(all_normal);
  CHECK_FALSE(all.next(g));
}

TEST_CASE("space: the shipped spaces' exact sizes agree with hand formulas") {
  // ofa-mbv3: 25 resolutions x (9^2 + 9^3 + 9^4)^5, each block 3 kernels x 3 expansions.
  const BigInt ofa = BigInt(25) * boost::multiprecision::pow(BigInt(81 + 729 + 6561), 5);
  const SpaceSize ofa_size = space_size(builtin_space("ofa-mbv3"));
  CHECK(ofa_size.decimal == ofa.str());
  CHECK(ofa_size.decimal == "543966387314312146275");
  CHECK_FALSE(ofa_size.value.has_value());  // beyond 64 bits
  CHECK(ofa_size.log10 == doctest::Approx(20.735572064671).epsilon(1e-12));

  // efficientnet: 18 choices per ir block (3 kernels x 3 expansions x 2 SE). Stage 1: widths
  // {16, 24} (16 x 0.75 = 12 -> 16) x 3 kernels x 2 SE; stage 2 has 2 distinct widths too
  // (24 x 0.75 = 18 -> 24). Only stages 6 and 7 can meet at one width (192 x 1.25 = 240 =
  // 320 x 0.75); then the blocks after stage 6's first are one run of 4..8 blocks in all.
  auto sum_pow = [](std::initializer_list<int> depths) {
    BigInt s = 0;
    for (int d : depths) s += boost::multiprecision::pow(BigInt(18), static_cast<unsigned>(d));
    return s;
  };
  const BigInt s6 = sum_pow({3, 4, 5, 6}), s7 = sum_pow({1, 2});
  const BigInt stages_6_7 = 8 * s6 * s7 + sum_pow({4, 5, 6, 7, 8});
  const BigInt eff = BigInt(9) * 12 * (2 * sum_pow({1, 2, 3, 4})) * (3 * sum_pow({1, 2, 3, 4})) *
                     (3 * sum_pow({2, 3, 4, 5})) * (3 * sum_pow({2, 3, 4, 5})) * stages_6_7;
  const SpaceSize eff_size = space_size(builtin_space("efficientnet"));
  CHECK(eff_size.decimal == eff.str());
  CHECK(eff_size.decimal == "31781669793489487119179598076800000000");
  CHECK(builtin_space("efficientnet").has_ambiguous_stage_splits());
  CHECK_FALSE(builtin_space("ofa-mbv3").has_ambiguous_stage_splits());
  CHECK_FALSE(builtin_space("tiny").has_ambiguous_stage_splits());
}

TEST_CASE("space: EfficientNet-B0 is a member of efficientnet and decodes to the cost model's B0") {
  const SearchSpace& space = builtin_space("efficientnet");
  const NetworkSpec b0 = ModelZoo::builtin().build("efficientnet_b0");
  const auto genome = space.encode(b0);
  REQUIRE(genome.has_value());
  CHECK(space.is_normal(*genome));
  const NetworkSpec decoded = space.decode(*genome);
  CHECK(canonical_string(decoded) == canonical_string(b0));
  const CountTotals a = totals(count_units(decoded)), b = totals(count_units(b0));
  CHECK(a.macs == 385814752);
  CHECK(a.params == 5288548);
  CHECK(a.macs == b.macs);
  CHECK(a.params == b.params);
  const Scorer scorer(DeviceProfile::orin_agx_50w(), make_proxy("flops"));
  CHECK(scorer.score(decoded).gpu_ms == scorer.score(b0).gpu_ms);
  // Resolution 224 is gene value 4 of 160..288 step 16; every width is B0's (x1.0, which is gene
  // value 1, or 0 in stages 1 and 2 where x0.75 makes the same width and normalisation picks it).
  CHECK((*genome)[0] == 4);
  for (std::size_t s = 0; s < space.stage_count(); ++s) {
    CHECK(space.stage_channels(s)[(*genome)[space.width_gene(s)]] == space.definition().stages[s].base_channels);
    CHECK((*genome)[space.width_gene(s)] == (s < 2 ? 0 : 1));
  }
}

TEST_CASE("space: networks outside a space are not members") {
  const SearchSpace& space = builtin_space("efficientnet");
  const ModelZoo& zoo = ModelZoo::builtin();
  CHECK_FALSE(space.encode(zoo.build("efficientnet_b1")).has_value());  // stage 1 has 2 blocks
  CHECK_FALSE(space.encode(zoo.build("mobilenetv2_100")).has_value());
  NetworkSpec b0 = zoo.build("efficientnet_b0");
  b0.resolution = 232;
  CHECK_FALSE(space.encode(b0).has_value());
  b0.resolution = 224;
  b0.stages[0][0].noskip = true;  // 32 -> 16 channels: noskip changes nothing, still B0
  CHECK(space.encode(b0).has_value());
  b0.stages[2][0].repeats = 1;
  b0.stages[2].push_back(parse_block("ir_r1_k5_s1_e6_c40_se0.25_noskip", "test"));  // a real noskip
  CHECK_FALSE(space.encode(b0).has_value());
}

TEST_CASE("space: ofa-mbv3 decodes to Once-for-All's MobileNetV3 structure") {
  const SearchSpace& space = builtin_space("ofa-mbv3");
  Genome g(space.genome_length());
  const NetworkSpec n = space.decode(g);
  CHECK(n.stem_channels == 16);
  CHECK(n.head_style == HeadStyle::after_pool);
  CHECK(n.head_channels == 1280);
  CHECK(n.se_base == SeBase::mid);
  REQUIRE(n.stages.size() == 7);
  CHECK(format_block(n.stages[0][0]) == "ds_r1_k3_s1_c16_nre");
  CHECK(format_block(n.stages[6][0]) == "cn_r1_k1_s1_c960");
  const int widths[] = {24, 40, 80, 112, 160};
  const int strides[] = {2, 2, 2, 1, 2};
  const bool se[] = {false, true, false, true, true};
  for (int s = 0; s < 5; ++s) {
    CAPTURE(s);
    CHECK(n.stages[s + 1][0].out_channels == widths[s]);
    CHECK(n.stages[s + 1][0].stride == strides[s]);
    CHECK(n.stages[s + 1][0].has_se() == se[s]);
    CHECK(space.definition().stages[s + 1].depths == std::vector<int>{2, 3, 4});
  }
  CHECK(space.definition().resolutions.size() == 25);
  CHECK(space.definition().resolutions.front() == 128);
  CHECK(space.definition().resolutions.back() == 224);
}

// Per-block and per-stage stages, coinciding widths (16 x 0.75 and 16 x 1.0) and an ambiguous
// split, small enough to score every network.
namespace {
SearchSpace small_mixed_space() {
  return space_from(
    "[space]\nname = t\nresolution = 96, 128, 192\nstem = 24\nhead = 640\n"
    "[stage.a]\ntype = ds\nstride = 1\nbase_channels = 16\nwidth = 0.75, 1.0, 1.5\ndepth = 1\nkernel = 3, 5\nse = 0, 0.25\n"
    "[stage.b]\ntype = ir\nstride = 2\nchannels = 24, 40\ndepth = 1, 2\nkernel = 3, 7\nexpansion = 3, 6\n"
    "[stage.c]\ntype = ir\nstride = 1\nchannels = 40, 48\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 2, 6\nse = 0, 0.5\n"
    "choices = per-stage\n"
    "[stage.d]\ntype = cn\nstride = 2\nchannels = 256, 512\ndepth = 1\nkernel = 1\n");
}
}  // namespace

TEST_CASE("space: dynamic-programming extremes equal the exhaustive minima and maxima") {
  const SearchSpace s = small_mixed_space();
  const Scorer scorer(DeviceProfile::orin_agx_50w(), make_proxy("flops"));
  const auto extremes = find_extremes(s, scorer);
  std::array<double, 4> low, high;
  low.fill(1e300);
  high.fill(-1e300);
  SpaceEnumerator all(s);
  Genome g;
  std::vector<UnitCount> scratch;
  NetworkSpec spec;
  while (all.next(g)) {
    s.decode(g, spec);
    const Score sc = scorer.score(spec, scratch);
    for (std::size_t m = 0; m < 4; ++m) {
      low[m] = std::min(low[m], metric_of(sc, additive_metrics[m]));
      high[m] = std::max(high[m], metric_of(sc, additive_metrics[m]));
    }
  }
  REQUIRE(all.produced() > 1000);
  for (std::size_t m = 0; m < 4; ++m) {
    CAPTURE(to_string(additive_metrics[m]));
    CHECK(s.is_normal(extremes[m].smallest));
    CHECK(s.is_normal(extremes[m].largest));
    CHECK(metric_of(scorer.score(s.decode(extremes[m].smallest)), additive_metrics[m]) == doctest::Approx(low[m]).epsilon(1e-12));
    CHECK(metric_of(scorer.score(s.decode(extremes[m].largest)), additive_metrics[m]) == doctest::Approx(high[m]).epsilon(1e-12));
  }
}

TEST_CASE("space: the unit table is one for the scorer and the extremes, whole or one resolution at a time") {
  const SearchSpace s = small_mixed_space();
  const Scorer scorer(DeviceProfile::orin_agx_50w(), make_proxy("flops"));
  const UnitTable whole(s, scorer);
  REQUIRE(whole.built());
  CHECK(whole.width_count(0) == 2);  // 16 x 0.75 and 16 x 1.0 coincide
  CHECK(whole.width_gene(0, 1) == 2);
  const auto from_table = find_extremes(whole);
  const auto built_here = find_extremes(s, scorer);
  std::array<MetricExtremes, 4> by_resolution;
  std::array<double, 4> low{}, high{};
  for (std::size_t r = 0; r < 3; ++r) {
    const UnitTable one(s, scorer, 1'000'000, r);
    REQUIRE(one.built());
    CHECK(one.entries() * 3 == whole.entries());
    const auto e = find_extremes(one);
    for (std::size_t m = 0; m < 4; ++m) {
      const double lo = metric_of(scorer.score(s.decode(e[m].smallest)), additive_metrics[m]);
      const double hi = metric_of(scorer.score(s.decode(e[m].largest)), additive_metrics[m]);
      if (r == 0 || lo < low[m]) low[m] = lo, by_resolution[m].smallest = e[m].smallest;
      if (r == 0 || hi > high[m]) high[m] = hi, by_resolution[m].largest = e[m].largest;
    }
  }
  for (std::size_t m = 0; m < 4; ++m) {
    CAPTURE(to_string(additive_metrics[m]));
    CHECK(from_table[m].smallest == built_here[m].smallest);
    CHECK(from_table[m].largest == built_here[m].largest);
    CHECK(metric_of(scorer.score(s.decode(from_table[m].smallest)), additive_metrics[m]) == doctest::Approx(low[m]).epsilon(1e-12));
    CHECK(metric_of(scorer.score(s.decode(from_table[m].largest)), additive_metrics[m]) == doctest::Approx(high[m]).epsilon(1e-12));
  }
  // A table over its limit is not built; the extremes are then found one resolution at a time.
  CHECK_FALSE(UnitTable(s, scorer, 10).built());
  // Block choices read and write exactly the genes the layout gives them.
  Genome g(s.genome_length());
  s.set_block_choices(g, 1, 1, BlockChoices{1, 1, 0});
  CHECK(s.block_choices(g, 1, 1) == BlockChoices{1, 1, 0});
  CHECK(g[s.block_gene(1, 1)] == 1);
  CHECK(g[s.block_gene(1, 1) + 1] == 1);
  s.set_block_choices(g, 0, 0, BlockChoices{1, 0, 1});  // ds: kernel and SE, no expansion gene
  CHECK(s.block_choices(g, 0, 0) == BlockChoices{1, 0, 1});
  CHECK(g[s.block_gene(0, 0) + 1] == 1);
  CHECK(s.resolution_of(g) == 0);
}
