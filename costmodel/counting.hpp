#pragma once
#include <cstdint>
#include <initializer_list>

#include "costmodel/error.hpp"

// The counting rules of spec/arch-strings.md, in the one place both the graph (Network) and the
// graph-free fast path (CountingSink) take them from.
namespace latnas::counting {

// 'same' padding: the output is ceil(H / stride).
constexpr int conv_output_size(int size, int stride) { return (size + stride - 1) / stride; }

// No one op may count more than this (2^44, about 1.8 x 10^13: hundreds of times the MACs of the
// largest published ImageNet network), so that with at most max_blocks blocks (validate()) every
// total stays far inside 64 bits. Beyond it the network is refused (InputError), never wrapped around.
constexpr std::uint64_t max_op_count = std::uint64_t{1} << 44;
constexpr int max_blocks = 4096;

// a * b * ..., refused past max_op_count instead of overflowing.
constexpr std::uint64_t checked_product(std::initializer_list<std::uint64_t> factors) {
  std::uint64_t p = 1;
  for (std::uint64_t f : factors)
    if (__builtin_mul_overflow(p, f, &p) || p > max_op_count)
      throw InputError("the network is too large to count: one operation exceeds 2^44 MACs");
  return p;
}

constexpr std::uint64_t conv_macs(int out_h, int out_w, int out_c, int in_c, int groups, int kernel) {
  return checked_product({std::uint64_t(out_h), std::uint64_t(out_w), std::uint64_t(out_c), std::uint64_t(in_c / groups),
                          std::uint64_t(kernel), std::uint64_t(kernel)});
}
constexpr std::uint64_t conv_params(int in_c, int out_c, int groups, int kernel, bool bias) {
  return std::uint64_t(out_c) * std::uint64_t(in_c / groups) * std::uint64_t(kernel) * std::uint64_t(kernel) +
         (bias ? std::uint64_t(out_c) : 0u);
}
// Batch norm: a scale and a shift per channel; no MACs.
constexpr std::uint64_t batch_norm_params(int channels) { return 2u * std::uint64_t(channels); }
constexpr std::uint64_t linear_macs(int in, int out) { return std::uint64_t(in) * std::uint64_t(out); }
constexpr std::uint64_t linear_params(int in, int out) { return std::uint64_t(in) * std::uint64_t(out) + std::uint64_t(out); }

}  // namespace latnas::counting
