#include "experiments/nas/search_run.hpp"

#include <cstdio>

#include <chrono>
#include <fstream>
#include <limits>
#include <thread>
#include <unistd.h>

#include "costmodel/error.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/nas/run_fingerprint.hpp"
#include "search/algorithm.hpp"
#include "spaces/enumeration.hpp"
#include "spaces/space_extremes.hpp"
#include "spaces/space_file.hpp"

namespace latnas {
namespace {

// Spaces up to this size are enumerated to find their lowest accuracy proxy exactly.
constexpr std::uint64_t enumerable = 2'000'000;

}  // namespace

void ensure_writable_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir))
    throw InputError("--out " + dir.string() + ": cannot create the folder" + (ec ? " (" + ec.message() + ")" : ""));
  const auto probe = dir / (".latnas-write-test-" + std::to_string(::getpid()));
  {
    std::ofstream f(probe);
    if (!f) throw InputError("--out " + dir.string() + ": the folder is not writable");
  }
  std::filesystem::remove(probe, ec);
}

SearchRun::SearchRun(SearchOptions o) : options_(std::move(o)) {
  if (options_.proxy.empty()) options_.proxy = proxy_names().front();
  if (options_.threads == 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
  if (!options_.generations && !options_.evaluations) options_.evaluations = SearchOptions::default_evaluations;

  check_search_options(options_);
  space_ = std::make_unique<SearchSpace>(resolve_space(options_.space));
  if (options_.mutation_rate == 0.0) options_.mutation_rate = 1.0 / static_cast<double>(space_->genome_length());
  size_ = latnas::space_size(*space_);
  scorer_ = std::make_unique<Scorer>(DeviceProfile::resolve(options_.device), make_proxy(options_.proxy));
  space_scorer_ = std::make_unique<SpaceScorer>(*space_, *scorer_);
  AccuracySources sources;
  if (!options_.accuracy_table.empty())
    sources.table = std::make_shared<const AccuracyTable>(options_.accuracy_table, *space_);
  if (!options_.accuracy_command.empty()) {
    if (sources.table) throw InputError("accuracy-table and accuracy-command: expected one of them, got both");
    sources.command = std::make_shared<AccuracyCommand>(options_.accuracy_command);
  }
  problem_ = std::make_unique<NasProblem>(*space_, *space_scorer_, options_.budget, options_.mutation_rate,
                                          options_.crossover, std::move(sources));
  if (options_.init.size() > options_.population)
    throw InputError("init: expected at most population (" + std::to_string(options_.population) + ") networks, got " +
                     std::to_string(options_.init.size()));
  for (const std::string& ref : options_.init) {
    NetworkSpec net;
    try {
      net = network_from_reference(ref);
    } catch (const InputError& e) {
      throw InputError("init '" + ref + "': " + e.what());
    }
    const auto genome = space_->encode(net);
    if (!genome) throw InputError("init '" + ref + "': not a member of the space '" + space_->name() + "'");
    initial_.push_back(*genome);
  }

  // A budget below the space's cheapest network can only give an empty front: refuse it before
  // any work, naming what the cheapest network needs (found exactly, by find_extremes).
  const auto extremes =
      space_scorer_->cached() ? find_extremes(space_scorer_->table()) : find_extremes(*space_, *scorer_);
  const auto check_bound = [&](Metric m, double bound, const std::string& option, const std::string& unit) {
    NetworkSpec spec;
    const Genome& g = extremes[static_cast<std::size_t>(m)].smallest;
    const Score cheapest = space_scorer_->score(g, spec);
    const double least = metric_of(cheapest, m);
    if (least > bound) {
      const bool count = m != Metric::gpu_ms;
      auto show = [&](double v) {
        char text[64];
        if (count)
          std::snprintf(text, sizeof text, "%.0f", v);
        else
          std::snprintf(text, sizeof text, "%.6g", v);
        return std::string(text) + unit;
      };
      std::string message = option + " " + show(bound) + ": no network of the space '" + space_->name() + "' fits: its " +
                            (m == Metric::gpu_ms ? "fastest" : m == Metric::macs ? "cheapest" : "smallest") + " network takes " +
                            show(least) + (m == Metric::gpu_ms ? " on " + options_.device : std::string()) + " (" +
                            canonical_string(spec) + ")";
      // A bare count far below any network is most likely a missing suffix.
      if (count && bound < 1e5) message += "; counts take the suffixes k, M, G (e.g. " + show(bound).substr(0, show(bound).find(' ')) + "M)";
      throw InputError(message);
    }
  };
  check_bound(Metric::gpu_ms, options_.budget.latency_ms, "latency-ms", " ms");
  if (options_.budget.max_macs) check_bound(Metric::macs, static_cast<double>(*options_.budget.max_macs), "max-macs", " MACs");
  if (options_.budget.max_params)
    check_bound(Metric::params, static_cast<double>(*options_.budget.max_params), "max-params", " parameters");

  // The hypervolume's reference point: the budget, and the lowest accuracy proxy of the space.
  double lowest = std::numeric_limits<double>::infinity();
  if (!size_.exceeds(enumerable)) {
    SpaceEnumerator all(*space_);
    Genome g;
    while (all.next(g)) lowest = std::min(lowest, problem_->proxy_score(g).accuracy);
    reference_note_ = "lowest accuracy proxy of the space, exact (all " + size_.decimal + " networks enumerated)";
  } else {
    lowest = problem_->proxy_score(extremes[0].smallest).accuracy;  // Metric::macs
    reference_note_ = "accuracy proxy of the space's smallest network (fewest MACs)";
  }
  if (problem_->sources().command) {
    // Its numbers are not the proxy's and may lie below the proxy's lowest: the floor is 0 %.
    lowest = 0.0;
    reference_note_ = "0 % (accuracies come from --accuracy-command)";
  }
  reference_ = {options_.budget.latency_ms, -lowest};

  settings_.population = options_.population;
  settings_.crossover_probability = options_.crossover_probability;
  settings_.generations = options_.generations;
  settings_.evaluations = options_.evaluations;
  if (options_.stop_after_stagnant) settings_.stop_after_stagnant = options_.stop_after_stagnant;
  settings_.novelty_retries = options_.novelty_retries;
  settings_.seed = options_.seed;
  settings_.threads = options_.threads;
  settings_.reference_point = {reference_[0], reference_[1]};
  search::validate(settings_, problem_->objective_count());
  ensure_writable_folder(options_.out);
}

std::uint64_t SearchRun::total_evaluations_bound() const {
  std::uint64_t bound = std::numeric_limits<std::uint64_t>::max();
  if (options_.evaluations) bound = *options_.evaluations;
  if (options_.generations) bound = std::min<std::uint64_t>(bound, *options_.generations * options_.population);
  return bound;
}

std::string SearchRun::resume_fingerprint() const { return options_fingerprint(options_, false); }

std::optional<std::string> SearchRun::why_not_resumable(const SavedSearch& saved) const {
  if (saved.fingerprint != resume_fingerprint())
    return "its options differ in more than evaluations and generations (fingerprint " + saved.fingerprint +
           ", this run's " + resume_fingerprint() + ")";
  if (saved.algorithm != options_.algorithm)
    return "it was made by " + std::string(search::name_of(saved.algorithm)) + ", this run uses " +
           std::string(search::name_of(options_.algorithm));
  return search::why_not_resumable(options_.algorithm, *problem_, settings_, initial_, saved.state);
}

SearchOutcome SearchRun::resume(SavedSearch saved, const search::RunControls& controls) const {
  if (auto why = why_not_resumable(saved)) throw InputError("cannot continue: " + *why);
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t from = saved.state.evaluations;
  SearchOutcome out{search::resume_search(options_.algorithm, *problem_, settings_, initial_, std::move(saved.state), controls),
                    0.0, from};
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

SearchOutcome SearchRun::run(const search::RunControls& controls) const {
  const auto start = std::chrono::steady_clock::now();
  SearchOutcome out{search::run_search(options_.algorithm, *problem_, settings_, initial_, controls), 0.0};
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace latnas
