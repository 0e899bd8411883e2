#include "experiments/batch/run_marker.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "costmodel/csv_table.hpp"
#include "experiments/nas/run_fingerprint.hpp"
#include "experiments/outputs/text_output.hpp"

namespace latnas {
namespace {

std::string read_all(const std::filesystem::path& p, bool& ok) {
  std::ifstream in(p, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  if (ok) s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string run_fingerprint(const SearchOptions& options) { return options_fingerprint(options, true); }

RunState run_state(const std::filesystem::path& folder, const std::string& fingerprint) {
  std::error_code ec;
  if (!std::filesystem::exists(folder, ec)) return RunState::absent;
  bool ok = false;
  const std::string marker = read_all(folder / kCompleteMarker, ok);
  if (!ok) return RunState::partial;
  if (marker.find("\nfingerprint " + fingerprint + "\n") == std::string::npos) return RunState::changed;
  // The outputs the summary reads must be whole (they were written before the marker, atomically;
  // this only guards against hand edits).
  try {
    const std::string json = read_all(folder / "run.json", ok);
    if (!ok) return RunState::partial;
    if (!nlohmann::json::accept(json)) return RunState::partial;
    const std::string csv = read_all(folder / "pareto.csv", ok);
    if (!ok) return RunState::partial;
    (void)CsvTable::parse(csv, "pareto.csv").column("accuracy_proxy");
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
