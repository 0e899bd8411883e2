#include "costmodel/latency_calibration.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <Eigen/Dense>

#include "costmodel/network_cost.hpp"
#include "costmodel/proxy_validation.hpp"  // kendall_tau_b
#include "costmodel/ridge_regression.hpp"

namespace latnas {
namespace {

using Eigen::Index;
constexpr std::size_t kPatterns = all_patterns.size();

// Where each band value of the GPU rows lives in the parameter vector.
struct Layout {
  std::array<std::vector<std::size_t>, kPatterns> a, b;  // per pattern, per band: index of its a and b
  std::vector<double> start;                              // start value of every parameter
};

Layout layout_of(const DeviceProfile& p) {
  Layout l;
  for (std::size_t r = 0; r < kPatterns; ++r) {
    const auto& bands = p.gpu_curve(all_patterns[r]).bands();
    for (std::size_t j = 0; j < bands.size(); ++j) {
      std::size_t ia = 0;
      if (j > 0 && bands[j].a == bands[j - 1].b) {
        ia = l.b[r].back();  // continuous edge: one value
      } else {
        ia = l.start.size();
        l.start.push_back(bands[j].a);
      }
      std::size_t ib = ia;
      if (bands[j].b != bands[j].a) {
        ib = l.start.size();
        l.start.push_back(bands[j].b);
      }
      l.a[r].push_back(ia);
      l.b[r].push_back(ib);
    }
  }
  return l;
}

// One unit as the fit sees it: eff = wa * theta[ia] + wb * theta[ib]; time = coef / eff (ms).
struct FitUnit {
  double coef = 0;
  std::size_t ia = 0, ib = 0;
  double wa = 0, wb = 0;
};
struct FitRow {
  std::vector<FitUnit> units;
  double n_units = 0, n_se = 0;
  double y = 0;
};

FitUnit fit_unit(const DeviceProfile& p, const Layout& l, const CalibrationUnit& u) {
  const std::size_t r = static_cast<std::size_t>(u.pattern);
  const auto& bands = p.gpu_curve(u.pattern).bands();
  const double f = static_cast<double>(u.macs);
  const double lf = std::log10(f);
  std::size_t j = bands.size() - 1;
  while (j > 0 && lf < std::log10(bands[j].lo)) --j;
  FitUnit out;
  out.coef = f / (p.gpu_peak_gmacs() * 1e9) * 1e3;
  out.ia = l.a[r][j];
  out.ib = l.b[r][j];
  double t = 0;
  if (j > 0 && bands[j].a != bands[j].b) {
    t = (lf - std::log10(bands[j].lo)) / (std::log10(bands[j].hi) - std::log10(bands[j].lo));
    t = std::clamp(t, 0.0, 1.0);
  }
  out.wa = 1 - t;
  out.wb = t;
  return out;
}

double row_time(const FitRow& row, const std::vector<double>& theta, double unit_us, double se_us) {
  double t = 0;
  for (const FitUnit& u : row.units) t += u.coef / (u.wa * theta[u.ia] + u.wb * theta[u.ib]);
  return t + (unit_us * row.n_units + se_us * row.n_se) / 1e3;
}

double objective(const std::vector<FitRow>& rows, const std::vector<double>& theta, double unit_us, double se_us) {
  double s = 0;
  for (const FitRow& r : rows) {
    const double e = (row_time(r, theta, unit_us, se_us) - r.y) / r.y;
    s += e * e;
  }
  return std::isfinite(s) ? s : std::numeric_limits<double>::infinity();
}

// A number rounded to 3 significant digits, as a MAC count the profile writer prints exactly.
double nice_edge(double v) {
  const double mag = std::pow(10.0, std::floor(std::log10(v)) - 2);
  return std::round(v / mag) * mag;
}

}  // namespace

std::string to_string(const CalibrationTerms& t) {
  std::string s = "bands";
  if (t.unit_cost) s += " + unit";
  if (t.se_cost) s += " + se";
  return s;
}

std::vector<CalibrationSample> samples_of(const std::vector<Measurement>& measurements) {
  std::vector<CalibrationSample> out;
  out.reserve(measurements.size());
  std::vector<UnitCount> units;
  for (const Measurement& m : measurements) {
    count_units(m.network, units);
    CalibrationSample s;
    s.ms = m.ms;
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (m.unit && *m.unit != i) continue;
      const UnitCount& u = units[i];
      s.units.push_back(CalibrationUnit{u.place.pattern, u.macs, u.place.spec != nullptr && u.place.spec->has_se()});
    }
    out.push_back(std::move(s));
  }
  return out;
}

