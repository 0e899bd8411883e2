#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "costmodel/csv_table.hpp"
#include "run_latnas.hpp"

using latnas::CsvTable;

namespace {
int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST_CASE("cli: cost csv rows satisfy gpu_ms = macs / (efficiency * 958e9) * 1e3") {
  for (const char* model : {"efficientnet_b0", "mobilenetv3_large_100", "resnet50", "efficientnet_b7"}) {
    CAPTURE(model);
    const CliResult r = run_latnas(std::string("cost --model ") + model + " --format csv");
    REQUIRE(r.status == 0);
    const CsvTable t = CsvTable::parse(r.out, "stdout");
    CHECK(t.header() == std::vector<std::string>{"index", "name", "pattern", "macs", "params", "efficiency", "gflops",
                                                 "gpu_ms", "cpu_ms"});
    REQUIRE(t.rows() > 10);
    for (std::size_t i = 0; i < t.rows(); ++i) {
      const double macs = t.number(i, "macs"), eff = t.number(i, "efficiency"), ms = t.number(i, "gpu_ms");
      CHECK(ms == doctest::Approx(macs / (eff * 958e9) * 1e3).epsilon(1e-9));
      CHECK(t.number(i, "gflops") == doctest::Approx(eff * 958).epsilon(1e-9));
    }
  }
}

TEST_CASE("cli: cost json carries the totals of EfficientNet-B0 (arch-strings.md worked example)") {
  const CliResult r = run_latnas("cost --model efficientnet_b0 --format json");
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["macs"].get<std::uint64_t>() == 385814752u);
  CHECK(j["totals"]["params"].get<std::uint64_t>() == 5288548u);
  CHECK(j["totals"]["gpu_ms"].get<double>() == doctest::Approx(11.6532).epsilon(1e-5));
  CHECK(j["units"][0]["gpu_ms"].get<double>() == doctest::Approx(0.168853).epsilon(1e-5));
  CHECK(j["units"][1]["gpu_ms"].get<double>() == doctest::Approx(0.418484).epsilon(1e-5));
  CHECK(j["units"][1]["efficiency"].get<double>() == doctest::Approx(0.0250325).epsilon(1e-5));
  CHECK(j["totals"].contains("accuracy_proxy"));
  CHECK(j["totals"].contains("accuracy_proxy_in_range"));
}

TEST_CASE("cli: cost from block strings equals the built-in model and prints a canonical string that reads back") {
  const std::string b0 =
      "ds_r1_k3_s1_e1_c16_se0.25 | ir_r2_k3_s2_e6_c24_se0.25 | ir_r2_k5_s2_e6_c40_se0.25 | ir_r3_k3_s2_e6_c80_se0.25 | "
      "ir_r3_k5_s1_e6_c112_se0.25 | ir_r4_k5_s2_e6_c192_se0.25 | ir_r1_k3_s1_e6_c320_se0.25";
  const CliResult blocks = run_latnas("cost --blocks " + shell_quote(b0) + " --stem 32 --head 1280 --resolution 224 --format json");
  const CliResult model = run_latnas("cost --model efficientnet_b0 --format json");
  REQUIRE(blocks.status == 0);
  const auto jb = nlohmann::json::parse(blocks.out), jm = nlohmann::json::parse(model.out);
  CHECK(jb["arch"] == jm["arch"]);
  CHECK(jb["totals"] == jm["totals"]);
  const CliResult arch = run_latnas("cost --arch " + shell_quote(jm["arch"].get<std::string>()) + " --format json");
  REQUIRE(arch.status == 0);
  CHECK(nlohmann::json::parse(arch.out)["totals"] == jm["totals"]);
  // B2 from multipliers: width 1.1, depth 1.2, resolution 260, head as built 1408 (models.csv).
  const CliResult b2 = run_latnas("cost --blocks " + shell_quote(b0) +
                                  " --width 1.1 --depth 1.2 --resolution 260 --head 1408 --format json");
  REQUIRE(b2.status == 0);
  CHECK(nlohmann::json::parse(b2.out)["totals"]["macs"].get<std::uint64_t>() == 993561872u);
  CHECK(nlohmann::json::parse(b2.out)["totals"]["params"].get<std::uint64_t>() == 9109994u);
}

TEST_CASE("cli: bad input exits 2 with one line naming the problem") {
  struct Case {
    std::string args, expect;
  };
  const std::string bad_profile = (std::filesystem::temp_directory_path() / "latnas-bad.profile").string();
  {
    std::ofstream f(bad_profile);
    f << "name test\ngpu_peak 958\ncpu_peak 143.8\ngpu mbconv <10M 0.025 | 10M-30M zz\n";
  }
  const std::vector<Case> cases{
      {"cost --blocks 'ir_r1_k3_s2_e6_c24_x9'", "'x9'"},
      {"cost --blocks 'ir_r1_k3_s2_e6'", "missing key 'c'"},
      {"cost --model efficientnet_b9", "unknown model 'efficientnet_b9'"},
      {"cost --model efficientnet_b0 --device /nonexistent/device.profile", "/nonexistent/device.profile"},
      {"cost --model efficientnet_b0 --device " + bad_profile, bad_profile + ":4"},
      {"cost --model efficientnet_b0 --foo 3", "foo"},
      {"cost --model efficientnet_b0 --format xml", "--format"},
      {"cost --model efficientnet_b0 --width 1.2", "--width applies to --blocks only"},
      {"cost", "expected exactly one of --model, --blocks or --arch"},
      {"cost --arch 'res=224;stem=3x3:32;head=conv:1280;blocks=ir_r1_k3_s1_e6_c24;bogus=1'", "unknown key 'bogus'"},
      {"cost --blocks 'ir_r1_k3_s2_e6_c24' --resolution -5", "resolution"},
      {"cost --blocks 'ir_r1_k3_s2_e6_c24' --resolution abc", "resolution"},
      {"cost --model efficientnet_b0 --proxy magic", "unknown proxy 'magic'"},
      {"frobnicate", "unknown command 'frobnicate'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    const CliResult r = run_latnas(c.args);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(lines(r.err) == 1);
    CHECK(r.err.find(c.expect) != std::string::npos);
  }
  std::filesystem::remove(bad_profile);
}

TEST_CASE("cli: --help on every command and --version") {
  const CliResult v = run_latnas("--version");
  CHECK(v.status == 0);
  CHECK(v.out.rfind("latnas ", 0) == 0);
  for (const char* cmd : {"cost", "models"}) {
    CAPTURE(cmd);
    const CliResult h = run_latnas(std::string(cmd) + " --help");
    CHECK(h.status == 0);
    CHECK(h.out.find("usage: latnas " + std::string(cmd)) != std::string::npos);
  }
}

TEST_CASE("cli: models lists every built-in with its exact totals") {
  const CliResult r = run_latnas("models --format csv");
  REQUIRE(r.status == 0);
  const CsvTable t = CsvTable::parse(r.out, "stdout");
  CHECK(t.rows() == 85);  // the 15 of builtin.csv and the 70 other calibration networks
  bool b0 = false;
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (t.at(i, "model") == "efficientnet_b0") {
      b0 = true;
      CHECK(t.at(i, "macs") == "385814752");
      CHECK(t.at(i, "params") == "5288548");
    }
  CHECK(b0);
}
