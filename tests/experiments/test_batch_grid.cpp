// Experiment files, their grids and run ids, in process (no run is computed here).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/scorer.hpp"
#include "experiments/batch/experiment_file.hpp"
#include "experiments/batch/experiment_shipped.hpp"
#include "experiments/batch/run_grid.hpp"
#include "experiments/batch/run_marker.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/nas/search_options.hpp"
#include "spaces/space_file.hpp"

using namespace latnas;

namespace {

std::string error_of(const std::string& text) {
  try {
    const ExperimentFile x = parse_experiment(text, "t.experiment", "t");
    (void)expand_grid(x);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("batch: an experiment file expands to its grid, first sweep key slowest, with readable run ids") {
  // init: a member of tiny (its first network); expand_grid checks membership as the run would.
  const SearchSpace& tiny = builtin_space("tiny");
  const std::string member = canonical_string(tiny.decode(Genome(tiny.genome_length())));
  const ExperimentFile x = parse_experiment(
      "# comment\n[experiment]\nname = demo\nout = results/demo\n[search]\nspace = tiny\nevaluations = 2k\ninit = " +
          member + "\n[sweep]\nlatency_ms = 8, 2.5\nseed = 1:3:1\n",
      "demo.experiment", "ignored");
  CHECK(x.name == "demo");
  CHECK(x.out == "results/demo");
  const auto runs = expand_grid(x);
  REQUIRE(runs.size() == 6);
  CHECK(runs[0].id == "tiny-orin-agx-50w-lat8-seed1");
  CHECK(runs[1].id == "tiny-orin-agx-50w-lat8-seed2");
  CHECK(runs[2].id == "tiny-orin-agx-50w-lat8-seed3");
  CHECK(runs[3].id == "tiny-orin-agx-50w-lat2.5-seed1");
  CHECK(runs[3].options.budget.latency_ms == 2.5);
  CHECK(runs[3].options.seed == 1);
  CHECK(runs[3].options.evaluations == 2000u);
  CHECK(runs[3].options.init == std::vector<std::string>{member});
  CHECK(runs[5].options.out == "results/demo/runs/tiny-orin-agx-50w-lat2.5-seed3");
  CHECK(runs[5].swept == std::vector<std::pair<std::string, std::string>>{{"latency-ms", "2.5"}, {"seed", "3"}});

  // Other swept keys join the id; without a sweep there is one run; the name defaults to the file's.
  const auto more = expand_grid(parse_experiment("[sweep]\nproxy = flops, calibrated\npopulation = 16, 32\n", "x", "x"));
  REQUIRE(more.size() == 4);
  CHECK(more[0].id == "efficientnet-orin-agx-50w-flops-lat10-pop16-seed1");
  // The stagnation stop is a search option like the bounds: fixed in [search] or swept.
  const auto stag = expand_grid(parse_experiment("[search]\nstop_after_stagnant = 200\n[sweep]\nseed = 1, 2\n", "x", "x"));
  REQUIRE(stag.size() == 2);
  CHECK(stag[0].options.stop_after_stagnant == 200u);
  const auto swept = expand_grid(parse_experiment("[sweep]\nstop-after-stagnant = 0:200:100\n", "x", "x"));
  REQUIRE(swept.size() == 3);
  CHECK(swept[2].options.stop_after_stagnant == 200u);
  CHECK(swept[2].id == "efficientnet-orin-agx-50w-lat10-stag200-seed1");
  const ExperimentFile one = parse_experiment("[search]\n", "plain.experiment", "plain");
  CHECK(one.name == "plain");
  CHECK(one.out == "latnas-experiments/plain");
  CHECK(expand_grid(one).size() == 1);
}

TEST_CASE("batch: ranges FIRST:LAST:STEP expand, also with decimals") {
  CHECK(expand_list_items("latency-ms", {"2:20:2"}) ==
        std::vector<std::string>{"2", "4", "6", "8", "10", "12", "14", "16", "18", "20"});
  CHECK(expand_list_items("latency-ms", {"0.5:1.5:0.5", "3"}) == std::vector<std::string>{"0.5", "1", "1.5", "3"});
  CHECK(expand_list_items("latency-ms", {"0.1:0.3:0.1"}) == std::vector<std::string>{"0.1", "0.2", "0.3"});
  CHECK(expand_list_items("space", {"a:b:c"}) == std::vector<std::string>{"a:b:c"});  // not a number key
  CHECK_THROWS_AS(expand_list_items("seed", {"1:4:2"}), InputError);
  CHECK_THROWS_AS(expand_list_items("seed", {"4:1:1"}), InputError);
  CHECK_THROWS_AS(expand_list_items("seed", {"1:x:1"}), InputError);
}

TEST_CASE("batch: bad files are refused naming file, line, section, key and item") {
  struct Case {
    std::string text, expect;
  };
  const std::vector<Case> cases{
      {"[search]\nspace = tiny\nbogus = 1\n", "t.experiment:3: [search] bogus: unknown key"},
      {"[sweep]\nlatency-ms = 2, fast\n", "t.experiment:2: [sweep] latency-ms: item 2 of 2: expected a number"},
      {"[sweep]\nseed = 1, -1\n", "t.experiment:2: [sweep] seed: item 2 of 2"},
      {"[sweep]\nspace = tiny, nowhere\n", "t.experiment:2: [sweep] space: item 2 of 2: unknown space 'nowhere'"},
      {"[sweep]\nseed = 1, 2, 1\n", "'1' is listed twice"},
      {"[sweep]\nlatency-ms = 8, 8.0\n", "'8.0' is listed twice"},
      {"[sweep]\nthreads = 1, 2\n", "t.experiment:2: [sweep] threads: cannot be swept"},
      {"[sweep]\nout = a, b\n", "[sweep] out: cannot be swept"},
      {"[search]\nout = x\n", "t.experiment:2: [search] out: the output folder is set in [experiment] out"},
      {"[search]\nseed = 1, 2\n", "[search] seed: a list"},
      {"[search]\nseed = 1\n[sweep]\nseed = 2, 3\n", "t.experiment:4: [sweep] seed: also set in [search]"},
      {"[search]\nlatency-ms = 1\nlatency_ms = 2\n", "t.experiment:3: [search] latency_ms: set twice"},
      {"[serach]\n", "t.experiment:1: unknown section [serach]"},
      {"seed = 1\n", "t.experiment:1: seed: outside any section"},
      {"[experiment]\nname = a b\n", "t.experiment:2: [experiment] name"},
      {"[experiment]\ncolour = red\n", "t.experiment:2: [experiment] colour: unknown key"},
      {"[search]\ninit = nonsuch\n", "t.experiment:2: [search] init: 'nonsuch'"},
      {"[compare]\nb0 = efficientnet_b9\n", "t.experiment:2: [compare] b0: unknown model"},
      {"[compare]\nb0 = efficientnet_b0, 170\n", "published top-1"},
      {"[sweep\n", "t.experiment:1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const std::string e = error_of(c.text);
    CHECK(e.find(c.expect) != std::string::npos);
    CHECK(e.find('\n') == std::string::npos);
  }
}

TEST_CASE("batch: command-line values replace the file's value or its sweep; a list becomes a sweep") {
  ExperimentFile x = parse_experiment("[search]\nspace = tiny\nseed = 4\n[sweep]\nlatency-ms = 2, 3\n", "t", "t");
  override_option(x, "seed", "5,6");  // a fixed value becomes a sweep
  override_option(x, "latency_ms", "7");  // a sweep becomes a fixed value
  override_option(x, "out", "elsewhere");
  override_init(x, {"efficientnet_b0"});
  const auto runs = expand_grid(x);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].id == "tiny-orin-agx-50w-lat7-seed5");
  CHECK(runs[1].options.out == "elsewhere/runs/tiny-orin-agx-50w-lat7-seed6");
  CHECK_THROWS_WITH_AS(override_option(x, "latency-ms", "0"), doctest::Contains("--latency-ms"), InputError);
  CHECK_THROWS_WITH_AS(override_option(x, "seed", "1,x"), doctest::Contains("--seed: item 2"), InputError);
  CHECK_THROWS_WITH_AS(override_option(x, "threads", "1,2"), doctest::Contains("--threads"), InputError);
}

TEST_CASE("batch: runs that would share an id are refused") {
  CHECK(error_of("[sweep]\nspace = a/x.space, b/x.space\n").find("unknown space") != std::string::npos);  // no such files
  // Same stem in two folders would collide; checked with the grid directly.
  ExperimentFile x = parse_experiment("[search]\n", "t", "t");
  x.sweep.push_back({"device", {"orin-agx-50w", "orin-agx-50w"}, "t:1: [sweep] device"});
  CHECK_THROWS_WITH_AS(expand_grid(x), doctest::Contains("would both be"), InputError);
}

TEST_CASE("batch: the fingerprint ignores threads and out but not what decides results") {
  SearchOptions a;
  SearchOptions b = a;
  b.threads = 7;
  b.out = "elsewhere";
  CHECK(run_fingerprint(a) == run_fingerprint(b));
  b.proxy = "calibrated";  // the default, spelled out
  CHECK(run_fingerprint(a) == run_fingerprint(b));
  b.evaluations = 5;
  CHECK(run_fingerprint(a) != run_fingerprint(b));
}

TEST_CASE("batch: the shipped experiments parse, and their compared networks are what the files say") {
  CHECK(shipped_experiment_names() == std::vector<std::string>{"budget-sweep", "beat-efficientnet-b0", "ofa-mbv3-published"});
  const ExperimentFile sweep = resolve_experiment("budget-sweep");
  const auto runs = expand_grid(sweep);
  REQUIRE(runs.size() == 27);
  CHECK(runs.front().id == "efficientnet-orin-agx-50w-lat4-seed1");
  CHECK(runs.back().id == "efficientnet-orin-agx-50w-lat20-seed3");
  CHECK(sweep.out == "latnas-experiments/budget-sweep");

  const Scorer scorer(DeviceProfile::resolve("orin-agx-50w"), make_proxy("calibrated"));
  const ExperimentFile b0 = resolve_experiment("beat-efficientnet-b0");
  const auto b0_runs = expand_grid(b0);
  REQUIRE(b0_runs.size() == 6);
  const double b0_ms = scorer.score(ModelZoo::builtin().build("efficientnet_b0")).gpu_ms;
  CHECK(b0_runs[0].options.budget.latency_ms >= b0_ms);  // B0 fits its own budget, by less than 0.1 us
  CHECK(b0_runs[0].options.budget.latency_ms - b0_ms < 1e-4);
  CHECK(b0_runs[3].options.budget.latency_ms >= b0_ms / 2);
  CHECK(b0_runs[3].options.budget.latency_ms - b0_ms / 2 < 1e-4);
  REQUIRE(b0.compare.size() == 1);
  CHECK(b0.compare[0].published_top1 == 77.1);  // from the calibration data

  const ExperimentFile ofa = resolve_experiment("ofa-mbv3-published");
  REQUIRE(ofa.compare.size() == 3);
  const SearchSpace& space = builtin_space("ofa-mbv3");
  CHECK_FALSE(space.encode(network_from_reference("mobilenetv3_large_100")).has_value());
  const auto ofa_runs = expand_grid(ofa);
  for (std::size_t i = 0; i < 3; ++i) {
    const NetworkSpec net = network_from_reference(ofa.compare[i].reference);
    const Score s = scorer.score(net);
    // Each budget is the compared network's latency rounded up to 0.01 ms.
    CHECK(ofa_runs[2 * (i == 0 ? 2 : i - 1)].options.budget.latency_ms >= s.gpu_ms);
    CHECK(ofa_runs[2 * (i == 0 ? 2 : i - 1)].options.budget.latency_ms - s.gpu_ms < 0.01);
    if (i > 0) {
      CHECK(space.encode(net).has_value());  // OFA's published subnets are members of the space
      CHECK(s.params == doctest::Approx(i == 1 ? 4.3e6 : 4.6e6).epsilon(0.01));  // as mmrazor lists them
    }
  }
  CHECK(ofa.compare[1].published_top1 == 70.4);
  CHECK(ofa.compare[2].published_top1 == 72.8);
}

TEST_CASE("batch: counts take k, M, G in either case, the same in files and on the command line") {
  struct Case {
    const char* text;
    std::uint64_t value;
  };
  for (const Case c : {Case{"2M", 2'000'000}, Case{"2m", 2'000'000}, Case{"300k", 300'000}, Case{"300K", 300'000},
                       Case{"1g", 1'000'000'000}, Case{"1.5M", 1'500'000}, Case{"2e6", 2'000'000}, Case{"4096", 4096}}) {
    CAPTURE(c.text);
    latnas::SearchOptions o;
    latnas::apply_search_option(o, "evaluations", c.text);
    REQUIRE(o.evaluations);
    CHECK(*o.evaluations == c.value);
    latnas::apply_search_option(o, "max_macs", c.text);
    CHECK(*o.budget.max_macs == c.value);
  }
  for (const char* bad : {"2x", "M", "2MM", "1.5k5", "-3M", "0.5"}) {
    CAPTURE(bad);
    latnas::SearchOptions o;
    CHECK_THROWS_AS(latnas::apply_search_option(o, "evaluations", bad), latnas::InputError);
  }
}

TEST_CASE("batch: one schema entry per option drives settings, sweeps, run ids, fingerprints and summaries") {
  using namespace latnas;
  const SearchOptions defaults;
  const auto lines = describe(defaults);
  std::size_t shown = 0;
  for (const SearchOptionSpec& s : search_option_specs()) {
    CAPTURE(s.key);
    CHECK(find_search_option(s.key) == &s);
    if (!s.show) continue;
    REQUIRE(shown < lines.size());
    CHECK(lines[shown++].first == s.key);  // describe() is the schema, in its order
    // A fingerprinted option changes the fingerprint when its value changes; the others do not.
    SearchOptions changed = defaults;
    const std::map<std::string_view, std::string> other{{"space", "tiny"},          {"device", "x.profile"},
                                                         {"proxy", "flops"},         {"trust-region", "off"},
                                                         {"accuracy-table", "t.csv"}, {"accuracy-command", "cat"},
                                                         {"algorithm", "random"},    {"latency-ms", "3"},
                                                         {"max-macs", "5M"},          {"max-params", "1M"},
                                                         {"population", "64"},       {"generations", "9"},
                                                         {"evaluations", "1k"},       {"seed", "4"}, {"stop-after-stagnant", "5"}, {"novelty-retries", "0"},
                                                         {"threads", "3"},           {"save-state", "off"},        {"mutation-rate", "0.5"},
                                                         {"crossover-probability", "0.5"}, {"crossover", "uniform"},
                                                         {"init", "efficientnet_b0"}, {"out", "elsewhere"}};
    REQUIRE(other.count(s.key));
    apply_search_option(changed, s.key, other.at(s.key));
    CHECK((run_fingerprint(changed) != run_fingerprint(defaults)) == s.has(fingerprinted));
  }
  CHECK(shown == lines.size());
  // A swept option that had no id part before the schema (trust-region) names its runs apart.
  const ExperimentFile x = parse_experiment("[search]\nspace = tiny\n[sweep]\ntrust-region = on, off\nlatency-ms = 2:3:1\n",
                                            "schema.experiment", "schema");
  const auto runs = expand_grid(x);
  REQUIRE(runs.size() == 4);
  CHECK(runs[0].id == "tiny-orin-agx-50w-tron-lat2-seed1");
  CHECK(runs[3].id == "tiny-orin-agx-50w-troff-lat3-seed1");
}
