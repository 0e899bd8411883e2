#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "experiments/batch/experiment_file.hpp"
#include "experiments/nas/search_options.hpp"

namespace latnas {

// One combination of an experiment's sweep: its id, its options (out = OUT/runs/ID) and the values
// of the swept keys that made it.
struct PlannedRun {
  std::string id;
  SearchOptions options;
  std::vector<std::pair<std::string, std::string>> swept;  // (key, value as given)
};

// Every combination of the sweep, the first [sweep] key varying slowest (file order), each with
// the [search] options applied first. Run ids are readable and derived from the values only:
//   SPACE-DEVICE[-PROXY][-ALGORITHM]-latMS[-macsN][-paramsN][-popN][-genN][-evN][-mutP][-xpP][-xKIND]-seedS
// (space and device as given, a file by its stem; the bracketed parts only for swept keys).
// Throws InputError when two runs would get the same id.
std::vector<PlannedRun> expand_grid(const ExperimentFile& experiment);

// The folder of a run, and the file that marks it complete.
std::filesystem::path run_folder(const std::filesystem::path& out, const std::string& run_id);

}  // namespace latnas
