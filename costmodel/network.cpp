#include "costmodel/network.hpp"

#include <array>

#include <boost/graph/topological_sort.hpp>

#include "costmodel/counting.hpp"
#include "costmodel/error.hpp"

namespace latnas {
namespace {

// Emitter sink that adds one vertex per operation and one edge per consumed tensor.
class GraphSink {
 public:
  GraphSink(OpGraph& g, std::vector<UnitPlace>& units) : g_(g), units_(units) {}

  Tensor input(int channels, int resolution) {
    Op op;
    op.kind = OpKind::input;
    op.out_channels = channels;
    return {channels, resolution, resolution, add_op(op, {})};
  }
  void unit(const UnitPlace& place) { units_.push_back(place); }
  Tensor conv(const Tensor& x, int out, int kernel, int stride, int groups, bool bias) {
    Op op;
    op.kind = OpKind::conv;
    op.out_channels = out, op.kernel = kernel, op.stride = stride, op.groups = groups, op.bias = bias;
    const int h = counting::conv_output_size(x.height, stride), w = counting::conv_output_size(x.width, stride);
    return {out, h, w, add_op(op, {x})};
  }
  Tensor batch_norm(const Tensor& x) { return same(OpKind::batch_norm, {x}); }
  Tensor activation(const Tensor& x) { return same(OpKind::activation, {x}); }
  Tensor max_pool(const Tensor& x, int kernel, int stride) {
    Op op;
    op.kind = OpKind::max_pool, op.kernel = kernel, op.stride = stride;
    return {x.channels, counting::conv_output_size(x.height, stride), counting::conv_output_size(x.width, stride),
            add_op(op, {x})};
  }
  Tensor global_pool(const Tensor& x) {
    Op op;
    op.kind = OpKind::global_pool;
    return {x.channels, 1, 1, add_op(op, {x})};
  }
  Tensor linear(const Tensor& x, int out) {
    Op op;
    op.kind = OpKind::linear, op.out_channels = out, op.bias = true;
    return {out, 1, 1, add_op(op, {x})};
  }
  Tensor add(const Tensor& a, const Tensor& b) { return same(OpKind::add, {a, b}); }
  Tensor scale(const Tensor& x, const Tensor& gate) { return same(OpKind::scale, {x, gate}); }

