#include "costmodel/calibrated_proxy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "costmodel/calibration_groups.hpp"
#include "costmodel/ridge_regression.hpp"

namespace latnas {
namespace {

// (ref/x)^p, exact and fast for the usual integer powers.
double ratio_power(double ratio, double p) {
  if (p == 2.0) return ratio * ratio;
  if (p == 3.0) return ratio * ratio * ratio;
  return std::pow(ratio, p);
}

// 1 - (ref/x)^p, the saturating gain of one dimension. Below the smallest fitted value it would
// fall like a power (a network a third as deep would lose 26 times the gain), so there it goes on
// along its tangent in ln x: p ln(x/ref), continuous in value and slope, still increasing, and only
// logarithmically negative. Such networks are flagged out of range either way.
double saturating_gain(double x, double ref, double p) {
  if (x >= ref) return 1.0 - ratio_power(ref / x, p);
  return p * std::log(x / ref);
}

// What a fit needs of its rows, measured once.
struct Row {
  NetworkShape shape;
  std::uint64_t macs = 0;
  double top1 = 0.0;
  double weight = 1.0;
  std::string_view group;
};

std::vector<Row> rows_of(const std::vector<CalibrationPoint>& points) {
  const std::vector<double> w = lineage_weights(points);
  std::vector<Row> rows;
  rows.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    rows.push_back(Row{measure_shape(points[i].spec), points[i].totals.macs, points[i].top1, w[i],
                       family_group(points[i].family)});
  return rows;
}

// The three gains and the expansion term are constrained to be >= 0; SE and kernel shares are free.
const std::vector<bool>& nonnegative() {
  static const std::vector<bool> signs{true, true, true, false, false, true};
  return signs;
}

}  // namespace

const std::array<std::string_view, CalibratedProxy::feature_count>& CalibratedProxy::feature_names() {
  static const std::array<std::string_view, feature_count> names{
      "depth_gain", "width_gain", "resolution_gain", "se_share", "large_kernel_share", "ln_expansion"};
  return names;
}

bool CalibratedRange::contains(const NetworkShape& s, std::uint64_t macs) const {
  return s.mbconv && macs >= min_macs && macs <= max_macs && s.resolution >= min_resolution &&
         s.resolution <= max_resolution && s.depth >= min_depth && s.depth <= max_depth && s.width >= min_width &&
         s.width <= max_width;
}

void CalibratedProxy::features(const NetworkShape& s, double* out) const {
  const double depth = std::max(1, s.depth), width = std::max(1.0, s.width), resolution = std::max(1, s.resolution);
  out[0] = saturating_gain(depth, depth0_, powers_.depth);
  out[1] = saturating_gain(width, width0_, powers_.width);
  out[2] = saturating_gain(resolution, resolution0_, powers_.resolution);
  out[3] = s.se_share;
  out[4] = s.large_kernel_share;
  out[5] = std::log(std::max(1.0, s.expansion));
}

Prediction CalibratedProxy::predict(const NetworkShape& shape, std::uint64_t macs) const {
  std::array<double, feature_count> f;
  features(shape, f.data());
  double top1 = intercept_;
  for (std::size_t j = 0; j < feature_count; ++j) top1 += coefficients_[j] * f[j];
  return {top1, range_.contains(shape, macs)};
}

Prediction CalibratedProxy::predict(const ProxyInput& in) const { return predict(measure_shape(in.spec), in.totals.macs); }

CalibratedProxy CalibratedProxy::fit(const std::vector<CalibrationPoint>& points, SaturationPowers powers, double ridge) {
  if (points.size() < feature_count + 1)
    throw std::invalid_argument("calibrated proxy: expected at least " + std::to_string(feature_count + 1) +
                                " calibration points, got " + std::to_string(points.size()));
  const std::vector<Row> rows = rows_of(points);
  CalibratedProxy p;
  p.powers_ = powers;
  p.ridge_ = ridge;
  p.cv_mae_ = std::numeric_limits<double>::quiet_NaN();
  CalibratedRange& r = p.range_;
  r = {UINT64_MAX, 0, INT32_MAX, 0, INT32_MAX, 0, std::numeric_limits<double>::infinity(), 0.0};
  for (const Row& row : rows) {
    r.min_macs = std::min(r.min_macs, row.macs);
    r.max_macs = std::max(r.max_macs, row.macs);
    r.min_resolution = std::min(r.min_resolution, row.shape.resolution);
    r.max_resolution = std::max(r.max_resolution, row.shape.resolution);
    r.min_depth = std::min(r.min_depth, row.shape.depth);
    r.max_depth = std::max(r.max_depth, row.shape.depth);
    r.min_width = std::min(r.min_width, row.shape.width);
    r.max_width = std::max(r.max_width, row.shape.width);
  }
  p.depth0_ = std::max(1, r.min_depth);
  p.width0_ = std::max(1.0, r.min_width);
  p.resolution0_ = std::max(1, r.min_resolution);

  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(feature_count));
  Eigen::VectorXd y(n), w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Row& row = rows[static_cast<std::size_t>(i)];
    std::array<double, feature_count> f;
    p.features(row.shape, f.data());
    for (Eigen::Index j = 0; j < x.cols(); ++j) x(i, j) = f[static_cast<std::size_t>(j)];
    y(i) = row.top1;
    w(i) = row.weight;
  }
  const LinearFit line = fit_ridge(x, y, w, ridge, nonnegative());
  p.intercept_ = line.intercept;
  std::copy(line.coefficients.begin(), line.coefficients.end(), p.coefficients_.begin());
  return p;
}

