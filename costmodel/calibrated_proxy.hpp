#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/network_shape.hpp"
#include "costmodel/proxy_domain.hpp"

namespace latnas {

// The calibrated proxy's three hyperparameters (chosen by cross-validation).
struct CalibratedHyper {
  double balance_share = 0.25;  // kappa: the share of effective compute measured by balanced scaling
  double lineage_ridge = 0.3;   // ridge on the lineage (training-recipe) effects, per standardised effect
  // tau: the softmin's temperature, in scaling steps. Small: a network is as good as its most
  // lagging dimension (1 is EfficientNet's reading); large: the lag is averaged with the others,
  // as TinyNet's narrow but well-performing networks and PaddleClas's narrow MobileNetV3s suggest.
  double temperature = 1.0;
  bool operator==(const CalibratedHyper&) const = default;
};

// The grids the calibrated proxy chooses its hyperparameters from.
struct CalibratedSettings {
  std::vector<double> balance_shares{0.0, 0.25, 0.5};
  std::vector<double> lineage_ridges{0.01, 0.03, 0.1, 0.3, 1.0};
  std::vector<double> temperatures{1.0, 2.0, 4.0, 8.0, 16.0};
};

// The `calibrated` accuracy proxy: predicted ImageNet top-1 (percent) of an MBConv network,
//
//   top1 = b + lineage + G(z) + c_se SE + c_k K + c_e ln E
//   z    = (1 - kappa) ln MACs + kappa psi,   psi = ln MACs(B0) + ln(1.92) softmin_tau(s_d, s_w, s_r)
//   s_d  = ln(D / D_B0) / ln 1.2,  s_w = ln(W / W_B0) / ln 1.1,  s_r = ln(R / 224) / ln 1.15
//
// The anchor is compute: z is ln MACs, blended with psi, the compute EfficientNet-B0 would need to
// reach this network's depth D, width W (geometric-mean channels) and resolution R by compound
// scaling (alpha, beta, gamma = 1.2, 1.1, 1.15, each step about doubling MACs; arXiv:1905.11946).
// psi takes the softmin (temperature tau) of the three scaling steps, so a network that pushes one
// dimension ahead of the others gets less effective compute than a balanced one of equal MACs: imbalance wastes
// compute, the paper's compound-scaling finding (its Table 7 is in the calibration data). G is
// concave and non-decreasing (a sum of min(z, knot) with non-negative coefficients): diminishing
// returns, and more depth, width or resolution alone never predicts less.
//
// SE, K (share of 5x5 and larger kernels) and E (mean expansion) are bounded shares or logs of
// small numbers: their credit is at most a coefficient, never a sum that grows with the network,
// and each is clamped to the range the calibration networks span (no credit for extrapolating).
// `lineage` is one effect per lineage of the calibration data (EfficientNet, MobileNetV2, ...):
// what its training recipe adds, fitted jointly with a ridge, so the architecture coefficients come
// from contrasts within a lineage (EfficientNet vs EfficientNet-lite, MobileNetV3 vs its minimal
// variant, MnasNet-A1 vs B1) rather than from recipe differences between lineages. A new network
// has no lineage: it is predicted at effect 0, the common level the ridge shrinks toward.
//
// Fitted by weighted least squares (lineage weights; G's coefficients >= 0), kappa, tau and the
// lineage ridge by leave-one-lineage-out cross-validation. Trusted only inside its ProxyDomain.
// A model fitted to published results, not a measurement.
class CalibratedProxy final : public ShapeProxy {
 public:
  static constexpr std::size_t knot_count = 6;
  // G's knots, in MACs (G is linear below the first and above the last, with non-negative slope).
  static const std::array<double, knot_count>& knots();
  // The features shared by every network: G's hinges (knots, then z itself), SE, K, ln E.
  static constexpr std::size_t feature_count = knot_count + 4;
  static const std::array<std::string_view, feature_count>& feature_names();

  // Chooses the hyperparameters by leave-one-lineage-out cross-validation on `points` (weighted
  // MAE; ties to the earlier grid entry), then fits on all of them. Throws std::invalid_argument
  // for fewer than 2 lineages or too few rows.
  static CalibratedProxy fit(const std::vector<CalibrationPoint>& points, const CalibratedSettings& settings = {});
  static CalibratedProxy fit(const std::vector<CalibrationPoint>& points, CalibratedHyper hyper);

  std::string_view name() const override { return "calibrated"; }
  using ShapeProxy::predict;  // from a network (ProxyInput); no allocation
  Prediction predict_shape(const NetworkShape& shape, const CountTotals& totals) const override {
    return predict(shape, totals.macs);
  }
  Prediction predict(const NetworkShape& shape, std::uint64_t macs) const;

  // z, the effective compute (in ln MACs) of a network.
  double effective_compute(const NetworkShape& shape, std::uint64_t macs) const;
  // The compound-scaling steps (s_d, s_w, s_r) of a network from EfficientNet-B0.
  std::array<double, 3> scaling_steps(const NetworkShape& shape) const;

  double intercept() const { return intercept_; }
  const std::array<double, feature_count>& coefficients() const { return coefficients_; }
  // Lineage effects (points), by lineage name, as fitted.
  const std::vector<std::pair<std::string, double>>& lineage_effects() const { return lineages_; }
  const CalibratedHyper& hyper() const { return hyper_; }
  double cv_mae() const { return cv_mae_; }  // NaN when the hyperparameters were given
  const ProxyDomain& domain() const { return domain_; }

 private:
  CalibratedProxy() = default;
  void features(const ProxyDomain::Point& c, double* out) const;
  Prediction predict_at(const NetworkShape& shape, const ProxyDomain::Point& c) const;

  CalibratedHyper hyper_;
  double cv_mae_ = 0.0;
  double log_depth0_ = 0.0, log_width0_ = 0.0, log_resolution0_ = 0.0, log_macs0_ = 0.0;  // EfficientNet-B0
  double intercept_ = 0.0;
  std::array<double, feature_count> coefficients_{};
  // The range of SE share, large-kernel share and ln E over the calibration networks: beyond it a
  // network earns no further credit (a share the data never reached is an extrapolation).
  std::array<double, 3> share_low_{}, share_high_{};
  std::vector<std::pair<std::string, double>> lineages_;
  ProxyDomain domain_;
};

}  // namespace latnas
