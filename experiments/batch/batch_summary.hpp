#pragma once
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiments/batch/experiment_file.hpp"
#include "experiments/batch/run_grid.hpp"

namespace latnas {

// What one finished run found, read back from its folder (run.json and pareto.csv), so a run done
// now and one done before a resume are summarised alike.
struct RunResult {
  std::string id;
  std::vector<std::pair<std::string, std::string>> config;  // run.json "config": resolved options
  std::uint64_t evaluations = 0;
  std::size_t front_size = 0;
  double hypervolume = 0;
  double wall_seconds = 0;
  // The most accurate network of the front (all within the budget); none when no network fitted.
  struct Best {
    std::string accuracy, gpu_ms, macs, params, arch, in_range;  // as pareto.csv has them
  };
  std::optional<Best> best;
  std::vector<std::string> front_header;
  std::vector<std::vector<std::string>> front;  // pareto.csv rows, by increasing latency

  std::string option(std::string_view key) const;
};

RunResult read_run_result(const PlannedRun& run);

// The files of a finished experiment (written atomically into its out folder):
//   summary.csv     one row per run, in run order;
//   pareto_all.csv  the non-dominated networks over all runs of each space, device and proxy, each
//                   row naming the run (and budget) that found it;
//   summary.svg     those merged fronts, with the built-in reference models and [compare] networks;
//   comparison.csv  only with [compare]: each run's best beside each compared network.
struct BatchSummary {
  std::vector<RunResult> runs;
  std::string summary_csv, pareto_all_csv, summary_svg, comparison_csv;
  std::vector<std::vector<std::string>> comparison;  // rows of comparison.csv, for printing
};

BatchSummary summarize(const ExperimentFile& experiment, const std::vector<PlannedRun>& runs);
std::vector<std::filesystem::path> write_batch_summary(const ExperimentFile& experiment, const BatchSummary& summary);
// The summary as aligned tables for a terminal.
void print_batch_summary(std::ostream& out, const ExperimentFile& experiment, const BatchSummary& summary);

}  // namespace latnas
