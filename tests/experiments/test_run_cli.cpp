// `latnas run`, run as a user would: determinism across jobs and threads, resume after a kill,
// --force, bad input, command-line overrides.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "costmodel/csv_table.hpp"
#include "run_latnas.hpp"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("latnas-run-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  return d;
}

// An experiment file in `dir` writing to `dir`/out.
fs::path write_experiment(const fs::path& dir, const std::string& body, const std::string& name = "small.experiment") {
  fs::create_directories(dir);
  const fs::path f = dir / name;
  std::ofstream(f) << body;
  return f;
}

// A small experiment: the tiny space, 2 budgets x 2 seeds.
std::string small_body(const fs::path& out, const std::string& evaluations = "3000") {
  return "[experiment]\nname = small\nout = " + out.string() + "\n[search]\nspace = tiny\ntrust-region = off\npopulation = 64\nevaluations = " +
         evaluations + "\n[sweep]\nlatency-ms = 2, 3\nseed = 1, 2\n";
}

// summary.csv without its last column (wall seconds), the only one allowed to differ between runs.
std::string without_wall_time(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

std::vector<std::string> run_ids(const fs::path& out) {
  std::vector<std::string> ids;
  for (const auto& e : fs::directory_iterator(out / "runs")) ids.push_back(e.path().filename().string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

int count_markers(const fs::path& out) {
  int n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out / "runs", ec)) n += fs::exists(e.path() / "complete");
  return n;
}

}  // namespace

TEST_CASE("run: pareto.csv files are byte-identical whatever the thread count and whether runs went in parallel") {
  const fs::path dir = fresh_dir("determinism");
  const fs::path file = write_experiment(dir, small_body(dir / "unused"));
  struct Way {
    std::string name, args;
  };
  const std::vector<Way> ways{{"j1t1", "--jobs 1 --threads 1"}, {"j1t2", "--jobs 1 --threads 2"}, {"j2t1", "--jobs 2 --threads 1"}};
  for (const Way& w : ways) {
    const CliResult r = run_latnas("run " + file.string() + " " + w.args + " --out " + (dir / w.name).string());
    CAPTURE(r.err);
    REQUIRE(r.status == 0);
  }
  const auto ids = run_ids(dir / "j1t1");
  REQUIRE(ids.size() == 4);
  CHECK(ids[0] == "tiny-orin-agx-50w-lat2-seed1");
  for (const Way& w : ways) CHECK(run_ids(dir / w.name) == ids);
  for (const std::string& id : ids) {
    CAPTURE(id);
    const std::string a = slurp(dir / "j1t1" / "runs" / id / "pareto.csv");
    CHECK(a.size() > 100);
    CHECK(a == slurp(dir / "j1t2" / "runs" / id / "pareto.csv"));
    CHECK(a == slurp(dir / "j2t1" / "runs" / id / "pareto.csv"));
  }
  const std::string all = slurp(dir / "j1t1" / "pareto_all.csv");
  CHECK(all == slurp(dir / "j1t2" / "pareto_all.csv"));
  CHECK(all == slurp(dir / "j2t1" / "pareto_all.csv"));
  const std::string summary = without_wall_time(slurp(dir / "j1t1" / "summary.csv"));
  CHECK(summary == without_wall_time(slurp(dir / "j1t2" / "summary.csv")));
  CHECK(summary == without_wall_time(slurp(dir / "j2t1" / "summary.csv")));
  CHECK(slurp(dir / "j2t1" / "summary.svg").find("<svg") == 0);

  // summary.csv: one row per run; pareto_all.csv: non-dominated, each row from the run it names.
  const latnas::CsvTable s = latnas::CsvTable::parse(slurp(dir / "j1t1" / "summary.csv"), "summary.csv");
  REQUIRE(s.rows() == 4);
  for (const char* col : {"run_id", "space", "device", "latency_ms", "seed", "evaluations", "front_size", "hypervolume",
                          "best_accuracy_proxy", "best_gpu_ms", "wall_seconds"})
    CHECK_NOTHROW(s.column(col));
  for (std::size_t i = 0; i < s.rows(); ++i) {
    CHECK(s.at(i, "evaluations") == "3000");
    // The best network itself, as its own run's pareto.csv lists it.
    const latnas::CsvTable own = latnas::CsvTable::parse(slurp(dir / "j1t1" / "runs" / s.at(i, "run_id") / "pareto.csv"), "pareto.csv");
    REQUIRE(own.rows() > 0);
    CHECK(s.at(i, "best_arch") == own.at(own.rows() - 1, "arch"));
    CHECK(s.number(i, "best_gpu_ms") <= s.number(i, "latency_ms"));
  }
  const latnas::CsvTable m = latnas::CsvTable::parse(all, "pareto_all.csv");
  REQUIRE(m.rows() > 10);
  std::set<std::string> runs_seen;
  for (std::size_t i = 0; i < m.rows(); ++i) {
    if (i) {
      CHECK(m.number(i, "gpu_ms") > m.number(i - 1, "gpu_ms"));
      CHECK(m.number(i, "accuracy_proxy") > m.number(i - 1, "accuracy_proxy"));
    }
    const std::string own = slurp(dir / "j1t1" / "runs" / m.at(i, "run_id") / "pareto.csv");
    CHECK(own.find(m.at(i, "arch") + ",") != std::string::npos);
    runs_seen.insert(m.at(i, "latency_ms"));
  }
  CHECK(runs_seen == std::set<std::string>{"2", "3"});  // the 3 ms runs extend the front past 2 ms
  fs::remove_all(dir);
}

