#include "costmodel/onnx_export.hpp"

#include <cmath>
#include <cstring>

#include <onnx/onnx_pb.h>

#include "costmodel/network_activations.hpp"
#include "costmodel/network_spec.hpp"
#include "costmodel/op_labels.hpp"
#include "search/rng.hpp"

namespace latnas {
namespace {

using Vertex = OpGraph::vertex_descriptor;

class Writer {
 public:
  Writer(onnx::GraphProto& graph, const OnnxExportOptions& options) : g_(graph), options_(options) {}

  onnx::NodeProto& node(const std::string& type, const std::string& name, std::initializer_list<std::string> inputs,
                        const std::string& output) {
    onnx::NodeProto& n = *g_.add_node();
    n.set_op_type(type);
    n.set_name(name);
    for (const std::string& i : inputs) n.add_input(i);
    n.add_output(output);
    return n;
  }
  static void ints(onnx::NodeProto& n, const std::string& name, std::initializer_list<std::int64_t> values) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INTS);
    for (auto v : values) a.add_ints(v);
  }
  static void integer(onnx::NodeProto& n, const std::string& name, std::int64_t value) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INT);
    a.set_i(value);
  }
  static void real(onnx::NodeProto& n, const std::string& name, float value) {
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::FLOAT);
    a.set_f(value);
  }
  // An initializer of uniform values in [-bound, bound] (bound > 0) or of a constant (bound == 0).
  std::string initializer(const std::string& name, std::initializer_list<std::int64_t> dims, double bound, float constant = 0.f) {
    std::int64_t count = 1;
    for (auto d : dims) count *= d;
    if (!options_.weights) {  // onnx.checker refuses initializers without data: a graph input instead
      onnx::ValueInfoProto& v = *g_.add_input();
      v.set_name(name);
      onnx::TypeProto_Tensor& t = *v.mutable_type()->mutable_tensor_type();
      t.set_elem_type(onnx::TensorProto::FLOAT);
      for (auto d : dims) t.mutable_shape()->add_dim()->set_dim_value(d);
    } else {
      onnx::TensorProto& t = *g_.add_initializer();
      t.set_name(name);
      t.set_data_type(onnx::TensorProto::FLOAT);
      for (auto d : dims) t.add_dims(d);
      std::vector<float> values(static_cast<std::size_t>(count), constant);
      if (bound > 0) {
        search::Rng rng(options_.seed, 0x6f6e6e78 /* "onnx" */, tensors_);
        for (float& v : values) v = static_cast<float>((2 * rng.uniform01() - 1) * bound);
      }
      std::string raw(values.size() * sizeof(float), '\0');
      std::memcpy(raw.data(), values.data(), raw.size());  // ONNX raw data is little-endian, as are x86 and ARM
      t.set_raw_data(std::move(raw));
    }
    ++tensors_;
    return name;
  }
  std::string scalar_constant(const std::string& name, float value) {
    onnx::NodeProto& n = *g_.add_node();
    n.set_op_type("Constant");
    n.set_name(name);
    n.add_output(name);
    onnx::AttributeProto& a = *n.add_attribute();
    a.set_name("value");
    a.set_type(onnx::AttributeProto::TENSOR);
    onnx::TensorProto& t = *a.mutable_t();
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_float_data(value);
    return name;
  }

 private:
  onnx::GraphProto& g_;
  const OnnxExportOptions& options_;
  std::uint64_t tensors_ = 0;
};

void value_info(onnx::ValueInfoProto& v, const std::string& name, std::initializer_list<std::int64_t> dims) {
  v.set_name(name);
  onnx::TypeProto_Tensor& t = *v.mutable_type()->mutable_tensor_type();
  t.set_elem_type(onnx::TensorProto::FLOAT);
  for (auto d : dims) t.mutable_shape()->add_dim()->set_dim_value(d);
}

std::vector<Vertex> inputs_of(const OpGraph& g, Vertex v) {
  std::vector<Vertex> in;
  for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) in.push_back(boost::source(*e, g));
  return in;
}

}  // namespace

