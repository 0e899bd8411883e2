#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/proxy_recipe.hpp"

namespace latnas {

// One calibration row as a proxy sees it: published top-1 beside the proxy's predictions.
struct ValidatedRow {
  std::string name, family, group, subset;  // group: family_group(family), the unit LOFO holds out
  std::uint64_t macs = 0, params = 0;
  int depth = 0, resolution = 0;
  bool trained_on = false;  // one of the rows the recipe fits the shipped proxy on
  double published = 0.0;
  double fitted = 0.0;  // by the proxy fitted on all its rows (as shipped)
  double loo = 0.0;     // refitted without this row (the recipe re-chooses its hyperparameters)
  double lofo = 0.0;    // refitted without every row of this row's lineage (family_group)
  bool in_range = false;
};

// Errors over a set of rows, in top-1 points. Kendall's tau-b compares the ranking of the
// leave-one-out predictions (tau_loo) or of the fitted ones (tau_fitted) with the published ranking.
struct ErrorSummary {
  std::size_t rows = 0;
  double fitted_mae = 0.0, loo_mae = 0.0, lofo_mae = 0.0;
  double tau_loo = 0.0, tau_fitted = 0.0;
};

struct ProxyValidation {
  const ProxyRecipe* recipe = nullptr;         // the recipe validated (it must outlive this)
  std::shared_ptr<const AccuracyProxy> proxy;  // fitted on all its rows
  std::vector<ValidatedRow> rows;               // every row of the data, in file order
  ErrorSummary reference;                       // the 21 reference rows (the MBConv rows of the shared file)
  ErrorSummary all;
};

// Fits the recipe on its rows of `points`, and for every row of `points` refits it without that
// row (leave-one-out) and without that row's lineage (leave-one-family-out) and predicts the row.
// A row the recipe does not train on is still predicted: removing it changes nothing, so its LOO
// prediction is the shipped one, while LOFO still removes its lineage's training rows.
ProxyValidation validate_proxy(const ProxyRecipe& recipe, const std::vector<CalibrationPoint>& points);

ErrorSummary summarise(const std::vector<ValidatedRow>& rows);

// Kendall's tau-b (ties in either ranking handled as in tau-b); 0 when either side is constant.
// Throws std::invalid_argument on different lengths.
double kendall_tau_b(std::span<const double> a, std::span<const double> b);

}  // namespace latnas
