#include "experiments/cli/run_command.hpp"

#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <string_view>
#include <utility>
#include <ostream>

#include "costmodel/error.hpp"
#include "experiments/batch/batch_runner.hpp"
#include "experiments/batch/batch_summary.hpp"
#include "experiments/batch/experiment_shipped.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/nas/search_options.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"

namespace po = boost::program_options;

namespace latnas {
namespace {

constexpr int kInterrupted = 130;

std::string usage() {
  std::string names;
  for (const auto& n : shipped_experiment_names()) names += (names.empty() ? "" : ", ") + n;
  return "usage: latnas run EXPERIMENT... [--out DIR] [--jobs N] [--threads N] [--force] [--dry-run] [--quiet]\n"
         "                  [--shard K/N | --summarize] [--SEARCH-OPTION VALUE|LIST ...]\n\n"
         "EXPERIMENT: a shipped experiment (" + names + ") or an experiment file\n"
         "(experiments/README.md). Each run goes to OUT/runs/RUN_ID/ with the outputs of `latnas search`;\n"
         "then OUT gets summary.csv, pareto_all.csv and summary.svg. Runs already complete are skipped;\n"
         "partial ones are redone. A search option given here replaces the file's value or sweep for every\n"
         "run; a list (1,2,3 or FIRST:LAST:STEP) makes it a sweep.\n\n"
         "On a cluster: N jobs run `latnas run FILE --shard K/N` (K = 1..N; with Slurm job arrays\n"
         "`--array=1-N` and `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`), each the runs\n"
         "K, K+N, K+2N, ... of the grid, into the same out folder; then `latnas run FILE --summarize`\n"
         "writes the summary a single machine would (scripts/slurm-run.sbatch).";
}

// "K/N" of --shard: shard K (1-based) of N.
// All of `t` as a whole number (no sign, no suffix), into x.
bool whole_number(std::string_view t, std::size_t& x) {
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
  return !t.empty() && ec == std::errc() && end == t.data() + t.size();
}

std::pair<std::size_t, std::size_t> parse_shard(const std::string& v) {
  const auto slash = v.find('/');
  std::size_t k = 0, n = 0;
  if (slash == std::string::npos || !whole_number(std::string_view(v).substr(0, slash), k) ||
      !whole_number(std::string_view(v).substr(slash + 1), n) || n < 1 || n > 100000 || k < 1 || k > n)
    throw InputError("--shard: expected K/N with 1 <= K <= N <= 100000 (shards are numbered from 1), got '" + v + "'");
  return {k, n};
}

std::size_t parse_jobs(const std::string& v) {
  std::size_t n = 0;
  if (!whole_number(v, n) || n < 1 || n > 1024)
    throw InputError("--jobs: expected a whole number from 1 to 1024, got '" + v + "'");
  return n;
}

std::string axes_text(const ExperimentFile& x) {
  std::string s;
  for (const SweepAxis& a : x.sweep) s += (s.empty() ? "" : " x ") + a.key + " (" + std::to_string(a.values.size()) + ")";
  return s.empty() ? "no sweep" : s;
}

}  // namespace

int run_run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
  po::options_description visible("latnas run options");
  visible.add_options()("out", po::value<std::string>()->value_name("DIR"),
                        "output folder, instead of the file's [experiment] out (with several files: DIR/NAME each)")(
      "jobs", po::value<std::string>()->value_name("N"),
      "runs at a time (default: one per core, each with cores/jobs threads; results do not depend on it)")(
      "force", po::bool_switch(), "rerun every run, complete or not")(
      "dry-run", po::bool_switch(), "check the files and list the runs with their state; run nothing, write nothing")(
      "quiet", po::bool_switch(), "no plan and no line per finished run (the summary is still printed)")(
      "shard", po::value<std::string>()->value_name("K/N"),
      "run only shard K of N of the grid (runs K, K+N, ...); no summary: --summarize writes it when all are done")(
      "summarize", po::bool_switch(), "run nothing: write the summary of runs done by shards (all must be complete)")(
      "help,h", "show this help");
  po::options_description search("search options (as `latnas search`; replace the file's value for every run)");
  for (const SearchOptionSpec& s : search_option_specs()) {
    const std::string key(s.key);
    if (key == "out" || key == "quiet") continue;
    if (key == "init")
      search.add_options()(key.c_str(), po::value<std::vector<std::string>>()->composing()->value_name(std::string(s.value)),
                           std::string(s.help).c_str());
    else
      search.add_options()(key.c_str(), po::value<std::string>()->value_name(std::string(s.value)),
                           std::string(s.help).c_str());
  }
  po::options_description all;
  all.add(visible).add(search);
  po::options_description hidden;
  hidden.add_options()("experiment", po::value<std::vector<std::string>>());
  po::options_description parsed;
  parsed.add(all).add(hidden);
  po::positional_options_description positional;
  positional.add("experiment", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args)
                  .options(parsed)
                  .positional(positional)
                  .style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
                  .run(),
              vm);
    if (vm.count("help")) {
      out << usage() << "\n\n" << all << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(e.what());
  }
  if (!vm.count("experiment"))
    throw InputError("expected at least one experiment: a shipped one (latnas run budget-sweep) or an experiment file");
  const auto names = vm["experiment"].as<std::vector<std::string>>();
  BatchSettings settings;
  if (vm.count("jobs")) settings.jobs = parse_jobs(vm["jobs"].as<std::string>());
  settings.force = vm["force"].as<bool>();
  settings.quiet = vm["quiet"].as<bool>();
  const bool dry_run = vm["dry-run"].as<bool>();
  const bool summarize_only = vm["summarize"].as<bool>();
  std::pair<std::size_t, std::size_t> shard{1, 1};
  if (vm.count("shard")) {
    shard = parse_shard(vm["shard"].as<std::string>());
    settings.shard = std::to_string(shard.first) + "-of-" + std::to_string(shard.second);
    if (summarize_only) throw InputError("--shard and --summarize: expected one of them (summarize after every shard is done)");
  }
  if (summarize_only && (settings.force || dry_run))
    throw InputError(std::string("--summarize: runs nothing, so ") + (settings.force ? "--force" : "--dry-run") +
                     " has no meaning with it");

  // Every file is read, overridden and expanded before anything is written.
  std::vector<BatchExperiment> experiments;
  for (const std::string& name : names) {
    ExperimentFile x = resolve_experiment(name);
    std::string overrides;  // "key=value+..." of the command-line search options, in option order
    for (const SearchOptionSpec& s : search_option_specs()) {
      const std::string key(s.key);
      if (key == "out" || key == "quiet" || !vm.count(key)) continue;
      std::string value;
      if (key == "init") {
        override_init(x, vm[key].as<std::vector<std::string>>());
        for (const std::string& v : vm[key].as<std::vector<std::string>>()) value += (value.empty() ? "" : ",") + v;
      } else {
        value = vm[key].as<std::string>();
        override_option(x, key, value);
      }
      if (key != "threads") overrides += (overrides.empty() ? "" : "+") + key + "=" + value;
    }
    if (!overrides.empty() && !vm.count("out")) {
      // Another grid than the file's: its own folder beside the file's, so its summary does not
      // replace the file's and its runs do not clear the file's runs of the same id.
      for (char& c : overrides)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '=' || c == '+' || c == '-' || c == '.' || c == ',' || c == '_'))
          c = '_';
      x.out = x.out.string() + "+" + overrides.substr(0, 120);
      x.out_where = "the file's out and the command-line options";
    }
    if (vm.count("out")) {
      const std::string dir = vm["out"].as<std::string>();
      if (dir.empty()) throw InputError("--out: expected a folder");
      x.out = names.size() == 1 ? std::filesystem::path(dir) : std::filesystem::path(dir) / x.name;
      x.out_where = "--out";
    }
    std::vector<PlannedRun> runs = expand_grid(x);
    experiments.push_back({std::move(x), std::move(runs)});
  }
  std::map<std::filesystem::path, std::string> folders;
  for (const BatchExperiment& e : experiments) {
    const auto key = std::filesystem::absolute(e.file.out).lexically_normal();
    if (const auto [it, fresh] = folders.emplace(key, e.file.source); !fresh)
      throw InputError(e.file.source + " and " + it->second + " would both write to " + e.file.out.string() +
                       ": give each its own [experiment] out or name");
  }

  auto write_summaries = [&](const std::vector<BatchExperiment>& whole) {
    for (const BatchExperiment& e : whole) {
      const BatchSummary summary = summarize(e.file, e.runs);
      const auto written = write_batch_summary(e.file, summary);
      out << "\n" << e.file.name << ": " << e.runs.size() << " run" << (e.runs.size() == 1 ? "" : "s") << "\n";
      print_batch_summary(out, e.file, summary);
      out << "(best proxy: the highest predicted top-1 of the front within the run's budget, by the accuracy proxy, a "
             "model fitted to published results, not a measurement; * = outside its calibration range)\n";
      for (const auto& p : written) out << "wrote " << p.string() << "\n";
    }
  };
  if (summarize_only) {
    const auto states = batch_states(experiments, false);
    for (std::size_t e = 0; e < experiments.size(); ++e) {
      std::size_t missing = 0;
      std::string first;
      for (std::size_t r = 0; r < states[e].size(); ++r)
        if (states[e][r] != RunState::complete && missing++ == 0)
          first = experiments[e].runs[r].id + " (" + to_string(states[e][r]) + ")";
      if (missing)
        throw InputError(experiments[e].file.source + ": --summarize: " + std::to_string(missing) + " of " +
                         std::to_string(states[e].size()) + " runs in " + experiments[e].file.out.string() +
                         " are not complete, first " + first + "; run the shards that own them first");
    }
    write_summaries(experiments);
    return 0;
  }
  if (shard.second > 1) {
    // Runs K, K+N, ... of the grids taken together, in grid order: every shard gets its share of
    // each experiment, and the shards together are exactly the grid.
    std::size_t index = 0;
    for (BatchExperiment& e : experiments) {
      std::vector<PlannedRun> mine;
      for (PlannedRun& r : e.runs)
        if (index++ % shard.second == shard.first - 1) mine.push_back(std::move(r));
      e.runs = std::move(mine);
    }
  }

  // Dry run: the plan from the files and the folders as they are; nothing is built or written.
  // Otherwise every run to do is built and checked before anything is printed or run.
  std::unique_ptr<BatchPlan> plan;
  if (!dry_run) plan = std::make_unique<BatchPlan>(experiments, settings);
  const auto states = plan ? plan->states() : batch_states(experiments, settings.force);
  if (!settings.quiet || dry_run) {
    out << "latnas run: " << version_string() << "\n";
    for (std::size_t e = 0; e < experiments.size(); ++e) {
      const ExperimentFile& x = experiments[e].file;
      std::map<RunState, std::size_t> count;
      for (RunState s : states[e]) ++count[s];
      out << x.name << " (" << x.source << "): " << experiments[e].runs.size() << " run"
          << (experiments[e].runs.size() == 1 ? "" : "s") << ", " << axes_text(x) << "; out " << x.out.string() << "\n";
      if (!x.description.empty()) out << "  " << x.description << "\n";
      out << "  " << count[RunState::complete] << " complete (skipped), "
          << count[RunState::absent] + count[RunState::partial] + count[RunState::changed] << " to run";
      if (count[RunState::partial]) out << " (" << count[RunState::partial] << (settings.force ? " forced" : " partial") << ")";
      if (count[RunState::changed]) out << " (" << count[RunState::changed] << " with changed options)";
      out << "\n";
      if (!dry_run) continue;
      TextTable t({"run", "state", "folder"});
      for (std::size_t r = 0; r < experiments[e].runs.size(); ++r)
        t.add({experiments[e].runs[r].id, to_string(states[e][r]), experiments[e].runs[r].options.out});
      t.print(out);
    }
    out << std::flush;
  }
  if (dry_run) return 0;

  const BatchOutcome outcome = plan->run(out);
  if (outcome.interrupted) {
    out << "interrupted: the runs in progress stopped early and will rerun; run the same command again to resume\n";
    return kInterrupted;
  }
  if (shard.second > 1) {
    std::size_t mine = 0;
    for (const BatchExperiment& e : experiments) mine += e.runs.size();
    out << "shard " << shard.first << "/" << shard.second << ": " << mine << " run" << (mine == 1 ? "" : "s")
        << " complete; when every shard is done, `latnas run " << names.front() << (names.size() > 1 ? " ..." : "")
        << " --summarize` (with the same options) writes the summary\n";
    return 0;
  }
  write_summaries(experiments);
  return 0;
}

}  // namespace latnas
