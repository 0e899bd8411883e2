#include <doctest/doctest.h>

#include <filesystem>

#include <fstream>
#include <sstream>

#include "costmodel/calibration_set.hpp"
#include "costmodel/csv_table.hpp"
#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/rounding.hpp"

using namespace latnas;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("rounding: round half to even matches Python's round") {
  CHECK(round_half_even(0.5) == 0.0);
  CHECK(round_half_even(1.5) == 2.0);
  CHECK(round_half_even(2.5) == 2.0);
  CHECK(round_half_even(3.5) == 4.0);
  CHECK(round_half_even(-2.5) == -2.0);
  CHECK(round_half_even(2.4999999) == 2.0);
  CHECK(round_half_even(2.5000001) == 3.0);
  CHECK(round_half_even(7.0) == 7.0);
}

TEST_CASE("rounding: make_divisible follows timm") {
  CHECK(make_divisible(32 * 1.1) == 32);    // 35.2 -> 32 (not below 0.9 v)
  CHECK(make_divisible(16 * 1.4) == 24);    // 22.4 -> 24
  CHECK(make_divisible(24 * 1.4) == 32);    // 33.6 -> 32
  CHECK(make_divisible(3.0) == 8);          // at least the divisor
  CHECK(make_divisible(44.8) == 48);
  CHECK(make_divisible(12.0) == 16);        // 12 -> int(16)//8*8 = 16
  CHECK(make_divisible(20.0) == 24);        // halves of 8 round up: 24
  CHECK(make_divisible(11.0) == 16);        // 15//8*8 = 8 < 0.9*11 -> 16
  CHECK(make_divisible(1280 * 1.1) == 1408);
}

TEST_CASE("rounding: depth scaling hands repeats back from the last block string") {
  CHECK(scale_stage_depth({2}, 1.1) == std::vector<int>{3});
  CHECK(scale_stage_depth({1}, 3.1) == std::vector<int>{4});
  CHECK(scale_stage_depth({4}, 1.8) == std::vector<int>{8});  // ceil(7.2)
  // MobileNetV3-Large's 80-channel stage (1, 1, 2) at depth 1.2: ceil(4.8) = 5; last string
  // round(2*5/4) = round(2.5) = 2 (half to even; C's round gives 3), then round(1*3/2) = 2, then 1.
  CHECK(scale_stage_depth({1, 1, 2}, 1.2) == std::vector<int>{1, 2, 2});
  CHECK(scale_stage_depth({1, 1, 2}, 1.0) == std::vector<int>{1, 1, 2});
}

TEST_CASE("counting: the fixture copies of shared/ equal the originals") {
  // The suite reads copies (tests/fixtures/shared) so that a clone passes alone; beside the
  // project's shared/ folder, the copies must still be what it holds.
  const std::filesystem::path original = std::filesystem::path(LATNAS_SOURCE_DIR) / "../shared";
  if (!std::filesystem::exists(original / "reference/models.csv")) {
    MESSAGE("no ../shared beside the clone: the copies are not compared");
    return;
  }
  for (const char* f : {"reference/models.csv", "spec/orin-agx-50w-derate-table.txt"}) {
    CAPTURE(f);
    CHECK(read_file((original / f).string()) == read_file((std::filesystem::path(LATNAS_SHARED_DIR) / f).string()));
  }
}

TEST_CASE("counting: every reference model's MACs and parameters equal models.csv") {
  const CsvTable ref = CsvTable::parse(read_file(LATNAS_SHARED_DIR "/reference/models.csv"), "models.csv");
  REQUIRE(ref.rows() >= 13);
  const ModelZoo& zoo = ModelZoo::builtin();
  for (std::size_t r = 0; r < ref.rows(); ++r) {
    const std::string name = ref.at(r, "name");
    CAPTURE(name);
    const CountTotals t = totals(count_units(zoo.build(name)));
    CHECK(t.macs == std::stoull(ref.at(r, "macs")));
    CHECK(t.params == std::stoull(ref.at(r, "params")));
  }
}

TEST_CASE("counting: EfficientNet-B0 pieces match the worked example of arch-strings.md") {
  const auto units = count_units(ModelZoo::builtin().build("efficientnet_b0"));
  REQUIRE(units.size() == 1 + 16 + 2);
  CHECK(units.front().place.role == "stem");
  CHECK(units[0].macs == 10838016);   // 112*112*32*3*3*3
  CHECK(units[1].macs == 10035712);   // first ds block
  CHECK(units[17].macs == 20070400);  // head 7*7*1280*320
  CHECK(units[18].macs == 1280000);   // classifier
  for (std::size_t i = 1; i <= 16; ++i) CHECK(units[i].place.pattern == Pattern::mbconv);
  // 14 of 16 MBConv blocks within 10-30 M, all within 10.0-32.8 M (latency-model.md, Units).
  int inside = 0;
  for (std::size_t i = 1; i <= 16; ++i) {
    CHECK(units[i].macs >= 10000000u);
    CHECK(units[i].macs < 32850000u);  // "32.8 M", rounded
    inside += units[i].macs < 30000000u;
  }
  CHECK(inside == 14);
}

TEST_CASE("calibration: each row's arch string is its family's build, and a mismatch is refused") {
  const CalibrationSet& set = CalibrationSet::builtin();
  CHECK(set.points().size() == 81);
  CHECK(set.subset("reference").size() == 21);
  const std::string header =
      "name,family,width,depth,resolution,stem,head,arch,top1,macs_millions_published,params_millions_published,subset,source\n";
  const std::string b0_arch =
      "res=224;stem=3x3:32;head=conv:1280;classes=1000;se=in;blocks=ds_r1_k3_s1_c16_se0.25|ir_r2_k3_s2_e6_c24_se0.25|"
      "ir_r2_k5_s2_e6_c40_se0.25|ir_r3_k3_s2_e6_c80_se0.25|ir_r3_k5_s1_e6_c112_se0.25|ir_r4_k5_s2_e6_c192_se0.25|"
      "ir_r1_k3_s1_e6_c320_se0.25";
  auto rows = [&](const std::string& arch, const std::string& res) {
    std::string s = header;
    for (int i = 0; i < 3; ++i) s += "b0,efficientnet,1.0,1.0," + res + ",32,1280," + arch + ",77.1,390,5.3,reference,test\n";
    return s;
  };
  CHECK_NOTHROW(CalibrationSet(rows(b0_arch, "224"), "ok.csv", ModelZoo::builtin()));
  try {
    CalibrationSet(rows(b0_arch, "240"), "bad.csv", ModelZoo::builtin());
    FAIL("a row whose arch differs from its family build was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("bad.csv:2") != std::string::npos);
  }
}
