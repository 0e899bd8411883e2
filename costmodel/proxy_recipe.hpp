#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/calibration_set.hpp"

namespace latnas {

// How a named accuracy proxy is made from published results: which calibration rows it is fitted
// on and how (including how it picks its own hyperparameters). make_proxy applies it to the
// shipped data; validation applies the same recipe to every fold, so its figures measure exactly
// what ships.
struct ProxyRecipe {
  std::string name;
  std::string description;  // one line: form, rows, fitting
  std::function<bool(const CalibrationPoint&)> trains_on;
  std::function<std::shared_ptr<const AccuracyProxy>(const std::vector<CalibrationPoint>&)> fit;

  // The recipe applied to the rows of `points` it trains on.
  std::shared_ptr<const AccuracyProxy> fit_on(const std::vector<CalibrationPoint>& points) const;
};

// "flops":      least squares in ln(MACs) on the 21 reference rows.
// "calibrated": CalibratedProxy on all rows (reference and extended), hyperparameters by
//               leave-one-lineage-out cross-validation.
// Throws InputError listing the known names.
const ProxyRecipe& proxy_recipe(std::string_view name);

}  // namespace latnas
