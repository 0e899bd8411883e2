#include <doctest/doctest.h>

#include "costmodel/model_zoo.hpp"
#include "costmodel/network.hpp"
#include "costmodel/network_cost.hpp"

using namespace latnas;

TEST_CASE("network: graph counts equal the fast path unit by unit on every built-in model") {
  const ModelZoo& zoo = ModelZoo::builtin();
  for (const ScaledModel& m : zoo.models()) {
    CAPTURE(m.name);
    const NetworkSpec spec = zoo.build(m);
    const Network net = Network::build(spec);
    const auto fast = count_units(spec);
    REQUIRE(net.units().size() == fast.size());
    const auto macs = net.unit_macs(), params = net.unit_params();
    for (std::size_t i = 0; i < fast.size(); ++i) {
      CHECK(macs[i] == fast[i].macs);
      CHECK(params[i] == fast[i].params);
      CHECK(net.units()[i].pattern == fast[i].place.pattern);
      CHECK(unit_name(net.units()[i]) == unit_name(fast[i].place));
    }
  }
}

TEST_CASE("network: shape inference from the input resolution") {
  const Network net = Network::build(ModelZoo::builtin().build("efficientnet_b0"));
  const OpGraph& g = net.graph();
  int inputs = 0, adds = 0, scales = 0;
  Shape last_conv;
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    const Op& op = g[*v];
    inputs += op.kind == OpKind::input;
    adds += op.kind == OpKind::add;
    scales += op.kind == OpKind::scale;
    if (op.kind == OpKind::input) CHECK(op.output == Shape{3, 224, 224});
    if (op.kind == OpKind::linear) CHECK(op.output == Shape{1000, 1, 1});
    // Every edge carries its producer's output shape.
    for (auto [e, eend] = boost::out_edges(*v, g); e != eend; ++e) CHECK(g[*e].shape == op.output);
  }
  CHECK(inputs == 1);
  CHECK(scales == 16);  // one SE gate per block
  CHECK(adds == 9);     // B0: repeats after the first of each stage (1+1+2+2+3+0) ... plus none in stage 1/7
  // The head conv sees the 7x7 map of a 224 input (stride 32).
  bool found_head = false;
  for (auto [v, end] = boost::vertices(g); v != end; ++v)
    if (g[*v].kind == OpKind::conv && g[*v].out_channels == 1280) {
      CHECK(g[*v].output == Shape{1280, 7, 7});
      found_head = true;
    }
  CHECK(found_head);
}

TEST_CASE("network: every op belongs to a unit and units tile the network in order") {
  const Network net = Network::build(ModelZoo::builtin().build("resnet50"));
  const auto& units = net.units();
  // ResNet-50: stem, 16 blocks x 3 convs, 4 downsample shortcuts, classifier.
  CHECK(units.size() == 1 + 16 * 3 + 4 + 1);
  for (const auto& u : units) CHECK((u.pattern == Pattern::conv_bn || u.pattern == Pattern::matmul));
  CHECK(unit_name(units[4]) == "s1.b1.downsample/bneck_s1_c256");
  CHECK(net.total_macs() == 4089184256u);
  CHECK(net.total_params() == 25557032u);
}

TEST_CASE("network: resolution changes the counts only through the spatial sizes") {
  NetworkSpec spec = ModelZoo::builtin().build("mobilenetv2_100");
  const auto params224 = totals(count_units(spec)).params;
  spec.resolution = 160;
  const Network net = Network::build(spec);
  CHECK(net.total_params() == params224);
  CHECK(net.total_macs() == totals(count_units(spec)).macs);
  CHECK(net.total_macs() < 300774272u);
}
