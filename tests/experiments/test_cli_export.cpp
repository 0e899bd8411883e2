#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "run_latnas.hpp"

TEST_CASE("cli: cost --onnx reads a torchvision export; a bad ONNX file exits 2 with one line") {
  const std::string fixtures = std::string(LATNAS_SOURCE_DIR) + "/tests/fixtures/onnx/";
  const CliResult ok = run_latnas("cost --onnx " + shell_quote(fixtures + "efficientnet_b0.bn.onnx") + " --format json");
  REQUIRE(ok.status == 0);
  const auto j = nlohmann::json::parse(ok.out);
  CHECK(j["totals"]["macs"] == 385814752);
  CHECK(j["totals"]["params"] == 5288548);
  const auto bad = std::filesystem::temp_directory_path() / "latnas-bad.onnx";
  { std::ofstream(bad) << "this is not a protobuf\n"; }
  for (const std::string& args : {"cost --onnx " + shell_quote(bad.string()), "proxy --onnx " + shell_quote(bad.string()),
                                  "export --onnx " + shell_quote(bad.string()) + " -o /tmp/latnas-never.onnx",
                                  std::string("cost --onnx /nonexistent.onnx")}) {
    CAPTURE(args);
    const CliResult r = run_latnas(args);
    CHECK(r.status == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find(".onnx") != std::string::npos);
  }
  std::filesystem::remove(bad);
  CHECK_FALSE(std::filesystem::exists("/tmp/latnas-never.onnx"));
}

TEST_CASE("cli: export writes ONNX, PyTorch and OFA files; --front exports the listed rows") {
  const auto dir = std::filesystem::temp_directory_path() / ("latnas-export-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const CliResult a = run_latnas("export --model mobilenetv2_100 --format onnx --no-weights -o " + shell_quote((dir / "m.onnx").string()));
  CHECK(a.status == 0);
  CHECK(std::filesystem::file_size(dir / "m.onnx") < 100'000);
  const CliResult back = run_latnas("cost --onnx " + shell_quote((dir / "m.onnx").string()) + " --format json");
  REQUIRE(back.status == 0);
  CHECK(nlohmann::json::parse(back.out)["totals"]["macs"] == 300774272);
  CHECK(run_latnas("export --model efficientnet_b0 --format pytorch -o " + shell_quote((dir / "b0.py").string())).status == 0);
  CHECK(slurp(dir / "b0.py").find("PARAMS = 5288548") != std::string::npos);
  const CliResult ofa = run_latnas("export --model mobilenetv3_large_100 --format ofa -o " + shell_quote((dir / "x.json").string()));
  CHECK(ofa.status == 2);  // torchvision's MobileNetV3 is not a member of Once-for-All's space
  {
    std::ofstream front(dir / "pareto.csv");
    front << "arch,gpu_ms\n";
    const CliResult s = run_latnas("space --space ofa-mbv3 --sample 3 --seed 1 --format csv");
    REQUIRE(s.status == 0);
    std::istringstream lines(s.out);
    std::string line, header;
    std::getline(lines, header);
    const auto col = std::count(header.begin(), header.begin() + long(header.find("arch")), ',');
    while (std::getline(lines, line)) {
      std::stringstream fields(line);
      std::string f;
      for (long i = 0; i <= col; ++i) std::getline(fields, f, ',');
      front << f << ",1\n";
    }
  }
  const CliResult rows = run_latnas("export --front " + shell_quote((dir / "pareto.csv").string()) + " --rows 1,3 --format ofa -o " +
                                    shell_quote((dir / "ofa").string()));
  CHECK(rows.status == 0);
  CHECK(std::filesystem::exists(dir / "ofa" / "row1.json"));
  CHECK_FALSE(std::filesystem::exists(dir / "ofa" / "row2.json"));
  CHECK(slurp(dir / "ofa" / "row3.json").find("\"ks\": [") != std::string::npos);
  CHECK(run_latnas("export --front " + shell_quote((dir / "pareto.csv").string()) + " --rows 4 -o " + shell_quote((dir / "x").string())).status == 2);
  std::filesystem::remove_all(dir);
}
