// The latency model against shared/spec/latency-model.md: its worked values, every band edge of
// every row, interpolation midpoints, held top bands, rising edges. Expected numbers come from the
// spec's tables (SpecRow below is the spec's band table typed in), never from the code under test.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/device_profile.hpp"
#include "costmodel/efficiency_curve.hpp"
#include "costmodel/latency_model.hpp"
#include "costmodel/pattern.hpp"

using latnas::DeviceProfile;
using latnas::EfficiencyCurve;
using latnas::LatencyModel;
using latnas::Pattern;
using latnas::UnitLatency;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kGpuPeak = 958e9;    // MACs/s, spec "Base peak"
constexpr double kCpuPeak = 143.8e9;  // MACs/s, spec "CPU row" default

doctest::Approx rel(double expected, double tolerance) { return doctest::Approx(expected).epsilon(tolerance).scale(0); }

// A band as the spec writes it: [lo, hi), a at lo towards b at hi (a == b: constant); the lowest band
// has lo = 0; the top band is [X, 10X) and holds b beyond.
struct SpecBand {
  double lo, hi, a, b;
};
struct SpecRow {
  std::string name;
  std::optional<Pattern> pattern;  // nullopt: the CPU row
  std::vector<SpecBand> bands;
};

// spec/latency-model.md, "Bands and interpolation".
const std::vector<SpecRow>& spec_rows() {
  static const std::vector<SpecRow> rows{
      {"mbconv",
       Pattern::mbconv,
       {{0, 10e6, 0.025, 0.025}, {10e6, 30e6, 0.025, 0.035}, {30e6, 50e6, 0.035, 0.055}, {50e6, 500e6, 0.055, 0.10}}},
      {"depthwise", Pattern::depthwise, {{0, kInf, 0.03, 0.03}}},
      {"conv_bn",
       Pattern::conv_bn,
       {{0, 1e6, 0.01, 0.01},
        {1e6, 10e6, 0.02, 0.06},
        {10e6, 50e6, 0.06, 0.20},
        {50e6, 200e6, 0.23, 0.54},
        {200e6, 500e6, 0.73, 0.80},
        {500e6, 5e9, 0.80, 4.50},
        {5e9, 50e9, 4.50, 5.00}}},
      {"conv",
       Pattern::conv,
       {{0, 1e6, 0.01, 0.01},
        {1e6, 10e6, 0.02, 0.06},
        {10e6, 50e6, 0.06, 0.20},
        {50e6, 200e6, 0.60, 1.13},
        {200e6, 500e6, 1.13, 1.30},
        {500e6, 5e9, 1.30, 5.40},
        {5e9, 50e9, 5.40, 5.60}}},
      {"matmul",
       Pattern::matmul,
       {{0, 1e6, 0.01, 0.01},
        {1e6, 10e6, 0.02, 0.06},
        {10e6, 50e6, 0.06, 0.20},
        {50e6, 200e6, 0.35, 0.80},
        {200e6, 500e6, 0.60, 1.15},
        {500e6, 5e9, 0.90, 1.40},
        {5e9, 50e9, 1.40, 1.50}}},
      {"cpu",
       std::nullopt,
       {{0, 1e6, 0.15, 0.15}, {1e6, 10e6, 0.15, 0.25}, {10e6, 100e6, 0.25, 0.70}, {100e6, 1e9, 0.70, 1.00}}},
  };
  return rows;
}

// The spec's formula, written out independently of the code under test.
double spec_efficiency(const SpecRow& row, double f) {
  const std::vector<SpecBand>& bands = row.bands;
  if (f >= bands.back().hi) return bands.back().b;
  for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
    if (f < it->lo) continue;
    if (it->a == it->b) return it->a;
    return it->a + (it->b - it->a) * (std::log10(f) - std::log10(it->lo)) / (std::log10(it->hi) - std::log10(it->lo));
  }
  return bands.front().a;
}

const EfficiencyCurve& curve_of(const DeviceProfile& d, const SpecRow& row) {
  return row.pattern ? d.gpu_curve(*row.pattern) : d.cpu_curve();
}

double efficiency_of(const UnitLatency& u, const SpecRow& row) {
  return row.pattern ? u.gpu_efficiency : u.cpu_efficiency;
}

const LatencyModel& orin() {
  static const LatencyModel model(DeviceProfile::orin_agx_50w());
  return model;
}

}  // namespace

