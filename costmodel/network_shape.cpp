#include "costmodel/network_shape.hpp"

#include <cmath>
#include <vector>

namespace latnas {
namespace {

bool mbconv_block(const BlockSpec& b) {
  return b.type == BlockType::ds || b.type == BlockType::ir || b.type == BlockType::cn;
}

// Identical except for repeats.
// Whether block string b continues a's run, judged on the network alone: b's first block must be
// what a's repeats are (stride 1, same everything else), so `ir_r1_s2_c24 ir_r1_s1_c24` and
// `ir_r2_s2_c24` are one kind, as they are one network. `noskip` is not part of a kind.
bool same_kind(const BlockSpec& a, const BlockSpec& b) {
  return b.stride == 1 && a.type == b.type && a.kernel == b.kernel && a.expansion == b.expansion &&
         a.out_channels == b.out_channels && a.se_ratio == b.se_ratio && a.activation == b.activation;
}

// ln of a channel count. Counts are small integers and the proxy measures a shape on every
// evaluation of a search, so the logarithms of the usual ones are taken once (the same values).
double log_channels(int channels) {
  constexpr int tabled = 4096;
  static const std::vector<double> table = [] {
    std::vector<double> t(tabled + 1);
    for (int c = 0; c <= tabled; ++c) t[static_cast<std::size_t>(c)] = std::log(static_cast<double>(c));
    return t;
  }();
  return channels >= 0 && channels <= tabled ? table[static_cast<std::size_t>(channels)]
                                             : std::log(static_cast<double>(channels));
}

}  // namespace

bool in_mbconv_domain(const NetworkSpec& spec) {
  if (spec.stem_kind != StemKind::conv3x3) return false;
  bool any = false;
  for (const Stage& st : spec.stages)
    for (const BlockSpec& b : st) {
      if (!mbconv_block(b)) return false;
      any = true;
    }
  return any;
}

NetworkShape measure_shape(const NetworkSpec& spec) {
  bool mbconv = spec.stem_kind == StemKind::conv3x3;
  ShapeTally tally;
  const BlockSpec* previous = nullptr;
  for (const Stage& st : spec.stages)
    for (const BlockSpec& b : st) {
      tally.add_blocks(b.repeats);
      mbconv = mbconv && mbconv_block(b);
      if (previous && same_kind(*previous, b)) continue;
      previous = &b;
      tally.add_kind(log_channels(b.out_channels), b.has_se(), b.kernel, b.type == BlockType::ir, b.expansion);
    }
  return tally.finish(spec.resolution, mbconv);
}

NetworkShape ShapeTally::finish(int resolution, bool mbconv) const {
  NetworkShape s;
  s.resolution = resolution;
  s.depth = depth_;
  s.kinds = kinds_;
  s.mbconv = mbconv && kinds_ > 0;
  if (kinds_ == 0) return s;
  const double n = kinds_;
  s.width = std::exp(log_width_ / n);
  s.se_share = se_ / n;
  s.large_kernel_share = large_ / n;
  s.expansion = expanded_ ? expansion_ / expanded_ : 1.0;
  return s;
}

}  // namespace latnas
