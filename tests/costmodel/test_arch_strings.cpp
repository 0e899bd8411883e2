#include <doctest/doctest.h>

#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"

using namespace latnas;

namespace {
std::string error_of(auto&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("parser: a timm block string reads every key") {
  const BlockSpec b = parse_block("ir_r2_k5_s2_e6_c40_se0.25_nsw", "test");
  CHECK(b.type == BlockType::ir);
  CHECK(b.repeats == 2);
  CHECK(b.kernel == 5);
  CHECK(b.stride == 2);
  CHECK(b.expansion == 6.0);
  CHECK(b.out_channels == 40);
  CHECK(b.se_ratio == 0.25);
  CHECK(b.activation == "sw");
  CHECK_FALSE(b.noskip);
  // keys in any order after the type
  CHECK(parse_block("ir_c40_se0.25_e6_s2_k5_r2_nsw", "test") == b);
  const BlockSpec f = parse_block("ir_r1_k3_s1_e2.3_c80", "test");
  CHECK(f.expansion == 2.3);
  CHECK(format_block(f) == "ir_r1_k3_s1_e2.3_c80");
  CHECK(parse_block("ds_r1_k3_s1_c16_noskip", "t").noskip);
}

TEST_CASE("parser: malformed block strings name the token and its position") {
  CHECK(error_of([] { parse_block("ir_r2_k3_x5_e6_c24", "stage 2, block 1"); }).find("token 4 'x5'") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r2_k3_x5_e6_c24", "stage 2, block 1"); }).find("stage 2, block 1") != std::string::npos);
  CHECK(error_of([] { parse_block("zz_r1_k3_s1_c16", "s"); }).find("token 1 'zz'") != std::string::npos);
  CHECK(error_of([] { parse_block("er_r1_k3_s1_e4_c24", "s"); }).find("not supported") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3.5.7_s1_e6_c24", "s"); }).find("mixed kernels") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_a1_k3_s1_e6_c24", "s"); }).find("'a'") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3_s1_e6", "s"); }).find("missing key 'c'") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3_s1_c24", "s"); }).find("missing key 'e'") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r0_k3_s1_e6_c24", "s"); }).find("repeats") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3_s1_e6_c24_c32", "s"); }).find("given twice") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3_s1_e6_cx", "s"); }).find("expected a number") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3_s1_e6_c24_se1.5", "s"); }).find("SE ratio") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1_k3_s1_e6_c24_nxx", "s"); }).find("activation") != std::string::npos);
  CHECK(error_of([] { parse_block("ds_r1_k3_s1_e6_c24", "s"); }).find("expected e1") != std::string::npos);
  CHECK(error_of([] { parse_block("ir_r1__k3_s1_e6_c24", "s"); }).find("empty key") != std::string::npos);
  CHECK(error_of([] { parse_stages("ds_r1_k3_s1_c16 | | ir_r1_k3_s2_e6_c24"); }).find("stage 2 is empty") != std::string::npos);
}

TEST_CASE("canonical: every built-in model's string parses back to the same network") {
  const ModelZoo& zoo = ModelZoo::builtin();
  for (const ScaledModel& m : zoo.models()) {
    CAPTURE(m.name);
    const NetworkSpec spec = zoo.build(m);
    const std::string s = canonical_string(spec);
    CAPTURE(s);
    CHECK(s.find(',') == std::string::npos);  // safe in a CSV field
    const NetworkSpec back = parse_canonical(s);
    CHECK(canonical_string(back) == s);
    CHECK(totals(count_units(back)).macs == totals(count_units(spec)).macs);
    CHECK(totals(count_units(back)).params == totals(count_units(spec)).params);
  }
}

