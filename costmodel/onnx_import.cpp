#include "costmodel/onnx_import.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include "costmodel/error.hpp"
#include "costmodel/spec_recovery.hpp"

namespace latnas {
namespace {

using Vertex = OpGraph::vertex_descriptor;

std::string first_line(std::string_view s) {
  const auto end = s.find('\n');
  return std::string(s.substr(0, end));
}

// What a tensor name stands for while nodes are read.
struct Value {
  enum Kind { op, constant } kind = op;
  Vertex vertex = 0;               // op: the producing graph op
  std::vector<std::int64_t> dims;  // constant: its shape
};

class Reader {
 public:
  Reader(onnx::ModelProto& model, std::string source) : m_(model), source_(std::move(source)) {}

  OnnxImport read();

 private:
  [[noreturn]] void fail(const std::string& message) const { throw InputError(source_ + ": " + message); }
  [[noreturn]] void fail(const onnx::NodeProto& n, const std::string& message) const {
    fail("node '" + n.name() + "' (" + n.op_type() + "): " + message);
  }
  // libonnx's shape inference divides by strides and dilations unchecked (a 0 stride is SIGFPE
  // inside libonnx, found by fuzz/fuzz_onnx_import), so window attributes are checked before it
  // runs, in every graph it would visit (subgraphs of If/Loop/Scan and model functions included).
  void check_window_attributes(const onnx::GraphProto& g, int depth = 0) const {
    if (depth > 16) fail("graphs nested more than 16 deep");
    for (const onnx::NodeProto& n : g.node()) check_window_attributes(n, depth);
  }
  void check_window_attributes(const onnx::NodeProto& n, int depth) const {
    for (const onnx::AttributeProto& a : n.attribute()) {
      const std::string& k = a.name();
      const bool positive = k == "strides" || k == "dilations" || k == "kernel_shape" || k == "group";
      const bool non_negative = k == "pads" || k == "output_padding";
      if (positive || non_negative) {
        for (std::int64_t v : a.ints())
          if (positive ? v < 1 : v < 0)
            fail(n, "attribute '" + k + "': expected " + (positive ? "positive" : "non-negative") + " values, got " +
                        std::to_string(v));
        if (a.has_i() && (positive ? a.i() < 1 : a.i() < 0))
          fail(n, "attribute '" + k + "': expected a " + (positive ? "positive" : "non-negative") + " value, got " +
                      std::to_string(a.i()));
      }
      if (a.has_g()) check_window_attributes(a.g(), depth + 1);
      for (const onnx::GraphProto& sub : a.graphs()) check_window_attributes(sub, depth + 1);
    }
  }
  std::vector<std::int64_t> shape_of(const std::string& tensor) const {
    const auto it = shapes_.find(tensor);
    return it == shapes_.end() ? std::vector<std::int64_t>{} : it->second;
  }
  const Value& value(const onnx::NodeProto& n, int i) const {
    if (i >= n.input_size() || n.input(i).empty()) fail(n, "input " + std::to_string(i) + " is missing");
    const auto it = values_.find(n.input(i));
    if (it == values_.end()) fail(n, "input '" + n.input(i) + "' is not produced by any earlier node, input or initializer");
    return it->second;
  }
  Vertex op_input(const onnx::NodeProto& n, int i) const {
    const Value& v = value(n, i);
    if (v.kind != Value::op) fail(n, "input '" + n.input(i) + "' is a constant where a feature map was expected");
    return v.vertex;
  }
  const std::vector<std::int64_t>& constant_dims(const onnx::NodeProto& n, int i) const {
    const Value& v = value(n, i);
    if (v.kind != Value::constant) fail(n, "input '" + n.input(i) + "' must be an initializer (weights), got a computed tensor");
    return v.dims;
  }
  static const onnx::AttributeProto* attribute(const onnx::NodeProto& n, const std::string& name) {
    for (const auto& a : n.attribute())
      if (a.name() == name) return &a;
    return nullptr;
  }
  static std::int64_t int_attr(const onnx::NodeProto& n, const std::string& name, std::int64_t fallback) {
    const auto* a = attribute(n, name);
    return a ? a->i() : fallback;
  }
  static std::vector<std::int64_t> ints_attr(const onnx::NodeProto& n, const std::string& name) {
    const auto* a = attribute(n, name);
    return a ? std::vector<std::int64_t>(a->ints().begin(), a->ints().end()) : std::vector<std::int64_t>{};
  }
  Vertex add_op(const onnx::NodeProto& n, Op op, std::initializer_list<Vertex> inputs) {
    const Vertex v = boost::add_vertex(op, g_);
    for (Vertex i : inputs) boost::add_edge(i, v, g_);
    node_of_.push_back(&n);
    set_output(n, v);
    return v;
  }
  void set_output(const onnx::NodeProto& n, Vertex v) {
    for (int i = 0; i < n.output_size(); ++i)
      if (!n.output(i).empty()) values_[n.output(i)] = Value{Value::op, v, {}};
  }
  static bool is_scalar(const std::vector<std::int64_t>& dims) {
    std::int64_t count = 1;
    for (auto d : dims) count *= d;
    return count == 1;
  }
  void read_node(const onnx::NodeProto& n);
  void check_shapes(const Network& net) const;
  void find_units(OnnxImport& out);

