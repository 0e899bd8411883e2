#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/latency_model.hpp"
#include "costmodel/network_cost.hpp"

namespace latnas {

// A unit with its latency under a device profile.
struct UnitScore {
  UnitCount count;
  double gpu_efficiency = 0.0;
  double gpu_ms = 0.0;
  double cpu_efficiency = 0.0;
  double cpu_ms = 0.0;
  bool on_edge = false;  // MACs within 5 % above a GPU band edge where the efficiency jumps up
};

// Everything latnas says about one network.
struct Score {
  std::uint64_t macs = 0;
  std::uint64_t params = 0;
  double gpu_ms = 0.0;
  double cpu_ms = 0.0;
  double accuracy = 0.0;  // the proxy's predicted top-1, percent
  bool accuracy_in_range = false;  // inside the proxy's domain of validity
  double domain_distance = 0.0;    // the proxy's Prediction::domain_distance
  double domain_excess = 0.0;      // how far outside the domain (0 inside): a constraint for the search
  int edge_units = 0;
  // Where `accuracy` came from: "proxy", or "table" / "command" when given from outside latnas
  // (then the domain does not apply: the number is not the proxy's).
  const char* accuracy_source = "proxy";

  void take(const Prediction& p) {
    accuracy = p.top1;
    accuracy_in_range = p.in_range;
    domain_distance = p.domain_distance;
    domain_excess = p.domain_excess;
  }
};

// Scores networks with one device profile and one accuracy proxy. Thread-safe (const).
class Scorer {
 public:
  Scorer(DeviceProfile device, std::shared_ptr<const AccuracyProxy> proxy);

  // Fast path: totals only. `scratch` is reused between calls to avoid allocation.
  Score score(const NetworkSpec& spec, std::vector<UnitCount>& scratch) const;
  Score score(const NetworkSpec& spec) const;
  // Per-unit detail and totals (for reports).
  Score score_units(const NetworkSpec& spec, std::vector<UnitScore>& units) const;
  // The latency of one unit.
  UnitScore unit(const UnitCount& count) const;

  const DeviceProfile& device() const { return latency_.profile(); }
  const LatencyModel& latency() const { return latency_; }
  const AccuracyProxy& proxy() const { return *proxy_; }
  std::shared_ptr<const AccuracyProxy> proxy_ptr() const { return proxy_; }

 private:
  LatencyModel latency_;
  std::shared_ptr<const AccuracyProxy> proxy_;
};

}  // namespace latnas
