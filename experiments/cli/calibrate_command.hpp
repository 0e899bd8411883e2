#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace latnas {

// `latnas calibrate`: fits a device profile's GPU rows (and optional fixed costs) to measured
// latencies, writes the profile and a report of held-out (k-fold) errors before and after
// calibration as text, JSON and SVG (README.md, "Calibrating the latency model").
int run_calibrate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latnas
