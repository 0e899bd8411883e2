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

}  // namespace latnas
