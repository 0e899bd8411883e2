#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "costmodel/csv_table.hpp"
#include "run_latnas.hpp"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("latnas-search-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  return d;
}

// history.csv without its last column (elapsed seconds), which is the only one allowed to differ.
std::string without_time_column(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

}  // namespace

TEST_CASE("search: the same seed gives byte-identical outputs on 1 and 2 threads") {
  const fs::path a = fresh_dir("t1"), b = fresh_dir("t2");
  const std::string common = "search --space tiny --evaluations 6000 --population 64 --latency-ms 2 --seed 7 --quiet ";
  const CliResult r1 = run_latnas(common + "--threads 1 --out " + a.string());
  const CliResult r2 = run_latnas(common + "--threads 2 --out " + b.string());
  REQUIRE(r1.status == 0);
  REQUIRE(r2.status == 0);
  const std::string p1 = slurp(a / "pareto.csv"), p2 = slurp(b / "pareto.csv");
  CHECK(p1.size() > 100);
  CHECK(p1 == p2);
  CHECK(without_time_column(slurp(a / "history.csv")) == without_time_column(slurp(b / "history.csv")));
  const auto j = nlohmann::json::parse(slurp(a / "run.json"));
  CHECK(j["evaluations"] == 6000);
  CHECK(j["seed"] == 7);
  CHECK(slurp(a / "pareto.svg").find("<svg") == 0);
  // Every front row is within the budget and the front is sorted by latency with rising accuracy.
  const latnas::CsvTable t = latnas::CsvTable::parse(p1, "pareto.csv");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    CHECK(t.number(i, "gpu_ms") <= 2.0);
    if (i) {
      CHECK(t.number(i, "gpu_ms") > t.number(i - 1, "gpu_ms"));
      CHECK(t.number(i, "accuracy_proxy") > t.number(i - 1, "accuracy_proxy"));
    }
  }
  // A different seed gives a different search.
  const fs::path c = fresh_dir("seed8");
  REQUIRE(run_latnas("search --space tiny --evaluations 6000 --population 64 --latency-ms 2 --seed 8 --quiet --threads 1 --out " +
                     c.string()).status == 0);
  CHECK(slurp(c / "history.csv") != slurp(a / "history.csv"));
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST_CASE("search: pareto.csv has the documented columns and each arch string reads back") {
  const fs::path d = fresh_dir("columns");
  REQUIRE(run_latnas("search --space tiny --evaluations 3000 --latency-ms 3 --quiet --out " + d.string()).status == 0);
  const latnas::CsvTable t = latnas::CsvTable::parse(slurp(d / "pareto.csv"), "pareto.csv");
  for (const char* col : {"arch", "resolution", "macs", "params", "gpu_ms", "cpu_ms", "accuracy_proxy",
                          "accuracy_proxy_in_range", "edge_units", "depth", "width", "max_kernel", "large_kernel_share",
                          "se_share", "expansion"})
    CHECK_NOTHROW(t.column(col));
  REQUIRE(t.rows() > 0);
  // The shape columns are the network's: depth counts the blocks of its arch string, kernels are
  // the space's choices, shares lie in [0, 1].
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::string arch = t.at(i, "arch");
    int blocks = 0;
    for (std::size_t p = arch.find("blocks="); p != std::string::npos && p < arch.size();) {
      const std::size_t end = arch.find_first_of("| ", p);
      const std::string block = arch.substr(p, end == std::string::npos ? std::string::npos : end - p);
      const std::size_t r = block.find("_r");
      blocks += std::stoi(block.substr(r + 2));
      p = end == std::string::npos ? end : end + 1;
    }
    CAPTURE(arch);
    CHECK(t.number(i, "depth") == blocks);
    CHECK((t.at(i, "max_kernel") == "3" || t.at(i, "max_kernel") == "5" || t.at(i, "max_kernel") == "7"));
    CHECK(t.number(i, "se_share") >= 0.0);
    CHECK(t.number(i, "se_share") <= 1.0);
    CHECK(t.number(i, "large_kernel_share") <= 1.0);
    CHECK(t.number(i, "width") > 0.0);
  }
  const CliResult cost = run_latnas("cost --arch " + shell_quote(t.at(0, "arch")) + " --format json");
  REQUIRE(cost.status == 0);
  const auto j = nlohmann::json::parse(cost.out);
  CHECK(std::to_string(j["totals"]["macs"].get<std::uint64_t>()) == t.at(0, "macs"));
  CHECK(j["totals"]["gpu_ms"].get<double>() == doctest::Approx(t.number(0, "gpu_ms")).epsilon(1e-9));
  fs::remove_all(d);
}

