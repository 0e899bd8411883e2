#include "costmodel/network_spec.hpp"

#include "costmodel/counting.hpp"

#include <charconv>
#include <cmath>

#include "costmodel/error.hpp"
#include "costmodel/text.hpp"
#include "costmodel/rounding.hpp"

namespace latnas {
namespace {

using text::trim;
using text::split;

int parse_int(std::string_view text, std::string_view what, int lo, int hi) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    throw InputError(std::string(what) + ": expected an integer, got '" + std::string(text) + "'");
  if (v < lo || v > hi)
    throw InputError(std::string(what) + ": expected " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                     std::to_string(v));
  return v;
}

bool is_resnet_block(const BlockSpec& b) { return b.type == BlockType::basic || b.type == BlockType::bneck; }

}  // namespace

std::string_view to_string(HeadStyle h) {
  constexpr std::string_view names[] = {"conv", "after-pool", "none"};
  return names[static_cast<int>(h)];
}
std::string_view to_string(SeBase b) { return b == SeBase::in ? "in" : "mid"; }

HeadStyle parse_head_style(std::string_view text) {
  if (text == "conv") return HeadStyle::conv;
  if (text == "after-pool") return HeadStyle::after_pool;
  if (text == "none") return HeadStyle::none;
  throw InputError("head style: expected conv, after-pool or none, got '" + std::string(text) + "'");
}

SeBase parse_se_base(std::string_view text) {
  if (text == "in") return SeBase::in;
  if (text == "mid") return SeBase::mid;
  throw InputError("SE base: expected in or mid, got '" + std::string(text) + "'");
}

std::vector<Stage> parse_stages(std::string_view text) {
  std::vector<Stage> stages;
  const auto parts = split(text, '|');
  for (std::size_t si = 0; si < parts.size(); ++si) {
    Stage stage;
    std::string_view rest = trim(parts[si]);
    if (rest.empty())
      throw InputError("blocks: stage " + std::to_string(si + 1) + " is empty (expected block strings between '|')");
    std::size_t bi = 0;
    while (!rest.empty()) {
      const auto sp = rest.find_first_of(" \t");
      const std::string_view tok = rest.substr(0, sp);
      stage.push_back(parse_block(tok, "stage " + std::to_string(si + 1) + ", block " + std::to_string(++bi)));
      rest = sp == std::string_view::npos ? std::string_view{} : trim(rest.substr(sp));
    }
    stages.push_back(std::move(stage));
  }
  return stages;
}

std::string format_stages(const std::vector<Stage>& stages) {
  std::string s;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (i) s += '|';
    for (std::size_t j = 0; j < stages[i].size(); ++j) {
      if (j) s += ' ';
      s += format_block(stages[i][j]);
    }
  }
  return s;
}

NetworkSpec resolve(const std::vector<Stage>& base_stages, const ArchOptions& o) {
  if (!(o.width > 0.0 && o.width <= 10.0))
    throw InputError("width multiplier: expected a value in (0, 10], got " + format_number(o.width));
  if (!(o.depth > 0.0 && o.depth <= 10.0))
    throw InputError("depth multiplier: expected a value in (0, 10], got " + format_number(o.depth));
  NetworkSpec n;
  n.resolution = o.resolution;
  n.stem_kind = o.stem_kind;
  n.stem_channels = o.width == 1.0 ? o.stem : make_divisible(o.stem * o.width);
  n.head_style = o.head_style;
  n.head_channels = o.head_style == HeadStyle::none ? 0 : o.head;
  n.classes = o.classes;
  n.se_base = o.se_base;
  for (const Stage& base : base_stages) {
    Stage stage = base;
    if (o.width != 1.0)
      for (BlockSpec& b : stage) b.out_channels = make_divisible(b.out_channels * o.width);
    if (o.depth != 1.0) {
      std::vector<int> repeats;
      for (const BlockSpec& b : stage) repeats.push_back(b.repeats);
      const std::vector<int> scaled = scale_stage_depth(repeats, o.depth);
      for (std::size_t i = 0; i < stage.size(); ++i) stage[i].repeats = scaled[i];
    }
    n.stages.push_back(std::move(stage));
  }
  validate(n);
  return n;
}