double predicted_ms(const LatencyModel& model, const CalibrationSample& sample) {
  double ms = 0;
  for (const CalibrationUnit& u : sample.units) ms += model.unit(u.pattern, u.macs, u.has_se).gpu_ms;
  return ms;
}

std::vector<double> predicted_ms(const DeviceProfile& profile, const std::vector<CalibrationSample>& samples) {
  const LatencyModel model(profile);
  std::vector<double> out;
  out.reserve(samples.size());
  for (const CalibrationSample& s : samples) out.push_back(predicted_ms(model, s));
  return out;
}

DeviceProfile with_gpu_peak(const DeviceProfile& p, double peak) {
  if (!(peak > 0) || !std::isfinite(peak))
    throw std::invalid_argument("gpu peak: expected a finite number > 0, got " + std::to_string(peak));
  const double factor = p.gpu_peak_gmacs() / peak;
  std::array<EfficiencyCurve, kPatterns> curves;
  for (std::size_t r = 0; r < kPatterns; ++r) {
    std::vector<EfficiencyCurve::Band> bands = p.gpu_curve(all_patterns[r]).bands();
    for (auto& b : bands) b.a *= factor, b.b *= factor;
    curves[r] = EfficiencyCurve(std::move(bands));
  }
  return DeviceProfile(p.name(), p.description(), peak, p.cpu_peak_gmacs(), std::move(curves), p.cpu_curve(), p.source(),
                       p.gpu_fixed());
}

DeviceProfile rebanded(const DeviceProfile& base, const std::vector<CalibrationSample>& samples, int per_decade) {
  if (per_decade < 0) throw std::invalid_argument("bands per decade: expected >= 0, got " + std::to_string(per_decade));
  if (per_decade == 0) return base;
  std::array<double, kPatterns> lo, hi;
  lo.fill(std::numeric_limits<double>::infinity());
  hi.fill(0.0);
  for (const CalibrationSample& s : samples)
    for (const CalibrationUnit& u : s.units) {
      if (u.macs == 0) continue;
      const auto r = static_cast<std::size_t>(u.pattern);
      lo[r] = std::min(lo[r], static_cast<double>(u.macs));
      hi[r] = std::max(hi[r], static_cast<double>(u.macs));
    }
  const double n = per_decade;
  std::array<EfficiencyCurve, kPatterns> curves;
  for (std::size_t r = 0; r < kPatterns; ++r) {
    const EfficiencyCurve& old = base.gpu_curve(all_patterns[r]);
    if (!(hi[r] > 0)) {
      curves[r] = old;
      continue;
    }
    const long k_lo = static_cast<long>(std::floor(n * std::log10(lo[r]) + 1e-9));
    long k_hi = static_cast<long>(std::ceil(n * std::log10(hi[r]) - 1e-9));
    if (k_hi <= k_lo) k_hi = k_lo + 1;
    std::vector<double> edges;
    for (long k = k_lo; k <= k_hi; ++k) {
      const double e = nice_edge(std::pow(10.0, static_cast<double>(k) / n));
      if (edges.empty() || e > edges.back()) edges.push_back(e);
    }
    std::vector<EfficiencyCurve::Band> bands;
    bands.push_back({0.0, edges.front(), old.at(edges.front()), old.at(edges.front())});
    for (std::size_t i = 0; i + 1 < edges.size(); ++i)
      bands.push_back({edges[i], edges[i + 1], old.at(edges[i]), old.at(edges[i + 1])});
    const double top = edges.back();
    bands.push_back({top, 10.0 * top, old.at(top), old.at(top)});
    // Continuous at every edge; an inner band whose two values happen to be equal would read as
    // constant (one value fewer to fit), so its end is nudged by one ulp.
    for (std::size_t i = 1; i < bands.size(); ++i) {
      bands[i].a = bands[i - 1].b;
      if (i + 1 < bands.size() && bands[i].b == bands[i].a) bands[i].b = std::nextafter(bands[i].a, 2 * bands[i].a);
    }
    bands.back().b = bands.back().a;
    curves[r] = EfficiencyCurve(std::move(bands));
  }
  return DeviceProfile(base.name(), base.description(), base.gpu_peak_gmacs(), base.cpu_peak_gmacs(), std::move(curves),
                       base.cpu_curve(), base.source(), base.gpu_fixed());
}