TEST_CASE("canonical: one network has one string however it was written") {
  ArchOptions o;
  // B0 at width 1.0: stage partition and repeat grouping do not change the network.
  const auto a = resolve(parse_stages("ds_r1_k3_s1_e1_c16_se0.25 | ir_r2_k3_s2_e6_c24_se0.25"), o);
  const auto b = resolve(parse_stages("ds_r1_k3_s1_c16_se0.25 ir_r1_k3_s2_e6_c24_se0.25 | ir_r1_k3_s1_e6_c24_se0.25"), o);
  CHECK(canonical_string(a) == canonical_string(b));
  // noskip where no residual could exist changes nothing.
  const auto c = resolve(parse_stages("ds_r1_k3_s1_c16_se0.25_noskip | ir_r2_k3_s2_e6_c24_se0.25"), o);
  CHECK(canonical_string(a) == canonical_string(c));
  // ... but it does where a residual would exist.
  const auto d = resolve(parse_stages("ds_r1_k3_s1_c16_se0.25 | ir_r2_k3_s2_e6_c24_se0.25_noskip"), o);
  CHECK(canonical_string(a) != canonical_string(d));
  // A width multiplier is resolved away: w 1.25 of c16 is c24 written out.
  ArchOptions w;
  w.width = 1.5;
  w.stem = 32;
  ArchOptions explicit_o;
  explicit_o.stem = 48;
  CHECK(canonical_string(resolve(parse_stages("ir_r1_k3_s2_e6_c16"), w)) ==
        canonical_string(resolve(parse_stages("ir_r1_k3_s2_e6_c24"), explicit_o)));
  CHECK(canonical_string(a) ==
        "res=224;stem=3x3:32;head=conv:1280;classes=1000;se=in;blocks=ds_r1_k3_s1_c16_se0.25|ir_r2_k3_s2_e6_c24_se0.25");
}

TEST_CASE("canonical: malformed architecture strings are rejected with the problem named") {
  CHECK(error_of([] { parse_canonical("res=224;stem=3x3:32;head=conv:1280;blocks=ir_r1_k3_s1_e6_c24;foo=1"); })
            .find("unknown key 'foo'") != std::string::npos);
  CHECK(error_of([] { parse_canonical("res=224;stem=3x3:32;blocks=ir_r1_k3_s1_e6_c24"); }).find("expected the keys") !=
        std::string::npos);
  CHECK(error_of([] { parse_canonical("res=abc;stem=3x3:32;head=conv:1280;blocks=ir_r1_k3_s1_e6_c24"); })
            .find("res: expected an integer") != std::string::npos);
  CHECK(error_of([] { parse_canonical("res=224;stem=5x5:32;head=conv:1280;blocks=ir_r1_k3_s1_e6_c24"); })
            .find("stem") != std::string::npos);
  CHECK(error_of([] { parse_canonical("res=224;stem=3x3:32;head=conv:1280;blocks=ir_r1_k3_s1_e6_c24;res=3"); })
            .find("twice") != std::string::npos);
}

TEST_CASE("resolve: EfficientNet scaling rounds widths and depths as timm does") {
  const ModelZoo& zoo = ModelZoo::builtin();
  const NetworkSpec b4 = zoo.build("efficientnet_b4");
  CHECK(b4.stem_channels == 48);  // make_divisible(32 * 1.4) = 48
  int blocks = 0;
  for (const auto& st : b4.stages)
    for (const auto& b : st) blocks += b.repeats;
  CHECK(blocks == 32);  // ceil(n * 1.8) per stage: 2+4+4+6+6+8+2
  // MobileNetV2 1.4: stem 48, first block 16*1.4 -> 24.
  const NetworkSpec m = zoo.build("mobilenetv2_140");
  CHECK(m.stem_channels == 48);
  CHECK(m.stages[0][0].out_channels == 24);
}

TEST_CASE("counting: SE width follows the base (in: round(mid*se/e); mid: make_divisible(mid*se))") {
  ArchOptions o;
  o.stem = 16;
  o.head = 1280;
  // in = 16, e = 6 -> mid 96; base in: rd = round(96 * 0.25 / 6) = 4; base mid: make_divisible(24) = 24.
  const auto stages = parse_stages("ir_r1_k3_s1_e6_c16_se0.25");
  o.se_base = SeBase::in;
  const auto in_units = count_units(resolve(stages, o));
  o.se_base = SeBase::mid;
  const auto mid_units = count_units(resolve(stages, o));
  // SE convs: 96*rd + rd (bias) + rd*96 + 96 (bias); MACs 2*96*rd.
  const std::uint64_t base_params = 16 * 96 + 2 * 96 + 96 * 9 + 2 * 96 + 96 * 16 + 2 * 16;
  CHECK(in_units[1].params == base_params + 96 * 4 + 4 + 4 * 96 + 96);
  CHECK(mid_units[1].params == base_params + 96 * 24 + 24 + 24 * 96 + 96);
  CHECK(mid_units[1].macs - in_units[1].macs == 2u * 96 * (24 - 4));
}
