#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "costmodel/block_emitter.hpp"

namespace latnas {

enum class OpKind { input, conv, batch_norm, activation, max_pool, global_pool, linear, add, scale };
std::string_view to_string(OpKind k);

struct Shape {
  int channels = 0;
  int height = 0;
  int width = 0;
  bool operator==(const Shape&) const = default;
};

// An operation: its attributes, the unit (and so the block) it belongs to, and what shape
// inference and counting derived for it.
struct Op {
  OpKind kind = OpKind::input;
  int out_channels = 0;  // conv, linear; input: the input's channels
  int kernel = 1;
  int stride = 1;
  int groups = 1;
  bool bias = false;
  std::size_t unit = 0;  // index into Network::units()
  Shape output;          // filled by infer_shapes()
  std::uint64_t macs = 0, params = 0;
};

// A tensor flowing from one op to the next; its shape is filled by infer_shapes().
struct TensorEdge {
  Shape shape;
};

using OpGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Op, TensorEdge>;

// The general representation of a network: a DAG of operations with tensors on the edges, built
// from a NetworkSpec by the same emitter the fast path counts with. Shapes and counts are then
// derived from the graph alone (topological order), so any topology can be counted.
class Network {
 public:
  static Network build(const NetworkSpec& spec);
  // A graph made elsewhere (ONNX import): ops in topological order (vertex order), each naming its
  // unit; spec() is then a default NetworkSpec that does not describe the graph. Infers shapes.
  static Network from_graph(OpGraph graph, std::vector<UnitPlace> units, int resolution);
  // Units point into the owned spec: moving keeps them valid, copying would not.
  Network(Network&&) = default;
  Network& operator=(Network&&) = default;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  const NetworkSpec& spec() const { return spec_; }

  const OpGraph& graph() const { return graph_; }
  const std::vector<UnitPlace>& units() const { return units_; }
  std::size_t op_count() const { return boost::num_vertices(graph_); }

  // Shape inference from the input resolution, then MACs and parameters of every op.
  // Throws InputError when shapes do not fit (an add of two different shapes, ...).
  void infer_shapes(int resolution);

  // Per-unit sums of the ops' counts (units in order).
  std::vector<std::uint64_t> unit_macs() const;
  std::vector<std::uint64_t> unit_params() const;
  std::uint64_t total_macs() const;
  std::uint64_t total_params() const;

 private:
  Network() = default;
  OpGraph graph_;
  std::vector<UnitPlace> units_;
  NetworkSpec spec_;
};

}  // namespace latnas
