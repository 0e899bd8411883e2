#include <doctest/doctest.h>

#include "costmodel/model_zoo.hpp"
#include "costmodel/scorer.hpp"

using namespace latnas;

namespace {
Scorer orin() { return Scorer(DeviceProfile::orin_agx_50w(), make_proxy("flops")); }

// One ir block to 320 channels at 7x7 (res 224 / 32 after 5 stride-2 steps), then a conv head.
NetworkSpec with_head(int head, int classes) {
  return parse_canonical("res=224;stem=3x3:32;head=conv:" + std::to_string(head) + ";classes=" + std::to_string(classes) +
                         ";blocks=ir_r1_k3_s2_e6_c40|ir_r1_k3_s2_e6_c80|ir_r1_k3_s2_e6_c160|ir_r1_k3_s2_e6_c320");
}
}  // namespace

TEST_CASE("scorer: edge_units counts units within 5 % above a rising band edge") {
  const Scorer s = orin();
  std::vector<UnitScore> units;
  // Head conv: 7*7*320*head MACs. head 12756 -> 200,014,080 MACs, just past conv_bn's jump at
  // 200 M (0.54 -> 0.73); head 12755 -> 199,998,400, below it. 1000 classes on a 1000-wide head
  // put the classifier exactly on matmul's jump at 1 M (0.01 -> 0.02).
  const Score on = s.score_units(with_head(12756, 1001), units);
  CHECK(units[units.size() - 2].count.macs == 200014080u);
  CHECK(units[units.size() - 2].on_edge);
  CHECK_FALSE(units.back().on_edge);
  CHECK(on.edge_units == 1);
  CHECK(s.score(with_head(12755, 1001)).edge_units == 0);
  const Score both = s.score_units(with_head(1000, 1000), units);
  CHECK(units.back().count.macs == 1000000u);
  CHECK(units.back().on_edge);
  CHECK(both.edge_units == 1);
  // 5 % above the edge no longer counts: 1,050,000 MACs (1050 classes on a 1000-wide head).
  CHECK(s.score(with_head(1000, 1050)).edge_units == 0);
  CHECK(s.score(with_head(1000, 1049)).edge_units == 1);
}

TEST_CASE("scorer: totals are the sums of the units and match the worked example") {
  const Scorer s = orin();
  std::vector<UnitScore> units;
  const Score b0 = s.score_units(ModelZoo::builtin().build("efficientnet_b0"), units);
  double gpu = 0, cpu = 0;
  std::uint64_t macs = 0, params = 0;
  for (const auto& u : units) gpu += u.gpu_ms, cpu += u.cpu_ms, macs += u.count.macs, params += u.count.params;
  CHECK(b0.gpu_ms == gpu);
  CHECK(b0.cpu_ms == cpu);
  CHECK(b0.macs == macs);
  CHECK(b0.params == params);
  CHECK(b0.gpu_ms == doctest::Approx(11.6532).epsilon(1e-5));
  CHECK(b0.edge_units == 0);
}
