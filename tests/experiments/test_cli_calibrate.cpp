// `latnas calibrate` end to end: a measurement file in, a profile and a report out (byte-identical
// on a rerun), the profile usable by cost and search; malformed input exits 2 naming file:line
// and writes nothing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "costmodel/csv_table.hpp"
#include "run_latnas.hpp"

namespace {

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("latnas-calibrate-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The built-in models "measured" at 1.3 x the table plus 0.2 ms.
std::string measurements() {
  const CliResult r = run_latnas("models --format csv");
  REQUIRE(r.status == 0);
  const latnas::CsvTable t = latnas::CsvTable::parse(r.out, "models");
  std::string csv = "arch,ms\n";
  for (std::size_t i = 0; i < t.rows(); ++i)
    csv += t.at(i, "arch") + "," + std::to_string(1.3 * t.number(i, "gpu_ms") + 0.2) + "\n";
  return csv;
}

}  // namespace

TEST_CASE("calibrate: writes a profile and a report that cost and search accept; deterministic") {
  const auto dir = scratch("ok");
  std::ofstream(dir / "m.csv") << measurements();
  const std::string cmd = "calibrate --measurements " + (dir / "m.csv").string() + " --folds 4 --name test-dev -o ";
  const CliResult r = run_latnas(cmd + (dir / "new.profile").string());
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("held out") != std::string::npos);
  for (const char* f : {"new.profile", "new.report.txt", "new.report.json", "new.report.svg"})
    CHECK(std::filesystem::exists(dir / f));
  const nlohmann::json j = nlohmann::json::parse(slurp(dir / "new.report.json"));
  CHECK(j["folds"] == 4);
  CHECK(j["models"].size() >= 4);
  CHECK(slurp(dir / "new.report.svg").find("<svg") == 0);
  // Same inputs, same bytes.
  REQUIRE(run_latnas(cmd + (dir / "again.profile").string() + " --report " + (dir / "new.report").string()).status == 0);
  CHECK(slurp(dir / "new.profile") == slurp(dir / "again.profile"));
  // The profile is a device: cost and search run with it.
  const CliResult cost = run_latnas("cost --model efficientnet_b0 --format json --device " + (dir / "new.profile").string());
  REQUIRE(cost.status == 0);
  const double ms = nlohmann::json::parse(cost.out)["totals"]["gpu_ms"].get<double>();
  CHECK(ms == doctest::Approx(1.3 * 11.6531909051 + 0.2).epsilon(0.1));
  const CliResult search = run_latnas("search --space tiny --evaluations 3000 --population 64 --latency-ms 6 --quiet --out " +
                                      (dir / "run").string() + " --device " + (dir / "new.profile").string());
  CAPTURE(search.err);
  CHECK(search.status == 0);
  CHECK(std::filesystem::exists(dir / "run/pareto.csv"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("calibrate: malformed measurement files exit 2 naming file and line, writing nothing") {
  const auto dir = scratch("bad");
  const std::string good = measurements();
  struct Case {
    std::string content, expect;
  };
  const std::vector<Case> cases = {
      {good + "efficientnet_b0,fast\n", "m.csv:" + std::to_string(lines(good) + 1) + ": ms: expected a number"},
      {"arch,ms\nefficientnet_b0,1\nnope,2\n", "m.csv:3: arch:"},
      {"onnx,ms\nnet.onnx,3\n", "m.csv:2: onnx 'net.onnx'"},
      {"arch,ms\nefficientnet_b0,1\n", "expected at least 10 measurements"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.content.substr(0, 200));
    std::ofstream(dir / "m.csv") << c.content;
    const CliResult r = run_latnas("calibrate --measurements " + (dir / "m.csv").string() + " -o " + (dir / "x.profile").string());
    CHECK(r.status == 2);
    CHECK(lines(r.err) == 1);
    CAPTURE(r.err);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "x.profile"));
    CHECK(!std::filesystem::exists(dir / "x.report.json"));
  }
  std::ofstream(dir / "m.csv") << good;
  const CliResult no_folder = run_latnas("calibrate --measurements " + (dir / "m.csv").string() + " -o " +
                                         (dir / "x.profile").string() + " --report " + (dir / "nowhere/r").string());
  CHECK(no_folder.status == 2);
  CHECK(no_folder.err.find("nowhere") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "x.profile"));
  const CliResult missing = run_latnas("calibrate --measurements " + (dir / "none.csv").string() + " -o " + (dir / "x.profile").string());
  CHECK(missing.status == 2);
  CHECK(missing.err.find("none.csv") != std::string::npos);
  std::filesystem::remove_all(dir);
}
