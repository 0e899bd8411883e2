#include "costmodel/network_cost.hpp"

#include "costmodel/counting.hpp"

namespace latnas {
namespace {

// Tracks shapes and adds each operation's counts to the current unit; builds nothing.
class CountingSink {
 public:
  explicit CountingSink(std::vector<UnitCount>& units) : units_(units) {}

  Tensor input(int channels, int resolution) { return {channels, resolution, resolution, 0}; }
  void unit(const UnitPlace& place) { units_.push_back(UnitCount{place, 0, 0}); }
  Tensor conv(const Tensor& x, int out, int kernel, int stride, int groups, bool bias) {
    const int h = counting::conv_output_size(x.height, stride), w = counting::conv_output_size(x.width, stride);
    units_.back().macs += counting::conv_macs(h, w, out, x.channels, groups, kernel);
    units_.back().params += counting::conv_params(x.channels, out, groups, kernel, bias);
    return {out, h, w, 0};
  }
  Tensor batch_norm(const Tensor& x) {
    units_.back().params += counting::batch_norm_params(x.channels);
    return x;
  }
  Tensor activation(const Tensor& x) { return x; }
  Tensor max_pool(const Tensor& x, int, int stride) {
    return {x.channels, counting::conv_output_size(x.height, stride), counting::conv_output_size(x.width, stride), 0};
  }
  Tensor global_pool(const Tensor& x) { return {x.channels, 1, 1, 0}; }
  Tensor linear(const Tensor& x, int out) {
    const int in = x.channels * x.height * x.width;
    units_.back().macs += counting::linear_macs(in, out);
    units_.back().params += counting::linear_params(in, out);
    return {out, 1, 1, 0};
  }
  Tensor add(const Tensor& a, const Tensor&) { return a; }
  Tensor scale(const Tensor& x, const Tensor&) { return x; }

 private:
  std::vector<UnitCount>& units_;
};

}  // namespace

std::string unit_name(const UnitPlace& p) {
  if (!p.spec) return std::string(p.role);
  BlockSpec one = *p.spec;
  one.repeats = 1;
  one.stride = p.stride;
  std::string block = format_block(one);
  block.erase(block.find("_r1"), 3);  // a unit is one repeat
  std::string name = "s" + std::to_string(p.stage) + ".b" + std::to_string(p.block);
  if (!p.role.empty()) name += "." + std::string(p.role);
  return name + "/" + block;
}

void count_units(const NetworkSpec& net, std::vector<UnitCount>& out) {
  out.clear();
  CountingSink sink(out);
  emit_network(sink, net);
}

std::vector<UnitCount> count_units(const NetworkSpec& net) {
  std::vector<UnitCount> out;
  count_units(net, out);
  return out;
}

CountTotals totals(const std::vector<UnitCount>& units) {
  CountTotals t;
  for (const UnitCount& u : units) t.macs += u.macs, t.params += u.params;
  return t;
}

}  // namespace latnas
