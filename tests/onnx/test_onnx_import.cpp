#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "costmodel/csv_table.hpp"
#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/onnx_export.hpp"
#include "costmodel/onnx_import.hpp"

namespace latnas {
namespace {

const std::string fixtures = std::string(LATNAS_SOURCE_DIR) + "/tests/fixtures/onnx/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("torchvision exports: MACs equal torchvision's, parameters too when BN is kept") {
  // torchvision.csv is written by scripts/make_onnx_fixtures.py from the torch models themselves
  const CsvTable tv = CsvTable::parse(slurp(fixtures + "torchvision.csv"), "torchvision.csv");
  REQUIRE(tv.rows() == 6);
  for (std::size_t r = 0; r < tv.rows(); ++r) {
    const std::string name = tv.at(r, "model");
    CAPTURE(name);
    const auto macs = std::stoull(tv.at(r, "macs")), params = std::stoull(tv.at(r, "params"));
    const OnnxImport bn = import_onnx(fixtures + name + ".bn.onnx");
    const OnnxImport folded = import_onnx(fixtures + name + ".folded.onnx");
    CHECK_FALSE(bn.bn_folded);
    CHECK(folded.bn_folded);
    CHECK(bn.totals.macs == macs);
    CHECK(folded.totals.macs == macs);
    CHECK(bn.totals.params == params);
    // folded: each BN's 2 per channel became its conv's bias, 1 per channel
    CHECK(folded.totals.params < params);
    CHECK(bn.units.size() == folded.units.size());
    for (std::size_t i = 0; i < bn.units.size() && i < folded.units.size(); ++i) {
      CHECK(bn.units[i].place.pattern == folded.units[i].place.pattern);
      CHECK(bn.units[i].macs == folded.units[i].macs);
    }
  }
}

TEST_CASE("torchvision MBConv exports are recognised as one mbconv unit per block") {
  // efficientnet_b0: stem, 16 blocks, head conv, classifier; mobilenet_v2: stem, 17 blocks, head, classifier
  for (const auto& [name, blocks] : {std::pair{"efficientnet_b0", 16}, std::pair{"mobilenet_v2", 17}, std::pair{"mnasnet1_0", 17},
                                     std::pair{"mobilenet_v3_large", 15}})
    for (const char* variant : {".bn.onnx", ".folded.onnx"}) {
      CAPTURE(std::string(name) + variant);
      const OnnxImport m = import_onnx(fixtures + name + variant);
      int mbconv = 0;
      for (const UnitCount& u : m.units) mbconv += u.place.pattern == Pattern::mbconv;
      CHECK(mbconv == blocks);
      CHECK(m.units.front().place.pattern == Pattern::conv_bn);
      CHECK(m.units.back().place.pattern == Pattern::matmul);
    }
}

TEST_CASE("ONNX import: malformed or unsupported files are InputErrors naming the problem") {
  CHECK_THROWS_WITH_AS(import_onnx_bytes("", "x.onnx"), doctest::Contains("x.onnx: empty file"), InputError);
  CHECK_THROWS_WITH_AS(import_onnx_bytes("not a protobuf \xff\xff\xff", "x.onnx"), doctest::Contains("x.onnx: "), InputError);
  CHECK_THROWS_WITH_AS(import_onnx("/nonexistent/m.onnx"), doctest::Contains("cannot read"), InputError);
  // an operator latnas does not read: Conv -> Softmax is fine until the Softmax
  std::string m = slurp(fixtures + "resnet18.bn.onnx");
  const auto pos = m.find("Relu");
  REQUIRE(pos != std::string::npos);
  std::string unknown = m, unsupported = m;
  unknown.replace(pos, 4, "Erfx");  // same length: the protobuf stays well-formed, the op does not exist
  CHECK_THROWS_WITH_AS(import_onnx_bytes(unknown, "r.onnx"), doctest::Contains("r.onnx: not a valid ONNX model"), InputError);
  unsupported.replace(pos, 4, "Sign");  // a real ONNX op that latnas does not read
  CHECK_THROWS_WITH_AS(import_onnx_bytes(unsupported, "r.onnx"), doctest::Contains("(Sign): unsupported operator"), InputError);

}

}  // namespace latnas

namespace latnas {

TEST_CASE("ONNX import recovers the architecture string of MBConv networks, torchvision's and latnas's own") {
  for (const auto& [file, model] : {std::pair{"efficientnet_b0", "efficientnet_b0"}, std::pair{"mobilenet_v2", "mobilenetv2_100"},
                                    std::pair{"mnasnet1_0", "mnasnet_100"}})
    for (const char* variant : {".bn.onnx", ".folded.onnx"}) {
      CAPTURE(std::string(file) + variant);
      const OnnxImport m = import_onnx(fixtures + file + variant);
      REQUIRE(m.spec);
      CHECK(canonical_string(*m.spec) == canonical_string(ModelZoo::builtin().build(model)));
    }
  // ResNets and torchvision's MobileNetV3 (two Linear layers after the pool) are costed, not written
  for (const char* file : {"resnet18.bn.onnx", "resnet50.folded.onnx", "mobilenet_v3_large.bn.onnx"}) {
    CAPTURE(file);
    CHECK_FALSE(import_onnx(fixtures + file).spec);
  }
  for (const ScaledModel& m : ModelZoo::builtin().models()) {
    const NetworkSpec spec = ModelZoo::builtin().build(m);
    if (spec.stem_kind != StemKind::conv3x3) continue;
    CAPTURE(m.name);
    const OnnxImport back = import_onnx_bytes(export_onnx(Network::build(spec), {false, 1}), m.name);
    REQUIRE(back.spec);
    // the activation keys (n<act>) are not in the graph's counts, so compare the counted network
    CHECK(totals(count_units(*back.spec)).macs == totals(count_units(spec)).macs);
    CHECK(totals(count_units(*back.spec)).params == totals(count_units(spec)).params);
  }
}

TEST_CASE("ONNX import: a zero stride is refused before libonnx's shape inference divides by it") {
  // Found by fuzz/fuzz_onnx_import: a Conv with a 0 in 'strides' passed onnx::checker and then
  // crashed with SIGFPE inside onnx::convPoolShapeInference.
  try {
    (void)import_onnx(fixtures + "fuzz_zero_stride.onnx");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(what.find("fuzz_zero_stride.onnx: node") != std::string::npos);
    CHECK(what.find("expected positive values, got 0") != std::string::npos);
  }
}

}  // namespace latnas
