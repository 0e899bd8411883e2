#pragma once
#include <optional>

#include "costmodel/network.hpp"
#include "costmodel/network_spec.hpp"

namespace latnas {

// The architecture string of a graph made elsewhere (an ONNX import), when it is one latnas can
// write: a 3x3 or 7x7+pool stem, ds/ir/cn or ResNet blocks, a conv, after-pool or plain head and a
// classifier. The result is checked: building it gives the same units with the same MACs, and the
// same parameters unless `bn_folded` (a folded BN's conv bias replaces BN's 2 per channel).
// Nothing when the graph is something else.
std::optional<NetworkSpec> recover_spec(const Network& graph, bool bn_folded);

}  // namespace latnas