std::string export_onnx(const Network& net, const OnnxExportOptions& options) {
  const OpGraph& g = net.graph();
  const std::vector<std::string> labels = op_labels(net);
  const std::vector<Activation> acts = activation_kinds(net);
  const int res = net.spec().resolution;

  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("latnas");
  model.set_doc_string(canonical_string(net.spec()));
  onnx::OperatorSetIdProto& opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(13);
  onnx::GraphProto& graph = *model.mutable_graph();
  graph.set_name("latnas");
  Writer w(graph, options);

  std::vector<std::string> out(boost::num_vertices(g));
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const Vertex v = *it;
    const Op& op = g[v];
    const std::string& name = labels[v];
    const std::vector<Vertex> in = inputs_of(g, v);
    const std::string x = in.empty() ? "" : out[in[0]];
    out[v] = name;
    const int in_channels = in.empty() ? 0 : g[in[0]].output.channels;
    switch (op.kind) {
      case OpKind::input:
        value_info(*graph.add_input(), "input", {1, op.out_channels, res, res});
        out[v] = "input";
        break;
      case OpKind::conv: {
        const std::int64_t fan_in = std::int64_t(in_channels / op.groups) * op.kernel * op.kernel;
        const double bound = 1.0 / std::sqrt(double(fan_in));
        const std::string wname = w.initializer(name + ".weight", {op.out_channels, in_channels / op.groups, op.kernel, op.kernel}, bound);
        onnx::NodeProto* n = nullptr;
        if (op.bias)
          n = &w.node("Conv", name, {x, wname, w.initializer(name + ".bias", {op.out_channels}, bound)}, name);
        else
          n = &w.node("Conv", name, {x, wname}, name);
        const int pad = op.kernel / 2;
        Writer::ints(*n, "kernel_shape", {op.kernel, op.kernel});
        Writer::ints(*n, "strides", {op.stride, op.stride});
        Writer::ints(*n, "pads", {pad, pad, pad, pad});
        Writer::integer(*n, "group", op.groups);
        break;
      }
      case OpKind::batch_norm: {
        const int c = op.output.channels;
        w.node("BatchNormalization", name,
               {x, w.initializer(name + ".weight", {c}, 0, 1.f), w.initializer(name + ".bias", {c}, 0, 0.f),
                w.initializer(name + ".running_mean", {c}, 0, 0.f), w.initializer(name + ".running_var", {c}, 0, 1.f)},
               name);
        break;
      }
      case OpKind::activation:
        switch (acts[v]) {
          case Activation::relu: w.node("Relu", name, {x}, name); break;
          case Activation::relu6:
            w.node("Clip", name, {x, w.scalar_constant(name + ".min", 0.f), w.scalar_constant(name + ".max", 6.f)}, name);
            break;
          case Activation::sigmoid: w.node("Sigmoid", name, {x}, name); break;
          case Activation::hard_sigmoid: {
            onnx::NodeProto& n = w.node("HardSigmoid", name, {x}, name);
            Writer::real(n, "alpha", 1.f / 6.f);  // PyTorch's hardsigmoid: relu6(x + 3) / 6
            Writer::real(n, "beta", 0.5f);
            break;
          }
          case Activation::swish:
            w.node("Mul", name, {x, w.node("Sigmoid", name + ".sigmoid", {x}, name + ".sigmoid").output(0)}, name);
            break;
          case Activation::hard_swish: {
            onnx::NodeProto& n = w.node("HardSigmoid", name + ".hardsigmoid", {x}, name + ".hardsigmoid");
            Writer::real(n, "alpha", 1.f / 6.f);
            Writer::real(n, "beta", 0.5f);
            w.node("Mul", name, {x, name + ".hardsigmoid"}, name);
            break;
          }
          case Activation::mish: {
            w.node("Softplus", name + ".softplus", {x}, name + ".softplus");
            w.node("Tanh", name + ".tanh", {name + ".softplus"}, name + ".tanh");
            w.node("Mul", name, {x, name + ".tanh"}, name);
            break;
          }
        }
        break;
      case OpKind::max_pool: {
        onnx::NodeProto& n = w.node("MaxPool", name, {x}, name);
        const int pad = op.kernel / 2;
        Writer::ints(n, "kernel_shape", {op.kernel, op.kernel});
        Writer::ints(n, "strides", {op.stride, op.stride});
        Writer::ints(n, "pads", {pad, pad, pad, pad});
        break;
      }
      case OpKind::global_pool: w.node("GlobalAveragePool", name, {x}, name); break;
      case OpKind::linear: {
        const Shape s = g[in[0]].output;
        const std::int64_t features = std::int64_t(s.channels) * s.height * s.width;
        const double bound = 1.0 / std::sqrt(double(features));
        Writer::integer(w.node("Flatten", name + ".flatten", {x}, name + ".flatten"), "axis", 1);
        const bool last = boost::out_degree(v, g) == 0;
        out[v] = last ? "logits" : name;
        onnx::NodeProto& n = w.node("Gemm", name,
                                    {name + ".flatten", w.initializer(name + ".weight", {op.out_channels, features}, bound),
                                     w.initializer(name + ".bias", {op.out_channels}, bound)},
                                    out[v]);
        Writer::integer(n, "transB", 1);
        if (last) value_info(*graph.add_output(), "logits", {1, op.out_channels});
        break;
      }
      case OpKind::add: w.node("Add", name, {x, out[in[1]]}, name); break;
      case OpKind::scale: w.node("Mul", name, {x, out[in[1]]}, name); break;
    }
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes)) throw std::runtime_error("onnx: the model could not be serialized");
  return bytes;
}

}  // namespace latnas
