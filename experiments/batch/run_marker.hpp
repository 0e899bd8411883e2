#pragma once
#include <filesystem>
#include <string>

#include "experiments/nas/search_options.hpp"

namespace latnas {

// The file a finished run writes last, after all its outputs: a run folder without it is partial.
inline constexpr const char* kCompleteMarker = "complete";

// A digest of what decides a run's results: its options except out, threads and quiet (the
// engine's results do not depend on the thread count), with the default proxy resolved; the
// definition of the space (built-in or file) and the contents of a device file; and EfficientNet-B0's
// latency and proxy accuracy under the run's device and proxy, which change with the latency table,
// the calibration data or the proxy's recipe. A changed experiment file changes it; a change inside
// the search engine does not (use --force).
std::string run_fingerprint(const SearchOptions& options);

enum class RunState {
  absent,    // no folder yet
  partial,   // a folder without the marker (killed, interrupted, or failed): cleared and rerun
  changed,   // complete, but for other options: cleared and rerun
  complete,  // marker with this fingerprint, run.json and pareto.csv readable: skipped
};
RunState run_state(const std::filesystem::path& folder, const std::string& fingerprint);
const char* to_string(RunState state);

// Writes the marker (atomically): the fingerprint and the options it was made from.
void write_complete_marker(const std::filesystem::path& folder, const SearchOptions& options);

}  // namespace latnas
