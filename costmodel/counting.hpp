#pragma once
#include <cstdint>

// The counting rules of spec/arch-strings.md, in the one place both the graph (Network) and the
// graph-free fast path (CountingSink) take them from.
namespace latnas::counting {

// 'same' padding: the output is ceil(H / stride).
constexpr int conv_output_size(int size, int stride) { return (size + stride - 1) / stride; }

constexpr std::uint64_t conv_macs(int out_h, int out_w, int out_c, int in_c, int groups, int kernel) {
  return std::uint64_t(out_h) * std::uint64_t(out_w) * std::uint64_t(out_c) * std::uint64_t(in_c / groups) *
         std::uint64_t(kernel) * std::uint64_t(kernel);
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
