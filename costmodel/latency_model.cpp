#include "costmodel/latency_model.hpp"

#include <cmath>
#include <utility>

namespace latnas {

LatencyModel::LatencyModel(DeviceProfile profile)
    : profile_(std::move(profile)),
      gpu_macs_per_s_(profile_.gpu_peak_gmacs() * 1e9),
      cpu_macs_per_s_(profile_.cpu_peak_gmacs() * 1e9) {}

UnitLatency LatencyModel::unit(Pattern pattern, std::uint64_t macs) const {
  UnitLatency out;
  if (macs == 0) return out;
  const double f = static_cast<double>(macs);
  const double log10_f = std::log10(f);
  const EfficiencyCurve& gpu = profile_.gpu_curve(pattern);
  const EfficiencyCurve& cpu = profile_.cpu_curve();
  out.gpu_efficiency = gpu.at_log10(log10_f);
  out.gpu_ms = f / (out.gpu_efficiency * gpu_macs_per_s_) * 1e3;
  out.cpu_efficiency = cpu.at_log10(log10_f);
  out.cpu_ms = f / (out.cpu_efficiency * cpu_macs_per_s_) * 1e3;
  out.gpu_on_edge = gpu.within_above_rising_edge(f, kEdgeFraction);
  out.cpu_on_edge = cpu.within_above_rising_edge(f, kEdgeFraction);
  out.on_edge = out.gpu_on_edge || out.cpu_on_edge;
  return out;
}

double LatencyModel::gpu_ms(Pattern pattern, std::uint64_t macs) const {
  if (macs == 0) return 0;
  const double f = static_cast<double>(macs);
  return f / (profile_.gpu_curve(pattern).at(f) * gpu_macs_per_s_) * 1e3;
}

double LatencyModel::cpu_ms(std::uint64_t macs) const {
  if (macs == 0) return 0;
  const double f = static_cast<double>(macs);
  return f / (profile_.cpu_curve().at(f) * cpu_macs_per_s_) * 1e3;
}

}  // namespace latnas
