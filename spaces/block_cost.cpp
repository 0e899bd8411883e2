#include "spaces/block_cost.hpp"

#include "costmodel/block_emitter.hpp"
#include "costmodel/counting.hpp"

namespace latnas {
namespace {

// Adds each operation's counts to one unit; tracks shapes only.
class OneUnitSink {
 public:
  explicit OneUnitSink(UnitCount& unit) : unit_(unit) {}

  Tensor conv(const Tensor& x, int out, int kernel, int stride, int groups, bool bias) {
    const int h = counting::conv_output_size(x.height, stride), w = counting::conv_output_size(x.width, stride);
    unit_.macs += counting::conv_macs(h, w, out, x.channels, groups, kernel);
    unit_.params += counting::conv_params(x.channels, out, groups, kernel, bias);
    return {out, h, w, 0};
  }
  Tensor batch_norm(const Tensor& x) {
    unit_.params += counting::batch_norm_params(x.channels);
    return x;
  }
  Tensor activation(const Tensor& x) { return x; }
  Tensor global_pool(const Tensor& x) { return {x.channels, 1, 1, 0}; }
  Tensor add(const Tensor& a, const Tensor&) { return a; }
  Tensor scale(const Tensor& x, const Tensor&) { return x; }

 private:
  UnitCount& unit_;
};

}  // namespace

UnitCount count_block(const BlockSpec& block, int stride, int in_channels, int in_size, SeBase se_base) {
  UnitCount unit;
  unit.place.pattern = block.type == BlockType::cn ? Pattern::conv_bn : Pattern::mbconv;
  unit.place.spec = nullptr;
  unit.place.stride = stride;
  OneUnitSink sink(unit);
  const Tensor x{in_channels, in_size, in_size, 0};
  if (block.type == BlockType::cn) {
    emit_detail::conv_bn(sink, x, block.out_channels, block.kernel, stride, 1, true);
  } else {
    NetworkSpec context;  // mbconv() reads only the SE base from the network
    context.se_base = se_base;
    emit_detail::mbconv(sink, context, block, stride, x);
  }
  return unit;
}

}  // namespace latnas
