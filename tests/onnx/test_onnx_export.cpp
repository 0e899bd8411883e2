#include <doctest/doctest.h>

#include <onnx/checker.h>

#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/onnx_export.hpp"
#include "costmodel/onnx_import.hpp"
#include "costmodel/scorer.hpp"
#include "search/rng.hpp"
#include "spaces/space_file.hpp"
#include "spaces/variation.hpp"
#include "tests/onnx/onnx_counter.hpp"

namespace latnas {
namespace {

onnx::ModelProto parse(const std::string& bytes) {
  onnx::ModelProto m;
  REQUIRE(m.ParseFromString(bytes));
  return m;
}

// Every built-in model and 200 networks sampled from each shipped space (seed 1).
std::vector<NetworkSpec> all_networks() {
  std::vector<NetworkSpec> nets;
  for (const ScaledModel& m : ModelZoo::builtin().models()) nets.push_back(ModelZoo::builtin().build(m));
  for (const std::string& name : builtin_space_names()) {
    const SearchSpace& space = builtin_space(name);
    search::Rng rng(1, 0, 0);
    for (int i = 0; i < 200; ++i) nets.push_back(space.decode(sample_genome(space, rng)));
  }
  return nets;
}

}  // namespace

TEST_CASE("exported ONNX passes onnx::checker and shape inference, output 1 x classes") {
  for (const ScaledModel& m : ModelZoo::builtin().models()) {
    CAPTURE(m.name);
    const Network net = Network::build(ModelZoo::builtin().build(m));
    for (bool weights : {true, false}) {
      if (weights && net.total_params() > 30'000'000) continue;  // keeps the test fast; the shapes are the same
      onnx::ModelProto model = parse(export_onnx(net, {weights, 1}));
      CHECK_NOTHROW(onnx::checker::check_model(model));
      CHECK_NOTHROW(onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                                       onnx::ShapeInferenceOptions(true, 1, false)));
      const auto& out = model.graph().output(0).type().tensor_type().shape();
      REQUIRE(out.dim_size() == 2);
      CHECK(out.dim(0).dim_value() == 1);
      CHECK(out.dim(1).dim_value() == net.spec().classes);
      CHECK(model.opset_import(0).version() == 13);
    }
  }
}

TEST_CASE("exported ONNX counted independently equals latnas's MACs and parameters (built-ins, 200 per space)") {
  int checked = 0;
  for (const NetworkSpec& spec : all_networks()) {
    CAPTURE(canonical_string(spec));
    const Network net = Network::build(spec);
    const CountTotals t = totals(count_units(spec));
    const test::OnnxCount c = test::count_onnx(parse(export_onnx(net, {false, 1})));
    CHECK(c.macs == t.macs);
    CHECK(c.params == t.params);
    ++checked;
  }
  CHECK(checked == int(ModelZoo::builtin().models().size()) + 200 * int(builtin_space_names().size()));
}

TEST_CASE("seeded weights: the same seed gives byte-identical files, another seed other weights") {
  const Network net = Network::build(ModelZoo::builtin().build("mobilenetv3_large_100"));
  const std::string a = export_onnx(net, {true, 7}), b = export_onnx(net, {true, 7}), c = export_onnx(net, {true, 8});
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a.size() == c.size());
  CHECK(a.size() > 4 * net.total_params());  // float32 data for every parameter
  CHECK(export_onnx(net, {false, 7}).size() < 100'000);
}

TEST_CASE("round trip: built-in model -> ONNX -> import gives the same units, MACs, params and latency") {
  const Scorer scorer(DeviceProfile::resolve("orin-agx-50w"), make_proxy("calibrated"));
  for (const ScaledModel& m : ModelZoo::builtin().models()) {
    CAPTURE(m.name);
    const NetworkSpec spec = ModelZoo::builtin().build(m);
    const std::vector<UnitCount> expected = count_units(spec);
    const OnnxImport imported = import_onnx_bytes(export_onnx(Network::build(spec), {false, 1}), m.name + ".onnx");
    CHECK_FALSE(imported.bn_folded);
    CHECK(imported.resolution == spec.resolution);
    CHECK(imported.classes == spec.classes);
    REQUIRE(imported.units.size() == expected.size());
    double gpu_a = 0, gpu_b = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(i);
      CHECK(imported.units[i].place.pattern == expected[i].place.pattern);
      CHECK(imported.units[i].macs == expected[i].macs);
      CHECK(imported.units[i].params == expected[i].params);
      gpu_a += scorer.unit(expected[i]).gpu_ms;
      gpu_b += scorer.unit(imported.units[i]).gpu_ms;
    }
    CHECK(gpu_a == gpu_b);
    CHECK(scorer.score(spec).gpu_ms == doctest::Approx(gpu_b).epsilon(1e-12));
  }
}

}  // namespace latnas
