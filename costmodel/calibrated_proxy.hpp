#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/network_shape.hpp"

namespace latnas {

// Exponents of the calibrated proxy's three saturation terms (chosen by cross-validation).
struct SaturationPowers {
  double depth = 3.0;
  double width = 2.0;
  double resolution = 2.0;
  bool operator==(const SaturationPowers&) const = default;
};

// The hyperparameter grids the calibrated proxy chooses from.
struct CalibratedSettings {
  // Ridge strength per standardised feature (0 = least squares).
  std::vector<double> ridges{0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0};
  // Candidates for the three exponents, chosen jointly. At least quadratic: a prior that one
  // dimension alone saturates within a few doublings (EfficientNet, arXiv:1905.11946, Figure 3).
  // With 1 allowed as well the shipped fit is the same, but a validation fold that holds out every
  // EfficientNet-derived row (and so every row above 224 px and 0.6 GMACs) can pick a near-linear
  // term and extrapolate far: the reference rows' LOFO MAE rises from about 1.2 to about 2.8 points.
  std::vector<double> depth_powers{2.0, 3.0};
  std::vector<double> width_powers{2.0, 3.0};
  std::vector<double> resolution_powers{2.0, 3.0};
};

// The span of the data the calibrated proxy was fitted on, in MACs, resolution, depth and width,
// and the MBConv domain: a network outside it is an extrapolation.
struct CalibratedRange {
  std::uint64_t min_macs = 0, max_macs = 0;
  int min_resolution = 0, max_resolution = 0;
  int min_depth = 0, max_depth = 0;
  double min_width = 0.0, max_width = 0.0;
  bool contains(const NetworkShape& shape, std::uint64_t macs) const;
};

// The `calibrated` accuracy proxy: predicted ImageNet top-1 (percent) of an MBConv network,
//
//   top1 = b + a_d * (1 - (D0/D)^p_d) + a_w * (1 - (W0/W)^p_w) + a_r * (1 - (R0/R)^p_r)
//            + c_se * SE + c_k * K + c_e * ln(E)
//
// D: depth in blocks (repeats counted), W: geometric-mean output width of the block kinds
// (channels), R: input resolution, SE: share of block kinds with squeeze-excitation, K: share of
// block kinds with a 5x5 or larger depthwise kernel, E: mean expansion ratio of the
// inverted-residual block kinds (see NetworkShape). D0, W0, R0 are the smallest values in the
// fitted data, so each gain is 0 there and tends to its coefficient `a` (the most that dimension
// alone can add) as it grows. Below them (outside the data, flagged) a gain continues along its
// tangent in ln x, p ln(x / x0), instead of the power's steep fall.
//
// Fitted by weighted ridge regression (lineage weights) with a_d, a_w, a_r, c_e >= 0: more depth,
// width or resolution alone never predicts less (SE, K and E do not change with them), nor does more
// expansion; c_se and c_k are free. Each gain is concave in the logarithm of its dimension while
// MACs grow like D * W^2 * R^2, so at equal MACs spreading growth over all three scores higher than
// pushing one, which is what EfficientNet's compound scaling found in training (arXiv:1905.11946,
// Table 7). A model fitted to published results, not a measurement.
class CalibratedProxy final : public AccuracyProxy {
 public:
  static constexpr std::size_t feature_count = 6;
  static const std::array<std::string_view, feature_count>& feature_names();

  // Chooses the three powers and the ridge by leave-one-lineage-out cross-validation on `points`
  // (weighted mean absolute error, lineage weights; ties go to the earlier grid entry), then fits
  // on all of them. Throws std::invalid_argument if fewer than 2 lineages or too few rows.
  static CalibratedProxy fit(const std::vector<CalibrationPoint>& points, const CalibratedSettings& settings = {});
  // Fits with given hyperparameters.
  static CalibratedProxy fit(const std::vector<CalibrationPoint>& points, SaturationPowers powers, double ridge);

  std::string_view name() const override { return "calibrated"; }
  Prediction predict(const ProxyInput& in) const override;  // no allocation
  Prediction predict(const NetworkShape& shape, std::uint64_t macs) const;

  // The feature values of a network (raw units, in feature_names() order).
  void features(const NetworkShape& shape, double* out) const;

  double intercept() const { return intercept_; }
  const std::array<double, feature_count>& coefficients() const { return coefficients_; }
  const SaturationPowers& powers() const { return powers_; }
  double ridge() const { return ridge_; }
  // The leave-one-lineage-out MAE that chose the hyperparameters (NaN when they were given).
  double cv_mae() const { return cv_mae_; }
  // D0, W0, R0.
  double depth_reference() const { return depth0_; }
  double width_reference() const { return width0_; }
  double resolution_reference() const { return resolution0_; }
  const CalibratedRange& range() const { return range_; }

 private:
  CalibratedProxy() = default;
  SaturationPowers powers_;
  double ridge_ = 0.0;
  double cv_mae_ = 0.0;
  double depth0_ = 1.0, width0_ = 1.0, resolution0_ = 1.0;
  double intercept_ = 0.0;
  std::array<double, feature_count> coefficients_{};
  CalibratedRange range_;
};

}  // namespace latnas
