#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "costmodel/block_emitter.hpp"

namespace latnas {

// MACs and parameters of one latency unit.
struct UnitCount {
  UnitPlace place;
  std::uint64_t macs = 0;
  std::uint64_t params = 0;
};

// "stem", "head", "classifier", "s2.b1/ir_k3_s2_e6_c24_se0.25", "s3.b1.downsample/basic_s2_c128".
std::string unit_name(const UnitPlace& place);

// The graph-free fast path: counts a network unit by unit with the same emitter and counting
// rules the graph uses. `out` is cleared and refilled, so a caller can reuse its capacity.
void count_units(const NetworkSpec& net, std::vector<UnitCount>& out);
std::vector<UnitCount> count_units(const NetworkSpec& net);

struct CountTotals {
  std::uint64_t macs = 0;
  std::uint64_t params = 0;
};
CountTotals totals(const std::vector<UnitCount>& units);

}  // namespace latnas
