#include "costmodel/calibrated_proxy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "costmodel/calibration_groups.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/ridge_regression.hpp"

namespace latnas {
namespace {

// EfficientNet's compound coefficients (arXiv:1905.11946 section 4): one scaling step multiplies
// depth by 1.2, width by 1.1 and resolution by 1.15, and MACs by 1.2 * 1.1^2 * 1.15^2 = 1.92.
constexpr double log_alpha = 0.1823215567939546;   // ln 1.2
constexpr double log_beta = 0.09531017980432493;   // ln 1.1
constexpr double log_gamma = 0.13976194237515868;  // ln 1.15
const double log_step_macs = std::log(1.2 * 1.1 * 1.1 * 1.15 * 1.15);

// Ridge on G's hinges and the architecture terms: only enough to keep collinear hinges defined.
constexpr double small_ridge = 1e-4;

// What a fit needs of its rows, measured once.
struct Row {
  NetworkShape shape;
  ProxyDomain::Point coordinates;
  std::uint64_t macs = 0;
  double top1 = 0.0;
  double weight = 1.0;
  std::string group;
};

std::vector<Row> rows_of(const std::vector<CalibrationPoint>& points) {
  const std::vector<double> w = lineage_weights(points);
  std::vector<Row> rows;
  rows.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const NetworkShape shape = measure_shape(points[i].spec);
    rows.push_back(Row{shape, ProxyDomain::coordinates(shape, points[i].totals.macs), points[i].totals.macs,
                       points[i].top1, w[i], std::string(family_group(points[i].family))});
  }
  return rows;
}

std::vector<std::string> groups_of(const std::vector<Row>& rows) {
  std::vector<std::string> g;
  for (const Row& r : rows)
    if (std::find(g.begin(), g.end(), r.group) == g.end()) g.push_back(r.group);
  return g;
}

}  // namespace

const std::array<double, CalibratedProxy::knot_count>& CalibratedProxy::knots() {
  static const std::array<double, knot_count> k{30e6, 100e6, 300e6, 1e9, 3e9, 10e9};
  return k;
}

namespace {
// ln of each knot, computed once: features() runs for every evaluation of a search.
const std::array<double, CalibratedProxy::knot_count>& log_knots() {
  static const std::array<double, CalibratedProxy::knot_count> k = [] {
    std::array<double, CalibratedProxy::knot_count> out;
    for (std::size_t j = 0; j < CalibratedProxy::knot_count; ++j) out[j] = std::log(CalibratedProxy::knots()[j]);
    return out;
  }();
  return k;
}
}  // namespace

const std::array<std::string_view, CalibratedProxy::feature_count>& CalibratedProxy::feature_names() {
  static const std::array<std::string_view, feature_count> names{
      "min(z,ln 30M)", "min(z,ln 100M)", "min(z,ln 300M)", "min(z,ln 1G)", "min(z,ln 3G)", "min(z,ln 10G)",
      "z",             "se_share",       "large_kernel_share", "ln_expansion"};
  return names;
}

std::array<double, 3> CalibratedProxy::scaling_steps(const NetworkShape& s) const {
  const ProxyDomain::Point c = ProxyDomain::coordinates(s, 1);
  return {(c[1] - log_depth0_) / log_alpha, (c[2] - log_width0_) / log_beta, (c[3] - log_resolution0_) / log_gamma};
}

void CalibratedProxy::features(const ProxyDomain::Point& c, double* out) const {
  const double sd = (c[1] - log_depth0_) / log_alpha;
  const double sw = (c[2] - log_width0_) / log_beta;
  const double sr = (c[3] - log_resolution0_) / log_gamma;
  // softmin, shifted by the smallest step so the exponentials cannot overflow
  const double lo = std::min({sd, sw, sr});
  const double temperature = hyper_.temperature;
  const double softmin =
      lo - temperature * std::log((std::exp(-(sd - lo) / temperature) + std::exp(-(sw - lo) / temperature) +
                                   std::exp(-(sr - lo) / temperature)) /
                                  3.0);
  const double psi = log_macs0_ + log_step_macs * softmin;
  const double z = (1.0 - hyper_.balance_share) * c[0] + hyper_.balance_share * psi;
  const auto& log_knot = log_knots();
  for (std::size_t j = 0; j < knot_count; ++j) out[j] = std::min(z, log_knot[j]);
  out[knot_count] = z;
  for (std::size_t j = 0; j < 3; ++j) out[knot_count + 1 + j] = std::clamp(c[4 + j], share_low_[j], share_high_[j]);
}

double CalibratedProxy::effective_compute(const NetworkShape& shape, std::uint64_t macs) const {
  std::array<double, feature_count> f;
  features(ProxyDomain::coordinates(shape, macs), f.data());
  return f[knot_count];
}

Prediction CalibratedProxy::predict_at(const NetworkShape& shape, const ProxyDomain::Point& c) const {
  std::array<double, feature_count> f;
  features(c, f.data());
  double top1 = intercept_;
  for (std::size_t j = 0; j < feature_count; ++j) top1 += coefficients_[j] * f[j];
  Prediction p;
  p.top1 = top1;
  p.domain_distance = domain_.distance(shape, c);
  p.domain_excess = domain_.excess(p.domain_distance);
  p.in_range = shape.mbconv && p.domain_excess == 0.0;
  return p;
}

Prediction CalibratedProxy::predict(const NetworkShape& shape, std::uint64_t macs) const {
  return predict_at(shape, ProxyDomain::coordinates(shape, macs));
}

