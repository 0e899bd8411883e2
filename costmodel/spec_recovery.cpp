#include "costmodel/spec_recovery.hpp"

#include <cmath>

#include "costmodel/error.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/rounding.hpp"

namespace latnas {
namespace {

using Vertex = OpGraph::vertex_descriptor;

// What one unit's ops say about the block they form.
struct UnitOps {
  Pattern pattern = Pattern::conv_bn;
  std::vector<Vertex> convs;  // in graph order
  bool add = false, pool_follows = false, max_pool = false;
  int in_channels = 0;
};

struct SeBlock {
  std::size_t stage;  // index into NetworkSpec::stages (one block each)
  int in, mid, rd;
};

}  // namespace

std::optional<NetworkSpec> recover_spec(const Network& net, bool bn_folded) {
  const OpGraph& g = net.graph();
  std::vector<UnitOps> units(net.units().size());
  for (std::size_t u = 0; u < units.size(); ++u) units[u].pattern = net.units()[u].pattern;
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    UnitOps& u = units[g[*v].unit];
    const Op& op = g[*v];
    if (op.kind == OpKind::conv) {
      if (u.convs.empty()) u.in_channels = g[boost::source(*boost::in_edges(*v, g).first, g)].output.channels;
      u.convs.push_back(*v);
    }
    if (op.kind == OpKind::add && u.pattern == Pattern::mbconv) u.add = true;
    if (op.kind == OpKind::max_pool) u.max_pool = true;
  }
  if (units.size() < 2) return std::nullopt;
  NetworkSpec spec;
  spec.resolution = net.spec().resolution;
  spec.stages.clear();
  // stem: a 3x3 stride-2 conv of the image
  const UnitOps& stem = units.front();
  if (stem.pattern != Pattern::conv_bn || stem.convs.size() != 1 || stem.max_pool) return std::nullopt;
  const Op& st = g[stem.convs[0]];
  if (st.kernel != 3 || st.stride != 2 || st.groups != 1 || stem.in_channels != 3) return std::nullopt;
  spec.stem_kind = StemKind::conv3x3;
  spec.stem_channels = st.out_channels;
  // classifier and head
  const UnitOps& cls = units.back();
  if (cls.pattern != Pattern::matmul) return std::nullopt;
  std::size_t last = units.size() - 1;
  for (auto [v, end] = boost::vertices(g); v != end; ++v)
    if (g[*v].kind == OpKind::linear && g[*v].unit == last) spec.classes = g[*v].out_channels;
  std::size_t head = last - 1;
  if (units[head].pattern == Pattern::conv && units[head].convs.size() == 1) {
    spec.head_style = HeadStyle::after_pool;
    spec.head_channels = g[units[head].convs[0]].out_channels;
  } else if (units[head].pattern == Pattern::conv_bn && units[head].convs.size() == 1 && g[units[head].convs[0]].kernel == 1 &&
             g[units[head].convs[0]].stride == 1 && head > 0) {
    spec.head_style = HeadStyle::conv;
    spec.head_channels = g[units[head].convs[0]].out_channels;
  } else {
    return std::nullopt;
  }
  // blocks, one per unit, one stage each (the canonical form regroups them)
  std::vector<SeBlock> se_blocks;
  for (std::size_t i = 1; i < head; ++i) {
    const UnitOps& u = units[i];
    BlockSpec b;
    if (u.pattern == Pattern::conv_bn) {
      if (u.convs.size() != 1 || g[u.convs[0]].groups != 1) return std::nullopt;
      const Op& c = g[u.convs[0]];
      b.type = BlockType::cn, b.kernel = c.kernel, b.stride = c.stride, b.out_channels = c.out_channels;
    } else if (u.pattern == Pattern::mbconv) {
      std::size_t k = 0;
      const bool expanded = g[u.convs[0]].groups == 1;
      const int in = u.in_channels;
      if (expanded) ++k;
      if (k >= u.convs.size()) return std::nullopt;
      const Op& dw = g[u.convs[k++]];
      const int mid = dw.out_channels;
      int rd = 0;
      if (u.convs.size() - k == 3) rd = g[u.convs[k]].out_channels, k += 2;
      if (u.convs.size() - k != 1) return std::nullopt;
      const Op& proj = g[u.convs[k]];
      b.type = expanded ? BlockType::ir : BlockType::ds;
      b.kernel = dw.kernel, b.stride = dw.stride, b.out_channels = proj.out_channels;
      b.expansion = expanded ? double(mid) / in : 1.0;
      if (!expanded && mid != in) return std::nullopt;
      b.noskip = !u.add && dw.stride == 1 && in == proj.out_channels;
      spec.stages.push_back({b});
      if (rd > 0) se_blocks.push_back(SeBlock{spec.stages.size() - 1, in, mid, rd});
      continue;
    } else {
      return std::nullopt;
    }
    spec.stages.push_back({b});
  }
  // SE ratios: 0.25 of the input (base in) or of the expanded width (base mid) where it fits,
  // otherwise the exact ratio to the input width
  auto fits_in = [&](const SeBlock& s) {
    const BlockSpec& b = spec.stages[s.stage].front();
    const double e = b.type == BlockType::ir ? b.expansion : 1.0;
    return round_half_even(s.mid * (0.25 / e)) == s.rd;
  };
  auto fits_mid = [](const SeBlock& s) { return make_divisible(s.mid * 0.25) == s.rd; };
  bool all_in = true, all_mid = true;
  for (const SeBlock& s : se_blocks) all_in = all_in && fits_in(s), all_mid = all_mid && fits_mid(s);
  spec.se_base = all_in || !all_mid ? SeBase::in : SeBase::mid;
  for (const SeBlock& s : se_blocks) spec.stages[s.stage].front().se_ratio = (all_in || all_mid) ? 0.25 : double(s.rd) / s.in;
  NetworkSpec canonical;
  std::vector<UnitCount> rebuilt;
  try {
    validate(spec);
    canonical = parse_canonical(canonical_string(spec));
    rebuilt = count_units(canonical);
  } catch (const InputError&) {
    return std::nullopt;
  }
  const std::vector<std::uint64_t> macs = net.unit_macs(), params = net.unit_params();
  if (rebuilt.size() != units.size()) return std::nullopt;
  for (std::size_t i = 0; i < rebuilt.size(); ++i)
    if (rebuilt[i].place.pattern != units[i].pattern || rebuilt[i].macs != macs[i] || (!bn_folded && rebuilt[i].params != params[i]))
      return std::nullopt;
  return canonical;
}

}  // namespace latnas