DeviceProfile fit_profile(const DeviceProfile& start, const std::vector<CalibrationSample>& samples,
                          const CalibrationOptions& options) {
  if (samples.empty()) throw std::invalid_argument("fit_profile: expected samples, got none");
  const Layout layout = layout_of(start);
  const std::size_t np = layout.start.size();

  std::vector<FitRow> rows;
  rows.reserve(samples.size());
  std::vector<std::size_t> support(np, 0);
  for (const CalibrationSample& s : samples) {
    if (!(s.ms > 0)) throw std::invalid_argument("fit_profile: expected measured times > 0");
    FitRow row;
    row.y = s.ms;
    std::vector<bool> touched(np, false);
    for (const CalibrationUnit& u : s.units) {
      if (u.macs == 0) continue;
      const FitUnit fu = fit_unit(start, layout, u);
      row.units.push_back(fu);
      row.n_units += 1;
      row.n_se += u.has_se ? 1 : 0;
      if (fu.wa > 0) touched[fu.ia] = true;
      if (fu.wb > 0) touched[fu.ib] = true;
    }
    for (std::size_t k = 0; k < np; ++k) support[k] += touched[k];
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> free;  // fitted parameters
  std::vector<Index> column(np, -1);
  for (std::size_t k = 0; k < np; ++k)
    if (support[k] >= options.min_support) {
      column[k] = static_cast<Index>(free.size());
      free.push_back(k);
    }
  const Index n_theta = static_cast<Index>(free.size());
  const Index c_unit = options.terms.unit_cost ? n_theta : -1;
  const Index c_se = options.terms.se_cost ? n_theta + (c_unit >= 0 ? 1 : 0) : -1;
  const Index cols = n_theta + (c_unit >= 0) + (c_se >= 0);
  const Index n = static_cast<Index>(rows.size());
  std::vector<double> theta = layout.start;
  double unit_us = options.terms.unit_cost ? 0.0 : start.gpu_fixed().unit_us;
  double se_us = options.terms.se_cost ? 0.0 : start.gpu_fixed().se_us;

  if (cols > 0) {
    const std::vector<bool> nonneg(static_cast<std::size_t>(cols), true);
    // 1. Linear start: time = sum coef * (wa / theta_a + wb / theta_b) approximately, linear in 1/theta.
    {
      Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, cols);
      Eigen::VectorXd y(n);
      for (Index i = 0; i < n; ++i) {
        const FitRow& r = rows[static_cast<std::size_t>(i)];
        double fixed = 0;
        for (const FitUnit& u : r.units) {
          const double inv = 1.0 / (u.wa * theta[u.ia] + u.wb * theta[u.ib]);
          for (auto [k, w] : {std::pair{u.ia, u.wa}, std::pair{u.ib, u.wb}}) {
            if (w == 0) continue;
            if (column[k] >= 0) x(i, column[k]) += u.coef * w;
            else fixed += u.coef * w * inv;  // a kept value: its share of the unit's start time
          }
        }
        if (c_unit >= 0) x(i, c_unit) = r.n_units / 1e3;
        else fixed += unit_us * r.n_units / 1e3;
        if (c_se >= 0) x(i, c_se) = r.n_se / 1e3;
        else fixed += se_us * r.n_se / 1e3;
        x.row(i) /= r.y;
        y(i) = (r.y - fixed) / r.y;
      }
      const Eigen::VectorXd b = nonnegative_least_squares(x, y, nonneg);
      std::vector<double> trial = theta;
      for (Index c = 0; c < n_theta; ++c) {
        const std::size_t k = free[static_cast<std::size_t>(c)];
        if (b(c) > 0) trial[k] = std::clamp(1.0 / b(c), 1e-6, 1e6);
      }
      const double tu = c_unit >= 0 ? b(c_unit) * 1.0 : unit_us, ts = c_se >= 0 ? b(c_se) : se_us;
      if (objective(rows, trial, tu, ts) < objective(rows, theta, unit_us, se_us)) theta = trial, unit_us = tu, se_us = ts;
    }
    // 2. Gauss-Newton on the efficiencies: linearised, each step a non-negative least squares.
    double obj = objective(rows, theta, unit_us, se_us);
    for (int it = 0; it < options.max_iterations; ++it) {
      Eigen::MatrixXd j = Eigen::MatrixXd::Zero(n, cols);
      Eigen::VectorXd y(n);
      for (Index i = 0; i < n; ++i) {
        const FitRow& r = rows[static_cast<std::size_t>(i)];
        const double t = row_time(r, theta, unit_us, se_us);
        double lin = t;  // t - J.current, so that t + J (new - current) = lin + J.new
        for (const FitUnit& u : r.units) {
          const double eff = u.wa * theta[u.ia] + u.wb * theta[u.ib];
          const double d = -u.coef / (eff * eff);
          for (auto [k, w] : {std::pair{u.ia, u.wa}, std::pair{u.ib, u.wb}}) {
            if (w == 0 || column[k] < 0) continue;
            j(i, column[k]) += d * w;
            lin -= d * w * theta[k];
          }
        }
        if (c_unit >= 0) j(i, c_unit) = r.n_units / 1e3, lin -= unit_us * r.n_units / 1e3;
        if (c_se >= 0) j(i, c_se) = r.n_se / 1e3, lin -= se_us * r.n_se / 1e3;
        j.row(i) /= r.y;
        y(i) = (r.y - lin) / r.y;
      }
      const Eigen::VectorXd b = nonnegative_least_squares(j, y, nonneg);
      bool improved = false;
      for (double alpha = 1.0; alpha > 1e-6; alpha *= 0.5) {
        std::vector<double> trial = theta;
        bool positive = true;
        for (Index c = 0; c < n_theta; ++c) {
          const std::size_t k = free[static_cast<std::size_t>(c)];
          trial[k] = theta[k] + alpha * (b(c) - theta[k]);
          positive = positive && trial[k] > 0 && std::isfinite(trial[k]);
        }
        const double tu = c_unit >= 0 ? unit_us + alpha * (b(c_unit) - unit_us) : unit_us;
        const double ts = c_se >= 0 ? se_us + alpha * (b(c_se) - se_us) : se_us;
        if (!positive) continue;
        const double o = objective(rows, trial, std::max(tu, 0.0), std::max(ts, 0.0));
        if (o < obj) {
          const bool converged = obj - o <= 1e-12 * obj;
          theta = std::move(trial);
          unit_us = std::max(tu, 0.0);
          se_us = std::max(ts, 0.0);
          obj = o;
          improved = !converged;
          break;
        }
      }
      if (!improved) break;
    }
  }

  std::array<EfficiencyCurve, kPatterns> curves;
  for (std::size_t r = 0; r < kPatterns; ++r) {
    std::vector<EfficiencyCurve::Band> bands = start.gpu_curve(all_patterns[r]).bands();
    for (std::size_t jb = 0; jb < bands.size(); ++jb) {
      bands[jb].a = theta[layout.a[r][jb]];
      bands[jb].b = theta[layout.b[r][jb]];
    }
    curves[r] = EfficiencyCurve(std::move(bands));
  }
  return DeviceProfile(start.name(), start.description(), start.gpu_peak_gmacs(), start.cpu_peak_gmacs(),
                       std::move(curves), start.cpu_curve(), start.source(), FixedCosts{unit_us + 0.0, se_us + 0.0});
}

