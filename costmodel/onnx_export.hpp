#pragma once
#include <cstdint>
#include <string>

#include "costmodel/network.hpp"

namespace latnas {

struct OnnxExportOptions {
  bool weights = true;     // false: weights are graph inputs with their shapes and no data (tiny files,
                           // checked and shape-inferred like any model; trtexec needs the weights)
  std::uint64_t seed = 1;  // weights are drawn from search::Rng streams derived from it
};

// The network's graph as an ONNX model (opset 13, IR version 7), serialized: input "input"
// [1, 3, res, res], output "logits" [1, classes]. One ONNX node per op (an activation may take two:
// swish = x * Sigmoid(x), hard-swish = x * HardSigmoid(x), as opset 13 has no HardSwish); BN kept as
// BatchNormalization; SE as GlobalAveragePool, Conv, act, Conv, gate, Mul; the classifier as
// Flatten + Gemm. Conv and pool pads are k/2 on every side, which gives latnas's ceil(H / s).
// Node names are op_labels(). Conv and Gemm weights are uniform in +-1/sqrt(fan in) (PyTorch's
// default bound), BN is the identity (scale 1, bias 0, mean 0, var 1): byte-identical files for one
// seed. Parameters of the file: every initializer except BN's running mean and variance.
std::string export_onnx(const Network& net, const OnnxExportOptions& options = {});

}  // namespace latnas
