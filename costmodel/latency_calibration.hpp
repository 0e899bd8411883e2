#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "costmodel/device_profile.hpp"
#include "costmodel/latency_model.hpp"
#include "costmodel/measurement_file.hpp"
#include "costmodel/pattern.hpp"

namespace latnas {

// What the fit needs of one measurement: its latency units and the measured time.
struct CalibrationUnit {
  Pattern pattern = Pattern::conv_bn;
  std::uint64_t macs = 0;
  bool has_se = false;  // an MBConv block with squeeze-excitation
};
struct CalibrationSample {
  std::vector<CalibrationUnit> units;
  double ms = 0.0;
};

// The units of each measurement (all of a network's, or the one its row names), counted by latnas.
std::vector<CalibrationSample> samples_of(const std::vector<Measurement>& measurements);

// The optional terms the derate table lacks (DeviceProfile's FixedCosts).
struct CalibrationTerms {
  bool unit_cost = false;  // gpu_unit_us: a fixed cost per unit with MACs > 0
  bool se_cost = false;    // gpu_se_us: a fixed cost per MBConv block with squeeze-excitation
  friend bool operator==(const CalibrationTerms&, const CalibrationTerms&) = default;
};
std::string to_string(const CalibrationTerms& terms);  // "bands", "bands + unit", "bands + unit + se", ...

struct CalibrationOptions {
  CalibrationTerms terms;
  std::size_t min_support = 3;  // a band value is fitted only if at least this many samples reach it
  int max_iterations = 60;      // Gauss-Newton steps
};

// Refits the GPU rows of `start` (and the chosen fixed costs) to the samples, minimising the sum of
// squared relative errors of the predicted times. The rows keep their band edges, their constant
// bands and the edges where they are continuous (a jump stays a free pair of values); every other
// band value is a parameter, fitted if at least `min_support` samples have a unit that reaches it,
// else kept. Latency is linear in inverse efficiencies, so a non-negative least-squares fit on
// seconds per MAC at the band values starts the fit; Gauss-Newton steps on the efficiencies
// themselves (each a non-negative least-squares problem, with step halving) then finish it in the
// schema's own parameterisation. The CPU row, peaks, name and description are those of `start`.
// Deterministic. Throws std::invalid_argument when there are no samples.
DeviceProfile fit_profile(const DeviceProfile& start, const std::vector<CalibrationSample>& samples,
                          const CalibrationOptions& options);

// `base` with the GPU rows of the patterns the samples use re-banded at `per_decade` bands per
// decade of MACs over the samples' range (edges rounded to 3 significant digits, a `<X` band below
// and a one-decade `>X` band above), continuous, starting from base's efficiency at each edge.
// per_decade 0 returns base unchanged. Throws std::invalid_argument if per_decade < 0.
DeviceProfile rebanded(const DeviceProfile& base, const std::vector<CalibrationSample>& samples, int per_decade);

// `profile` with another GPU peak and every GPU efficiency scaled by old/new peak, so that every
// prediction stays the same (up to rounding). Throws std::invalid_argument unless peak > 0.
DeviceProfile with_gpu_peak(const DeviceProfile& profile, double gpu_peak_gmacs);

// The GPU latency the model predicts for a sample (sum over its units), in ms.
double predicted_ms(const LatencyModel& model, const CalibrationSample& sample);
std::vector<double> predicted_ms(const DeviceProfile& profile, const std::vector<CalibrationSample>& samples);

// Held-out predictions by k-fold cross-validation: sample i is in fold i mod k, and is predicted by
// the profile fitted on the other folds. Throws std::invalid_argument unless 2 <= k <= samples.
std::vector<double> cross_validated(const DeviceProfile& start, const std::vector<CalibrationSample>& samples,
                                    const CalibrationOptions& options, std::size_t k);
// The same for the uncalibrated profile times one factor fitted per fold (least relative squares):
// how far the table's shape alone gets.
std::vector<double> cross_validated_scale(const DeviceProfile& base, const std::vector<CalibrationSample>& samples,
                                          std::size_t k);

// Predicted against measured, in percent of the measured time.
struct ErrorFigures {
  std::size_t n = 0;
  double within_10 = 0.0;  // share (0..1) with |error| <= 10 %
  double within_5 = 0.0;
  double median_abs_pct = 0.0;
  double worst_abs_pct = 0.0;
  double rms_pct = 0.0;
  double kendall_tau = 0.0;  // tau-b between predicted and measured
};
// Throws std::invalid_argument on different lengths, no rows or a measured time <= 0.
ErrorFigures error_figures(std::span<const double> predicted, std::span<const double> measured);

}  // namespace latnas
