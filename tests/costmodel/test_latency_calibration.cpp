// Calibrating the latency model: the fit recovers a hidden profile exactly without noise, predicts
// held-out networks within 10 % under 3 % noise, writes a profile that reads back to the same
// predictions; fixed costs leave the embedded profile untouched; measurement files and trtexec
// exports are read, and malformed ones rejected naming file and line.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "costmodel/device_profile.hpp"
#include "costmodel/error.hpp"
#include "costmodel/latency_calibration.hpp"
#include "costmodel/latency_model.hpp"
#include "costmodel/measurement_file.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_spec.hpp"

using namespace latnas;

namespace {

// Random MBConv networks as canonical strings (deterministic in the seed).
std::vector<Measurement> random_networks(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::initializer_list<int> v) { return *(v.begin() + std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)); };
  std::vector<Measurement> out;
  for (std::size_t i = 0; i < n; ++i) {
    const bool se = pick({0, 1}) == 1;
    std::string blocks = "ds_r1_k3_s1_c16" + std::string(se ? "_se0.25" : "");
    const int widths[] = {24, 40, 80, 112, 192};
    const int strides[] = {2, 2, 2, 1, 2};
    for (int s = 0; s < 5; ++s) {
      blocks += "|ir_r" + std::to_string(pick({1, 2, 3})) + "_k" + std::to_string(pick({3, 5, 7})) + "_s" +
                std::to_string(strides[s]) + "_e" + std::to_string(pick({3, 4, 6})) + "_c" +
                std::to_string(widths[s] + 8 * pick({0, 1, 2})) + (se ? "_se0.25" : "");
    }
    const std::string arch = "res=" + std::to_string(pick({128, 160, 192, 224, 256})) + ";stem=3x3:" +
                             std::to_string(pick({16, 24, 32})) + ";head=conv:1280;classes=1000;" +
                             (se ? "se=in;" : "") + "blocks=" + blocks;
    Measurement m;
    m.where = "gen:" + std::to_string(i + 1);
    m.network = parse_canonical(arch);
    m.arch = canonical_string(m.network);
    m.ms = 1.0;
    out.push_back(std::move(m));
  }
  return out;
}

// The Orin table with every GPU band value of the used rows scaled by a factor of its own, plus fixed costs.
DeviceProfile hidden_profile(FixedCosts fixed) {
  const DeviceProfile& o = DeviceProfile::orin_agx_50w();
  std::array<EfficiencyCurve, all_patterns.size()> curves;
  double f = 0.7;
  for (std::size_t r = 0; r < all_patterns.size(); ++r) {
    const auto original = o.gpu_curve(all_patterns[r]).bands();
    auto bands = original;
    for (std::size_t j = 0; j < bands.size(); ++j) {  // the table's structure kept: constant bands, continuous edges
      const bool tied = j > 0 && original[j].a == original[j - 1].b;
      const bool constant = original[j].a == original[j].b;
      bands[j].a = tied ? bands[j - 1].b : bands[j].a * f;
      f = f > 1.5 ? 0.6 : f + 0.13;
      bands[j].b = constant ? bands[j].a : bands[j].b * f;
    }
    curves[r] = EfficiencyCurve(std::move(bands));
  }
  return DeviceProfile("hidden", "", o.gpu_peak_gmacs(), o.cpu_peak_gmacs(), curves, o.cpu_curve(), "<test>", fixed);
}

std::vector<CalibrationSample> timed(const DeviceProfile& hidden, std::size_t n, unsigned seed, double noise) {
  std::vector<CalibrationSample> s = samples_of(random_networks(n, seed));
  const LatencyModel model(hidden);
  std::mt19937 rng(seed + 1000);
  std::normal_distribution<double> z(0.0, 1.0);
  for (CalibrationSample& x : s) x.ms = predicted_ms(model, x) * (1.0 + noise * z(rng));
  return s;
}

}  // namespace

