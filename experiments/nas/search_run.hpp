#pragma once
#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/scorer.hpp"
#include "experiments/nas/nas_problem.hpp"
#include "experiments/nas/search_options.hpp"
#include "search/algorithm.hpp"
#include "search/result.hpp"
#include "search/run_controls.hpp"
#include "search/search_state.hpp"
#include "search/settings.hpp"
#include "spaces/space_size.hpp"

namespace latnas {

struct SearchOutcome {
  search::Result<Genome> result;
  double wall_seconds = 0.0;  // of this call (a continued run: without the run it continued)
  std::uint64_t continued_from = 0;  // evaluations of the saved run it continued; 0 for a new run
};

// A run saved by an earlier SearchRun (state.latnas, see search_state_file.hpp).
struct SavedSearch {
  std::string fingerprint;  // SearchRun::resume_fingerprint() of the run that saved it
  search::Algorithm algorithm = search::Algorithm::nsga2;
  search::SearchState<Genome> state;
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

  // What a saved run must share with this one to be continued by it: the fingerprint of every
  // option that decides results except the bounds (evaluations, generations).
  std::string resume_fingerprint() const;
  // Why continuing `saved` would not give run()'s result, or nothing: options other than the
  // bounds differ, or fewer evaluations or generations are asked than were done.
  std::optional<std::string> why_not_resumable(const SavedSearch& saved) const;
  // Continues `saved` up to this run's bounds, with run()'s result. Throws InputError("cannot
  // continue: " + why_not_resumable) when it would not be exact.
  SearchOutcome resume(SavedSearch saved, const search::RunControls& controls = {}) const;

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
