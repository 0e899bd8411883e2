#pragma once
#include <string>

#include "costmodel/network.hpp"

namespace latnas {

// One self-contained Python file (torch only) defining `class Net(nn.Module)` that builds exactly the
// network's graph: one module per op (Conv2d with groups and padding k/2, BatchNorm2d, the
// activation, MaxPool2d, AdaptiveAvgPool2d(1), Linear), attributes named op_labels(), and a
// straight-line forward. Its sum(p.numel()) is latnas's parameter count (BN's running statistics
// are buffers, not parameters) and a forward pass of 1 x 3 x res x res gives 1 x classes. The file
// also records ARCH, RESOLUTION, MACS and PARAMS.
std::string export_pytorch(const Network& net, const std::string& version);

}  // namespace latnas
