#pragma once
// An independent count of an ONNX model, from the protobuf alone (no latnas counting code), by the
// rules of spec/arch-strings.md: Conv MACs = output elements x (C_in / groups) x kh x kw, Gemm and
// MatMul MACs = in x out (batch 1); nothing else counts MACs (pools, BN, activations, SE's Mul, adds).
// Parameters = elements of every weight tensor (initializers, and graph inputs after the image in
// shape-only files) except BatchNormalization's running mean and variance (inputs 3 and 4), which
// are statistics, not parameters; scalar constants (Constant nodes) are not weights.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

namespace latnas::test {

struct OnnxCount {
  std::uint64_t macs = 0, params = 0;
};

inline OnnxCount count_onnx(onnx::ModelProto model) {
  onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), onnx::ShapeInferenceOptions(true, 1, false));
  const onnx::GraphProto& g = model.graph();
  std::map<std::string, std::vector<std::int64_t>> dims;
  auto record = [&](const onnx::ValueInfoProto& v) {
    std::vector<std::int64_t> d;
    for (const auto& x : v.type().tensor_type().shape().dim()) d.push_back(x.dim_value());
    dims[v.name()] = d;
  };
  for (const auto& v : g.value_info()) record(v);
  for (const auto& v : g.output()) record(v);
  std::set<std::string> weights;
  for (const auto& t : g.initializer()) {
    dims[t.name()] = std::vector<std::int64_t>(t.dims().begin(), t.dims().end());
    weights.insert(t.name());
  }
  for (int i = 1; i < g.input_size(); ++i) {  // input 0 is the image
    record(g.input(i));
    weights.insert(g.input(i).name());
  }
  auto elements = [&](const std::string& name) {
    std::uint64_t n = 1;
    for (auto d : dims.at(name)) n *= std::uint64_t(d);
    return n;
  };
  OnnxCount c;
  std::set<std::string> statistics;
  for (const auto& n : g.node()) {
    if (n.op_type() == "Conv") {
      const auto& w = dims.at(n.input(1));
      c.macs += elements(n.output(0)) * std::uint64_t(w[1] * w[2] * w[3]);
    } else if (n.op_type() == "Gemm" || n.op_type() == "MatMul") {
      c.macs += elements(n.input(1));
    } else if (n.op_type() == "BatchNormalization") {
      statistics.insert(n.input(3));
      statistics.insert(n.input(4));
    }
  }
  for (const std::string& w : weights)
    if (!statistics.count(w)) c.params += elements(w);
  return c;
}

}  // namespace latnas::test
