#pragma once
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "experiments/batch/experiment_file.hpp"
#include "experiments/batch/run_grid.hpp"
#include "experiments/batch/run_marker.hpp"
#include "experiments/nas/search_run.hpp"

namespace latnas {

// An experiment file with its runs.
struct BatchExperiment {
  ExperimentFile file;
  std::vector<PlannedRun> runs;
};

struct BatchSettings {
  std::size_t jobs = 0;  // runs at a time; 0: one per core (at most one per run to do)
  bool force = false;    // rerun complete runs too
  bool quiet = false;    // no line per finished run
  std::string shard;     // "K-of-N" when this is one shard of the grid (latnas run --shard K/N)
};

struct BatchOutcome {
  std::size_t ran = 0;      // runs computed now (to the end)
  std::size_t skipped = 0;  // complete before, left as they were
  bool interrupted = false;  // Ctrl-C: the runs in progress stopped early, no new one started
};

class FolderLock;

// The work of a `latnas run`: every run not yet complete (resume), built and checked.
//
// Construction does everything that can fail on bad input, before any run starts: it creates each
// output folder and proves it writable, builds every run to do (SearchRun checks its options,
// space, device, proxy and initial networks) and locks each experiment's out folder against a
// second `latnas run`. An error throws InputError naming the experiment (and run) and removes the
// folders made so far.
//
// A run whose threads are not set gets (cores / jobs) threads. Results do not depend on jobs or
// threads: every run is computed alone, and the engine's results do not depend on its thread count.
class BatchPlan {
 public:
  BatchPlan(const std::vector<BatchExperiment>& experiments, const BatchSettings& settings);
  ~BatchPlan();
  BatchPlan(const BatchPlan&) = delete;
  BatchPlan& operator=(const BatchPlan&) = delete;

  // Per experiment, each run's state on disk before this plan touched anything.
  const std::vector<std::vector<RunState>>& states() const { return states_; }
  std::size_t runs_to_do() const { return tasks_.size(); }
  std::size_t jobs() const { return jobs_; }

  // Clears the folders of partial runs and of runs whose options changed, then runs every run to
  // do, `jobs` at a time, each into its own folder: the outputs of `latnas search`
  // (search_outputs.hpp), then the completion marker, last. Ctrl-C stops the runs in progress at
  // the end of a generation (their outputs are kept, without a marker) and starts no new one.
  BatchOutcome run(std::ostream& out);

 private:
  struct Task {
    const ExperimentFile* experiment;
    PlannedRun plan;  // threads set
    RunState state;
    std::unique_ptr<SearchRun> run;
  };
  BatchSettings settings_;
  std::vector<std::vector<RunState>> states_;
  std::vector<Task> tasks_;
  std::vector<std::unique_ptr<FolderLock>> locks_;
  std::size_t jobs_ = 1, threads_ = 1, skipped_ = 0;
};

// Each run's state on disk (with --force every existing folder counts as partial).
std::vector<std::vector<RunState>> batch_states(const std::vector<BatchExperiment>& experiments, bool force);

// Runs at a time when not given: one per core, at most the number of runs to do.
std::size_t default_jobs(std::size_t runs_to_do);

}  // namespace latnas
