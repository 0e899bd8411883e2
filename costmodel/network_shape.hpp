#pragma once
#include "costmodel/network_spec.hpp"

namespace latnas {

// The accuracy proxies' domain: MBConv-family networks (3x3 conv stem; ds, ir and cn blocks only).
// ResNets (7x7 stem, basic or bneck blocks) are outside it: a proxy may still return a number for
// them, but never says it is in range.
bool in_mbconv_domain(const NetworkSpec& spec);

// The shape of a network as the calibrated proxy sees it, measured in one pass without allocating.
// Composition is measured over block kinds: a "kind" is a run of consecutive blocks (one per
// repeat) that are identical but for the first one's stride and `noskip` (so `ir_r2_k3...` counts
// once, and so does `ir_r1_s2... ir_r1_s1...` of the same block): a property of the network, not
// of how its string is written. Adding repeats therefore never changes width or composition,
// only depth.
struct NetworkShape {
  int depth = 0;          // blocks, counting repeats (the stem and head are not blocks)
  int resolution = 0;     // input resolution
  int kinds = 0;          // block kinds (runs), see above
  double width = 0.0;     // geometric mean over block kinds of the output width (channels)
  double se_share = 0.0;  // share of block kinds with squeeze-excitation
  double large_kernel_share = 0.0;  // share of block kinds with a depthwise kernel of 5 or more
  double expansion = 1.0;           // mean expansion ratio of the inverted-residual (ir) block kinds; 1 if none
  bool mbconv = false;              // in_mbconv_domain
};

NetworkShape measure_shape(const NetworkSpec& spec);

// measure_shape's sums, in its order of operations, for whatever walks a network's block strings
// (measure_shape a spec, SearchSpace::shape_of a genome): so their shapes are equal bit for bit.
class ShapeTally {
 public:
  void add_blocks(int repeats) { depth_ += repeats; }
  // A block string that starts a new kind: ln of its output width, and its composition.
  void add_kind(double log_channels, bool se, int kernel, bool inverted_residual, double expansion) {
    ++kinds_;
    log_width_ += log_channels;
    se_ += se ? 1.0 : 0.0;
    large_ += kernel >= 5 ? 1.0 : 0.0;
    if (inverted_residual) {
      expansion_ += expansion;
      ++expanded_;
    }
  }
  // `mbconv`: the network is in the MBConv domain, given it has a block.
  NetworkShape finish(int resolution, bool mbconv) const;

 private:
  int depth_ = 0, kinds_ = 0, expanded_ = 0;
  double log_width_ = 0.0, se_ = 0.0, large_ = 0.0, expansion_ = 0.0;
};

}  // namespace latnas
