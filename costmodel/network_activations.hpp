#pragma once
#include <string_view>
#include <vector>

#include "costmodel/network.hpp"

namespace latnas {

// The function an activation op applies. Counts never depend on it (spec: arch-strings.md); the
// exporters need it to write a network that runs.
enum class Activation { relu, relu6, hard_swish, swish, mish, sigmoid, hard_sigmoid };
std::string_view to_string(Activation a);

// The activation of every activation op of the graph (indexed by vertex; other vertices get relu).
// A block's `n<act>` key decides for its ops; otherwise the network's style, read from the spec:
//  - MobileNetV3 style (after-pool head): hard-swish; SE reduce ReLU, SE gate hard-sigmoid;
//  - EfficientNet style (SE base `in` with some SE block): swish; SE reduce swish, gate sigmoid;
//  - otherwise ReLU (MobileNetV2's ReLU6 only where a block says `nr6`), SE gate sigmoid.
std::vector<Activation> activation_kinds(const Network& net);

}  // namespace latnas
