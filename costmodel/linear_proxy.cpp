#include "costmodel/linear_proxy.hpp"

#include <cmath>
#include <stdexcept>

namespace latnas {

void LogMacsFeatures::compute(const ProxyInput& in, double* out) const {
  out[0] = std::log(static_cast<double>(in.totals.macs));
}

LinearProxy::LinearProxy(std::string name, std::shared_ptr<const FeatureMap> features, double intercept,
                         std::vector<double> coefficients, CalibrationRange range)
    : name_(std::move(name)), features_(std::move(features)), intercept_(intercept),
      coefficients_(std::move(coefficients)), range_(range) {}

LinearProxy LinearProxy::fit(std::string name, std::shared_ptr<const FeatureMap> features,
                             const std::vector<CalibrationPoint>& points, double ridge, CalibrationRange range) {
  const std::size_t k = features->size();
  if (k == 0 || k > FeatureMap::max_features)
    throw std::invalid_argument("features: expected 1 to 16, got " + std::to_string(k));
  if (points.size() < k + 1)
    throw std::invalid_argument("calibration points: expected at least " + std::to_string(k + 1) + ", got " +
                                std::to_string(points.size()));
  if (!(ridge >= 0.0)) throw std::invalid_argument("ridge: expected >= 0, got " + std::to_string(ridge));
  const auto n = static_cast<Eigen::Index>(points.size());
  const auto kk = static_cast<Eigen::Index>(k);
  Eigen::MatrixXd x(n, kk);
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const CalibrationPoint& p = points[static_cast<std::size_t>(i)];
    std::array<double, FeatureMap::max_features> f{};
    features->compute(ProxyInput{p.spec, p.totals}, f.data());
    for (Eigen::Index j = 0; j < kk; ++j) x(i, j) = f[static_cast<std::size_t>(j)];
    y(i) = p.top1;
  }
  // Standardise so one ridge strength means the same for every feature; centring removes the intercept.
  const Eigen::RowVectorXd mean = x.colwise().mean();
  Eigen::MatrixXd xc = x.rowwise() - mean;
  Eigen::RowVectorXd scale = (xc.array().square().colwise().sum() / static_cast<double>(n)).sqrt();
  for (Eigen::Index j = 0; j < kk; ++j)
    if (scale(j) == 0.0) scale(j) = 1.0;
  const Eigen::MatrixXd xs = xc.array().rowwise() / scale.array();
  const double y_mean = y.mean();
  const Eigen::MatrixXd gram = xs.transpose() * xs + ridge * static_cast<double>(n) * Eigen::MatrixXd::Identity(kk, kk);
  const Eigen::VectorXd beta_s = gram.ldlt().solve(xs.transpose() * (y.array() - y_mean).matrix());
  std::vector<double> coef(k);
  double intercept = y_mean;
  for (Eigen::Index j = 0; j < kk; ++j) {
    coef[static_cast<std::size_t>(j)] = beta_s(j) / scale(j);
    intercept -= coef[static_cast<std::size_t>(j)] * mean(j);
  }
  return LinearProxy(std::move(name), std::move(features), intercept, std::move(coef), range);
}

Prediction LinearProxy::predict(const ProxyInput& in) const {
  std::array<double, FeatureMap::max_features> f{};
  features_->compute(in, f.data());
  double top1 = intercept_;
  for (std::size_t j = 0; j < coefficients_.size(); ++j) top1 += coefficients_[j] * f[j];
  return {top1, range_.contains(in.spec, in.totals.macs)};
}

}  // namespace latnas
