#pragma once
#include <string_view>
#include <vector>

#include "costmodel/calibration_set.hpp"

namespace latnas {

// The architecture lineage a calibration row's family belongs to: the unit that leave-one-family-out
// validation holds out, and that the calibrated proxy's cross-validation and weights are built on.
// A family's block definition derives from its lineage's, so holding out a lineage holds out every
// row that could leak it:
//   efficientnet  efficientnet, efficientnet_lite*, tinynet_*  (all EfficientNet-B0's blocks)
//   mobilenetv3   mobilenetv3_large, mobilenetv3_small and their _minimal variants
//   mnasnet       mnasnet_a1, mnasnet_b1
//   proxylessnas  proxylessnas_mobile, _cpu, _gpu
//   any other family is its own lineage (mobilenetv2).
std::string_view family_group(std::string_view family);

// Weights that give every lineage the same total weight (1 / rows of the lineage in `points`), so
// the MobileNetV2 and MnasNet-A1 width x resolution grids (46 of 77 rows) do not dominate a fit.
std::vector<double> lineage_weights(const std::vector<CalibrationPoint>& points);

}  // namespace latnas
