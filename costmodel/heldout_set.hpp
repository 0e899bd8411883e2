#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/network_spec.hpp"

namespace latnas {

// One published result the proxies are never fitted on (data/calibration/heldout_accuracy.csv).
struct HeldOutPoint {
  std::string name;
  NetworkSpec spec;
  CountTotals totals;
  double top1 = 0.0;
  std::string training;      // the recipe: plain, timm-recipe, torchvision-recipe, ...
  std::string same_arch_as;  // a calibration (or held-out) network of the same architecture, or empty
  std::string source;
  // With inverted residuals (ir blocks): the MBConv networks the proxies are meant for. The rest
  // (MobileNetV1, PP-LCNet: depthwise-separable only) are there to show the domain refuses them.
  bool inverted_residual = false;
  bool new_architecture() const { return same_arch_as.empty(); }
};

// Published results kept apart from the calibration data, to check the proxies on networks they
// have not seen. Every row is trained from scratch on ImageNet-1k, without distillation or a
// supernet. Each arch must be canonical and must not be a calibration network unless `same_arch_as`
// names it (the same architecture under another recipe).
class HeldOutSet {
 public:
  static const HeldOutSet& builtin();
  // Throws InputError naming source:line for a malformed row.
  HeldOutSet(std::string_view csv, const std::string& source);
  const std::vector<HeldOutPoint>& points() const { return points_; }

 private:
  std::vector<HeldOutPoint> points_;
};

// MAE (points) and Kendall tau-b of a proxy's predictions against the published top-1.
struct HeldOutSummary {
  std::size_t rows = 0;
  std::size_t in_range = 0;
  double mae = 0.0;
  double tau = 0.0;
};

struct HeldOutRow {
  const HeldOutPoint* point = nullptr;
  Prediction prediction;
};

struct HeldOutValidation {
  std::vector<HeldOutRow> rows;  // every row, in file order
  HeldOutSummary mbconv;         // rows with inverted residuals: the figure the proxy answers for
  HeldOutSummary new_architectures;  // those of them that are no calibration architecture
  HeldOutSummary separable_only;     // depthwise-separable only: outside the domain by design
};

HeldOutValidation validate_heldout(const AccuracyProxy& proxy, const HeldOutSet& set);

}  // namespace latnas