CalibratedProxy CalibratedProxy::fit(const std::vector<CalibrationPoint>& points, const CalibratedSettings& settings) {
  if (settings.ridges.empty() || settings.depth_powers.empty() || settings.width_powers.empty() ||
      settings.resolution_powers.empty())
    throw std::invalid_argument("calibrated proxy: empty hyperparameter grid");
  const std::vector<Row> rows = rows_of(points);
  std::map<std::string_view, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < rows.size(); ++i) members[rows[i].group].push_back(i);
  if (members.size() < 2)
    throw std::invalid_argument("calibrated proxy: cross-validation needs rows of at least 2 lineages, got " +
                                std::to_string(members.size()));

  // One fit at fixed hyperparameters gives the references; the features of every row then depend
  // only on the powers (predictions do not depend on the references: standardisation absorbs them).
  double best = std::numeric_limits<double>::infinity();
  SaturationPowers best_powers;
  double best_ridge = settings.ridges.front();
  const CalibratedProxy base = fit(points, SaturationPowers{}, 0.0);
  const auto n = static_cast<Eigen::Index>(rows.size());
  const auto k = static_cast<Eigen::Index>(feature_count);
  for (double pd : settings.depth_powers)
    for (double pw : settings.width_powers)
      for (double pr : settings.resolution_powers) {
        CalibratedProxy shaped = base;
        shaped.powers_ = {pd, pw, pr};
        Eigen::MatrixXd x(n, k);
        for (Eigen::Index i = 0; i < n; ++i) {
          std::array<double, feature_count> f;
          shaped.features(rows[static_cast<std::size_t>(i)].shape, f.data());
          for (Eigen::Index j = 0; j < k; ++j) x(i, j) = f[static_cast<std::size_t>(j)];
        }
        for (double ridge : settings.ridges) {
          double error = 0.0, weight = 0.0;
          for (const auto& [group, held_out] : members) {
            const auto m = static_cast<Eigen::Index>(rows.size() - held_out.size());
            Eigen::MatrixXd xt(m, k);
            Eigen::VectorXd yt(m), wt(m);
            Eigen::Index t = 0;
            for (std::size_t i = 0; i < rows.size(); ++i) {
              if (rows[i].group == group) continue;
              xt.row(t) = x.row(static_cast<Eigen::Index>(i));
              yt(t) = rows[i].top1;
              wt(t) = rows[i].weight;
              ++t;
            }
            const LinearFit line = fit_ridge(xt, yt, wt, ridge, nonnegative());
            for (std::size_t i : held_out) {
              double pred = line.intercept;
              for (Eigen::Index j = 0; j < k; ++j)
                pred += line.coefficients[static_cast<std::size_t>(j)] * x(static_cast<Eigen::Index>(i), j);
              error += rows[i].weight * std::abs(pred - rows[i].top1);
              weight += rows[i].weight;
            }
          }
          const double mae = error / weight;
          if (mae < best - 1e-12) {
            best = mae;
            best_powers = {pd, pw, pr};
            best_ridge = ridge;
          }
        }
      }
  CalibratedProxy chosen = fit(points, best_powers, best_ridge);
  chosen.cv_mae_ = best;
  return chosen;
}

}  // namespace latnas
