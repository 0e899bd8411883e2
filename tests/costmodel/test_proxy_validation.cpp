#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "costmodel/calibrated_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/linear_proxy.hpp"
#include "costmodel/proxy_recipe.hpp"
#include "costmodel/proxy_validation.hpp"
#include "costmodel/ridge_regression.hpp"

using namespace latnas;

TEST_CASE("proxy: Kendall tau-b on hand examples, with ties") {
  // Pairs: 8 concordant, 1 discordant (2-3), 1 tied in b only (4-5): 7 / sqrt(10 * 9).
  const std::vector<double> a{1, 2, 3, 4, 5}, b{1, 3, 2, 4, 4};
  CHECK(kendall_tau_b(a, b) == doctest::Approx(7.0 / std::sqrt(90.0)));
  CHECK(kendall_tau_b(b, a) == doctest::Approx(7.0 / std::sqrt(90.0)));
  // A pair tied in both counts in neither denominator: 4 concordant, 1 tied in a only -> 4 / sqrt(4 * 5).
  CHECK(kendall_tau_b(std::vector<double>{1, 1, 2, 2}, std::vector<double>{1, 1, 2, 3}) ==
        doctest::Approx(4.0 / std::sqrt(20.0)));
  CHECK(kendall_tau_b(std::vector<double>{1, 2, 3}, std::vector<double>{3, 2, 1}) == doctest::Approx(-1.0));
  CHECK(kendall_tau_b(std::vector<double>{1, 2, 3}, std::vector<double>{5, 5, 5}) == 0.0);
  CHECK_THROWS(kendall_tau_b(std::vector<double>{1, 2}, std::vector<double>{1}));
}

TEST_CASE("proxy: leave-one-out of a least-squares line equals the closed form") {
  // Six hand-made rows, each its own family (so LOFO is LOO too), fitted on ln(MACs).
  const std::vector<std::uint64_t> macs{50'000'000, 120'000'000, 300'000'000, 700'000'000, 2'000'000'000, 9'000'000'000};
  const std::vector<double> top1{60.0, 67.5, 71.0, 76.0, 79.5, 83.0};
  std::vector<CalibrationPoint> points;
  for (std::size_t i = 0; i < macs.size(); ++i) {
    CalibrationPoint p;
    p.name = "row" + std::to_string(i);
    p.family = "family" + std::to_string(i);
    p.subset = "reference";
    p.totals = CountTotals{macs[i], 1};
    p.top1 = top1[i];
    points.push_back(p);
  }
  const ProxyRecipe line{"line", "ln(MACs) least squares", [](const CalibrationPoint&) { return true; },
                         [](const std::vector<CalibrationPoint>& rows) -> std::shared_ptr<const AccuracyProxy> {
                           return std::make_shared<const LinearProxy>(LinearProxy::fit(
                               "line", std::make_shared<LogMacsFeatures>(), rows, 0.0, domain_of(rows)));
                         }};
  const ProxyValidation v = validate_proxy(line, points);
  // Closed form: the LOO residual is e_i / (1 - h_ii), h_ii = 1/n + (x_i - mean)^2 / Sxx.
  const double n = static_cast<double>(macs.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < macs.size(); ++i) {
    mx += std::log(static_cast<double>(macs[i])) / n;
    my += top1[i] / n;
  }
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < macs.size(); ++i) {
    const double dx = std::log(static_cast<double>(macs[i])) - mx;
    sxx += dx * dx;
    sxy += dx * (top1[i] - my);
  }
  const double slope = sxy / sxx, intercept = my - slope * mx;
  double mae = 0;
  for (std::size_t i = 0; i < macs.size(); ++i) {
    const double x = std::log(static_cast<double>(macs[i]));
    const double e = top1[i] - (intercept + slope * x);
    const double h = 1.0 / n + (x - mx) * (x - mx) / sxx;
    const double loo = top1[i] - e / (1.0 - h);
    CAPTURE(i);
    CHECK(v.rows[i].fitted == doctest::Approx(intercept + slope * x).epsilon(1e-9));
    CHECK(v.rows[i].loo == doctest::Approx(loo).epsilon(1e-9));
    CHECK(v.rows[i].lofo == doctest::Approx(loo).epsilon(1e-9));
    mae += std::abs(loo - top1[i]) / n;
  }
  CHECK(v.reference.loo_mae == doctest::Approx(mae).epsilon(1e-9));
  CHECK(v.all.rows == 6);
}

