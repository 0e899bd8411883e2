#pragma once
#include "costmodel/block_spec.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/network_spec.hpp"

namespace latnas {

// The counts of one block (one repeat) of a ds, ir or cn block string on an input of
// `in_channels` x `in_size` x `in_size`, through the emitter that count_units() and the graph
// also use (costmodel/block_emitter.hpp), so the counting rules exist once. The unit's place has
// the block's pattern and stride; its stage and block numbers are 0.
UnitCount count_block(const BlockSpec& block, int stride, int in_channels, int in_size, SeBase se_base);

}  // namespace latnas
