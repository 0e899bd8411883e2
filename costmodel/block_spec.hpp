#pragma once
#include <string>
#include <string_view>

namespace latnas {

// Block types: timm's `ds`, `ir`, `cn`, and the project's own ResNet blocks `basic` (two 3x3
// convs) and `bneck` (1x1, 3x3, 1x1 with 4x expansion; `c` is the block's output width).
enum class BlockType { ds, ir, cn, basic, bneck };

std::string_view to_string(BlockType t);

// One block string of timm's arch_def grammar, e.g. `ir_r2_k3_s2_e6_c24_se0.25`.
struct BlockSpec {
  BlockType type = BlockType::ir;
  int repeats = 1;
  int kernel = 3;
  int stride = 1;
  double expansion = 1.0;  // ir only; ds and cn have none
  int out_channels = 0;
  double se_ratio = 0.0;   // 0: no squeeze-excitation
  bool noskip = false;
  std::string activation;  // "re", "r6", "hs", "sw", "mi" or empty (the family's default)

  bool has_se() const { return se_ratio > 0.0; }
  // A residual add needs stride 1, equal widths and no `noskip` (spec: arch-strings.md).
  bool residual(int in_channels, int stride_of_repeat) const {
    return stride_of_repeat == 1 && in_channels == out_channels && !noskip;
  }
  bool operator==(const BlockSpec&) const = default;
};

// Parses one block string. `where` names its place for error messages ("stage 2, block 1").
// Throws InputError naming the token and its position; refuses timm keys latnas does not count
// yet (mixed kernels, `a`/`p` kernels, `gs`, `cc`, `er`, `uir`, ...) by name.
BlockSpec parse_block(std::string_view text, std::string_view where);

// The block string with keys in a fixed order and keys that do not apply left out.
std::string format_block(const BlockSpec& b);

// Shortest decimal that reads back as the same double (e2.5, se0.25, e2.3).
std::string format_number(double v);

}  // namespace latnas
