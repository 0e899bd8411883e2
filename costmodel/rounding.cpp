#include "costmodel/rounding.hpp"

#include <algorithm>
#include <cmath>

namespace latnas {

double round_half_even(double x) {
  const double r = std::round(x);
  if (std::fabs(x - std::trunc(x)) == 0.5) return 2.0 * std::round(x / 2.0);
  return r;
}

int make_divisible(double v, int divisor) {
  int out = std::max(divisor, static_cast<int>(std::floor(v + divisor / 2.0)) / divisor * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

std::vector<int> scale_stage_depth(const std::vector<int>& repeats, double depth_multiplier) {
  int n_left = 0;
  for (int r : repeats) n_left += r;
  int left = static_cast<int>(std::ceil(n_left * depth_multiplier));
  std::vector<int> scaled(repeats.size());
  // Handed back from the last block string to the first, in proportion (timm's order).
  for (std::size_t i = repeats.size(); i-- > 0;) {
    const int r = repeats[i];
    const int x = std::max(1, static_cast<int>(round_half_even(static_cast<double>(r * left) / n_left)));
    scaled[i] = x;
    n_left -= r;
    left -= x;
  }
  return scaled;
}

}  // namespace latnas