TEST_CASE("search: a config file sets options and the command line wins") {
  const fs::path d = fresh_dir("config"), d2 = fresh_dir("config-cli");
  const fs::path cfg = fs::temp_directory_path() / ("latnas-search-" + std::to_string(::getpid()) + ".ini");
  {
    std::ofstream f(cfg);
    f << "# a search\n[search]\nspace = tiny\nlatency_ms = 2.5\nevaluations = 2000\nseed = 3\nquiet = true\nout = " << d.string()
      << "\n";
  }
  REQUIRE(run_latnas("search --config " + cfg.string()).status == 0);
  auto j = nlohmann::json::parse(slurp(d / "run.json"));
  CHECK(j["config"]["latency-ms"] == "2.5");
  CHECK(j["evaluations"] == 2000);
  REQUIRE(run_latnas("search --config " + cfg.string() + " --evaluations 1000 --out " + d2.string()).status == 0);
  j = nlohmann::json::parse(slurp(d2 / "run.json"));
  CHECK(j["evaluations"] == 1000);
  CHECK(j["config"]["space"] == "tiny");
  {
    std::ofstream f(cfg);
    f << "[search]\nspace = tiny\nlatency_ms = fast\n";
  }
  const CliResult bad = run_latnas("search --config " + cfg.string());
  CHECK(bad.status == 2);
  CHECK(bad.err.find(cfg.string() + ":3") != std::string::npos);
  CHECK(bad.err.find("latency") != std::string::npos);
  fs::remove(cfg);
  fs::remove_all(d);
  fs::remove_all(d2);
}