TEST_CASE("calibration: NNLS + Gauss-Newton recovers an exactly generated profile") {
  const DeviceProfile hidden = hidden_profile({});
  const std::vector<CalibrationSample> train = timed(hidden, 240, 1, 0.0);
  const std::vector<CalibrationSample> test = timed(hidden, 60, 2, 0.0);
  const DeviceProfile fitted = fit_profile(DeviceProfile::orin_agx_50w(), train, CalibrationOptions{});
  const std::vector<double> p = predicted_ms(fitted, test);
  double worst = 0;
  for (std::size_t i = 0; i < test.size(); ++i) worst = std::max(worst, std::fabs(p[i] / test[i].ms - 1));
  CHECK(worst < 1e-3);  // exact up to the flat directions the tiny ridge settles (see below)
  std::vector<double> measured;
  for (const auto& t : test) measured.push_back(t.ms);
  const ErrorFigures f = error_figures(p, measured);
  CHECK(f.within_5 == 1.0);
  CHECK(f.kendall_tau > 0.999);
  // The MBConv row, which every block reaches across its whole range, is recovered value by value.
  // (The classifier is 1.28 M MACs in every network, so its matmul value is nearly confounded with
  // the stem's and head's conv_bn values: only their sum is pinned down, not each value.)
  for (double macs : {2e6, 10e6, 20e6, 40e6, 80e6})
    CHECK(fitted.gpu_curve(Pattern::mbconv).at(macs) == doctest::Approx(hidden.gpu_curve(Pattern::mbconv).at(macs)).epsilon(1e-3));
}

TEST_CASE("calibration: synthetic hidden profile with 3 % noise, >= 95 % of held-out networks within 10 %") {
  const DeviceProfile hidden = hidden_profile(FixedCosts{25.0, 40.0});
  const std::vector<CalibrationSample> samples = timed(hidden, 250, 3, 0.03);
  std::vector<double> measured;
  for (const auto& s : samples) measured.push_back(s.ms);

  const ErrorFigures before = error_figures(predicted_ms(DeviceProfile::orin_agx_50w(), samples), measured);
  CalibrationOptions o;
  o.terms = {true, true};
  const ErrorFigures after = error_figures(cross_validated(DeviceProfile::orin_agx_50w(), samples, o, 5), measured);
  MESSAGE("before: within 10 % " << before.within_10 << ", tau " << before.kendall_tau << "; held-out after: within 10 % "
                                 << after.within_10 << ", within 5 % " << after.within_5 << ", median " << after.median_abs_pct
                                 << " %, tau " << after.kendall_tau);
  CHECK(after.within_10 >= 0.95);
  CHECK(after.within_10 > before.within_10);
  CHECK(after.kendall_tau > before.kendall_tau);
  // Without the fixed costs the data were generated with, the held-out error is worse.
  o.terms = {};
  const ErrorFigures bands_only = error_figures(cross_validated(DeviceProfile::orin_agx_50w(), samples, o, 5), measured);
  CHECK(bands_only.rms_pct > after.rms_pct);

  // The written profile reads back and reproduces its own predictions exactly.
  o.terms = {true, true};
  const DeviceProfile fitted = fit_profile(DeviceProfile::orin_agx_50w(), samples, o);
  const DeviceProfile back = DeviceProfile::parse(fitted.to_text(), "fitted.profile");
  CHECK(back == fitted);
  CHECK(predicted_ms(back, samples) == predicted_ms(fitted, samples));
  CHECK(fitted.gpu_fixed().unit_us > 0);
  CHECK(fitted.gpu_fixed().se_us > 0);
}

