#include "experiments/cli/search_command.hpp"

#include <filesystem>

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>

#include "costmodel/error.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/cli/progress.hpp"
#include "experiments/nas/interrupt.hpp"
#include "experiments/nas/search_outputs.hpp"
#include "experiments/nas/search_run.hpp"
#include "experiments/nas/search_state_file.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"
#include "spaces/config_file.hpp"

namespace po = boost::program_options;

namespace latnas {

void apply_search_config(SearchOptions& options, const std::string& path) {
  const ConfigFile file = ConfigFile::load(path);
  for (const ConfigSection& section : file.sections()) {
    if (section.name() != "search")
      throw InputError(file.source() + ":" + std::to_string(section.line()) + ": unknown section [" + section.name() +
                       "], expected [search]");
    std::map<std::string, const ConfigEntry*> seen;
    for (const ConfigEntry& e : section.entries()) {
      std::string key = e.key;
      std::replace(key.begin(), key.end(), '_', '-');
      if (const auto [it, fresh] = seen.emplace(key, &e); !fresh)
        throw InputError(section.where(e.key) + ": set twice: as '" + it->second->key + "' on line " +
                         std::to_string(it->second->line) + " and as '" + e.key + "' on line " + std::to_string(e.line) +
                         " ('_' and '-' are the same in keys): give it once");
      try {
        if (e.key == "init") {  // a list in a file; canonical strings hold no commas
          for (const std::string& item : section.get_list("init")) apply_search_option(options, "init", item);
        } else {
          apply_search_option(options, e.key, e.value);
        }
      } catch (const InputError& ex) {
        throw InputError(section.where(e.key) + ": " + ex.what());
      }
    }
  }
}

int run_search_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description opts("latnas search options");
  opts.add_options()("config", po::value<std::string>()->value_name("FILE"),
                     "INI file with a [search] section of these options; the command line wins")(
      "resume", po::bool_switch(),
      "continue the run saved in --out (state.latnas) up to the new bounds if only evaluations or generations changed; "
      "otherwise start from zero, saying why");
  for (const SearchOptionSpec& s : search_option_specs()) {
    const std::string key(s.key);
    if (key == "init")
      opts.add_options()(key.c_str(), po::value<std::vector<std::string>>()->composing()->value_name(std::string(s.value)),
                         std::string(s.help).c_str());
    else if (key == "quiet")
      opts.add_options()(key.c_str(), po::bool_switch(), std::string(s.help).c_str());
    else
      opts.add_options()(key.c_str(), po::value<std::string>()->value_name(std::string(s.value)), std::string(s.help).c_str());
  }
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm,
                          "usage: latnas search [--space NAME|FILE] [--latency-ms MS] [--evaluations N] [--seed S] "
                          "[--out DIR] [--resume] [--config FILE] ...\n\nWith no options: the efficientnet space, a 10 ms GPU budget, "
                          "the default accuracy proxy, 2M evaluations.",
                          out))
    return 0;

  SearchOptions options;
  if (vm.count("config")) apply_search_config(options, vm["config"].as<std::string>());
  for (const SearchOptionSpec& s : search_option_specs()) {
    const std::string key(s.key);
    if (!vm.count(key) || vm[key].defaulted()) continue;
    try {
      if (key == "init") {
        options.init.clear();
        for (const std::string& v : vm[key].as<std::vector<std::string>>()) apply_search_option(options, key, v);
      } else if (key == "quiet") {
        if (vm[key].as<bool>()) options.quiet = true;
      } else {
        apply_search_option(options, key, vm[key].as<std::string>());
      }
    } catch (const InputError& e) {
      throw InputError("--" + std::string(e.what()));
    }
  }

  // A folder holding an earlier run's outputs is reused (that is what --out means), but not silently.
  bool replaces = false;
  {
    std::error_code ec;
    for (const char* f : {"pareto.csv", "run.json", "history.csv"})
      replaces = replaces || std::filesystem::exists(std::filesystem::path(options.out) / f, ec);
  }
  const SearchRun run(options);
  const SearchOptions& o = run.options();
  // --resume: a malformed state file is an error (exit 2); a state that cannot be continued
  // exactly is not, the run then starts from zero and says why.
  std::optional<SavedSearch> saved;
  if (vm["resume"].as<bool>()) {
    const std::filesystem::path file = std::filesystem::path(o.out) / kStateFile;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
      err << "latnas search: --resume: no " << file.string() << " (no finished run there); starting from zero\n";
    } else {
      SavedSearch s = read_search_state(file, run);
      if (auto why = run.why_not_resumable(s))
        err << "latnas search: --resume: starting from zero: " << *why << "\n";
      else
        saved = std::move(s);
    }
    replaces = replaces && !saved;
  }
  if (replaces)
    err << "latnas search: warning: " << o.out << " holds the outputs of an earlier run; they will be replaced"
        << (vm["resume"].as<bool>() ? "" : " (--resume continues it instead when only evaluations or generations changed)")
        << "\n" << std::flush;
  out << "latnas search: " << version_string() << "\n";
  for (const auto& [k, v] : describe(o)) out << "  " << k << std::string(24 - k.size(), ' ') << v << "\n";
  out << "  space size              " << run.space_size().to_string() << " networks\n"
      << "  hypervolume reference   (" << format_real(run.reference_point()[0]) << " ms, "
      << format_real(-run.reference_point()[1]) << " %): " << run.reference_note() << "\n"
      << std::flush;

  InterruptGuard interrupt;
  ProgressReporter progress(err, ::isatty(STDERR_FILENO) != 0, run.total_evaluations_bound());
  search::RunControls controls;
  if (!o.quiet) controls.observer = [&](const search::GenerationLog& log) { progress(log); };
  controls.stop = interrupt.flag();
  if (saved) out << "continuing from " << group_digits(saved->state.evaluations) << " evaluations\n" << std::flush;
  const SearchOutcome outcome = saved ? run.resume(std::move(*saved), controls) : run.run(controls);
  if (!o.quiet) progress.finish();
  const auto rows = front_rows(run, outcome);
  const auto written = write_search_outputs(run, outcome, rows);

  const auto& r = outcome.result;
  if (r.stagnated)
    out << "stagnated: no hypervolume gain in the last " << o.stop_after_stagnant << " generations; stopped there\n";
  if (r.stopped_early) out << "interrupted: stopped at the end of a generation; the outputs hold everything so far\n";
  out << "\n" << r.evaluations << " evaluations (" << r.repeats << (r.repeats_exact ? "" : " or more")
      << " of networks already seen) in " << fixed(outcome.wall_seconds, 2) << " s: "
      << group_digits(static_cast<unsigned long long>(
             outcome.wall_seconds > 0 ? double(r.evaluations - outcome.continued_from) / outcome.wall_seconds : 0))
      << " evaluations/s on " << o.threads << " thread(s)\n"
      << "Pareto front: " << rows.size() << " networks within the " << format_real(o.budget.latency_ms)
      << " ms budget; hypervolume " << format_real(r.logs.empty() ? 0.0 : r.logs.back().hypervolume) << "\n\n";
  const std::string second = second_proxy_name(run);
  TextTable t({"GPU ms", "top-1 %", second + " %", "MACs", "params", "res", "arch"});
  const std::size_t show = 12;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // The cheapest, the most accurate, and evenly spaced ones between them.
    if (rows.size() > show && i != rows.size() - 1 && i % ((rows.size() + show - 1) / show) != 0) continue;
    const FrontRow& f = rows[i];
    const bool given = std::string_view(f.score.accuracy_source) != "proxy";
    t.add({fixed(f.score.gpu_ms, 3),
           fixed(f.score.accuracy, 2) + (given ? " (" + std::string(f.score.accuracy_source) + ")" : f.score.accuracy_in_range ? "" : "*"),
           fixed(f.second_accuracy, 2), group_digits(f.score.macs), group_digits(f.score.params), std::to_string(f.spec.resolution),
           canonical_string(f.spec)});
  }
  t.print(out);
  out << "\n(top-1 is a prediction of the '" << run.scorer().proxy().name()
      << "' accuracy proxy, not a measurement, unless marked (table) or (command); * = outside the proxy's domain of\n"
      << "validity" << (o.budget.trust_region ? "" : ", allowed by --trust-region off") << "; " << second
      << " % is the other proxy's prediction, shown so that disagreement is visible)\n";
  for (const auto& p : written) out << "wrote " << p.string() << "\n";
  // Interrupted: the outputs are complete for what ran, but a script must not take the run for a
  // finished one (128 + SIGINT, as a shell reports it; `latnas run` does the same).
  return r.stopped_early ? 130 : 0;
}

}  // namespace latnas