TEST_CASE("search: --stop-after-stagnant ends a converged run early, the same on 1 and 2 threads") {
  const fs::path a = fresh_dir("stagnant-1"), b = fresh_dir("stagnant-2");
  const std::string common = "search --space tiny --evaluations 1M --population 32 --seed 2 --quiet "
                             "--stop-after-stagnant 30";
  const CliResult r = run_latnas(common + " --threads 1 --out " + a.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("stagnated: no hypervolume gain in the last 30 generations") != std::string::npos);
  const auto j = nlohmann::json::parse(slurp(a / "run.json"));
  CHECK(j["stagnated"] == true);
  CHECK(j["config"]["stop-after-stagnant"] == "30");
  CHECK(j["evaluations"].get<std::uint64_t>() < 1'000'000u);
  CHECK(j["evaluations"].get<std::uint64_t>() % 32 == 0);
  REQUIRE(run_latnas(common + " --threads 2 --out " + b.string()).status == 0);
  CHECK(slurp(a / "pareto.csv") == slurp(b / "pareto.csv"));
    // Off (0, the default): the bound is reached.
  REQUIRE(run_latnas("search --space tiny --evaluations 3000 --quiet --stop-after-stagnant 0 --out " + b.string()).status == 0);
  CHECK(nlohmann::json::parse(slurp(b / "run.json"))["evaluations"] == 3000);
  CHECK(run_latnas("search --space tiny --stop-after-stagnant -1 --out " + b.string()).status == 2);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("search: --novelty-retries (default 3) spends the evaluations on networks not evaluated before") {
  const fs::path a = fresh_dir("novelty-3"), b = fresh_dir("novelty-0");
  const std::string common = "search --evaluations 50000 --seed 3 --quiet --save-state off";
  REQUIRE(run_latnas(common + " --out " + a.string()).status == 0);
  REQUIRE(run_latnas(common + " --novelty-retries 0 --out " + b.string()).status == 0);
  const auto ja = nlohmann::json::parse(slurp(a / "run.json")), jb = nlohmann::json::parse(slurp(b / "run.json"));
  CHECK(ja["config"]["novelty-retries"] == "3");
  CHECK(jb["config"]["novelty-retries"] == "0");
  // Plain NSGA-II re-evaluates many children (8,725 of 50,000 here); with retries few are repeats (120).
  CHECK(jb["repeats"].get<std::uint64_t>() > 5'000u);
  CHECK(ja["repeats"].get<std::uint64_t>() * 10 < jb["repeats"].get<std::uint64_t>());
  const CliResult bad = run_latnas(common + " --novelty-retries 1001 --out " + b.string());
  CHECK(bad.status == 2);
  CHECK(bad.err.find("novelty-retries") != std::string::npos);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST_CASE("search: bad input exits 2 with a clear line before any work") {
  const fs::path d = fresh_dir("bad");
  struct Case {
    std::string args, expect;
  };
  const std::vector<Case> cases{
      {"--latency-ms 0", "latency-ms"},
      {"--latency-ms -3", "latency-ms"},
      {"--population 3", "population"},
      {"--space nowhere", "nowhere"},
      {"--init efficientnet_b9", "efficientnet_b9"},
      {"--init efficientnet_b7", "not a member"},
      {"--out /proc/latnas-cannot-write-here", "/proc/latnas-cannot-write-here"},
      {"--algorithm annealing", "algorithm"},
      {"--evaluations many", "evaluations"},
      {"--threads 0", "threads"},
      {"--bogus 1", "bogus"},
      // Budgets no network of the space meets, found before any search.
      {"--latency-ms 1", "its fastest network takes 2.113 ms on orin-agx-50w"},
      {"--space ofa-mbv3 --latency-ms 1.5", "fastest network takes"},
      {"--max-macs 400", "counts take the suffixes k, M, G (e.g. 400M)"},
      {"--max-params 100k", "its smallest network takes"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    const std::string out = c.args.find("--out") == std::string::npos ? " --out " + d.string() : "";
    const CliResult r = run_latnas("search --quiet " + c.args + out);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(d / "pareto.csv"));
  }
  fs::remove_all(d);
}

TEST_CASE("search: Ctrl-C stops at the end of a generation and still writes every output") {
  const fs::path d = fresh_dir("sigint");
  fs::create_directories(d);
  // The shell records latnas's exit status once it ends; its pid is what gets the signal.
  const std::string cmd = "( " + std::string(LATNAS_BINARY) + " search --space tiny --evaluations 1G --population 64 --threads 1 --out " +
                          d.string() + " > " + (d / "stdout").string() + " 2>&1 & echo $! > " + (d / "pid").string() +
                          "; wait $!; echo $? > " + (d / "status").string() + " ) >/dev/null 2>&1 &";
  REQUIRE(std::system(cmd.c_str()) == 0);
  int pid = 0;
  for (int i = 0; i < 200 && pid == 0; ++i) {
    std::ifstream(d / "pid") >> pid;
    if (!pid) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(pid > 0);
  // Wait until the search is running (its settings are printed first), then interrupt it.
  for (int i = 0; i < 200 && slurp(d / "stdout").find("hypervolume reference") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(::kill(pid, SIGINT) == 0);
  for (int i = 0; i < 200 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(::kill(pid, 0) != 0);  // it ended by itself
  CHECK(fs::exists(d / "pareto.csv"));
  CHECK(fs::exists(d / "pareto.svg"));
  REQUIRE(fs::exists(d / "run.json"));
  const auto j = nlohmann::json::parse(slurp(d / "run.json"));
  CHECK(j["stopped_early"] == true);
  CHECK(j["evaluations"].get<std::uint64_t>() % 64 == 0);  // whole generations
  CHECK(slurp(d / "stdout").find("interrupted") != std::string::npos);
  for (int i = 0; i < 200 && slurp(d / "status").empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(slurp(d / "status") == "130\n");  // interrupted is not success
  fs::remove_all(d);
}

TEST_CASE("search: an --out folder holding an earlier run is replaced with a one-line warning") {
  const fs::path d = fresh_dir("again");
  const std::string args = "search --space tiny --evaluations 1000 --latency-ms 3 --quiet --out " + d.string();
  const CliResult first = run_latnas(args);
  REQUIRE(first.status == 0);
  CHECK(first.err.find("warning") == std::string::npos);
  const CliResult second = run_latnas(args);
  REQUIRE(second.status == 0);
  CHECK(second.err.find("warning: " + d.string() + " holds the outputs of an earlier run; they will be replaced") !=
        std::string::npos);
  CHECK(std::count(second.err.begin(), second.err.end(), '\n') == 1);
  fs::remove_all(d);
}
