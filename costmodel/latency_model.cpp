#include "costmodel/latency_model.hpp"

#include <cmath>
#include <utility>

namespace latnas {

LatencyModel::LatencyModel(DeviceProfile profile)
    : profile_(std::move(profile)),
      gpu_macs_per_s_(profile_.gpu_peak_gmacs() * 1e9),
      cpu_macs_per_s_(profile_.cpu_peak_gmacs() * 1e9),
      unit_fixed_ms_(profile_.gpu_fixed().unit_us / 1e3),
      se_fixed_ms_(profile_.gpu_fixed().se_us / 1e3) {}

UnitLatency LatencyModel::unit(Pattern pattern, std::uint64_t macs, bool has_se) const {
  UnitLatency out;
  if (macs == 0) return out;
  const double f = static_cast<double>(macs);
  const double log10_f = std::log10(f);
  const EfficiencyCurve& gpu = profile_.gpu_curve(pattern);
  const EfficiencyCurve& cpu = profile_.cpu_curve();
  out.gpu_efficiency = gpu.at_log10(log10_f);
  out.gpu_ms = f / (out.gpu_efficiency * gpu_macs_per_s_) * 1e3;
  if (unit_fixed_ms_ != 0) out.gpu_ms += unit_fixed_ms_;  // profiles without fixed costs stay bit-for-bit
  if (has_se && se_fixed_ms_ != 0) out.gpu_ms += se_fixed_ms_;
  out.cpu_efficiency = cpu.at_log10(log10_f);
  out.cpu_ms = f / (out.cpu_efficiency * cpu_macs_per_s_) * 1e3;
  out.gpu_on_edge = gpu.within_above_rising_edge(f, kEdgeFraction);
  out.cpu_on_edge = cpu.within_above_rising_edge(f, kEdgeFraction);
  out.on_edge = out.gpu_on_edge || out.cpu_on_edge;
  return out;
}

double LatencyModel::gpu_ms(Pattern pattern, std::uint64_t macs, bool has_se) const {
  if (macs == 0) return 0;
  const double f = static_cast<double>(macs);
  double ms = f / (profile_.gpu_curve(pattern).at(f) * gpu_macs_per_s_) * 1e3;
  if (unit_fixed_ms_ != 0) ms += unit_fixed_ms_;
  if (has_se && se_fixed_ms_ != 0) ms += se_fixed_ms_;
  return ms;
}

double LatencyModel::cpu_ms(std::uint64_t macs) const {
  if (macs == 0) return 0;
  const double f = static_cast<double>(macs);
  return f / (profile_.cpu_curve().at(f) * cpu_macs_per_s_) * 1e3;
}

}  // namespace latnas
