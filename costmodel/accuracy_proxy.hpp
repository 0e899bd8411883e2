#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/network_cost.hpp"
#include "costmodel/network_shape.hpp"
#include "costmodel/network_spec.hpp"

namespace latnas {

// What a proxy sees of a network: its resolved spec and its exact counts.
struct ProxyInput {
  const NetworkSpec& spec;
  CountTotals totals;
};

// A proxy's predicted ImageNet top-1 (percent). It is a model fitted to published results, not a
// measurement; `in_range` says whether the network lies inside the proxy's domain of validity
// (ProxyDomain: near the calibration networks, judged on all coordinates together).
struct Prediction {
  double top1 = 0.0;
  bool in_range = false;
  double domain_distance = 0.0;  // standardised distance to the nearest calibration network
  double domain_excess = 0.0;    // how far outside the domain (0 inside), see ProxyDomain::excess
};

class AccuracyProxy {
 public:
  virtual ~AccuracyProxy() = default;
  virtual std::string_view name() const = 0;
  virtual Prediction predict(const ProxyInput& in) const = 0;  // const and thread-safe
};

// A proxy that reads nothing of a network but its shape (measure_shape) and its counts. A search
// space can measure the shape straight from a genome (SearchSpace::shape_of), so scoring a genome
// need not build the network at all (SpaceScorer).
class ShapeProxy : public AccuracyProxy {
 public:
  virtual Prediction predict_shape(const NetworkShape& shape, const CountTotals& totals) const = 0;
  Prediction predict(const ProxyInput& in) const final { return predict_shape(measure_shape(in.spec), in.totals); }
};

// The proxies latnas ships, fitted on the embedded calibration data; "flops" or "calibrated".
// Throws InputError listing the known names.
std::shared_ptr<const AccuracyProxy> make_proxy(std::string_view name);
std::vector<std::string> proxy_names();

}  // namespace latnas