TEST_CASE("latency: worked values of latency-model.md") {
  const LatencyModel& m = orin();
  CHECK(m.unit(Pattern::mbconv, 20'000'000).gpu_efficiency == rel(0.031309, 1e-5));
  CHECK(m.unit(Pattern::conv_bn, 2'000'000).gpu_efficiency == rel(0.032041, 1e-5));
  CHECK(m.unit(Pattern::conv, 100'000'000).gpu_efficiency == rel(0.865, 1e-5));
  CHECK(m.unit(Pattern::matmul, 1'000'000'000).gpu_efficiency == rel(1.050515, 1e-5));
  CHECK(m.unit(Pattern::conv_bn, 100'000'000'000).gpu_efficiency == rel(5.0, 1e-5));

  // CPU at 50 M, the same for every pattern (one CPU row).
  for (Pattern p : latnas::all_patterns) {
    CAPTURE(latnas::to_string(p));
    const UnitLatency u = m.unit(p, 50'000'000);
    CHECK(u.cpu_efficiency == rel(0.564537, 1e-5));
    CHECK(u.cpu_ms == rel(0.615913, 1e-5));
    CHECK(m.cpu_ms(50'000'000) == rel(0.615913, 1e-5));
  }

  // EfficientNet-B0's smallest MBConv block and its stem.
  const UnitLatency block = m.unit(Pattern::mbconv, 10'035'712);
  CHECK(block.gpu_efficiency == rel(0.0250325, 1e-5));
  CHECK(block.gpu_ms == rel(0.418484, 1e-5));
  CHECK(m.gpu_ms(Pattern::mbconv, 10'035'712) == rel(0.418484, 1e-5));
  CHECK(m.unit(Pattern::conv_bn, 10'838'016).gpu_ms == rel(0.168853, 1e-5));
  CHECK(m.gpu_ms(Pattern::conv_bn, 10'838'016) == rel(0.168853, 1e-5));
}

TEST_CASE("latency: every band edge of every row") {
  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  for (const SpecRow& row : spec_rows()) {
    CAPTURE(row.name);
    const EfficiencyCurve& c = curve_of(d, row);
    for (std::size_t i = 1; i < row.bands.size(); ++i) {
      const SpecBand& band = row.bands[i];
      const SpecBand& below = row.bands[i - 1];
      CAPTURE(band.lo);
      // At the edge: exactly the band's start value.
      CHECK(c.at(band.lo) == band.a);
      CHECK(efficiency_of(orin().unit(row.pattern.value_or(Pattern::conv), static_cast<std::uint64_t>(band.lo)), row) ==
            band.a);
      // Just below: the previous band's end value.
      CHECK(c.at(band.lo * (1 - 1e-12)) == rel(below.b, 1e-9));
      CHECK(efficiency_of(orin().unit(row.pattern.value_or(Pattern::conv), static_cast<std::uint64_t>(band.lo) - 1),
                          row) == rel(below.b, 1e-5));
    }
  }
  // The spec's own examples.
  const EfficiencyCurve& conv_bn = d.gpu_curve(Pattern::conv_bn);
  CHECK(conv_bn.at(199'999'999) == rel(0.54, 1e-6));
  CHECK(conv_bn.at(200'000'000) == 0.73);
  const EfficiencyCurve& matmul = d.gpu_curve(Pattern::matmul);
  CHECK(matmul.at(999'999) == 0.01);
  CHECK(matmul.at(1'000'000) == 0.02);
}

TEST_CASE("latency: interpolation midpoints and lowest bands") {
  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  for (const SpecRow& row : spec_rows()) {
    CAPTURE(row.name);
    const EfficiencyCurve& c = curve_of(d, row);
    for (const SpecBand& band : row.bands) {
      CAPTURE(band.lo);
      if (band.lo == 0) {  // lowest band (or 'all'): constant
        const double top = std::isfinite(band.hi) ? band.hi : 1e15;
        for (double f : {1e-3, 1.0, 1000.0, top / 2, top * (1 - 1e-12)}) CHECK(c.at(f) == band.a);
        continue;
      }
      const double mid = std::sqrt(band.lo * band.hi);  // geometric mean: halfway in log10
      CHECK(c.at(mid) == rel((band.a + band.b) / 2, 1e-12));
      CHECK(c.at(band.hi * (1 - 1e-12)) == rel(band.b, 1e-9));
    }
  }
}

TEST_CASE("latency: top band held beyond ten times its edge") {
  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  for (const SpecRow& row : spec_rows()) {
    CAPTURE(row.name);
    const EfficiencyCurve& c = curve_of(d, row);
    const SpecBand& top = row.bands.back();
    for (double f : {top.lo * 10, top.lo * 20, top.lo * 100, 1e15, 1e19}) {
      if (f == 0) continue;  // depthwise: one band from 0
      CAPTURE(f);
      CHECK(c.at(f) == top.b);
    }
  }
  CHECK(orin().unit(Pattern::conv_bn, 50'000'000'000).gpu_efficiency == 5.0);
  CHECK(orin().unit(Pattern::conv, 1'000'000'000'000).gpu_efficiency == 5.60);
  CHECK(orin().unit(Pattern::matmul, 1'000'000'000'000).gpu_efficiency == 1.50);
  CHECK(orin().unit(Pattern::mbconv, 500'000'000).gpu_efficiency == 0.10);
  CHECK(orin().unit(Pattern::mbconv, 499'999'999).gpu_efficiency == rel(0.10, 1e-6));
  CHECK(orin().unit(Pattern::conv, 1'000'000'000).cpu_efficiency == 1.00);
  CHECK(orin().unit(Pattern::conv, std::numeric_limits<std::uint64_t>::max()).cpu_efficiency == 1.00);
}

TEST_CASE("latency: depthwise is 0.03 at every size") {
  const LatencyModel& m = orin();
  for (std::uint64_t f : {std::uint64_t{1}, std::uint64_t{999}, std::uint64_t{1'000'000}, std::uint64_t{10'035'712},
                          std::uint64_t{200'000'000}, std::uint64_t{5'000'000'000}, std::uint64_t{1'000'000'000'000}}) {
    CAPTURE(f);
    const UnitLatency u = m.unit(Pattern::depthwise, f);
    CHECK(u.gpu_efficiency == 0.03);
    CHECK(u.gpu_ms == rel(static_cast<double>(f) / (0.03 * kGpuPeak) * 1e3, 1e-12));
    CHECK_FALSE(u.on_edge);
  }
}

TEST_CASE("latency: zero MACs cost zero") {
  const LatencyModel& m = orin();
  for (Pattern p : latnas::all_patterns) {
    CAPTURE(latnas::to_string(p));
    const UnitLatency u = m.unit(p, 0);
    CHECK(u.gpu_ms == 0);
    CHECK(u.cpu_ms == 0);
    CHECK(u.gpu_efficiency == 0);
    CHECK(u.cpu_efficiency == 0);
    CHECK_FALSE(u.on_edge);
    CHECK(m.gpu_ms(p, 0) == 0);
  }
  CHECK(m.cpu_ms(0) == 0);
}

TEST_CASE("latency: matches the spec formula from 1 K to 1 T MACs") {
  const LatencyModel& m = orin();
  for (const SpecRow& row : spec_rows()) {
    CAPTURE(row.name);
    for (int step = 300; step <= 1200; ++step) {
      const auto f = static_cast<std::uint64_t>(std::llround(std::pow(10.0, step / 100.0)));
      CAPTURE(f);
      const double fd = static_cast<double>(f);
      const double eff = spec_efficiency(row, fd);
      const UnitLatency u = m.unit(row.pattern.value_or(Pattern::conv), f);
      if (row.pattern) {
        CHECK(u.gpu_efficiency == rel(eff, 1e-12));
        CHECK(u.gpu_ms == rel(fd / (eff * kGpuPeak) * 1e3, 1e-12));
      } else {
        for (Pattern p : latnas::all_patterns) {
          const UnitLatency v = m.unit(p, f);
          CHECK(v.cpu_efficiency == rel(eff, 1e-12));
          CHECK(v.cpu_ms == rel(fd / (eff * kCpuPeak) * 1e3, 1e-12));
        }
      }
    }
  }
}

TEST_CASE("latency: rising edges are where the table jumps up") {
  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  // Read off the spec's table: a band's start above the previous band's end.
  CHECK(d.gpu_curve(Pattern::conv_bn).rising_edges() == std::vector<double>{1e6, 50e6, 200e6});
  CHECK(d.gpu_curve(Pattern::conv).rising_edges() == std::vector<double>{1e6, 50e6});
  CHECK(d.gpu_curve(Pattern::matmul).rising_edges() == std::vector<double>{1e6, 50e6});
  CHECK(d.gpu_curve(Pattern::mbconv).rising_edges().empty());
  CHECK(d.gpu_curve(Pattern::depthwise).rising_edges().empty());
  CHECK(d.cpu_curve().rising_edges().empty());

  // And the same, derived from the typed-in spec rows: continuous or falling edges are not rising.
  for (const SpecRow& row : spec_rows()) {
    CAPTURE(row.name);
    std::vector<double> expected;
    for (std::size_t i = 1; i < row.bands.size(); ++i)
      if (row.bands[i].a > row.bands[i - 1].b) expected.push_back(row.bands[i].lo);
    CHECK(curve_of(d, row).rising_edges() == expected);
  }
}

TEST_CASE("latency: within_above_rising_edge flags units resting on an edge") {
  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  const EfficiencyCurve& conv_bn = d.gpu_curve(Pattern::conv_bn);
  for (double x : {1e6, 50e6, 200e6}) {
    CAPTURE(x);
    CHECK(conv_bn.within_above_rising_edge(x));
    CHECK(conv_bn.within_above_rising_edge(1.049 * x));
    CHECK_FALSE(conv_bn.within_above_rising_edge(1.05 * x));
    CHECK_FALSE(conv_bn.within_above_rising_edge(x - 1));
    CHECK_FALSE(conv_bn.within_above_rising_edge(0.9 * x));
    CHECK(conv_bn.within_above_rising_edge(1.09 * x, 0.10));
    CHECK_FALSE(conv_bn.within_above_rising_edge(1.01 * x, 0.0));
  }
  CHECK_FALSE(conv_bn.within_above_rising_edge(10e6));    // continuous (0.06 -> 0.06)
  CHECK_FALSE(conv_bn.within_above_rising_edge(500e6));   // continuous
  const EfficiencyCurve& matmul = d.gpu_curve(Pattern::matmul);
  CHECK_FALSE(matmul.within_above_rising_edge(200e6));    // falls: 0.80 -> 0.60
  CHECK_FALSE(matmul.within_above_rising_edge(500e6));    // falls: 1.15 -> 0.90
  CHECK(matmul.within_above_rising_edge(1e6));

  // Through the model: GPU flag per pattern, the CPU row has no rising edge.
  const LatencyModel& m = orin();
  const UnitLatency at = m.unit(Pattern::conv_bn, 200'000'000);
  CHECK(at.gpu_on_edge);
  CHECK_FALSE(at.cpu_on_edge);
  CHECK(at.on_edge);
  CHECK(m.unit(Pattern::conv_bn, 209'999'999).on_edge);
  CHECK_FALSE(m.unit(Pattern::conv_bn, 210'000'000).on_edge);
  CHECK_FALSE(m.unit(Pattern::conv_bn, 199'999'999).on_edge);
  CHECK_FALSE(m.unit(Pattern::conv, 200'000'000).on_edge);
  CHECK_FALSE(m.unit(Pattern::mbconv, 10'035'712).on_edge);
}

TEST_CASE("latency: at_log10 equals at") {
  const EfficiencyCurve& c = DeviceProfile::orin_agx_50w().gpu_curve(Pattern::conv_bn);
  for (double f : {1.0, 5e5, 1e6, 2e6, 1.2345e8, 2e8, 7e9, 1e12}) {
    CAPTURE(f);
    CHECK(c.at_log10(std::log10(f)) == c.at(f));
  }
}

TEST_CASE("latency: efficiency curve construction and text form") {
  const EfficiencyCurve c = EfficiencyCurve::parse("<1M 0.01 | 1M-10M 0.02 \xE2\x86\x92 0.06 | >10M 0.06->0.2");
  CHECK(c == EfficiencyCurve::parse("<1M 0.01 | 1M-10M 0.02->0.06 | >10M 0.06->0.2"));
  CHECK(c == EfficiencyCurve(std::vector<EfficiencyCurve::Band>{
                 {0, 1e6, 0.01, 0.01}, {1e6, 10e6, 0.02, 0.06}, {10e6, 100e6, 0.06, 0.2}}));
  CHECK(EfficiencyCurve::parse(c.to_string()) == c);
  CHECK(EfficiencyCurve::parse("all 0.03") == EfficiencyCurve::constant(0.03));
  CHECK(EfficiencyCurve::parse("<2.5M 0.1 | >2500K 0.2") ==
        EfficiencyCurve(std::vector<EfficiencyCurve::Band>{{0, 2.5e6, 0.1, 0.1}, {2.5e6, 2.5e7, 0.2, 0.2}}));
  CHECK_THROWS_AS(EfficiencyCurve(std::vector<EfficiencyCurve::Band>{}), std::invalid_argument);
  CHECK_THROWS_AS(EfficiencyCurve(std::vector<EfficiencyCurve::Band>{{0, 1e6, 0.1, 0.1}, {2e6, 2e7, 0.2, 0.2}}),
                  std::invalid_argument);
  for (const SpecRow& row : spec_rows()) {
    CAPTURE(row.name);
    const EfficiencyCurve& curve = curve_of(DeviceProfile::orin_agx_50w(), row);
    CHECK(EfficiencyCurve::parse(curve.to_string()) == curve);
  }
}
