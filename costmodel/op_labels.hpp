#pragma once
#include <string>
#include <vector>

#include "costmodel/network.hpp"

namespace latnas {

// A short identifier for every op of the graph (indexed by vertex), usable as an ONNX node name and
// a Python attribute: the unit's place with '.' as '_' ("stem", "s2_b1", "s3_b1_downsample",
// "head", "classifier"), '_', the op kind and its number within the unit ("s2_b1_conv0").
// trtexec's per-layer profile then names the latnas unit each layer belongs to.
std::vector<std::string> op_labels(const Network& net);

}  // namespace latnas
