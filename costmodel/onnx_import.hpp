#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/network.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/network_spec.hpp"

namespace latnas {

// An ONNX model read into the network graph, its latency units recognised.
//
// Reading: the file is checked (onnx::checker) and its shapes inferred (onnx::shape_inference)
// from a static input [1, C, R, R] (the first graph input that is not an initializer; later ones
// are weights given at run time, as in shape-only files); each node becomes a graph op: Conv (square kernel, no
// dilation), BatchNormalization, activations (Relu, Clip, Sigmoid, HardSigmoid, HardSwish, Tanh,
// Softplus, LeakyRelu, Elu, Selu; x * act(x) is one activation, as is arithmetic with a scalar
// constant), MaxPool, GlobalAveragePool (or ReduceMean over H and W), Add of two maps, Mul of a map
// by a per-channel gate (SE), Gemm or MatMul (+ Add bias), and Flatten/Reshape/Squeeze/Identity/
// Dropout as pass-through. Any other operator is an InputError naming the node. Each op's shape from
// the file must equal latnas's ('same' padding, ceil(H / s)).
//
// Counting: the project's rules (counting.hpp) on the ops as the file has them. Parameters are conv
// weights and biases, BN scale and shift (2 per channel; running mean and variance are not
// parameters), Gemm/MatMul weights and biases. In a BN-folded export (torch.onnx.export in eval
// mode) the BNs are gone and each conv carries a bias: its count is the file's, out_channels more
// per conv than weights alone instead of 2 per channel of BN.
//
// Units (the latency model's): a depthwise conv (groups = in = out channels) with its 1x1 expansion
// conv (one whose only consumer path leads to it), its SE, its 1x1 projection and its residual add
// is one `mbconv` unit; a depthwise conv with no projection after it is `depthwise`; any other conv
// on a feature map, with its BN (kept or folded), activation and a following max pool, is
// `conv_bn`; a conv on a pooled 1x1 map outside an SE (MobileNetV3's after-pool head) is `conv`;
// Gemm/MatMul is `matmul`. Ops without counts (adds, activations, pools) join the unit of their input.
struct OnnxImport {
  OnnxImport() = default;
  OnnxImport(OnnxImport&&) = default;  // unit names point into `names`, which moves along
  OnnxImport& operator=(OnnxImport&&) = default;
  OnnxImport(const OnnxImport&) = delete;
  OnnxImport& operator=(const OnnxImport&) = delete;

  std::string source;
  int resolution = 0;
  int classes = 0;
  bool bn_folded = false;        // no BatchNormalization node and some conv with a bias
  std::vector<std::string> names;  // unit names (UnitPlace::role points here)
  std::vector<UnitCount> units;
  CountTotals totals;
  std::optional<Network> network;  // the graph with its shapes and counts
  // The network as an architecture string, when the graph is one latnas can write (recovered from
  // the units and checked: rebuilding it gives the same units, patterns and MACs, and the same
  // parameters unless BN is folded).
  std::optional<NetworkSpec> spec;
};

// Reads an ONNX file; InputError "FILE: ..." naming the node or problem.
OnnxImport import_onnx(const std::filesystem::path& file);
OnnxImport import_onnx_bytes(std::string_view bytes, const std::string& source);

}  // namespace latnas