std::vector<double> cross_validated(const DeviceProfile& start, const std::vector<CalibrationSample>& samples,
                                    const CalibrationOptions& options, std::size_t k) {
  if (k < 2 || k > samples.size())
    throw std::invalid_argument("folds: expected 2 to " + std::to_string(samples.size()) + " (the samples), got " +
                                std::to_string(k));
  std::vector<double> out(samples.size());
  for (std::size_t fold = 0; fold < k; ++fold) {
    std::vector<CalibrationSample> train;
    for (std::size_t i = 0; i < samples.size(); ++i)
      if (i % k != fold) train.push_back(samples[i]);
    const LatencyModel model(fit_profile(start, train, options));
    for (std::size_t i = fold; i < samples.size(); i += k) out[i] = predicted_ms(model, samples[i]);
  }
  return out;
}

std::vector<double> cross_validated_scale(const DeviceProfile& base, const std::vector<CalibrationSample>& samples,
                                          std::size_t k) {
  if (k < 2 || k > samples.size())
    throw std::invalid_argument("folds: expected 2 to " + std::to_string(samples.size()) + " (the samples), got " +
                                std::to_string(k));
  const std::vector<double> t = predicted_ms(base, samples);
  std::vector<double> out(samples.size());
  for (std::size_t fold = 0; fold < k; ++fold) {
    double num = 0, den = 0;  // min sum (s t / y - 1)^2: s = sum(t/y) / sum((t/y)^2)
    for (std::size_t i = 0; i < samples.size(); ++i)
      if (i % k != fold) {
        const double q = t[i] / samples[i].ms;
        num += q, den += q * q;
      }
    const double s = den > 0 ? num / den : 1.0;
    for (std::size_t i = fold; i < samples.size(); i += k) out[i] = s * t[i];
  }
  return out;
}

