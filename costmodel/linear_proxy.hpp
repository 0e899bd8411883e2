#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/proxy_domain.hpp"

namespace latnas {

// The features a linear proxy is fitted on (an intercept is added by LinearProxy).
class FeatureMap {
 public:
  static constexpr std::size_t max_features = 16;
  virtual ~FeatureMap() = default;
  virtual std::vector<std::string> names() const = 0;
  virtual std::size_t size() const = 0;
  virtual void compute(const ProxyInput& in, double* out) const = 0;
};

// ln(MACs): the `flops` proxy's one feature.
class LogMacsFeatures final : public FeatureMap {
 public:
  std::vector<std::string> names() const override { return {"ln_macs"}; }
  std::size_t size() const override { return 1; }
  void compute(const ProxyInput& in, double* out) const override;
};

// top1 = intercept + sum of coefficient * feature, fitted by (ridge) least squares on published
// results; predictions outside its domain (ProxyDomain of the rows it was fitted on), or for
// networks outside MBConv (ResNets), are flagged, not clipped.
class LinearProxy final : public AccuracyProxy {
 public:
  // Ridge on standardised features (the intercept is not penalised); ridge 0 is ordinary least squares.
  static LinearProxy fit(std::string name, std::shared_ptr<const FeatureMap> features,
                         const std::vector<CalibrationPoint>& points, double ridge, ProxyDomain domain);

  std::string_view name() const override { return name_; }
  Prediction predict(const ProxyInput& in) const override;

  double intercept() const { return intercept_; }
  const std::vector<double>& coefficients() const { return coefficients_; }  // per feature, raw units
  const FeatureMap& features() const { return *features_; }
  const ProxyDomain& domain() const { return domain_; }

 private:
  LinearProxy(std::string name, std::shared_ptr<const FeatureMap> features, double intercept,
              std::vector<double> coefficients, ProxyDomain domain);
  std::string name_;
  std::shared_ptr<const FeatureMap> features_;
  double intercept_ = 0.0;
  std::vector<double> coefficients_;
  ProxyDomain domain_;
};

}  // namespace latnas
