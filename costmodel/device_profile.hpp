#pragma once
#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/efficiency_curve.hpp"
#include "costmodel/pattern.hpp"

namespace latnas {

// Fixed GPU costs the derate table lacks (data/devices/README.md, "Fixed costs"), in microseconds,
// added to a unit's GPU latency: `unit_us` to every unit with MACs > 0, `se_us` to every MBConv unit
// with squeeze-excitation. 0 (the default, and the embedded profile's) adds nothing.
struct FixedCosts {
  double unit_us = 0.0;
  double se_us = 0.0;
  friend bool operator==(const FixedCosts&, const FixedCosts&) = default;
};

// A device (or power mode) for the latency model: base peaks and derate rows
// (spec/latency-model.md). The text format is described in data/devices/README.md; the Orin AGX
// 50 W profile is compiled in from data/devices/orin-agx-50w.profile.
class DeviceProfile {
 public:
  // Throws std::invalid_argument unless both peaks are finite and > 0 and name is non-empty.
  DeviceProfile(std::string name, std::string description, double gpu_peak_gmacs, double cpu_peak_gmacs,
                std::array<EfficiencyCurve, all_patterns.size()> gpu_curves, EfficiencyCurve cpu_curve,
                std::string source = "<constructed>", FixedCosts fixed = {});

  // Parses a profile; `source` names it in messages ("SOURCE:LINE: reason"). Throws InputError.
  static DeviceProfile parse(std::string_view text, const std::string& source);
  // Reads and parses a profile file. Throws InputError (unreadable file or malformed profile).
  static DeviceProfile load(const std::filesystem::path& path);
  // The embedded Orin AGX 50 W profile, parsed once (thread-safe).
  static const DeviceProfile& orin_agx_50w();
  // Names accepted by resolve() without a file.
  static std::vector<std::string> builtin_names();
  // A built-in name, else a path to a profile file. Throws InputError for anything else, listing
  // the built-in names.
  static DeviceProfile resolve(const std::string& name_or_path);

  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  // Where the profile came from: the file path, or "<embedded>/orin-agx-50w.profile".
  const std::string& source() const { return source_; }
  double gpu_peak_gmacs() const { return gpu_peak_gmacs_; }  // G MACs per second
  double cpu_peak_gmacs() const { return cpu_peak_gmacs_; }  // G MACs per second
  const EfficiencyCurve& gpu_curve(Pattern p) const { return gpu_curves_[static_cast<std::size_t>(p)]; }
  const EfficiencyCurve& cpu_curve() const { return cpu_curve_; }
  const FixedCosts& gpu_fixed() const { return gpu_fixed_; }

  // The profile in its text format; parse(to_text(), s) == *this.
  std::string to_text() const;

  // Same name, description, peaks and curves (the source is not compared).
  friend bool operator==(const DeviceProfile& l, const DeviceProfile& r) {
    return l.name_ == r.name_ && l.description_ == r.description_ && l.gpu_peak_gmacs_ == r.gpu_peak_gmacs_ &&
           l.cpu_peak_gmacs_ == r.cpu_peak_gmacs_ && l.gpu_curves_ == r.gpu_curves_ && l.cpu_curve_ == r.cpu_curve_ &&
           l.gpu_fixed_ == r.gpu_fixed_;
  }

 private:
  std::string name_;
  std::string description_;
  std::string source_;
  double gpu_peak_gmacs_;
  double cpu_peak_gmacs_;
  std::array<EfficiencyCurve, all_patterns.size()> gpu_curves_;
  EfficiencyCurve cpu_curve_;
  FixedCosts gpu_fixed_;
};

}  // namespace latnas