ErrorFigures error_figures(std::span<const double> predicted, std::span<const double> measured) {
  if (predicted.size() != measured.size())
    throw std::invalid_argument("error_figures: " + std::to_string(predicted.size()) + " predictions but " +
                                std::to_string(measured.size()) + " measurements");
  if (measured.empty()) throw std::invalid_argument("error_figures: expected rows, got none");
  ErrorFigures f;
  f.n = measured.size();
  std::vector<double> abs_pct;
  double sq = 0;
  std::size_t w10 = 0, w5 = 0;
  for (std::size_t i = 0; i < f.n; ++i) {
    if (!(measured[i] > 0)) throw std::invalid_argument("error_figures: expected measured times > 0");
    const double e = std::fabs(predicted[i] - measured[i]) / measured[i] * 100.0;
    abs_pct.push_back(e);
    sq += e * e;
    w10 += e <= 10.0;
    w5 += e <= 5.0;
  }
  const double nn = static_cast<double>(f.n);
  f.within_10 = static_cast<double>(w10) / nn;
  f.within_5 = static_cast<double>(w5) / nn;
  f.rms_pct = std::sqrt(sq / nn);
  f.worst_abs_pct = *std::max_element(abs_pct.begin(), abs_pct.end());
  std::sort(abs_pct.begin(), abs_pct.end());
  f.median_abs_pct = f.n % 2 ? abs_pct[f.n / 2] : 0.5 * (abs_pct[f.n / 2 - 1] + abs_pct[f.n / 2]);
  f.kendall_tau = kendall_tau_b(predicted, measured);
  return f;
}

}  // namespace latnas