TEST_CASE("calibration: re-banded rows, a new peak, deterministic fits") {
  const DeviceProfile hidden = hidden_profile({});
  const std::vector<CalibrationSample> samples = timed(hidden, 120, 5, 0.02);
  const DeviceProfile start = rebanded(with_gpu_peak(DeviceProfile::orin_agx_50w(), 100.0), samples, 3);
  CHECK(start.gpu_peak_gmacs() == 100.0);
  CHECK(start.gpu_curve(Pattern::mbconv).bands().size() > 4);
  CHECK(DeviceProfile::parse(start.to_text(), "s") == start);
  // Same predictions at another peak (efficiencies scaled): up to rounding.
  const std::vector<double> a = predicted_ms(DeviceProfile::orin_agx_50w(), samples);
  const std::vector<double> b = predicted_ms(with_gpu_peak(DeviceProfile::orin_agx_50w(), 100.0), samples);
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(b[i] == doctest::Approx(a[i]).epsilon(1e-12));
  const DeviceProfile f1 = fit_profile(start, samples, CalibrationOptions{});
  const DeviceProfile f2 = fit_profile(start, samples, CalibrationOptions{});
  CHECK(f1.to_text() == f2.to_text());
  CHECK(DeviceProfile::parse(f1.to_text(), "f") == f1);
}

