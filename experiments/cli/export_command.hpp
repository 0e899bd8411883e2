#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace latnas {

// `latnas export`: a network out of latnas, as ONNX (opset 13, seeded random weights), a
// self-contained PyTorch module, or Once-for-All's subnet config (ofa-mbv3 networks).
//   --arch S | --model NAME | --onnx FILE: one network, written to -o PATH;
//   --front pareto.csv [--rows 1,3-5]: the listed rows (1-based, default all), one file per row
//   in the folder -o DIR, named row<N>.onnx / row<N>.py / row<N>.json.
int run_export_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latnas