  onnx::ModelProto& m_;
  std::string source_;
  std::map<std::string, std::vector<std::int64_t>> shapes_;
  std::map<std::string, Value> values_;
  OpGraph g_;
  std::vector<const onnx::NodeProto*> node_of_;  // by vertex (null for the input)
  std::vector<std::string> tensor_of_;           // by vertex: the ONNX tensor whose shape it has
  int resolution_ = 0;
  bool any_bn_ = false, any_conv_bias_ = false;
};

void Reader::read_node(const onnx::NodeProto& n) {
  const std::string& t = n.op_type();
  if (!n.domain().empty() && n.domain() != "ai.onnx") fail(n, "operator of domain '" + n.domain() + "' is not supported");
  auto pass_through = [&](int i) { values_[n.output(0)] = value(n, i); };
  if (t == "Constant") {
    const auto* a = attribute(n, "value");
    Value c;
    c.kind = Value::constant;
    if (a) c.dims.assign(a->t().dims().begin(), a->t().dims().end());
    values_[n.output(0)] = c;
    return;
  }
  if (t == "Identity" || t == "Dropout") return pass_through(0);
  if (t == "Flatten" || t == "Reshape" || t == "Squeeze") {
    const Vertex x = op_input(n, 0);
    const auto in = shape_of(n.input(0)), out = shape_of(n.output(0));
    const bool to_vector = out.size() == 2 || (in.size() == 4 && in[2] == 1 && in[3] == 1);
    if (!to_vector) fail(n, "only a flatten of a pooled map before the classifier is supported");
    values_[n.output(0)] = Value{Value::op, x, {}};
    return;
  }
  Op op;
  if (t == "Conv") {
    const Vertex x = op_input(n, 0);
    const auto& w = constant_dims(n, 1);
    if (w.size() != 4) fail(n, "expected a 2-D convolution (4-D weights)");
    if (w[2] != w[3]) fail(n, "kernel " + std::to_string(w[2]) + "x" + std::to_string(w[3]) + " is not square");
    for (auto d : ints_attr(n, "dilations"))
      if (d != 1) fail(n, "dilation " + std::to_string(d) + " is not supported");
    const auto strides = ints_attr(n, "strides");
    if (!strides.empty() && std::any_of(strides.begin(), strides.end(), [&](auto s) { return s != strides[0]; }))
      fail(n, "unequal strides are not supported");
    op.kind = OpKind::conv;
    op.out_channels = int(w[0]);
    op.kernel = int(w[2]);
    op.stride = strides.empty() ? 1 : int(strides[0]);
    op.groups = int(int_attr(n, "group", 1));
    op.bias = n.input_size() > 2 && !n.input(2).empty();
    const auto in = shape_of(n.input(0));
    if (in.size() == 4 && in[1] != w[1] * op.groups)
      fail(n, "weights for " + std::to_string(w[1] * op.groups) + " input channels, got " + std::to_string(in[1]));
    any_conv_bias_ = any_conv_bias_ || op.bias;
    add_op(n, op, {x});
    return;
  }
  if (t == "BatchNormalization") {
    any_bn_ = true;
    op.kind = OpKind::batch_norm;
    add_op(n, op, {op_input(n, 0)});
    return;
  }
  static const std::set<std::string> unary{"Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus",
                                           "LeakyRelu", "Elu", "Selu", "Mish", "Erf"};
  if (unary.count(t)) {
    op.kind = OpKind::activation;
    add_op(n, op, {op_input(n, 0)});
    return;
  }
  if (t == "Mul" || t == "Add" || t == "Sub" || t == "Div") {
    const Value a = value(n, 0), b = value(n, 1);
    if (a.kind == Value::constant && b.kind == Value::constant) fail(n, "arithmetic on two constants");
    if (a.kind == Value::constant || b.kind == Value::constant) {
      const Value& c = a.kind == Value::constant ? a : b;
      const Vertex x = a.kind == Value::op ? a.vertex : b.vertex;
      if (is_scalar(c.dims)) {  // part of an activation (x + 3, x / 6, ...): no counts
        values_[n.output(0)] = Value{Value::op, x, {}};
        return;
      }
      if (t == "Add" && g_[x].kind == OpKind::linear && !g_[x].bias) {  // MatMul + Add: the bias
        g_[x].bias = true;
        values_[n.output(0)] = Value{Value::op, x, {}};
        return;
      }
      fail(n, "arithmetic with a constant tensor of more than one element is not supported");
    }
    if (t == "Mul") {
      // x * act(x): swish, hard-swish, ... one activation
      for (const auto& [x, s] : {std::pair{a.vertex, b.vertex}, std::pair{b.vertex, a.vertex}})
        if (g_[s].kind == OpKind::activation && boost::source(*boost::in_edges(s, g_).first, g_) == x) {
          values_[n.output(0)] = Value{Value::op, s, {}};
          return;
        }
      const auto sa = shape_of(n.input(0)), sb = shape_of(n.input(1));
      auto gate_of = [](const std::vector<std::int64_t>& map, const std::vector<std::int64_t>& gate) {
        return map.size() == 4 && gate.size() == 4 && gate[1] == map[1] && gate[2] == 1 && gate[3] == 1 &&
               (map[2] != 1 || map[3] != 1);
      };
      op.kind = OpKind::scale;
      if (gate_of(sa, sb)) return void(add_op(n, op, {a.vertex, b.vertex}));
      if (gate_of(sb, sa)) return void(add_op(n, op, {b.vertex, a.vertex}));
      fail(n, "only a feature map times a per-channel gate (squeeze-excitation) is supported");
    }
    if (t != "Add") fail(n, t + " of two computed tensors is not supported");
    if (shape_of(n.input(0)) != shape_of(n.input(1))) fail(n, "Add of tensors of different shapes (broadcast) is not supported");
    op.kind = OpKind::add;
    add_op(n, op, {a.vertex, b.vertex});
    return;
  }
  if (t == "GlobalAveragePool" || t == "ReduceMean") {
    if (t == "ReduceMean") {
      auto axes = ints_attr(n, "axes");
      for (auto& x : axes)
        if (x < 0) x += 4;
      std::sort(axes.begin(), axes.end());
      if (axes != std::vector<std::int64_t>{2, 3}) fail(n, "only a mean over H and W (a global pool) is supported");
    }
    op.kind = OpKind::global_pool;
    add_op(n, op, {op_input(n, 0)});
    return;
  }
  if (t == "MaxPool") {
    const auto k = ints_attr(n, "kernel_shape"), s = ints_attr(n, "strides");
    if (k.size() != 2 || k[0] != k[1]) fail(n, "expected a square 2-D kernel");
    if (!s.empty() && (s.size() != 2 || s[0] != s[1])) fail(n, "unequal strides are not supported");
    op.kind = OpKind::max_pool;
    op.kernel = int(k[0]);
    op.stride = s.empty() ? 1 : int(s[0]);
    add_op(n, op, {op_input(n, 0)});
    return;
  }
  if (t == "Gemm" || t == "MatMul") {
    const Vertex x = op_input(n, 0);
    const auto& w = constant_dims(n, 1);
    if (w.size() != 2) fail(n, "expected 2-D weights");
    const bool trans = t == "Gemm" && int_attr(n, "transB", 0) == 1;
    if (t == "Gemm" && int_attr(n, "transA", 0) != 0) fail(n, "transA is not supported");
    op.kind = OpKind::linear;
    op.out_channels = int(trans ? w[0] : w[1]);
    op.bias = t == "Gemm" && n.input_size() > 2 && !n.input(2).empty();
    add_op(n, op, {x});
    return;
  }
  fail(n, "unsupported operator (latnas reads Conv, BatchNormalization, activations, Add, Mul, MaxPool, "
          "GlobalAveragePool, ReduceMean, Gemm, MatMul, Flatten, Reshape, Identity, Dropout)");
}

OnnxImport Reader::read() {
  try {
    onnx::checker::check_model(m_);
  } catch (const std::exception& e) {
    fail("not a valid ONNX model: " + first_line(e.what()));
  }
  check_window_attributes(m_.graph());
  for (const onnx::FunctionProto& f : m_.functions())
    for (const onnx::NodeProto& n : f.node()) check_window_attributes(n, 1);
  try {
    onnx::shape_inference::InferShapes(m_, onnx::OpSchemaRegistry::Instance(), onnx::ShapeInferenceOptions(true, 1, true));
  } catch (const std::exception& e) {
    fail("shape inference failed: " + first_line(e.what()));
  }
  const onnx::GraphProto& graph = m_.graph();
  auto record = [&](const onnx::ValueInfoProto& v) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
    std::vector<std::int64_t> dims;
    for (const auto& d : v.type().tensor_type().shape().dim()) dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    shapes_[v.name()] = dims;
  };
  for (const auto& v : graph.value_info()) record(v);
  for (const auto& v : graph.output()) record(v);
  for (const auto& v : graph.input()) record(v);
  std::set<std::string> initializers;
  for (const auto& t : graph.initializer()) {
    initializers.insert(t.name());
    values_[t.name()] = Value{Value::constant, 0, std::vector<std::int64_t>(t.dims().begin(), t.dims().end())};
  }
  int inputs = 0;
  for (const auto& in : graph.input()) {
    if (initializers.count(in.name())) continue;
    std::vector<std::int64_t> dims = shape_of(in.name());
    if (++inputs > 1) {  // weights given at run time (shape-only files): constants of their shape
      if (std::any_of(dims.begin(), dims.end(), [](auto d) { return d < 0; }))
        fail("input '" + in.name() + "': a weight input needs a static shape");
      values_[in.name()] = Value{Value::constant, 0, dims};
      continue;
    }
    if (dims.size() != 4) fail("input '" + in.name() + "': expected N x C x H x W");
    if (dims[0] < 1) dims[0] = 1;  // a dynamic batch is counted at batch 1
    shapes_[in.name()] = dims;
    if (dims[0] != 1 || dims[1] < 1 || dims[2] < 1 || dims[2] != dims[3])
      fail("input '" + in.name() + "': expected a static 1 x C x R x R image, got " + [&] {
        std::string s;
        for (auto d : dims) s += (s.empty() ? "" : "x") + (d < 0 ? std::string("?") : std::to_string(d));
        return s;
      }());
    resolution_ = int(dims[2]);
    Op op;
    op.kind = OpKind::input;
    op.out_channels = int(dims[1]);
    values_[in.name()] = Value{Value::op, boost::add_vertex(op, g_), {}};
    node_of_.push_back(nullptr);
  }
  if (inputs == 0) fail("the graph has no input");
  for (const auto& n : graph.node()) read_node(n);
  if (graph.output_size() != 1) fail("expected one output (the logits), got " + std::to_string(graph.output_size()));