TEST_CASE("run: killed in the middle and run again, it ends with the summary of an uninterrupted run") {
  const fs::path dir = fresh_dir("kill");
  // Runs of about half a second each, one at a time, so that the kill lands between two markers.
  const fs::path file = write_experiment(dir, small_body(dir / "killed", "300k"));
  const CliResult whole = run_latnas("run " + file.string() + " --jobs 1 --threads 1 --out " + (dir / "whole").string());
  REQUIRE(whole.status == 0);

  const std::string cmd = std::string(LATNAS_BINARY) + " run " + file.string() + " --jobs 1 --threads 1 > " +
                          (dir / "stdout").string() + " 2>&1 & echo $!";
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p);
  int pid = 0;
  REQUIRE(std::fscanf(p, "%d", &pid) == 1);
  ::pclose(p);
  // Up to 2 minutes: a sanitized build on a loaded machine is many times slower.
  for (int i = 0; i < 24000 && count_markers(dir / "killed") == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(::kill(pid, SIGKILL) == 0);
  for (int i = 0; i < 400 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const int done = count_markers(dir / "killed");
  CHECK(done >= 1);
  REQUIRE(done < 4);  // killed in the middle
  CHECK_FALSE(fs::exists(dir / "killed" / "summary.csv"));
  // Leave something in a partial run's folder: the rerun must clear it.
  fs::path partial;
  for (const auto& e : fs::directory_iterator(dir / "killed" / "runs"))
    if (!fs::exists(e.path() / "complete")) partial = e.path();
  REQUIRE(!partial.empty());
  std::ofstream(partial / "pareto.csv") << "half-written\n";

  const CliResult again = run_latnas("run " + file.string() + " --jobs 1 --threads 1");
  CAPTURE(again.err);
  REQUIRE(again.status == 0);
  CHECK(again.out.find(std::to_string(done) + " complete (skipped), " + std::to_string(4 - done) + " to run") !=
        std::string::npos);
  CHECK(count_markers(dir / "killed") == 4);
  CHECK(slurp(partial / "pareto.csv") == slurp(dir / "whole" / "runs" / partial.filename() / "pareto.csv"));
  CHECK(without_wall_time(slurp(dir / "killed" / "summary.csv")) == without_wall_time(slurp(dir / "whole" / "summary.csv")));
  CHECK(slurp(dir / "killed" / "pareto_all.csv") == slurp(dir / "whole" / "pareto_all.csv"));
  fs::remove_all(dir);
}

TEST_CASE("run: a rerun skips complete runs, --force reruns them all, a changed file reruns what changed") {
  const fs::path dir = fresh_dir("resume");
  const fs::path out = dir / "out";
  const fs::path file = write_experiment(dir, small_body(out));
  REQUIRE(run_latnas("run " + file.string()).status == 0);
  const std::string summary = without_wall_time(slurp(out / "summary.csv"));
  const auto marker = out / "runs" / "tiny-orin-agx-50w-lat2-seed1" / "complete";
  const auto stamp = fs::last_write_time(marker);

  CliResult r = run_latnas("run " + file.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("4 complete (skipped), 0 to run") != std::string::npos);
  CHECK(fs::last_write_time(marker) == stamp);
  CHECK(without_wall_time(slurp(out / "summary.csv")) == summary);

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  r = run_latnas("run " + file.string() + " --force --quiet");
  REQUIRE(r.status == 0);
  CHECK(fs::last_write_time(marker) != stamp);
  CHECK(without_wall_time(slurp(out / "summary.csv")) == summary);

  // A longer seed list in the file: the new runs are done, the others are kept.
  {
    std::string body = small_body(out);
    body.replace(body.find("seed = 1, 2"), 11, "seed = 1, 2, 3");
    write_experiment(dir, body);
  }
  r = run_latnas("run " + file.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("6 runs") != std::string::npos);
  CHECK(r.out.find("4 complete (skipped), 2 to run") != std::string::npos);
  write_experiment(dir, small_body(out));
  // Changed options for the same run ids: rerun.
  write_experiment(dir, small_body(out, "2000"));
  r = run_latnas("run " + file.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("0 complete (skipped), 4 to run (4 with changed options)") != std::string::npos);
  CHECK(latnas::CsvTable::parse(slurp(out / "summary.csv"), "summary.csv").at(0, "evaluations") == "2000");
  fs::remove_all(dir);
}

TEST_CASE("run: a bad file, a bad sweep value or an unwritable folder: exit 2, one line, before any run, nothing written") {
  const fs::path dir = fresh_dir("bad");
  const fs::path out = dir / "out";
  struct Case {
    std::string body, args, expect;
  };
  const std::string head = "[experiment]\nout = " + out.string() + "\n";
  const std::vector<Case> cases{
      {head + "[search]\nspace = tiny\nbogus = 1\n", "", "bad.experiment:5: [search] bogus: unknown key"},
      {head + "[search]\nspace = tiny\n[sweep]\nlatency-ms = 2, fast\n", "",
       "bad.experiment:6: [sweep] latency-ms: item 2 of 2: expected a number"},
      {head + "[sweep]\nspace = tiny, nowhere\n", "", "bad.experiment:4: [sweep] space: item 2 of 2: unknown space 'nowhere'"},
      {head + "[seach]\nspace = tiny\n", "", "bad.experiment:3: unknown section [seach]"},
      {"space = tiny\n" + head, "", "bad.experiment:1: space: outside any section"},
      {"[experiment]\nout = /proc/latnas-cannot-write-here\n[search]\nspace = tiny\n", "", "/proc/latnas-cannot-write-here"},
      {head + "[search]\nspace = tiny\ninit = efficientnet_b0\n", "", "not a member of the space 'tiny'"},
      {head + "[search]\nspace = tiny\n", "--latency-ms 0", "--latency-ms: expected a number"},
      {head + "[search]\nspace = tiny\n", "--seed 1,x", "--seed: item 2 of 2"},
      {head + "[search]\nspace = tiny\n", "--jobs 0", "--jobs"},
      {head + "[search]\nspace = tiny\n", "--out /proc/latnas-cannot-write-here", "/proc/latnas-cannot-write-here"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    CAPTURE(c.args);
    fs::remove_all(out);
    const fs::path file = write_experiment(dir, c.body, "bad.experiment");
    const CliResult r = run_latnas("run " + file.string() + " " + c.args);
    CHECK(r.status == 2);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(out));
  }
  const CliResult missing = run_latnas("run " + (dir / "nowhere.experiment").string());
  CHECK(missing.status == 2);
  CHECK(missing.err.find("budget-sweep") != std::string::npos);  // lists the shipped ones
  fs::remove_all(dir);
}

TEST_CASE("run: --out and search options on the command line override the file") {
  const fs::path dir = fresh_dir("override");
  const fs::path file = write_experiment(dir, small_body(dir / "from-file"));
  const CliResult r = run_latnas("run " + file.string() + " --out " + (dir / "from-cli").string() + " --seed 5 --quiet");
  REQUIRE(r.status == 0);
  CHECK_FALSE(fs::exists(dir / "from-file"));
  CHECK(run_ids(dir / "from-cli") == std::vector<std::string>{"tiny-orin-agx-50w-lat2-seed5", "tiny-orin-agx-50w-lat3-seed5"});
  CHECK(r.out.find("wrote " + (dir / "from-cli" / "summary.csv").string()) != std::string::npos);

  // Without --out, an overridden grid gets its own folder beside the file's: the file's runs and
  // summary stay as they were.
  REQUIRE(run_latnas("run " + file.string() + " --quiet").status == 0);
  const std::string before = without_wall_time(slurp(dir / "from-file" / "summary.csv"));
  const CliResult o = run_latnas("run " + file.string() + " --seed 7 --latency-ms 3 --quiet");
  CAPTURE(o.err);
  REQUIRE(o.status == 0);
  const fs::path beside = dir / "from-file+latency-ms=3+seed=7";
  CHECK(run_ids(beside) == std::vector<std::string>{"tiny-orin-agx-50w-lat3-seed7"});
  CHECK(without_wall_time(slurp(dir / "from-file" / "summary.csv")) == before);
  CHECK(count_markers(dir / "from-file") == 4);
  CHECK(latnas::CsvTable::parse(slurp(beside / "summary.csv"), "summary.csv").rows() == 1);
  fs::remove_all(dir);
}

TEST_CASE("run: [compare] puts each compared network's own figures beside every run's best") {
  const fs::path dir = fresh_dir("compare");
  const fs::path file = write_experiment(
      dir, small_body(dir / "out") + "[compare]\nefficientnet_b0 = efficientnet_b0\nsmall-one = "
                                     "res=128;stem=3x3:16;head=conv:512;classes=1000;blocks=ds_r1_k3_s1_c16|ir_r1_k3_s2_e3_c24|"
                                     "ir_r1_k3_s2_e3_c40|ir_r1_k3_s2_e3_c64, 50\n");
  const CliResult r = run_latnas("run " + file.string() + " --quiet");
  REQUIRE(r.status == 0);
  const latnas::CsvTable c = latnas::CsvTable::parse(slurp(dir / "out" / "comparison.csv"), "comparison.csv");
  REQUIRE(c.rows() == 8);
  CHECK(c.at(0, "reference") == "efficientnet_b0");
  CHECK(c.number(0, "reference_gpu_ms") == doctest::Approx(11.6532).epsilon(1e-5));
  CHECK(c.at(0, "reference_published_top1") == "77.1");
  CHECK(c.at(0, "reference_within_budget") == "false");
  CHECK(c.at(1, "reference_published_top1") == "50");
  CHECK(c.at(1, "reference_within_budget") == "true");
  CHECK(c.number(1, "accuracy_proxy_gain") ==
        doctest::Approx(c.number(1, "best_accuracy_proxy") - c.number(1, "reference_accuracy_proxy")));
  CHECK(r.out.find("compared networks") != std::string::npos);
  CHECK(slurp(dir / "out" / "summary.svg").find("small-one") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("run: --dry-run lists a shipped experiment's runs and writes nothing") {
  const fs::path dir = fresh_dir("dry");
  const CliResult r = run_latnas("run budget-sweep --dry-run --out " + dir.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("27 runs, latency-ms (9) x seed (3)") != std::string::npos);
  CHECK(r.out.find("efficientnet-orin-agx-50w-lat20-seed3") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("run: a 12-run grid as 3 shards in parallel, then --summarize, gives the summary of one latnas run") {
  const fs::path dir = fresh_dir("shards");
  const fs::path file = write_experiment(
      dir, "[experiment]\nname = twelve\nout = " + (dir / "unused").string() +
               "\n[search]\nspace = tiny\ntrust-region = off\npopulation = 32\nevaluations = 2000\n[sweep]\nlatency-ms = 2, 2.5, 3\nseed = 1, 2, 3, 4\n");
  const CliResult whole = run_latnas("run " + file.string() + " --jobs 2 --out " + (dir / "whole").string());
  CAPTURE(whole.err);
  REQUIRE(whole.status == 0);

  // Three processes at once, as three array tasks of a cluster job would be.
  const fs::path sharded = dir / "sharded";
  std::string cmd;
  for (int k = 1; k <= 3; ++k)
    cmd += std::string(LATNAS_BINARY) + " run " + file.string() + " --jobs 1 --threads 1 --quiet --out " + sharded.string() +
           " --shard " + std::to_string(k) + "/3 > " + (dir / ("shard" + std::to_string(k))).string() + " 2>&1 & ";
  cmd += "wait";
  REQUIRE(std::system(cmd.c_str()) == 0);
  for (int k = 1; k <= 3; ++k) {
    const std::string log = slurp(dir / ("shard" + std::to_string(k)));
    CAPTURE(log);
    CHECK(log.find("shard " + std::to_string(k) + "/3: 4 runs complete") != std::string::npos);
  }
  CHECK(count_markers(sharded) == 12);
  CHECK_FALSE(fs::exists(sharded / "summary.csv"));  // a shard never writes the summary
  CHECK(run_ids(sharded) == run_ids(dir / "whole"));

  const CliResult merged = run_latnas("run " + file.string() + " --summarize --out " + sharded.string());
  CAPTURE(merged.err);
  REQUIRE(merged.status == 0);
  const std::string summary = slurp(dir / "whole" / "summary.csv");
  CHECK(latnas::CsvTable::parse(summary, "summary.csv").rows() == 12);
  CHECK(without_wall_time(slurp(sharded / "summary.csv")) == without_wall_time(summary));
  CHECK(slurp(sharded / "pareto_all.csv") == slurp(dir / "whole" / "pareto_all.csv"));
  CHECK(slurp(sharded / "summary.svg") == slurp(dir / "whole" / "summary.svg"));
  fs::remove_all(dir);
}

TEST_CASE("run: --summarize before every shard is done, and malformed --shard values: exit 2, one line") {
  const fs::path dir = fresh_dir("shard-errors");
  const fs::path file = write_experiment(dir, small_body(dir / "out", "1000"));
  const CliResult one = run_latnas("run " + file.string() + " --quiet --shard 1/2");
  CAPTURE(one.err);
  REQUIRE(one.status == 0);
  const CliResult early = run_latnas("run " + file.string() + " --summarize");
  CHECK(early.status == 2);
  CHECK(early.err.find("2 of 4 runs") != std::string::npos);
  CHECK(std::count(early.err.begin(), early.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(dir / "out" / "summary.csv"));
  for (const char* bad : {"0/3", "4/3", "3", "1/0", "a/b", "1/3/5", "-1/3"}) {
    CAPTURE(bad);
    const CliResult r = run_latnas("run " + file.string() + " --shard " + bad);
    CHECK(r.status == 2);
    CHECK(r.err.find("--shard") != std::string::npos);
  }
  CHECK(run_latnas("run " + file.string() + " --shard 1/2 --summarize").status == 2);
  fs::remove_all(dir);
}

TEST_CASE("run: a run whose front is empty leaves empty cells, never nan or inf, in summary.csv and history.csv") {
  const fs::path dir = fresh_dir("empty-front");
  // tiny at 2.5 ms has networks, but none inside the proxy's domain: the trust region empties the front.
  const fs::path file = write_experiment(dir, "[experiment]\nname = e\nout = " + (dir / "out").string() +
                                                  "\n[search]\nspace = tiny\nevaluations = 2000\npopulation = 32\n[sweep]\nlatency-ms = 2.5, 8\n");
  const CliResult r = run_latnas("run " + file.string() + " --quiet");
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  const latnas::CsvTable s = latnas::CsvTable::parse(slurp(dir / "out" / "summary.csv"), "summary.csv");
  REQUIRE(s.rows() == 2);
  CHECK(s.at(0, "front_size") == "0");
  CHECK(s.at(0, "best_accuracy_proxy").empty());
  CHECK(s.at(1, "front_size") != "0");
  for (const fs::path& f : {dir / "out" / "summary.csv", dir / "out" / "runs" / s.at(0, "run_id") / "history.csv"}) {
    CAPTURE(f);
    const std::string text = slurp(f);
    for (const char* bad : {",nan", ",-nan", ",inf", ",-inf"}) CHECK(text.find(bad) == std::string::npos);
  }
  fs::remove_all(dir);
}
