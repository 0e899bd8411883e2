// Continuing finished runs with more evaluations: `latnas run` with a raised bound and
// `latnas search --resume` continue from state.latnas when that is exact, and restart otherwise.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_latnas.hpp"

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("latnas-continue-test-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Two seeds on the tiny space, population 64: 40k evaluations are 625 whole generations.
fs::path write_experiment(const fs::path& dir, const std::string& evaluations) {
  const fs::path f = dir / "grow.experiment";
  std::ofstream(f) << "[experiment]\nname = grow\n[search]\nspace = tiny\ntrust-region = off\npopulation = 64\nevaluations = " +
                          evaluations + "\n[sweep]\nseed = 1, 2\n";
  return f;
}

// A CSV without its last column (summary.csv: wall_seconds; history.csv: elapsed_s).
std::string without_last_column(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

const char* const kRun = "tiny-orin-agx-50w-lat10-seed1";

// Every result file of two `latnas run` output folders agrees, but for wall times.
void require_same_outputs(const fs::path& a, const fs::path& b) {
  REQUIRE(fs::exists(a / "summary.csv"));
  CHECK(without_last_column(slurp(a / "summary.csv")) == without_last_column(slurp(b / "summary.csv")));
  CHECK(slurp(a / "pareto_all.csv") == slurp(b / "pareto_all.csv"));
  for (const char* seed : {"seed1", "seed2"}) {
    const fs::path ra = a / "runs" / (std::string("tiny-orin-agx-50w-lat10-") + seed);
    const fs::path rb = b / "runs" / (std::string("tiny-orin-agx-50w-lat10-") + seed);
    CAPTURE(ra);
    CHECK(slurp(ra / "pareto.csv") == slurp(rb / "pareto.csv"));
    CHECK(without_last_column(slurp(ra / "history.csv")) == without_last_column(slurp(rb / "history.csv")));
    CHECK(fs::exists(ra / "complete"));
  }
}

}  // namespace

TEST_CASE("continue: a batch run to 40k then raised to 80k continues and equals a direct 80k run") {
  const fs::path dir = fresh_dir("batch");
  const fs::path direct = dir / "direct", grown = dir / "grown";
  REQUIRE(run_latnas("run " + write_experiment(dir, "80k").string() + " --quiet --out " + direct.string()).status == 0);
  CliResult r = run_latnas("run " + write_experiment(dir, "40k").string() + " --out " + grown.string());
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  REQUIRE(fs::exists(grown / "runs" / kRun / "state.latnas"));
  r = run_latnas("run " + write_experiment(dir, "80k").string() + " --out " + grown.string());
  CAPTURE(r.out);
  REQUIRE(r.status == 0);
  CHECK(r.out.find(std::string(kRun) + ": continuing from 40,000 evaluations") != std::string::npos);
  CHECK(r.out.find("(continued from 40,000)") != std::string::npos);
  require_same_outputs(grown, direct);

  // Fewer evaluations than done: each run restarts from zero and says why.
  const fs::path shrunk = dir / "shrunk";
  REQUIRE(run_latnas("run " + write_experiment(dir, "40k").string() + " --quiet --out " + shrunk.string()).status == 0);
  r = run_latnas("run " + write_experiment(dir, "20k").string() + " --out " + shrunk.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("restarting from zero: the saved run has done 40000 evaluations, more than the 20000 asked") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("continue: a cut-short last generation is made whole, a malformed state file restarts from zero, same results") {
  const fs::path dir = fresh_dir("restart");
  const fs::path direct = dir / "direct";
  REQUIRE(run_latnas("run " + write_experiment(dir, "8000").string() + " --quiet --out " + direct.string()).status == 0);

  // 3000 evaluations end with a generation of 56 of 64: the continuation makes its last 8 slots first.
  const fs::path cut = dir / "cut";
  REQUIRE(run_latnas("run " + write_experiment(dir, "3000").string() + " --quiet --out " + cut.string()).status == 0);
  CliResult r = run_latnas("run " + write_experiment(dir, "8000").string() + " --out " + cut.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find(std::string(kRun) + ": continuing from 3,000 evaluations") != std::string::npos);
  require_same_outputs(cut, direct);

  // A cut state file: a warning naming it, then a run from zero.
  const fs::path broken = dir / "broken";
  REQUIRE(run_latnas("run " + write_experiment(dir, "3200").string() + " --quiet --out " + broken.string()).status == 0);
  const fs::path state = broken / "runs" / kRun / "state.latnas";
  const std::string text = slurp(state);
  std::ofstream(state, std::ios::trunc) << text.substr(0, text.size() / 2);
  r = run_latnas("run " + write_experiment(dir, "8000").string() + " --out " + broken.string());
  CAPTURE(r.out);
  REQUIRE(r.status == 0);
  CHECK(r.out.find(std::string(kRun) + ": warning: " + state.string()) != std::string::npos);
  CHECK(r.out.find("; restarting from zero") != std::string::npos);
  CHECK(r.out.find("tiny-orin-agx-50w-lat10-seed2: continuing from 3,200 evaluations") != std::string::npos);
  require_same_outputs(broken, direct);
  fs::remove_all(dir);
}

TEST_CASE("continue: latnas search --resume continues a search, and a malformed state file is an error naming it") {
  const fs::path dir = fresh_dir("search");
  const std::string common = " --space tiny --trust-region off --population 32 --seed 3 --threads 1 --quiet --out ";
  REQUIRE(run_latnas("search --evaluations 6400" + common + (dir / "direct").string()).status == 0);
  const fs::path out = dir / "grown";
  REQUIRE(run_latnas("search --evaluations 3200" + common + out.string()).status == 0);
  CliResult r = run_latnas("search --resume --evaluations 6400" + common + out.string());
  CAPTURE(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("continuing from 3,200 evaluations") != std::string::npos);
  CHECK(slurp(out / "pareto.csv") == slurp(dir / "direct" / "pareto.csv"));
  CHECK(without_last_column(slurp(out / "history.csv")) == without_last_column(slurp(dir / "direct" / "history.csv")));

  // Another seed is another run: it starts from zero and says so.
  r = run_latnas("search --resume --evaluations 6400 --space tiny --trust-region off --population 32 --seed 4 --quiet --out " +
                 out.string());
  REQUIRE(r.status == 0);
  CHECK(r.err.find("--resume: starting from zero: its options differ in more than evaluations and generations") !=
        std::string::npos);

  // Malformed: exit 2, one line naming the file and the line, and the outputs left as they were.
  const fs::path state = out / "state.latnas";
  const std::string pareto = slurp(out / "pareto.csv");
  std::string text = slurp(state);
  text.replace(text.find("\nrepeats "), 10, "\nrepeats x");
  std::ofstream(state, std::ios::trunc) << text;
  r = run_latnas("search --resume --evaluations 12800" + common + out.string());
  CHECK(r.status == 2);
  CHECK(r.err.find(state.string() + " line ") != std::string::npos);
  CHECK(r.err.find("expected a whole number, got 'x") != std::string::npos);
  CHECK(slurp(out / "pareto.csv") == pareto);
  // Cut short: named too.
  std::ofstream(state, std::ios::trunc) << text.substr(0, 200);
  r = run_latnas("search --resume --evaluations 12800" + common + out.string());
  CHECK(r.status == 2);
  CHECK(r.err.find(state.string() + ": cut short after line") != std::string::npos);
  // Not a state file at all.
  std::ofstream(state, std::ios::trunc) << "hello\n";
  r = run_latnas("search --resume --evaluations 12800" + common + out.string());
  CHECK(r.status == 2);
  CHECK(r.err.find("expected") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("continue: --save-state off writes no state, removes an earlier one, and a later --resume starts from zero") {
  const fs::path dir = fresh_dir("nostate");
  const std::string common = " --space tiny --trust-region off --population 32 --seed 3 --threads 1 --quiet --out ";
  const fs::path out = dir / "run";
  REQUIRE(run_latnas("search --evaluations 3200" + common + out.string()).status == 0);
  REQUIRE(fs::exists(out / "state.latnas"));
  // The earlier state would not describe the new outputs: it goes.
  REQUIRE(run_latnas("search --evaluations 3200 --save-state off" + common + out.string()).status == 0);
  CHECK_FALSE(fs::exists(out / "state.latnas"));
  CHECK(fs::exists(out / "pareto.csv"));
  const CliResult r = run_latnas("search --resume --evaluations 6400" + common + out.string());
  REQUIRE(r.status == 0);
  CHECK(r.out.find("continuing from") == std::string::npos);
  CHECK(run_latnas("search --save-state maybe" + common + out.string()).status == 2);
  fs::remove_all(dir);
}