void validate(const NetworkSpec& n) {
  if (n.resolution < 8 || n.resolution > 8192)
    throw InputError("resolution: expected 8 to 8192, got " + std::to_string(n.resolution));
  if (n.stem_channels < 1 || n.stem_channels > 100000)
    throw InputError("stem: expected 1 to 100000 channels, got " + std::to_string(n.stem_channels));
  if (n.head_style != HeadStyle::none && (n.head_channels < 1 || n.head_channels > 100000))
    throw InputError("head: expected 1 to 100000 channels, got " + std::to_string(n.head_channels));
  if (n.classes < 1 || n.classes > 1000000) throw InputError("classes: expected 1 to 1000000, got " + std::to_string(n.classes));
  if (n.stages.empty()) throw InputError("blocks: expected at least one stage, got none");
  long long blocks = 0;
  for (const Stage& st : n.stages)
    for (const BlockSpec& b : st) blocks += b.repeats;
  if (blocks > counting::max_blocks)
    throw InputError("blocks: expected at most " + std::to_string(counting::max_blocks) + " blocks (repeats counted), got " +
                     std::to_string(blocks));
  int in = n.stem_channels;
  for (std::size_t si = 0; si < n.stages.size(); ++si) {
    if (n.stages[si].empty()) throw InputError("blocks: stage " + std::to_string(si + 1) + " is empty");
    if (n.stem_kind == StemKind::resnet7x7)
      for (const BlockSpec& b : n.stages[si])
        if (!is_resnet_block(b))
          throw InputError("stem 7x7pool (the ResNet stem): expected basic or bneck blocks, got '" + format_block(b) +
                           "' in stage " + std::to_string(si + 1));
    for (const BlockSpec& b : n.stages[si]) {
      if (b.has_se() && !is_resnet_block(b)) {
        // The smallest SE reduction in this block string is on its first repeat's input width.
        for (int c_in : {in, b.out_channels}) {
          const double mid = b.type == BlockType::ir ? make_divisible(c_in * b.expansion) : c_in;
          const double rd = n.se_base == SeBase::in ? round_half_even(mid * (b.se_ratio / b.expansion))
                                                    : make_divisible(mid * b.se_ratio);
          if (rd < 1)
            throw InputError("block '" + format_block(b) + "': its SE reduction rounds to 0 channels on a " +
                             std::to_string(c_in) + "-channel input");
        }
      }
      in = b.out_channels;
    }
  }
}

NetworkSpec canonical_form(const NetworkSpec& n) {
  NetworkSpec c = n;
  c.stages.clear();
  bool any_se = false;
  // Flatten to one block per repeat, drop keys with no effect, then regroup.
  std::vector<BlockSpec> flat;
  int in = n.stem_channels;
  for (const Stage& stage : n.stages)
    for (const BlockSpec& b : stage)
      for (int r = 0; r < b.repeats; ++r) {
        BlockSpec one = b;
        one.repeats = 1;
        one.stride = r == 0 ? b.stride : 1;
        // A residual is impossible here, so `noskip` changes nothing; ResNet blocks always add.
        if (is_resnet_block(one) || one.stride != 1 || in != one.out_channels) one.noskip = false;
        any_se = any_se || one.has_se();
        flat.push_back(one);
        in = one.out_channels;
      }
  int prev_c = n.stem_channels;
  for (const BlockSpec& b : flat) {
    const bool new_stage = c.stages.empty() || b.stride > 1 || b.out_channels != prev_c;
    if (new_stage) c.stages.emplace_back();
    Stage& stage = c.stages.back();
    BlockSpec as_repeat = b;
    if (!new_stage && !stage.empty()) {
      as_repeat.stride = stage.back().stride;
      as_repeat.repeats = stage.back().repeats;
    }
    if (!new_stage && b.stride == 1 && as_repeat == stage.back())
      ++stage.back().repeats;
    else
      stage.push_back(b);
    prev_c = b.out_channels;
  }
  if (!any_se) c.se_base = SeBase::in;
  if (c.head_style == HeadStyle::none) c.head_channels = 0;
  return c;
}

