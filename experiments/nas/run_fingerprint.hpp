#pragma once
#include <string>

#include "experiments/nas/search_options.hpp"

namespace latnas {

// The lines that decide a run's results: its fingerprinted options (all but out, threads and
// quiet), with the default proxy resolved; the definition of the space (built-in or file) and
// the contents of a device file; and EfficientNet-B0's latency and proxy accuracy under the run's
// device and proxy, which change with the latency table, the calibration data or the proxy's
// recipe. Without bounds: all but evaluations and generations, what a continued run must share
// with the run it continues (state.latnas records it).
std::string options_fingerprint_text(const SearchOptions& options, bool with_bounds);
// A 16-hex-digit digest of options_fingerprint_text.
std::string options_fingerprint(const SearchOptions& options, bool with_bounds);

}  // namespace latnas
