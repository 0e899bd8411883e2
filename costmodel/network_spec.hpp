#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/block_spec.hpp"

namespace latnas {

// 3x3 stride-2 conv + BN + act (MBConv families), or ResNet's 7x7 stride-2 conv + BN + act + 3x3 stride-2 max pool.
enum class StemKind { conv3x3, resnet7x7 };
// conv: 1x1 conv + BN + act, pool, linear. after_pool (MobileNetV3): pool, 1x1 conv with bias, act, linear.
// none (ResNet): pool, linear.
enum class HeadStyle { conv, after_pool, none };
// Which width the SE reduction is taken from (spec: arch-strings.md, "SE width rd").
enum class SeBase { in, mid };

using Stage = std::vector<BlockSpec>;

// A fully resolved network: explicit channels and repeats, no multipliers.
struct NetworkSpec {
  int resolution = 224;
  StemKind stem_kind = StemKind::conv3x3;
  int stem_channels = 32;
  std::vector<Stage> stages;
  HeadStyle head_style = HeadStyle::conv;
  int head_channels = 1280;
  int classes = 1000;
  SeBase se_base = SeBase::in;

  bool operator==(const NetworkSpec&) const = default;
};

// What a user gives besides the block strings: base widths and multipliers (timm's rules).
struct ArchOptions {
  int resolution = 224;
  int stem = 32;           // base width: scaled by `width` like every block's c
  int head = 1280;         // the width as built (families scale it differently)
  double width = 1.0;
  double depth = 1.0;
  int classes = 1000;
  SeBase se_base = SeBase::in;
  HeadStyle head_style = HeadStyle::conv;
  StemKind stem_kind = StemKind::conv3x3;
};

// "STAGE | STAGE | ...", blocks within a stage separated by spaces.
std::vector<Stage> parse_stages(std::string_view text);
std::string format_stages(const std::vector<Stage>& stages);

// Applies the width and depth multipliers and validates the result (throws InputError).
NetworkSpec resolve(const std::vector<Stage>& base_stages, const ArchOptions& options);

// Checks ranges and that every residual/SE width is buildable; throws InputError.
void validate(const NetworkSpec& spec);

// The one-line canonical string: stages split where the stride is > 1 or the width changes,
// identical consecutive blocks merged into repeats, keys that do not apply dropped, so one
// network has exactly one string. Example:
//   res=224;stem=3x3:32;head=conv:1280;classes=1000;se=in;blocks=ds_r1_k3_s1_c16_se0.25|ir_r2_k3_s2_e6_c24_se0.25|...
std::string canonical_string(const NetworkSpec& spec);
NetworkSpec canonical_form(const NetworkSpec& spec);
NetworkSpec parse_canonical(std::string_view text);

std::string_view to_string(HeadStyle h);
std::string_view to_string(SeBase b);
HeadStyle parse_head_style(std::string_view text);
SeBase parse_se_base(std::string_view text);

}  // namespace latnas
