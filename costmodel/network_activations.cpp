#include "costmodel/network_activations.hpp"

#include <array>
#include <algorithm>

namespace latnas {
namespace {

Activation from_key(std::string_view key, Activation fallback) {
  if (key == "re") return Activation::relu;
  if (key == "r6") return Activation::relu6;
  if (key == "hs") return Activation::hard_swish;
  if (key == "sw") return Activation::swish;
  if (key == "mi") return Activation::mish;
  return fallback;
}

bool single_consumer_is(const OpGraph& g, OpGraph::vertex_descriptor v, OpKind kind, std::size_t* input_slot) {
  if (boost::out_degree(v, g) != 1) return false;
  const auto target = boost::target(*boost::out_edges(v, g).first, g);
  if (g[target].kind != kind) return false;
  if (input_slot) {
    std::size_t slot = 0;
    for (auto [e, end] = boost::in_edges(target, g); e != end; ++e, ++slot)
      if (boost::source(*e, g) == v) break;
    *input_slot = slot;
  }
  return true;
}

OpGraph::vertex_descriptor first_input(const OpGraph& g, OpGraph::vertex_descriptor v) {
  return boost::source(*boost::in_edges(v, g).first, g);
}

}  // namespace

std::string_view to_string(Activation a) {
  constexpr std::array<std::string_view, 7> names{"relu", "relu6", "hard_swish", "swish", "mish", "sigmoid", "hard_sigmoid"};
  return names[static_cast<std::size_t>(a)];
}

std::vector<Activation> activation_kinds(const Network& net) {
  const NetworkSpec& spec = net.spec();
  const bool mbv3 = spec.head_style == HeadStyle::after_pool;
  bool any_se = false;
  for (const Stage& s : spec.stages)
    any_se = any_se || std::any_of(s.begin(), s.end(), [](const BlockSpec& b) { return b.has_se(); });
  const bool effnet = !mbv3 && any_se && spec.se_base == SeBase::in;
  const Activation body = mbv3 ? Activation::hard_swish : effnet ? Activation::swish : Activation::relu;

  const OpGraph& g = net.graph();
  std::vector<Activation> kinds(boost::num_vertices(g), Activation::relu);
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    if (g[*v].kind != OpKind::activation) continue;
    const UnitPlace& place = net.units()[g[*v].unit];
    const Activation block = place.spec ? from_key(place.spec->activation, body) : body;
    std::size_t slot = 0;
    if (single_consumer_is(g, *v, OpKind::scale, &slot) && slot == 1) {  // SE gate
      kinds[*v] = mbv3 ? Activation::hard_sigmoid : Activation::sigmoid;
      continue;
    }
    const auto producer = first_input(g, *v);
    const bool after_pool_conv = g[producer].kind == OpKind::conv && g[first_input(g, producer)].kind == OpKind::global_pool;
    if (after_pool_conv && place.pattern == Pattern::mbconv) {  // SE reduce
      kinds[*v] = mbv3 ? Activation::relu : block;
      continue;
    }
    kinds[*v] = block;
  }
  return kinds;
}

}  // namespace latnas
