#include "costmodel/block_spec.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include "costmodel/error.hpp"
#include "costmodel/text.hpp"

namespace latnas {
namespace {

using text::split;

struct TypeName {
  std::string_view name;
  BlockType type;
};
constexpr std::array<TypeName, 5> type_names{{{"ds", BlockType::ds},
                                              {"ir", BlockType::ir},
                                              {"cn", BlockType::cn},
                                              {"basic", BlockType::basic},
                                              {"bneck", BlockType::bneck}}};

// timm block types and keys that exist but change the counts in ways latnas does not model yet.
constexpr std::array<std::string_view, 6> unsupported_types{"er", "uir", "dsa", "cna", "mqa", "mha"};
constexpr std::array<std::string_view, 5> known_activations{"re", "r6", "hs", "sw", "mi"};

[[noreturn]] void fail(std::string_view text, std::string_view where, const std::string& what) {
  throw InputError("block '" + std::string(text) + "' (" + std::string(where) + "): " + what);
}

template <class T>
T parse_value(std::string_view text, std::string_view where, std::string_view token, std::size_t pos,
              std::string_view value, T lo, T hi, std::string_view meaning) {
  T v{};
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  const std::string at = "token " + std::to_string(pos + 1) + " '" + std::string(token) + "'";
  if (ec != std::errc() || end != value.data() + value.size() || value.empty())
    fail(text, where, at + ": expected a number for " + std::string(meaning) + ", got '" + std::string(value) + "'");
  // A sign is never part of a key's value ("se-0" is a typo, not "no SE").
  if (!(v >= lo && v <= hi) || value.front() == '-')
    fail(text, where, at + ": expected " + std::string(meaning) + " in [" + format_number(static_cast<double>(lo)) +
                          ", " + format_number(static_cast<double>(hi)) + "], got " + std::string(value));
  return v;
}

}  // namespace

std::string_view to_string(BlockType t) {
  for (const auto& tn : type_names)
    if (tn.type == t) return tn.name;
  return "?";
}

std::string format_number(double v) {
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("nan");
}

BlockSpec parse_block(std::string_view text, std::string_view where) {
  if (text.empty()) fail(text, where, "empty block string");
  const auto tokens = split(text, '_');
  BlockSpec b;
  bool found = false;
  for (const auto& tn : type_names)
    if (tn.name == tokens[0]) b.type = tn.type, found = true;
  if (!found) {
    for (auto u : unsupported_types)
      if (u == tokens[0])
        fail(text, where, "token 1 '" + std::string(tokens[0]) + "': block type not supported by latnas yet");
    fail(text, where, "token 1 '" + std::string(tokens[0]) + "': unknown block type, expected ds, ir, cn, basic or bneck");
  }
  bool seen_r = false, seen_k = false, seen_s = false, seen_e = false, seen_c = false, seen_se = false;
  auto once = [&](bool& seen, std::size_t i) {
    if (seen) fail(text, where, "token " + std::to_string(i + 1) + " '" + std::string(tokens[i]) + "': key given twice");
    seen = true;
  };
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    const std::string_view tok = tokens[i];
    const std::string at = "token " + std::to_string(i + 1) + " '" + std::string(tok) + "'";
    if (tok.empty()) fail(text, where, at + ": empty key (doubled '_')");
    if (tok == "noskip") {
      b.noskip = true;
    } else if (tok.starts_with("se")) {
      once(seen_se, i);
      b.se_ratio = parse_value<double>(text, where, tok, i, tok.substr(2), 0.0, 1.0, "an SE ratio");
    } else if (tok.size() > 1 && tok[0] == 'n' && !(tok[1] >= '0' && tok[1] <= '9')) {
      if (!b.activation.empty())
        fail(text, where, at + ": activation given twice, expected one n<act> key, got 'n" + b.activation + "' and '" +
                              std::string(tok) + "'");
      b.activation = std::string(tok.substr(1));
      bool ok = false;
      for (auto a : known_activations) ok = ok || a == b.activation;
      if (!ok) fail(text, where, at + ": unknown activation, expected nre, nr6, nhs, nsw or nmi");
    } else {
      const char key = tok[0];
      const std::string_view value = tok.substr(1);
      switch (key) {
        case 'r': once(seen_r, i); b.repeats = parse_value<int>(text, where, tok, i, value, 1, 1000, "repeats"); break;
        case 'k':
          once(seen_k, i);
          if (value.find('.') != std::string_view::npos)
            fail(text, where, at + ": mixed kernels are not supported by latnas yet");
          b.kernel = parse_value<int>(text, where, tok, i, value, 1, 15, "a kernel size");
          if (b.kernel % 2 == 0) fail(text, where, at + ": expected an odd kernel size ('same' padding), got " + std::to_string(b.kernel));
          break;
        case 's': once(seen_s, i); b.stride = parse_value<int>(text, where, tok, i, value, 1, 4, "a stride"); break;
        case 'e': once(seen_e, i); b.expansion = parse_value<double>(text, where, tok, i, value, 0.01, 100.0, "an expansion ratio"); break;
        case 'c': once(seen_c, i); b.out_channels = parse_value<int>(text, where, tok, i, value, 1, 100000, "output channels"); break;
        case 'a': case 'p': case 'g': case 'f': case 'z': case 'l':
          fail(text, where, at + ": timm key '" + std::string(1, key) + "' is not supported by latnas yet");
        default: fail(text, where, at + ": unknown key, expected r, k, s, e, c, se, noskip or n<act>");
      }
    }
  }
  auto require = [&](bool seen, std::string_view key) {
    if (!seen) fail(text, where, "missing key '" + std::string(key) + "'");
  };
  require(seen_r, "r");
  require(seen_s, "s");
  require(seen_c, "c");
  const bool resnet = b.type == BlockType::basic || b.type == BlockType::bneck;
  if (resnet) {
    if (seen_k && b.kernel != 3) fail(text, where, "ResNet blocks use 3x3 convs: expected k3 or no k, got k" + std::to_string(b.kernel));
    if (seen_e || seen_se) fail(text, where, "ResNet blocks take no 'e' or 'se' key");
    b.kernel = 3;
    if (b.type == BlockType::bneck && b.out_channels % 4 != 0)
      fail(text, where, "bneck output channels must be a multiple of 4 (inner width c/4), got c" + std::to_string(b.out_channels));
  } else {
    require(seen_k, "k");
  }
  if (b.type == BlockType::ir) require(seen_e, "e");
  if (b.type == BlockType::ds && seen_e && b.expansion != 1.0)
    fail(text, where, "ds blocks have no expansion conv: expected e1 or no e, got e" + format_number(b.expansion));
  if (b.type == BlockType::cn && (seen_e || seen_se)) fail(text, where, "cn blocks take no 'e' or 'se' key");
  if (b.type != BlockType::ir) b.expansion = 1.0;
  return b;
}

std::string format_block(const BlockSpec& b) {
  std::string s(to_string(b.type));
  s += "_r" + std::to_string(b.repeats);
  if (b.type != BlockType::basic && b.type != BlockType::bneck) s += "_k" + std::to_string(b.kernel);
  s += "_s" + std::to_string(b.stride);
  if (b.type == BlockType::ir) s += "_e" + format_number(b.expansion);
  s += "_c" + std::to_string(b.out_channels);
  if (b.has_se()) s += "_se" + format_number(b.se_ratio);
  if (b.noskip) s += "_noskip";
  if (!b.activation.empty()) s += "_n" + b.activation;
  return s;
}

}  // namespace latnas
