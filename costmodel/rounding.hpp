#pragma once
#include <cstdint>
#include <vector>

namespace latnas {

// Python's round(): halves go to the even neighbour (timm uses it; C's round() does not).
double round_half_even(double x);

// timm/torchvision make_divisible(v, 8): max(8, int(v + 4) // 8 * 8), plus 8 if below 0.9 v.
int make_divisible(double v, int divisor = 8);

// EfficientNet's "ceil" depth scaling of one stage (spec: arch-strings.md). `repeats` are the
// stage's block strings' repeats; the result has the same length, each at least 1.
std::vector<int> scale_stage_depth(const std::vector<int>& repeats, double depth_multiplier);

}  // namespace latnas