  OnnxImport out;
  out.source = source_;
  out.resolution = resolution_;
  out.bn_folded = !any_bn_ && any_conv_bias_;
  find_units(out);
  return out;
}

void Reader::check_shapes(const Network& net) const {
  const OpGraph& g = net.graph();
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    const onnx::NodeProto* n = node_of_[*v];
    if (!n) continue;
    const auto dims = shape_of(n->output(0));
    if (dims.empty()) continue;
    const Shape s = g[*v].output;
    const std::vector<std::int64_t> expected =
        dims.size() == 2 ? std::vector<std::int64_t>{1, s.channels} : std::vector<std::int64_t>{1, s.channels, s.height, s.width};
    if (dims != expected) {
      auto str = [](const std::vector<std::int64_t>& d) {
        std::string r;
        for (auto x : d) r += (r.empty() ? "" : "x") + std::to_string(x);
        return r;
      };
      fail(*n, "output " + str(dims) + " in the file, latnas's 'same' padding (ceil(H / stride)) gives " + str(expected));
    }
  }
}

void Reader::find_units(OnnxImport& out) {
  const std::size_t count = boost::num_vertices(g_);
  auto inputs = [&](Vertex v) {
    std::vector<Vertex> r;
    for (auto [e, end] = boost::in_edges(v, g_); e != end; ++e) r.push_back(boost::source(*e, g_));
    return r;
  };
  auto consumers = [&](Vertex v) {
    std::vector<Vertex> r;
    for (auto [e, end] = boost::out_edges(v, g_); e != end; ++e) r.push_back(boost::target(*e, g_));
    return r;
  };
  auto only_consumer = [&](Vertex v) -> std::optional<Vertex> {
    const auto c = consumers(v);
    if (c.size() != 1) return std::nullopt;
    return c[0];
  };
  // Shapes first: the graph as read, shapes and counts by latnas's rules.
  {
    OpGraph copy = g_;
    Network probe = [&] {
      try {
        return Network::from_graph(std::move(copy), {UnitPlace{}}, resolution_);
      } catch (const InputError& e) {
        fail(e.what());
      }
    }();
    check_shapes(probe);
    for (std::size_t v = 0; v < count; ++v) g_[v].output = probe.graph()[v].output;
  }
  auto is_conv = [&](Vertex v) { return g_[v].kind == OpKind::conv; };
  auto is_depthwise = [&](Vertex v) {
    const Op& op = g_[v];
    if (op.kind != OpKind::conv || op.groups <= 1) return false;
    const Vertex x = inputs(v)[0];
    return op.groups == op.out_channels && g_[x].output.channels == op.groups;
  };
  auto is_pointwise = [&](Vertex v) { return is_conv(v) && g_[v].kernel == 1 && g_[v].groups == 1; };
  // conv -> BN? -> activation? as one chain; returns its last op.
  auto chain_end = [&](Vertex v, std::vector<Vertex>& members, bool allow_act) {
    for (;;) {
      const auto c = only_consumer(v);
      if (!c) return v;
      const OpKind k = g_[*c].kind;
      if (k == OpKind::batch_norm || (allow_act && k == OpKind::activation)) {
        members.push_back(*c);
        v = *c;
      } else {
        return v;
      }
    }
  };

  std::vector<int> unit_of(count, -1);
  struct Found {
    Pattern pattern;
    std::vector<Vertex> ops;
    std::string name;
  };
  std::vector<Found> found;
  auto claim = [&](Found f) {
    for (Vertex v : f.ops) unit_of[v] = int(found.size());
    found.push_back(std::move(f));
  };
  auto node_name = [&](Vertex v) { return node_of_[v] ? node_of_[v]->name() : std::string("input"); };

  // SE: gate = act(conv(act(conv(global_pool(x))))) times x; the ops between belong with x.
  std::map<Vertex, std::vector<Vertex>> se_of;  // scale op -> its SE ops (pool, convs, acts)
  std::set<Vertex> in_se;
  for (std::size_t v = 0; v < count; ++v) {
    if (g_[v].kind != OpKind::scale) continue;
    const auto in = inputs(v);
    std::vector<Vertex> path;
    Vertex p = in[1];
    while (g_[p].kind == OpKind::activation || g_[p].kind == OpKind::conv) {
      path.push_back(p);
      p = inputs(p)[0];
    }
    if (g_[p].kind == OpKind::global_pool && inputs(p)[0] == in[0]) {
      path.push_back(p);
      se_of[v] = path;
      in_se.insert(path.begin(), path.end());
    }
  }

  // MBConv blocks and depthwise units, seeded at each depthwise conv.
  for (std::size_t d = 0; d < count; ++d) {
    if (!is_depthwise(d) || in_se.count(d)) continue;
    Found f;
    f.pattern = Pattern::mbconv;
    std::vector<Vertex> expansion;
    Vertex x = inputs(d)[0];
    {  // walk back through act/BN to a 1x1 conv whose path leads only here
      std::vector<Vertex> path;
      Vertex p = x;
      bool single = only_consumer(p).has_value();
      while (single && (g_[p].kind == OpKind::activation || g_[p].kind == OpKind::batch_norm)) {
        path.push_back(p);
        p = inputs(p)[0];
        single = only_consumer(p).has_value();
      }
      if (single && is_pointwise(p) && unit_of[p] < 0 && !in_se.count(p)) {
        path.push_back(p);
        expansion = path;
        x = inputs(p)[0];
      }
    }
    const Vertex block_input = x;
    f.ops = expansion;
    f.ops.push_back(d);
    Vertex after = chain_end(d, f.ops, true);
    for (Vertex c : consumers(after))
      if (se_of.count(c)) {
        f.ops.insert(f.ops.end(), se_of[c].begin(), se_of[c].end());
        f.ops.push_back(c);
        after = c;
        break;
      }
    const auto proj = only_consumer(after);
    if (!proj || !is_pointwise(*proj)) {
      f.pattern = Pattern::depthwise;
    } else {
      f.ops.push_back(*proj);
      Vertex end = chain_end(*proj, f.ops, false);
      if (const auto add = only_consumer(end); add && g_[*add].kind == OpKind::add) {
        const auto ai = inputs(*add);
        if ((ai[0] == end && ai[1] == block_input) || (ai[1] == end && ai[0] == block_input)) f.ops.push_back(*add);
      }
    }
    const Op& dw = g_[d];
    const int in_c = g_[block_input].output.channels;
    std::string desc = f.pattern == Pattern::depthwise ? "dw" : expansion.empty() ? "ds" : "ir";
    desc += " k" + std::to_string(dw.kernel) + " s" + std::to_string(dw.stride) + " " + std::to_string(in_c) + "->" +
            std::to_string(f.pattern == Pattern::depthwise ? dw.out_channels : g_[*proj].out_channels);
    if (!expansion.empty()) desc += " mid " + std::to_string(dw.out_channels);
    if (std::any_of(f.ops.begin(), f.ops.end(), [&](Vertex v) { return se_of.count(v) > 0; })) desc += " se";
    f.name = desc + " @ " + node_name(expansion.empty() ? d : expansion.back());
    claim(std::move(f));
  }
  // Other convs and linears.
  for (std::size_t v = 0; v < count; ++v) {
    if (unit_of[v] >= 0 || in_se.count(v)) continue;
    const Op& op = g_[v];
    if (op.kind == OpKind::conv) {
      Found f;
      f.ops.push_back(v);
      const Vertex x = inputs(v)[0];
      const bool pooled = g_[x].kind == OpKind::global_pool || (g_[x].output.height == 1 && g_[x].output.width == 1 &&
                                                                 resolution_ > 1);
      f.pattern = pooled ? Pattern::conv : Pattern::conv_bn;
      const Vertex end = chain_end(v, f.ops, true);
      if (const auto mp = only_consumer(end); mp && g_[*mp].kind == OpKind::max_pool) f.ops.push_back(*mp);
      f.name = "conv k" + std::to_string(op.kernel) + " s" + std::to_string(op.stride) + " " +
               std::to_string(g_[x].output.channels) + "->" + std::to_string(op.out_channels) +
               (op.groups > 1 ? " g" + std::to_string(op.groups) : "") + " @ " + node_name(v);
      claim(std::move(f));
    } else if (op.kind == OpKind::linear) {
      const Vertex x = inputs(v)[0];
      const Shape s = g_[x].output;
      claim(Found{Pattern::matmul, {v}, "linear " + std::to_string(s.channels * s.height * s.width) + "->" +
                                            std::to_string(op.out_channels) + " @ " + node_name(v)});
    }
  }
  if (found.empty()) fail("no Conv, Gemm or MatMul node: nothing to cost");
  // Units in the order of their first op; ops without counts join their input's unit.
  std::vector<std::size_t> order(found.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto first_op = [&](std::size_t i) { return *std::min_element(found[i].ops.begin(), found[i].ops.end()); };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return first_op(a) < first_op(b); });
  std::vector<int> rank(found.size());
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = int(i);
  for (std::size_t v = 0; v < count; ++v) {
    if (unit_of[v] >= 0) {
      g_[v].unit = std::size_t(rank[std::size_t(unit_of[v])]);
      continue;
    }
    const auto in = inputs(v);
    g_[v].unit = in.empty() ? 0 : g_[in[0]].unit;  // inputs come first (topological order)
    if (g_[v].macs || g_[v].params) fail(*node_of_[v], "an op with counts outside every unit");
  }
  out.names.reserve(found.size());
  for (std::size_t i : order) out.names.push_back(found[i].name);
  std::vector<UnitPlace> places;
  for (std::size_t r = 0; r < order.size(); ++r) {
    const Found& f = found[order[r]];
    places.push_back(UnitPlace{f.pattern, 0, int(r) + 1, nullptr, 1, out.names[r]});
  }
  out.network = Network::from_graph(std::move(g_), places, resolution_);
  const Network& net = *out.network;
  const auto macs = net.unit_macs(), params = net.unit_params();
  for (std::size_t r = 0; r < places.size(); ++r) {
    out.units.push_back(UnitCount{net.units()[r], macs[r], params[r]});
    out.totals.macs += macs[r];
    out.totals.params += params[r];
  }
  for (auto [v, end] = boost::vertices(net.graph()); v != end; ++v)
    if (net.graph()[*v].kind == OpKind::linear && boost::out_degree(*v, net.graph()) == 0)
      out.classes = net.graph()[*v].out_channels;
  out.spec = recover_spec(net, out.bn_folded);
}

}  // namespace

OnnxImport import_onnx_bytes(std::string_view bytes, const std::string& source) {
  onnx::ModelProto model;
  if (bytes.empty()) throw InputError(source + ": empty file, expected an ONNX model");
  if (!model.ParseFromArray(bytes.data(), int(bytes.size())))
    throw InputError(source + ": not an ONNX model (the protobuf does not parse)");
  return Reader(model, source).read();
}

OnnxImport import_onnx(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw InputError(file.string() + ": expected an ONNX file, got a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot read the ONNX file");
  std::ostringstream s;
  s << in.rdbuf();
  return import_onnx_bytes(s.str(), file.string());
}

}  // namespace latnas
