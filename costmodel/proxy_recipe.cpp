#include "costmodel/proxy_recipe.hpp"

#include "costmodel/calibrated_proxy.hpp"
#include "costmodel/error.hpp"
#include "costmodel/linear_proxy.hpp"

namespace latnas {

std::shared_ptr<const AccuracyProxy> ProxyRecipe::fit_on(const std::vector<CalibrationPoint>& points) const {
  std::vector<CalibrationPoint> rows;
  for (const CalibrationPoint& p : points)
    if (trains_on(p)) rows.push_back(p);
  return fit(rows);
}

const ProxyRecipe& proxy_recipe(std::string_view name) {
  static const ProxyRecipe flops{
      "flops", "top-1 = a + b ln(MACs), least squares on the 21 reference rows",
      [](const CalibrationPoint& p) { return p.subset == "reference"; },
      [](const std::vector<CalibrationPoint>& rows) -> std::shared_ptr<const AccuracyProxy> {
        return std::make_shared<const LinearProxy>(
            LinearProxy::fit("flops", std::make_shared<LogMacsFeatures>(), rows, 0.0, domain_of(rows)));
      }};
  static const ProxyRecipe calibrated{
      "calibrated",
      "top-1 = b + lineage + G(z) + SE, large-kernel and expansion terms; z = ln MACs blended with "
      "balanced-scaling compute, G concave non-decreasing; lineage effects by ridge; all rows; the blend and "
      "the lineage ridge by leave-one-lineage-out cross-validation",
      [](const CalibrationPoint&) { return true; },
      [](const std::vector<CalibrationPoint>& rows) -> std::shared_ptr<const AccuracyProxy> {
        return std::make_shared<const CalibratedProxy>(CalibratedProxy::fit(rows));
      }};
  if (name == flops.name) return flops;
  if (name == calibrated.name) return calibrated;
  throw InputError("unknown proxy '" + std::string(name) + "'; known: calibrated, flops");
}

}  // namespace latnas