CalibratedProxy CalibratedProxy::fit(const std::vector<CalibrationPoint>& points, CalibratedHyper hyper) {
  const std::vector<Row> rows = rows_of(points);
  const std::vector<std::string> groups = groups_of(rows);
  const std::size_t k = feature_count + groups.size();
  if (rows.size() < k + 1)
    throw std::invalid_argument("calibrated proxy: expected at least " + std::to_string(k + 1) +
                                " calibration points, got " + std::to_string(rows.size()));
  if (!(hyper.temperature > 0.0 && std::isfinite(hyper.temperature)))
    throw std::invalid_argument("calibrated proxy: temperature: expected a positive finite value, got " +
                                std::to_string(hyper.temperature));
  if (!(hyper.balance_share >= 0.0 && hyper.balance_share <= 1.0))
    throw std::invalid_argument("calibrated proxy: balance share: expected a value in [0, 1], got " +
                                std::to_string(hyper.balance_share));
  CalibratedProxy p;
  p.hyper_ = hyper;
  p.cv_mae_ = std::numeric_limits<double>::quiet_NaN();
  const NetworkSpec b0 = ModelZoo::builtin().build("efficientnet_b0");
  const NetworkShape b0_shape = measure_shape(b0);
  const ProxyDomain::Point b0c = ProxyDomain::coordinates(b0_shape, totals(count_units(b0)).macs);
  p.log_macs0_ = b0c[0];
  p.log_depth0_ = b0c[1];
  p.log_width0_ = b0c[2];
  p.log_resolution0_ = b0c[3];

  std::vector<NetworkShape> shapes;
  std::vector<std::uint64_t> macs;
  for (const Row& r : rows) {
    shapes.push_back(r.shape);
    macs.push_back(r.macs);
  }
  p.domain_ = ProxyDomain(shapes, macs);
  p.share_low_.fill(std::numeric_limits<double>::infinity());
  p.share_high_.fill(-std::numeric_limits<double>::infinity());
  for (const Row& r : rows)
    for (std::size_t j = 0; j < 3; ++j) {
      p.share_low_[j] = std::min(p.share_low_[j], r.coordinates[4 + j]);
      p.share_high_[j] = std::max(p.share_high_[j], r.coordinates[4 + j]);
    }

  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(k));
  Eigen::VectorXd y(n), w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Row& row = rows[static_cast<std::size_t>(i)];
    std::array<double, feature_count> f;
    p.features(row.coordinates, f.data());
    for (std::size_t j = 0; j < feature_count; ++j) x(i, static_cast<Eigen::Index>(j)) = f[j];
    const auto g = std::find(groups.begin(), groups.end(), row.group) - groups.begin();
    x(i, static_cast<Eigen::Index>(feature_count) + g) = 1.0;
    y(i) = row.top1;
    w(i) = row.weight;
  }
  std::vector<double> ridges(k, small_ridge);
  std::vector<bool> nonnegative(k, false);
  for (std::size_t j = 0; j <= knot_count; ++j) nonnegative[j] = true;  // G non-decreasing
  // At equal MACs a smaller expansion buys width or depth the compute terms already credit; a
  // negative ln E term would pay a second time for it (and the search finds such a term at once).
  nonnegative[knot_count + 3] = true;
  for (std::size_t j = feature_count; j < k; ++j) ridges[j] = hyper.lineage_ridge;
  const LinearFit line = fit_ridge(x, y, w, ridges, nonnegative);
  p.intercept_ = line.intercept;
  std::copy(line.coefficients.begin(), line.coefficients.begin() + feature_count, p.coefficients_.begin());
  for (std::size_t g = 0; g < groups.size(); ++g) p.lineages_.emplace_back(groups[g], line.coefficients[feature_count + g]);
  return p;
}

CalibratedProxy CalibratedProxy::fit(const std::vector<CalibrationPoint>& points, const CalibratedSettings& settings) {
  if (settings.balance_shares.empty() || settings.lineage_ridges.empty() || settings.temperatures.empty())
    throw std::invalid_argument("calibrated proxy: empty hyperparameter grid");
  const std::vector<Row> rows = rows_of(points);
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < rows.size(); ++i) members[rows[i].group].push_back(i);
  if (members.size() < 2)
    throw std::invalid_argument("calibrated proxy: cross-validation needs rows of at least 2 lineages, got " +
                                std::to_string(members.size()));

  // Each fold's training rows (every lineage but the held-out one), built once for the whole grid.
  std::map<std::string, std::vector<CalibrationPoint>> train_without;
  for (const auto& [group, held_out] : members)
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].group != group) train_without[group].push_back(points[i]);

  double best = std::numeric_limits<double>::infinity();
  CalibratedHyper best_hyper{settings.balance_shares.front(), settings.lineage_ridges.front(),
                             settings.temperatures.front()};
  for (double kappa : settings.balance_shares)
    for (double ridge : settings.lineage_ridges)
      for (double temperature : settings.temperatures) {
        const CalibratedHyper hyper{kappa, ridge, temperature};
        double error = 0.0, weight = 0.0;
        for (const auto& [group, held_out] : members) {
          const CalibratedProxy fold = fit(train_without.at(group), hyper);
          for (std::size_t i : held_out) {
            // The held-out lineage is new to the fold: predicted at lineage effect 0, as a new network is.
            error += rows[i].weight * std::abs(fold.predict_at(rows[i].shape, rows[i].coordinates).top1 - rows[i].top1);
            weight += rows[i].weight;
          }
        }
        const double mae = error / weight;
        if (mae < best - 1e-12) {
          best = mae;
          best_hyper = hyper;
        }
      }
  CalibratedProxy chosen = fit(points, best_hyper);
  chosen.cv_mae_ = best;
  return chosen;
}

}  // namespace latnas
