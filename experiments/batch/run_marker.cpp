#include "experiments/batch/run_marker.hpp"

#include <nlohmann/json.hpp>

#include "costmodel/csv_table.hpp"
#include "experiments/nas/run_fingerprint.hpp"
#include "experiments/outputs/text_output.hpp"

namespace latnas {
namespace {

}  // namespace

std::string run_fingerprint(const SearchOptions& options) { return options_fingerprint(options, true); }

RunState run_state(const std::filesystem::path& folder, const std::string& fingerprint) {
  std::error_code ec;
  if (!std::filesystem::exists(folder, ec)) return RunState::absent;
  const std::optional<std::string> marker = read_whole_file(folder / kCompleteMarker);
  if (!marker) return RunState::partial;
  if (marker->find("\nfingerprint " + fingerprint + "\n") == std::string::npos) return RunState::changed;
  // The outputs the summary reads must be whole (they were written before the marker, atomically;
  // this only guards against hand edits).
  try {
    const std::optional<std::string> json = read_whole_file(folder / "run.json");
    if (!json || !nlohmann::json::accept(*json)) return RunState::partial;
    const std::optional<std::string> csv = read_whole_file(folder / "pareto.csv");
    if (!csv) return RunState::partial;
    (void)CsvTable::parse(*csv, "pareto.csv").column("accuracy_proxy");
  } catch (const std::exception&) {
    return RunState::partial;
  }
  return RunState::complete;
}

const char* to_string(RunState state) {
  switch (state) {
    case RunState::absent: return "new";
    case RunState::partial: return "partial";
    case RunState::changed: return "options changed";
    case RunState::complete: return "complete";
  }
  return "?";
}

void write_complete_marker(const std::filesystem::path& folder, const SearchOptions& options) {
  write_file_atomically(folder / kCompleteMarker, "latnas run: this run finished; its outputs were written before this file\n"
                                                  "fingerprint " + run_fingerprint(options) + "\n" +
                                                  options_fingerprint_text(options, true));
}

}  // namespace latnas
