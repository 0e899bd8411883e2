#pragma once
#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "costmodel/scorer.hpp"
#include "experiments/nas/nas_problem.hpp"
#include "experiments/nas/search_options.hpp"
#include "search/result.hpp"
#include "search/run_controls.hpp"
#include "search/settings.hpp"
#include "spaces/space_size.hpp"

namespace latnas {

struct SearchOutcome {
  search::Result<Genome> result;
  double wall_seconds = 0.0;
};

// One search, built from its options: the space, the scorer, the problem, the engine's settings,
// the initial networks and the hypervolume reference point. Every option is checked here, before
// any work (the output folder too); run() then only computes. Not copyable: the problem refers to
// the space and scorers it holds.
class SearchRun {
 public:
  explicit SearchRun(SearchOptions options);
  SearchRun(const SearchRun&) = delete;
  SearchRun& operator=(const SearchRun&) = delete;

  SearchOutcome run(const search::RunControls& controls = {}) const;

  // The options with every default resolved (proxy, threads, mutation rate, bounds).
  const SearchOptions& options() const { return options_; }
  const SearchSpace& space() const { return *space_; }
  const SpaceSize& space_size() const { return size_; }
  const Scorer& scorer() const { return *scorer_; }
  const NasProblem& problem() const { return *problem_; }
  const search::Settings& settings() const { return settings_; }
  const std::vector<Genome>& initial() const { return initial_; }
  // (budget, -lowest accuracy proxy of the space), and how the lowest proxy was found.
  const std::array<double, 2>& reference_point() const { return reference_; }
  const std::string& reference_note() const { return reference_note_; }
  std::uint64_t total_evaluations_bound() const;

 private:
  SearchOptions options_;
  std::unique_ptr<SearchSpace> space_;
  SpaceSize size_;
  std::unique_ptr<Scorer> scorer_;
  std::unique_ptr<SpaceScorer> space_scorer_;
  std::unique_ptr<NasProblem> problem_;
  search::Settings settings_;
  std::vector<Genome> initial_;
  std::array<double, 2> reference_{};
  std::string reference_note_;
};

// Creates the folder if needed and proves it writable; InputError naming it otherwise.
void ensure_writable_folder(const std::filesystem::path& dir);

}  // namespace latnas
