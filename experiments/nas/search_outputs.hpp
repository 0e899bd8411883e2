#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/nas/search_run.hpp"

namespace latnas {

// One network of a front, fully scored.
struct FrontRow {
  Genome genome;
  NetworkSpec spec;
  Score score;                  // accuracy: what the search used (the proxy's, or given from outside)
  double proxy_accuracy = 0.0;  // the run's proxy's prediction
  double second_accuracy = 0.0;  // the other shipped proxy's prediction, so disagreement shows
};

// The other shipped proxy beside the run's (flops beside calibrated, and the reverse).
std::string second_proxy_name(const SearchRun& run);

// The archive of a finished search as scored rows, by increasing GPU latency.
std::vector<FrontRow> front_rows(const SearchRun& run, const SearchOutcome& outcome);

// The CSV of a front (pareto.csv): arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy,
// accuracy_source,accuracy_proxy,accuracy_proxy_in_range,domain_distance,second_proxy,edge_units,genome.
std::string pareto_csv(const SearchRun& run, const std::vector<FrontRow>& rows);
std::string history_csv(const SearchOutcome& outcome);
std::string run_json(const SearchRun& run, const SearchOutcome& outcome, std::size_t front_size);

// The featured built-in MBConv models as labelled points for plots: at their published top-1
// (accuracy), with the proxy's prediction beside it; at the proxy's value (published false) for a
// model with no published result.
struct ReferencePoint {
  std::string name;
  double gpu_ms = 0, accuracy = 0, proxy = 0;
  bool published = false;
  std::string label() const;
};
std::vector<ReferencePoint> reference_models(const Scorer& scorer);

std::string pareto_svg(const SearchRun& run, const std::vector<FrontRow>& rows);

// Writes pareto.csv, history.csv, run.json, pareto.svg and state.latnas (search_state_file.hpp) into the run's --out folder, each to a
// temporary name and then renamed. `rows` are front_rows(run, outcome), which callers also list.
// Returns the paths written.
std::vector<std::filesystem::path> write_search_outputs(const SearchRun& run, const SearchOutcome& outcome,
                                                        const std::vector<FrontRow>& rows);

}  // namespace latnas
