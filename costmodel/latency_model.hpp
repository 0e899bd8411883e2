#pragma once
#include <cstdint>

#include "costmodel/device_profile.hpp"
#include "costmodel/pattern.hpp"

namespace latnas {

// Latency of one unit (an operation or a whole MBConv block) at batch 1 on one device.
struct UnitLatency {
  double gpu_efficiency = 0;  // 0 for a unit of 0 MACs
  double gpu_ms = 0;
  double cpu_efficiency = 0;  // 0 for a unit of 0 MACs
  double cpu_ms = 0;
  bool gpu_on_edge = false;  // MACs within 5% above a rising edge of the pattern's GPU row
  bool cpu_on_edge = false;  // the same for the CPU row
  bool on_edge = false;      // gpu_on_edge || cpu_on_edge
};

// spec/latency-model.md, "Latency of one operation":
//   ms = MACs / (efficiency(pattern, MACs) * peak_gmacs * 1e9) * 1e3,   0 MACs -> 0 ms,
// with the pattern's GPU row and the GPU peak, and the CPU row (every pattern) and the CPU peak.
// A network's latency is the sum over its units. The model holds its own copy of the profile.
class LatencyModel {
 public:
  // Share of a rising edge's X above it within which a unit is flagged as resting on the edge.
  static constexpr double kEdgeFraction = 0.05;

  explicit LatencyModel(DeviceProfile profile);

  const DeviceProfile& profile() const { return profile_; }

  // One std::log10 per call, shared by the GPU and CPU rows. The profile's fixed GPU costs
  // (DeviceProfile::gpu_fixed) are added to gpu_ms of a unit with MACs > 0: unit_us always, se_us
  // when `has_se` (an MBConv block with squeeze-excitation). A profile without them adds nothing.
  UnitLatency unit(Pattern pattern, std::uint64_t macs, bool has_se = false) const;

  double gpu_ms(Pattern pattern, std::uint64_t macs, bool has_se = false) const;
  double cpu_ms(std::uint64_t macs) const;

 private:
  DeviceProfile profile_;
  double gpu_macs_per_s_;  // gpu_peak_gmacs * 1e9
  double cpu_macs_per_s_;  // cpu_peak_gmacs * 1e9
  double unit_fixed_ms_;   // gpu_fixed().unit_us / 1e3
  double se_fixed_ms_;     // gpu_fixed().se_us / 1e3
};

}  // namespace latnas
