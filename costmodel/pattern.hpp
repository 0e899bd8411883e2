#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace latnas {

// The derate-table row a latency unit is scored with (spec/latency-model.md, "Patterns").
enum class Pattern { mbconv, depthwise, conv_bn, conv, matmul };

inline constexpr std::array<Pattern, 5> all_patterns{Pattern::mbconv, Pattern::depthwise, Pattern::conv_bn,
                                                     Pattern::conv, Pattern::matmul};
inline constexpr std::array<std::string_view, 5> pattern_names{"mbconv", "depthwise", "conv_bn", "conv", "matmul"};

constexpr std::string_view to_string(Pattern p) { return pattern_names[static_cast<std::size_t>(p)]; }

constexpr std::optional<Pattern> parse_pattern(std::string_view name) {
  for (std::size_t i = 0; i < pattern_names.size(); ++i)
    if (pattern_names[i] == name) return all_patterns[i];
  return std::nullopt;
}

}  // namespace latnas