TEST_CASE("calibration: fixed costs in a profile; the embedded profile has none and is unchanged") {
  const DeviceProfile& o = DeviceProfile::orin_agx_50w();
  CHECK(o.gpu_fixed() == FixedCosts{});
  CHECK(o.to_text().find("_us") == std::string::npos);
  const DeviceProfile p = DeviceProfile::parse(o.to_text() + "gpu_unit_us 10\ngpu_se_us 4.5\n", "x.profile");
  CHECK(p.gpu_fixed() == FixedCosts{10.0, 4.5});
  CHECK(DeviceProfile::parse(p.to_text(), "y") == p);
  const LatencyModel base(o), with(p);
  CHECK(with.unit(Pattern::mbconv, 20'000'000, false).gpu_ms == doctest::Approx(base.unit(Pattern::mbconv, 20'000'000).gpu_ms + 0.010));
  CHECK(with.unit(Pattern::mbconv, 20'000'000, true).gpu_ms == doctest::Approx(base.unit(Pattern::mbconv, 20'000'000).gpu_ms + 0.0145));
  CHECK(with.unit(Pattern::mbconv, 0, true).gpu_ms == 0.0);
  CHECK(with.unit(Pattern::mbconv, 20'000'000).cpu_ms == base.unit(Pattern::mbconv, 20'000'000).cpu_ms);
  for (const char* bad : {"gpu_unit_us -1\n", "gpu_unit_us abc\n", "gpu_se_us\n", "gpu_unit_us 1\ngpu_unit_us 2\n"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(DeviceProfile::parse(o.to_text() + bad, "z.profile"), InputError);
  }
}

TEST_CASE("measurement files: CSV rows, unit rows, trtexec exports") {
  const std::filesystem::path data = std::filesystem::path(LATNAS_SOURCE_DIR) / "tests/costmodel/data";
  const TrtexecTimes t = parse_trtexec_times(
      R"([{"computeMs": 1.8, "latencyMs": 1.8}, {"computeMs": 1.9, "latencyMs": 1.91}, {"computeMs": 2.1, "latencyMs": 2.1}])", "t.json");
  CHECK(t.iterations == 3);
  CHECK(t.median_compute_ms == 1.9);
  CHECK(t.median_latency_ms == 1.91);
  const std::string csv = "arch,ms,times,profile,unit,note\n"
                          "efficientnet_b0,11.5,,,,a built-in model\n"
                          "efficientnet_b0,,trtexec_times.json,,,\n"
                          "efficientnet_b0,,,trtexec_profile.json,,\n"
                          "efficientnet_b0,0.25,,,0,the stem alone\n";
  const std::vector<Measurement> m = parse_measurements(csv, "m.csv", data);
  REQUIRE(m.size() == 4);
  CHECK(m[0].ms == 11.5);
  CHECK(m[0].arch == canonical_string(ModelZoo::builtin().build("efficientnet_b0")));
  CHECK(m[1].ms == doctest::Approx(1.875));  // median of 1.80, 1.90, 2.10, 1.85
  CHECK(m[1].origin == "times trtexec_times.json");
  CHECK(m[2].ms == doctest::Approx(2.0));  // 0.125 + 1.5 + 0.375
  CHECK(m[3].unit == std::size_t{0});
  const std::vector<CalibrationSample> s = samples_of(m);
  CHECK(s[3].units.size() == 1);
  CHECK(s[3].units[0].pattern == Pattern::conv_bn);
  CHECK(s[0].units.size() == 19);
  const TrtexecProfile p = parse_trtexec_profile(R"([{"count": 10}, {"name": "a", "timeMs": 5, "averageMs": 0.5, "percentage": 100}])", "p.json");
  CHECK(p.count == 10);
  CHECK(p.layers.size() == 1);
}

TEST_CASE("measurement files: malformed rows are rejected naming file and line") {
  const std::filesystem::path data = std::filesystem::path(LATNAS_SOURCE_DIR) / "tests/costmodel/data";
  struct Case {
    std::string csv, expect;
  };
  const std::vector<Case> cases = {
      {"arch,ms\nefficientnet_b0,1.5\nefficientnet_b0,abc\n", "m.csv:3: ms: expected a number"},
      {"arch,ms\nefficientnet_b0,-2\n", "m.csv:2: ms: expected a latency > 0"},
      {"arch,ms\nnot_a_model,1\n", "m.csv:2: arch: expected a canonical arch string"},
      {"arch,ms\n\"res=224;stem=3x3:32;head=conv:1280;blocks=ir_r1_k9x_s1_e6_c24\",1\n", "m.csv:2: arch:"},
      {"arch,ms\nefficientnet_b0,1,2\n", "m.csv:2: expected 2 fields"},
      {"onnx,ms\nnet.onnx,1\n", "m.csv:2: onnx 'net.onnx': no ONNX reader here"},
      {"arch,ms,unit\nefficientnet_b0,1,99\n", "m.csv:2: unit: expected an index in [0, 18]"},
      {"arch,times\nefficientnet_b0,missing.json\n", "m.csv:2: cannot open trtexec times"},
      {"arch,times\nefficientnet_b0,trtexec_profile.json\n", "m.csv:2: "},
      {"model,ms\nx,1\n", "m.csv:1: expected a column 'arch'"},
      {"arch,ms\n", "m.csv: expected measurement rows"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.csv);
    std::string what;
    try {
      parse_measurements(c.csv, "m.csv", data);
    } catch (const InputError& e) {
      what = e.what();
    }
    CAPTURE(what);
    CHECK(what.find(c.expect) != std::string::npos);
  }
  std::string what;
  try {
    parse_trtexec_times("[{\"computeMs\": 1},\n {\"computeMs\": }]", "t.json");
  } catch (const InputError& e) {
    what = e.what();
  }
  CHECK(what.find("t.json:2: bad JSON") != std::string::npos);
  CHECK_THROWS_WITH_AS(parse_trtexec_times("[{\"latencyMs\": 1}]", "t.json"),
                       doctest::Contains("t.json: record #1: expected a number 'computeMs'"), InputError);
}

TEST_CASE("measurement files: onnx rows are read by the given reader, relative to the file's folder") {
  std::vector<std::filesystem::path> asked;
  const NetworkSpec b0 = ModelZoo::builtin().build("efficientnet_b0");
  const OnnxNetworkReader reader = [&](const std::filesystem::path& f) {
    asked.push_back(f);
    if (f.filename() == "bad.onnx") throw InputError("bad.onnx: node 'n3' (Sign): unsupported operator");
    return b0;
  };
  const auto rows = parse_measurements("onnx,ms\nnet.onnx,11.5\n/abs/other.onnx,2\n", "m.csv", "/base", reader);
  REQUIRE(rows.size() == 2);
  REQUIRE(asked.size() == 2);
  CHECK(asked[0] == std::filesystem::path("/base/net.onnx"));
  CHECK(asked[1] == std::filesystem::path("/abs/other.onnx"));
  CHECK(rows[0].arch == canonical_string(b0));
  CHECK(rows[0].ms == 11.5);
  try {
    parse_measurements("onnx,ms\nbad.onnx,1\n", "m.csv", "/base", reader);
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("m.csv:2: onnx 'bad.onnx': bad.onnx: node 'n3' (Sign)") == 0);
  }
}
