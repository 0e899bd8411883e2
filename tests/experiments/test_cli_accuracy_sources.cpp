#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "costmodel/csv_table.hpp"
#include "run_latnas.hpp"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("latnas-accuracy-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

int resolution_of(const std::string& arch) { return std::stoi(arch.substr(4, arch.find(';') - 4)); }

}  // namespace

TEST_CASE("search: the trust region keeps every front network inside the proxy domain and off lifts it") {
  const fs::path dir = fresh_dir("trust");
  const std::string common = "search --space efficientnet --latency-ms 8 --evaluations 40000 --seed 2 --quiet ";
  REQUIRE(run_latnas(common + "--out " + (dir / "on").string()).status == 0);
  REQUIRE(run_latnas(common + "--trust-region off --out " + (dir / "off").string()).status == 0);
  const latnas::CsvTable on = latnas::CsvTable::parse(slurp(dir / "on" / "pareto.csv"), "on/pareto.csv");
  const latnas::CsvTable off = latnas::CsvTable::parse(slurp(dir / "off" / "pareto.csv"), "off/pareto.csv");
  REQUIRE(on.rows() > 0);
  for (std::size_t i = 0; i < on.rows(); ++i) {
    CHECK(on.at(i, "accuracy_proxy_in_range") == "true");
    CHECK(on.at(i, "accuracy_source") == "proxy");
    CHECK(on.number(i, "accuracy") == on.number(i, "accuracy_proxy"));
    CHECK(on.number(i, "second_proxy") > 0.0);  // the flops proxy's prediction beside it
  }
  std::size_t outside = 0;
  for (std::size_t i = 0; i < off.rows(); ++i) outside += off.at(i, "accuracy_proxy_in_range") == "false";
  CHECK(outside > 0);  // unconstrained, the search leaves the domain, and the rows say so
  CHECK(nlohmann::json::parse(slurp(dir / "off" / "run.json"))["proxy"]["trust_region"] == false);
  CHECK(run_latnas(common + "--trust-region maybe --out " + (dir / "bad").string()).status == 2);
  fs::remove_all(dir);
}

TEST_CASE("search: --accuracy-command answers every network, in batches, the same on any thread count") {
  const fs::path dir = fresh_dir("command");
  // A known function of the network: 50 + resolution / 10, one answer per line as each arrives
  // (POSIX sh: each echo is its own write, so nothing waits in a buffer).
  const fs::path script = dir / "accuracy.sh";
  std::ofstream(script) << "#!/bin/sh\nwhile IFS= read -r line; do r=${line#res=}; r=${r%%;*}; t=$((500 + r));"
                           " echo \"$((t / 10)).$((t % 10))\"; done\n";
  const std::string common = "search --space tiny --latency-ms 3 --evaluations 3000 --population 64 --seed 4 --quiet "
                             "--accuracy-command " + shell_quote("sh " + script.string()) + " ";
  const CliResult r1 = run_latnas(common + "--threads 1 --out " + (dir / "t1").string());
  const CliResult r2 = run_latnas(common + "--threads 2 --out " + (dir / "t2").string());
  REQUIRE(r1.status == 0);
  REQUIRE(r2.status == 0);
  const std::string p1 = slurp(dir / "t1" / "pareto.csv");
  CHECK(p1 == slurp(dir / "t2" / "pareto.csv"));
  const latnas::CsvTable t = latnas::CsvTable::parse(p1, "pareto.csv");
  REQUIRE(t.rows() > 0);
  std::set<int> resolutions;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    CHECK(t.at(i, "accuracy_source") == "command");
    CHECK(t.number(i, "accuracy") == doctest::Approx(50.0 + resolution_of(t.at(i, "arch")) / 10.0));
    resolutions.insert(resolution_of(t.at(i, "arch")));
  }
  // Under that function only resolution matters: the front is one network per resolution.
  CHECK(resolutions.size() == t.rows());
  const auto j = nlohmann::json::parse(slurp(dir / "t1" / "run.json"));
  CHECK(j["accuracy_command"]["networks_asked"].get<int>() > 100);
  CHECK(j["accuracy_command"]["networks_asked"].get<int>() <= 3000);  // never asked twice

  // A program that answers nonsense, or stops answering, is an error naming it (exit 2).
  const CliResult junk = run_latnas("search --space tiny --evaluations 200 --quiet --out " + (dir / "junk").string() +
                                    " --accuracy-command " + shell_quote("while read -r l; do echo high; done"));
  CHECK(junk.status == 2);
  CHECK(junk.err.find("--accuracy-command") != std::string::npos);
  CHECK(junk.err.find("expected a top-1 percentage in [0, 100], got 'high'") != std::string::npos);
  const CliResult quits = run_latnas("search --space tiny --evaluations 200 --quiet --out " + (dir / "quits").string() +
                                     " --accuracy-command " + shell_quote("head -n 3 >/dev/null"));
  CHECK(quits.status == 2);
  CHECK(quits.err.find("the program ended") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("search: --accuracy-table is used for the networks it lists, the proxy for the rest") {
  const fs::path dir = fresh_dir("table");
  const CliResult sample = run_latnas("space --space tiny --sample 40 --seed 9 --format csv");
  REQUIRE(sample.status == 0);
  const latnas::CsvTable s = latnas::CsvTable::parse(sample.out, "sample");
  std::ofstream table(dir / "mine.csv");
  table << "arch,top1,note\n";
  std::set<std::string> listed;
  for (std::size_t i = 0; i < s.rows(); ++i) {
    table << s.at(i, "arch") << ",99.5,trained by me\n";
    listed.insert(s.at(i, "arch"));
  }
  table << "efficientnet_b0,77.7,not in the tiny space\n";
  table.close();
  // One listed network starts in the population, so the search certainly meets the table.
  const CliResult r = run_latnas("search --space tiny --latency-ms 100 --evaluations 4000 --population 64 --quiet "
                                 "--init " + shell_quote(s.at(0, "arch")) + " --accuracy-table " + (dir / "mine.csv").string() +
                                 " --out " + (dir / "out").string());
  REQUIRE(r.status == 0);
  const latnas::CsvTable t = latnas::CsvTable::parse(slurp(dir / "out" / "pareto.csv"), "pareto.csv");
  REQUIRE(t.rows() > 0);
  std::size_t from_table = 0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const bool mine = listed.count(t.at(i, "arch")) > 0;
    CHECK(t.at(i, "accuracy_source") == (mine ? "table" : "proxy"));
    if (mine) {
      CHECK(t.number(i, "accuracy") == 99.5);
      ++from_table;
    }
  }
  CHECK(from_table >= 1);  // 99.5 % beats every prediction: the fastest listed network met is on the front
  const auto j = nlohmann::json::parse(slurp(dir / "out" / "run.json"));
  CHECK(j["accuracy_table"]["not_in_space"] == 1);

  std::ofstream(dir / "bad.csv") << "arch,top1\n" << s.at(0, "arch") << ",high\n";
  const CliResult bad = run_latnas("search --space tiny --evaluations 200 --quiet --accuracy-table " +
                                   (dir / "bad.csv").string() + " --out " + (dir / "b").string());
  CHECK(bad.status == 2);
  CHECK(bad.err.find("bad.csv:2: top1: expected a percentage in [0, 100], got 'high'") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "b" / "pareto.csv"));
  fs::remove_all(dir);
}
