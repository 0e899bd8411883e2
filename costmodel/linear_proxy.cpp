#include "costmodel/linear_proxy.hpp"

#include <cmath>
#include <stdexcept>

#include "costmodel/network_shape.hpp"
#include "costmodel/ridge_regression.hpp"

namespace latnas {

void LogMacsFeatures::compute(const ProxyInput& in, double* out) const {
  out[0] = std::log(static_cast<double>(in.totals.macs));
}

LinearProxy::LinearProxy(std::string name, std::shared_ptr<const FeatureMap> features, double intercept,
                         std::vector<double> coefficients, ProxyDomain domain)
    : name_(std::move(name)), features_(std::move(features)), intercept_(intercept),
      coefficients_(std::move(coefficients)), domain_(std::move(domain)) {}

LinearProxy LinearProxy::fit(std::string name, std::shared_ptr<const FeatureMap> features,
                             const std::vector<CalibrationPoint>& points, double ridge, ProxyDomain domain) {
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
  LinearFit line = fit_ridge(x, y, Eigen::VectorXd(), ridge, std::vector<bool>(k, false));
  return LinearProxy(std::move(name), std::move(features), line.intercept, std::move(line.coefficients),
                     std::move(domain));
}

Prediction LinearProxy::predict(const ProxyInput& in) const {
  std::array<double, FeatureMap::max_features> f{};
  features_->compute(in, f.data());
  double top1 = intercept_;
  for (std::size_t j = 0; j < coefficients_.size(); ++j) top1 += coefficients_[j] * f[j];
  Prediction p;
  p.top1 = top1;
  const NetworkShape shape = measure_shape(in.spec);
  p.domain_distance = domain_.distance(shape, in.totals.macs);
  p.domain_excess = domain_.excess(p.domain_distance);
  p.in_range = shape.mbconv && p.domain_excess == 0.0;
  return p;
}

}  // namespace latnas