 private:
  Tensor same(OpKind kind, std::initializer_list<Tensor> inputs) {
    Op op;
    op.kind = kind;
    Tensor t = *inputs.begin();
    t.node = add_op(op, inputs);
    return t;
  }
  std::size_t add_op(Op op, std::initializer_list<Tensor> inputs) {
    op.unit = units_.empty() ? 0 : units_.size() - 1;
    const auto v = boost::add_vertex(op, g_);
    for (const Tensor& t : inputs) boost::add_edge(t.node, v, g_);
    return v;
  }
  OpGraph& g_;
  std::vector<UnitPlace>& units_;
};

Shape input_shape(const OpGraph& g, OpGraph::vertex_descriptor v, std::size_t which) {
  auto [it, end] = boost::in_edges(v, g);
  for (std::size_t i = 0; i < which && it != end; ++i) ++it;
  if (it == end) throw InputError("network: " + std::string(to_string(g[v].kind)) + " op is missing an input");
  return g[*it].shape;
}

}  // namespace

std::string_view to_string(OpKind k) {
  constexpr std::array<std::string_view, 9> names{"input",       "conv",   "batch_norm", "activation", "max_pool",
                                                  "global_pool", "linear", "add",        "scale"};
  return names[static_cast<std::size_t>(k)];
}

Network Network::build(const NetworkSpec& spec) {
  Network n;
  n.spec_ = spec;
  GraphSink sink(n.graph_, n.units_);
  emit_network(sink, n.spec_);  // units point into n.spec_, which moves along with n
  n.infer_shapes(spec.resolution);
  return n;
}

Network Network::from_graph(OpGraph graph, std::vector<UnitPlace> units, int resolution) {
  Network n;
  n.graph_ = std::move(graph);
  n.units_ = std::move(units);
  n.spec_.resolution = resolution;
  n.spec_.stages.clear();
  n.infer_shapes(resolution);
  return n;
}

void Network::infer_shapes(int resolution) {
  std::vector<OpGraph::vertex_descriptor> order;
  boost::topological_sort(graph_, std::back_inserter(order));
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const auto v = *it;
    Op& op = graph_[v];
    Shape out;
    op.macs = op.params = 0;
    if (op.kind == OpKind::input) {
      out = {op.out_channels, resolution, resolution};
    } else {
      const Shape in = input_shape(graph_, v, 0);
      if (op.kind == OpKind::conv) {
        if (in.channels % op.groups != 0 || op.out_channels % op.groups != 0)
          throw InputError("network: conv groups " + std::to_string(op.groups) + " do not divide " +
                           std::to_string(in.channels) + " -> " + std::to_string(op.out_channels) + " channels");
        out = {op.out_channels, counting::conv_output_size(in.height, op.stride),
               counting::conv_output_size(in.width, op.stride)};
        op.macs = counting::conv_macs(out.height, out.width, out.channels, in.channels, op.groups, op.kernel);
        op.params = counting::conv_params(in.channels, op.out_channels, op.groups, op.kernel, op.bias);
      } else if (op.kind == OpKind::batch_norm) {
        out = in;
        op.params = counting::batch_norm_params(in.channels);
      } else if (op.kind == OpKind::max_pool) {
        out = {in.channels, counting::conv_output_size(in.height, op.stride),
               counting::conv_output_size(in.width, op.stride)};
      } else if (op.kind == OpKind::global_pool) {
        out = {in.channels, 1, 1};
      } else if (op.kind == OpKind::linear) {
        const int features = in.channels * in.height * in.width;
        out = {op.out_channels, 1, 1};
        op.macs = counting::linear_macs(features, op.out_channels);
        op.params = op.bias ? counting::linear_params(features, op.out_channels) : counting::linear_macs(features, op.out_channels);
      } else if (op.kind == OpKind::add || op.kind == OpKind::scale) {
        const Shape other = input_shape(graph_, v, 1);
        const bool fits = op.kind == OpKind::add ? other == in
                                                 : (other.channels == in.channels && other.height == 1 && other.width == 1);
        if (!fits)
          throw InputError("network: " + std::string(to_string(op.kind)) + " of mismatched shapes " +
                           std::to_string(in.channels) + "x" + std::to_string(in.height) + "x" + std::to_string(in.width) +
                           " and " + std::to_string(other.channels) + "x" + std::to_string(other.height) + "x" +
                           std::to_string(other.width));
        out = in;
      } else {
        out = in;  // activation
      }
    }
    op.output = out;
    for (auto [e, end] = boost::out_edges(v, graph_); e != end; ++e) graph_[*e].shape = out;
  }
}

std::vector<std::uint64_t> Network::unit_macs() const {
  std::vector<std::uint64_t> m(units_.size(), 0);
  for (auto [v, end] = boost::vertices(graph_); v != end; ++v) m[graph_[*v].unit] += graph_[*v].macs;
  return m;
}

std::vector<std::uint64_t> Network::unit_params() const {
  std::vector<std::uint64_t> p(units_.size(), 0);
  for (auto [v, end] = boost::vertices(graph_); v != end; ++v) p[graph_[*v].unit] += graph_[*v].params;
  return p;
}

std::uint64_t Network::total_macs() const {
  std::uint64_t t = 0;
  for (auto m : unit_macs()) t += m;
  return t;
}

std::uint64_t Network::total_params() const {
  std::uint64_t t = 0;
  for (auto p : unit_params()) t += p;
  return t;
}

}  // namespace latnas
