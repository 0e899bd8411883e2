#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "costmodel/error.hpp"
#include "costmodel/network_cost.hpp"
#include "experiments/cli/space_command.hpp"
#include "spaces/search_space.hpp"
#include "spaces/space_file.hpp"

using namespace latnas;

namespace {

std::string run(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int status = run_space_command(args, out, err);
  REQUIRE(status == 0);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells;
  std::istringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

std::string error_of(const std::vector<std::string>& args) {
  try {
    run(args);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("space: command summary prints the knobs, the exact size and exact ranges") {
  const std::string table = run({"--space", "tiny"});
  CHECK(table.find("921600 distinct networks") != std::string::npos);
  CHECK(table.find("stage.4") != std::string::npos);
  CHECK(table.find("per-stage") != std::string::npos);
  CHECK(table.find("exact: all 921600 networks scored") != std::string::npos);
  CHECK(table.find("dynamic programming") != std::string::npos);

  const auto rows = lines_of(run({"--space", "ofa-mbv3", "--format", "csv"}));
  REQUIRE(rows.size() > 10);
  CHECK(rows[0] == "key,value");
  CHECK(std::find(rows.begin(), rows.end(), "size,543966387314312146275") != rows.end());
  CHECK(std::find(rows.begin(), rows.end(), "accuracy_proxy_range,sample") != rows.end());
  CHECK(std::find(rows.begin(), rows.end(), "macs_range,exact") != rows.end());
}

TEST_CASE("space: command --sample prints scored networks, the same for the same seed") {
  const std::string a = run({"--space", "efficientnet", "--sample", "20", "--seed", "5", "--format", "csv"});
  const auto rows = lines_of(a);
  REQUIRE(rows.size() == 21);
  CHECK(rows[0] == "arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy_proxy,accuracy_proxy_in_range,edge_units,genome");
  const SearchSpace& space = builtin_space("efficientnet");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto cells = split_csv(rows[i]);
    REQUIRE(cells.size() == 10);
    const NetworkSpec n = parse_canonical(cells[0]);
    CHECK(std::to_string(n.resolution) == cells[1]);
    const CountTotals t = totals(count_units(n));
    CHECK(std::to_string(t.macs) == cells[2]);
    CHECK(std::to_string(t.params) == cells[3]);
    CHECK(space.encode(n) == space.parse_genome(cells[9]));
  }
  CHECK(run({"--space", "efficientnet", "--sample", "20", "--seed", "5", "--format", "csv"}) == a);
  CHECK(run({"--space", "efficientnet", "--sample", "20", "--seed", "6", "--format", "csv"}) != a);
  CHECK(lines_of(run({"--space", "tiny", "--sample", "3"})).size() == 4);  // table: header + 3
}

TEST_CASE("space: command --enumerate streams a whole space from a file, and refuses large spaces") {
  const auto path = std::filesystem::temp_directory_path() / "latnas_test_enumerate.space";
  {
    std::ofstream f(path);
    f << "[space]\nname = small\nresolution = 160, 224\nstem = 32\nhead = 1280\n"
         "[stage.a]\ntype = ds\nstride = 1\nchannels = 16\ndepth = 1\nkernel = 3, 5\n"
         "[stage.b]\ntype = ir\nstride = 2\nchannels = 24\ndepth = 1, 2\nkernel = 3, 5\nexpansion = 3, 6\n";
  }
  const auto rows = lines_of(run({"--space", path.string(), "--enumerate", "--format", "csv"}));
  CHECK(rows.size() == 1 + 80);
  std::set<std::string> archs;
  for (std::size_t i = 1; i < rows.size(); ++i) archs.insert(split_csv(rows[i])[0]);
  CHECK(archs.size() == 80);
  std::filesystem::remove(path);

  CHECK(error_of({"--space", "ofa-mbv3", "--enumerate"}) ==
        "--enumerate: space 'ofa-mbv3' has 543966387314312146275 (10^20.7356) networks; expected at most 10^8 "
        "(use --sample N)");
}

TEST_CASE("space: command refuses bad input") {
  CHECK(error_of({"--space", "nope"}) ==
        "unknown space 'nope': expected a built-in space (efficientnet, ofa-mbv3, tiny) or the path of a space file");
  CHECK(error_of({"--sample", "x"}) == "--sample: expected an integer from 1 to 1000000000, got 'x'");
  CHECK(error_of({"--sample", "0"}) == "--sample: expected an integer from 1 to 1000000000, got '0'");
  CHECK(error_of({"--sample", "-3"}) == "--sample: expected an integer from 1 to 1000000000, got '-3'");
  CHECK(error_of({"--seed", "1.5", "--sample", "1"}).starts_with("--seed: expected an integer"));
  CHECK(error_of({"--format", "json"}) == "--format: expected table or csv, got 'json'");
  CHECK(error_of({"--sample", "1", "--enumerate"}) == "--sample and --enumerate: expected at most one of them, got both");
  CHECK(error_of({"--bogus"}).find("bogus") != std::string::npos);
  CHECK(error_of({"--proxy", "nope", "--space", "tiny"}).find("unknown proxy 'nope'") != std::string::npos);
  std::ostringstream out, err;
  CHECK(run_space_command({"--help"}, out, err) == 0);
  CHECK(out.str().find("usage: latnas space") != std::string::npos);
}
