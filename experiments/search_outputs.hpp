#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/search_run.hpp"

namespace latnas {

// One network of a front, fully scored.
struct FrontRow {
  Genome genome;
  NetworkSpec spec;
  Score score;
};

// The archive of a finished search as scored rows, by increasing GPU latency.
std::vector<FrontRow> front_rows(const SearchRun& run, const SearchOutcome& outcome);

// The CSV of a front (pareto.csv): arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy_proxy,
// accuracy_proxy_in_range,edge_units,genome.
std::string pareto_csv(const SearchRun& run, const std::vector<FrontRow>& rows);
std::string history_csv(const SearchOutcome& outcome);
std::string run_json(const SearchRun& run, const SearchOutcome& outcome, std::size_t front_size);

// The built-in MBConv models as labelled points (GPU ms, accuracy proxy) for plots.
struct ReferencePoint {
  std::string name;
  double gpu_ms = 0, accuracy = 0;
};
std::vector<ReferencePoint> reference_models(const Scorer& scorer);

std::string pareto_svg(const SearchRun& run, const std::vector<FrontRow>& rows);

// Writes pareto.csv, history.csv, run.json and pareto.svg into the run's --out folder, each to a
// temporary name and then renamed. `rows` are front_rows(run, outcome), which callers also list.
// Returns the paths written.
std::vector<std::filesystem::path> write_search_outputs(const SearchRun& run, const SearchOutcome& outcome,
                                                        const std::vector<FrontRow>& rows);

}  // namespace latnas
