#include "experiments/search_run.hpp"

#include <chrono>
#include <fstream>
#include <limits>
#include <thread>
#include <unistd.h>

#include "costmodel/error.hpp"
#include "experiments/network_input.hpp"
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

  // The hypervolume's reference point: the budget, and the lowest accuracy proxy of the space.
  double lowest = std::numeric_limits<double>::infinity();
  if (!size_.exceeds(enumerable)) {
    SpaceEnumerator all(*space_);
    Genome g;
    while (all.next(g)) lowest = std::min(lowest, problem_->proxy_score(g).accuracy);
    reference_note_ = "lowest accuracy proxy of the space, exact (all " + size_.decimal + " networks enumerated)";
  } else {
    const auto extremes = find_extremes(*space_, *scorer_);
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

SearchOutcome SearchRun::run(const search::RunControls& controls) const {
  const auto start = std::chrono::steady_clock::now();
  SearchOutcome out{search::run_search(options_.algorithm, *problem_, settings_, initial_, controls), 0.0};
  out.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace latnas