TEST_CASE("proxy: ridge regression against closed forms, weights and sign constraints") {
  // One feature: the standardised ridge shrinks the least-squares slope by 1 / (1 + ridge).
  Eigen::MatrixXd x(5, 1);
  x << 1, 2, 3, 4, 6;
  Eigen::VectorXd y(5);
  y << 2.0, 2.9, 4.2, 4.8, 7.1;
  const LinearFit ols = fit_ridge(x, y, Eigen::VectorXd(), 0.0, {false});
  const LinearFit ridge = fit_ridge(x, y, Eigen::VectorXd(), 0.5, {false});
  CHECK(ridge.coefficients[0] == doctest::Approx(ols.coefficients[0] / 1.5));
  CHECK(ridge.intercept == doctest::Approx(y.mean() - ridge.coefficients[0] * x.col(0).mean()));
  // A zero weight drops a row.
  Eigen::VectorXd w = Eigen::VectorXd::Ones(5);
  w(4) = 0.0;
  const LinearFit dropped = fit_ridge(x, y, w, 0.0, {false});
  const LinearFit four = fit_ridge(x.topRows(4), y.head(4), Eigen::VectorXd(), 0.0, {false});
  CHECK(dropped.coefficients[0] == doctest::Approx(four.coefficients[0]));
  CHECK(dropped.intercept == doctest::Approx(four.intercept));
  // Orthogonal design, y = 2 x1 - x2 + 5: constraining x2 >= 0 pins it at 0 and leaves x1 alone.
  Eigen::MatrixXd z(4, 2);
  z << 1, 1, -1, 1, 1, -1, -1, -1;
  const Eigen::VectorXd t = 2.0 * z.col(0) - z.col(1) + Eigen::VectorXd::Constant(4, 5.0);
  const LinearFit free = fit_ridge(z, t, Eigen::VectorXd(), 0.0, {false, false});
  CHECK(free.coefficients[1] == doctest::Approx(-1.0));
  const LinearFit constrained = fit_ridge(z, t, Eigen::VectorXd(), 0.0, {false, true});
  CHECK(constrained.coefficients[0] == doctest::Approx(2.0));
  CHECK(constrained.coefficients[1] == 0.0);
  CHECK(constrained.intercept == doctest::Approx(5.0));
  // An inactive constraint changes nothing.
  const LinearFit inactive = fit_ridge(z, t, Eigen::VectorXd(), 0.0, {true, false});
  CHECK(inactive.coefficients[0] == doctest::Approx(2.0));
  CHECK(inactive.coefficients[1] == doctest::Approx(-1.0));
  CHECK_THROWS(fit_ridge(z, t, Eigen::VectorXd(), -1.0, {false, false}));
  CHECK_THROWS(fit_ridge(z, t.head(3), Eigen::VectorXd(), 0.0, {false, false}));
}

TEST_CASE("proxy: the cross-validated hyperparameters come from the grid and minimise the CV error") {
  const auto& points = CalibrationSet::builtin().points();
  const CalibratedSettings grid;
  const CalibratedProxy chosen = CalibratedProxy::fit(points, grid);
  auto in = [](const std::vector<double>& v, double x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  CHECK(in(grid.balance_shares, chosen.hyper().balance_share));
  CHECK(in(grid.lineage_ridges, chosen.hyper().lineage_ridge));
  REQUIRE(std::isfinite(chosen.cv_mae()));
  // Every other grid point, scored alone, has a CV error at least as large.
  CHECK(in(grid.temperatures, chosen.hyper().temperature));
  int scored = 0;
  for (double kappa : grid.balance_shares)
    for (double ridge : grid.lineage_ridges)
      for (double temperature : grid.temperatures) {
        CalibratedSettings one;
        one.balance_shares = {kappa};
        one.lineage_ridges = {ridge};
        one.temperatures = {temperature};
        const CalibratedProxy single = CalibratedProxy::fit(points, one);
        CHECK(single.hyper() == CalibratedHyper{kappa, ridge, temperature});
        CHECK(single.cv_mae() >= chosen.cv_mae() - 1e-12);
        ++scored;
      }
  CHECK(scored == static_cast<int>(grid.balance_shares.size() * grid.lineage_ridges.size() * grid.temperatures.size()));
  // The chosen model is exactly the fixed-hyperparameter fit at the chosen point.
  const CalibratedProxy refit = CalibratedProxy::fit(points, chosen.hyper());
  CHECK(refit.intercept() == doctest::Approx(chosen.intercept()));
  for (std::size_t j = 0; j < CalibratedProxy::feature_count; ++j)
    CHECK(refit.coefficients()[j] == doctest::Approx(chosen.coefficients()[j]));
}

TEST_CASE("proxy: leave-one-family-out holds out every row of the lineage") {
  // The calibrated proxy refitted without the EfficientNet lineage has no effect for it and no
  // network near B7 (600 px): the lite and TinyNet rows went out with the B-series.
  std::vector<CalibrationPoint> rest;
  for (const CalibrationPoint& p : CalibrationSet::builtin().points())
    if (p.family.find("efficientnet") == std::string::npos && p.family.find("tinynet") == std::string::npos)
      rest.push_back(p);
  const auto proxy = proxy_recipe("calibrated").fit_on(rest);
  const auto& c = dynamic_cast<const CalibratedProxy&>(*proxy);
  for (const auto& [lineage, effect] : c.lineage_effects()) CHECK(lineage != "efficientnet");
  CHECK(c.lineage_effects().size() == 4);
  const CalibrationPoint& b7 = CalibrationSet::builtin().points()[7];
  REQUIRE(b7.name == "efficientnet_b7");
  CHECK_FALSE(proxy->predict(ProxyInput{b7.spec, b7.totals}).in_range);
  CHECK(rest.size() == 81 - 8 - 5 - 5 - 4);
  // validate_proxy's LOFO prediction for B0 is that refit's prediction.
  const ProxyValidation v = validate_proxy(proxy_recipe("calibrated"), CalibrationSet::builtin().points());
  const CalibrationPoint& b0 = CalibrationSet::builtin().points().front();
  REQUIRE(v.rows.front().name == "efficientnet_b0");
  CHECK(v.rows.front().lofo == doctest::Approx(proxy->predict(ProxyInput{b0.spec, b0.totals}).top1));
  CHECK(v.rows.front().group == "efficientnet");
}
