#pragma once
#include <cstddef>
#include <string_view>

#include "costmodel/error.hpp"
#include "costmodel/network_spec.hpp"
#include "costmodel/pattern.hpp"
#include "costmodel/rounding.hpp"

// How each block of a NetworkSpec is made of operations, written once for every consumer: a Sink
// receives the operations in order (Network builds a graph from them, CountingSink only counts).
namespace latnas {

struct Tensor {
  int channels = 0;
  int height = 0;
  int width = 0;
  std::size_t node = 0;  // the producing vertex, for sinks that build a graph
};

// Where a latency unit sits: stage 0 is the stem, stages 1..n the block stages, n+1 the head.
struct UnitPlace {
  Pattern pattern = Pattern::conv_bn;
  int stage = 0;
  int block = 0;                    // 1-based position in the stage, counting repeats
  const BlockSpec* spec = nullptr;  // the block string the unit comes from (null for stem/head)
  int stride = 1;                   // stride of this repeat
  std::string_view role;            // "stem", "head", "classifier", or a ResNet conv's role
};

// Sink requirements (all return the output tensor):
//   Tensor input(int channels, int resolution);
//   void unit(const UnitPlace&);                 // the operations that follow belong to this unit
//   Tensor conv(const Tensor&, int out, int kernel, int stride, int groups, bool bias);
//   Tensor batch_norm(const Tensor&);  Tensor activation(const Tensor&);
//   Tensor max_pool(const Tensor&, int kernel, int stride);  Tensor global_pool(const Tensor&);
//   Tensor linear(const Tensor&, int out);
//   Tensor add(const Tensor&, const Tensor&);  Tensor scale(const Tensor& x, const Tensor& gate);

// SE reduction width (spec: "SE width rd").
inline int se_reduction(const NetworkSpec& net, const BlockSpec& b, int mid) {
  const double rd = net.se_base == SeBase::in ? round_half_even(mid * (b.se_ratio / b.expansion))
                                              : make_divisible(mid * b.se_ratio);
  return static_cast<int>(rd);
}

namespace emit_detail {

template <class Sink>
Tensor conv_bn(Sink& s, const Tensor& x, int out, int kernel, int stride, int groups, bool act) {
  Tensor y = s.batch_norm(s.conv(x, out, kernel, stride, groups, false));
  return act ? s.activation(y) : y;
}

template <class Sink>
Tensor squeeze_excite(Sink& s, const Tensor& x, int rd) {
  const Tensor pooled = s.global_pool(x);
  const Tensor reduced = s.activation(s.conv(pooled, rd, 1, 1, 1, true));
  const Tensor gate = s.activation(s.conv(reduced, x.channels, 1, 1, 1, true));
  return s.scale(x, gate);
}

template <class Sink>
Tensor mbconv(Sink& s, const NetworkSpec& net, const BlockSpec& b, int stride, const Tensor& x) {
  Tensor y = x;
  int mid = x.channels;
  if (b.type == BlockType::ir) {  // the 1x1 expansion exists even at e = 1
    mid = make_divisible(x.channels * b.expansion);
    y = conv_bn(s, y, mid, 1, 1, 1, true);
  }
  y = conv_bn(s, y, mid, b.kernel, stride, mid, true);
  if (b.has_se()) y = squeeze_excite(s, y, se_reduction(net, b, mid));
  y = conv_bn(s, y, b.out_channels, 1, 1, 1, false);
  return b.residual(x.channels, stride) ? s.add(y, x) : y;
}

template <class Sink>
Tensor resnet_block(Sink& s, const UnitPlace& place, const BlockSpec& b, int stride, const Tensor& x) {
  UnitPlace p = place;
  auto unit = [&](std::string_view role) {
    p.role = role;
    s.unit(p);
  };
  Tensor y;
  if (b.type == BlockType::basic) {
    unit("conv1");
    y = conv_bn(s, x, b.out_channels, 3, stride, 1, true);
    unit("conv2");
    y = conv_bn(s, y, b.out_channels, 3, 1, 1, false);
  } else {  // bottleneck, torchvision v1.5: the stride sits in the 3x3 conv
    const int width = b.out_channels / 4;
    unit("conv1");
    y = conv_bn(s, x, width, 1, 1, 1, true);
    unit("conv2");
    y = conv_bn(s, y, width, 3, stride, 1, true);
    unit("conv3");
    y = conv_bn(s, y, b.out_channels, 1, 1, 1, false);
  }
  Tensor shortcut = x;
  if (stride != 1 || x.channels != b.out_channels) {
    unit("downsample");
    shortcut = conv_bn(s, x, b.out_channels, 1, stride, 1, false);
  }
  return s.activation(s.add(y, shortcut));
}

}  // namespace emit_detail

// Emits a whole network into the sink, unit by unit.
template <class Sink>
void emit_network(Sink& s, const NetworkSpec& net) {
  using namespace emit_detail;
  Tensor x = s.input(3, net.resolution);
  s.unit(UnitPlace{Pattern::conv_bn, 0, 1, nullptr, 2, "stem"});
  if (net.stem_kind == StemKind::conv3x3) {
    x = conv_bn(s, x, net.stem_channels, 3, 2, 1, true);
  } else {
    x = conv_bn(s, x, net.stem_channels, 7, 2, 1, true);
    x = s.max_pool(x, 3, 2);
  }
  int stage_index = 0;
  for (const Stage& stage : net.stages) {
    ++stage_index;
    int block_index = 0;
    for (const BlockSpec& b : stage)
      for (int r = 0; r < b.repeats; ++r) {
        const int stride = r == 0 ? b.stride : 1;
        UnitPlace place{Pattern::mbconv, stage_index, ++block_index, &b, stride, ""};
        if (b.type == BlockType::ds || b.type == BlockType::ir) {
          s.unit(place);
          x = mbconv(s, net, b, stride, x);
        } else if (b.type == BlockType::cn) {
          place.pattern = Pattern::conv_bn;
          s.unit(place);
          x = conv_bn(s, x, b.out_channels, b.kernel, stride, 1, true);
        } else {
          place.pattern = Pattern::conv_bn;
          x = resnet_block(s, place, b, stride, x);
        }
      }
  }
  const int head_stage = stage_index + 1;
  if (net.head_style == HeadStyle::conv) {
    s.unit(UnitPlace{Pattern::conv_bn, head_stage, 1, nullptr, 1, "head"});
    x = conv_bn(s, x, net.head_channels, 1, 1, 1, true);
    x = s.global_pool(x);
  } else if (net.head_style == HeadStyle::after_pool) {
    s.unit(UnitPlace{Pattern::conv, head_stage, 1, nullptr, 1, "head"});
    x = s.global_pool(x);
    x = s.activation(s.conv(x, net.head_channels, 1, 1, 1, true));
  }
  s.unit(UnitPlace{Pattern::matmul, head_stage, 2, nullptr, 1, "classifier"});
  if (net.head_style == HeadStyle::none) x = s.global_pool(x);
  s.linear(x, net.classes);
}

}  // namespace latnas