std::string canonical_string(const NetworkSpec& spec) {
  const NetworkSpec n = canonical_form(spec);
  std::string s = "res=" + std::to_string(n.resolution);
  s += n.stem_kind == StemKind::conv3x3 ? ";stem=3x3:" : ";stem=7x7pool:";
  s += std::to_string(n.stem_channels);
  s += ";head=";
  s += n.head_style == HeadStyle::conv ? "conv:" + std::to_string(n.head_channels)
       : n.head_style == HeadStyle::after_pool ? "pool:" + std::to_string(n.head_channels)
                                               : std::string("none");
  s += ";classes=" + std::to_string(n.classes);
  bool any_se = false;
  for (const Stage& st : n.stages)
    for (const BlockSpec& b : st) any_se = any_se || b.has_se();
  if (any_se) s += ";se=" + std::string(to_string(n.se_base));
  s += ";blocks=" + format_stages(n.stages);
  return s;
}

NetworkSpec parse_canonical(std::string_view text) {
  NetworkSpec n;
  bool seen_res = false, seen_stem = false, seen_head = false, seen_blocks = false, seen_classes = false, seen_se = false;
  const std::string context = "architecture string";
  for (std::string_view field : split(trim(text), ';')) {
    field = trim(field);
    const auto eq = field.find('=');
    if (eq == std::string_view::npos)
      throw InputError(context + ": field '" + std::string(field) + "': expected key=value");
    const std::string_view key = field.substr(0, eq), value = field.substr(eq + 1);
    auto once = [&](bool& seen) {
      if (seen) throw InputError(context + ": key '" + std::string(key) + "' given twice");
      seen = true;
    };
    if (key == "res") {
      once(seen_res);
      n.resolution = parse_int(value, "res", 8, 8192);
    } else if (key == "stem") {
      once(seen_stem);
      const auto colon = value.find(':');
      const std::string_view kind = value.substr(0, colon);
      if (colon == std::string_view::npos || (kind != "3x3" && kind != "7x7pool"))
        throw InputError(context + ": stem: expected 3x3:N or 7x7pool:N, got '" + std::string(value) + "'");
      n.stem_kind = kind == "3x3" ? StemKind::conv3x3 : StemKind::resnet7x7;
      n.stem_channels = parse_int(value.substr(colon + 1), "stem", 1, 100000);
    } else if (key == "head") {
      once(seen_head);
      const auto colon = value.find(':');
      const std::string_view kind = value.substr(0, colon);
      if (value == "none") {
        n.head_style = HeadStyle::none;
        n.head_channels = 0;
      } else if (colon != std::string_view::npos && (kind == "conv" || kind == "pool")) {
        n.head_style = kind == "conv" ? HeadStyle::conv : HeadStyle::after_pool;
        n.head_channels = parse_int(value.substr(colon + 1), "head", 1, 100000);
      } else {
        throw InputError(context + ": head: expected conv:N, pool:N or none, got '" + std::string(value) + "'");
      }
    } else if (key == "classes") {
      once(seen_classes);
      n.classes = parse_int(value, "classes", 1, 1000000);
    } else if (key == "se") {
      once(seen_se);
      n.se_base = parse_se_base(value);
    } else if (key == "blocks") {
      once(seen_blocks);
      n.stages = parse_stages(value);
    } else {
      throw InputError(context + ": unknown key '" + std::string(key) + "', expected res, stem, head, classes, se or blocks");
    }
  }
  if (!seen_res || !seen_stem || !seen_head || !seen_blocks)
    throw InputError(context + ": expected the keys res, stem, head and blocks, got '" + std::string(trim(text)) + "'");
  validate(n);
  return n;
}

}  // namespace latnas
