#include "costmodel/calibration_groups.hpp"

#include <map>

namespace latnas {

std::string_view family_group(std::string_view family) {
  if (family.starts_with("efficientnet") || family.starts_with("tinynet")) return "efficientnet";
  if (family.starts_with("mobilenetv3")) return "mobilenetv3";
  if (family.starts_with("mnasnet")) return "mnasnet";
  if (family.starts_with("proxylessnas")) return "proxylessnas";
  return family;
}

std::vector<double> lineage_weights(const std::vector<CalibrationPoint>& points) {
  std::map<std::string_view, int> rows;
  for (const CalibrationPoint& p : points) ++rows[family_group(p.family)];
  std::vector<double> w;
  w.reserve(points.size());
  for (const CalibrationPoint& p : points) w.push_back(1.0 / rows[family_group(p.family)]);
  return w;
}

}  // namespace latnas
