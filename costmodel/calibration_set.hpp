#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"

namespace latnas {

// One published ImageNet result, rebuilt as a network so latnas counts its MACs and params itself.
struct CalibrationPoint {
  std::string name;
  std::string family;
  NetworkSpec spec;
  CountTotals totals;
  double top1 = 0.0;  // published top-1, percent
  std::string subset;  // "reference": a row of shared/reference/published_accuracy.csv; "extended": added with its source
  std::string source;
};

// The span of a set of calibration points: a prediction outside it is an extrapolation.
struct CalibrationRange {
  std::uint64_t min_macs = 0, max_macs = 0;
  int min_resolution = 0, max_resolution = 0;
  int min_depth = 0, max_depth = 0;  // blocks, counting repeats
  bool contains(const NetworkSpec& spec, std::uint64_t macs) const;
  static CalibrationRange of(const std::vector<CalibrationPoint>& points);
};

// Number of blocks of a network, counting repeats (the stem and head are not blocks).
int block_count(const NetworkSpec& spec);

// Published results with their sources (data/calibration/published_accuracy.csv): each row is a
// network given by its canonical string (`arch`), which must equal what its family, width, depth,
// resolution, stem and head build; latnas counts its MACs and params itself.
class CalibrationSet {
 public:
  static const CalibrationSet& builtin();
  CalibrationSet(std::string_view csv, const std::string& source, const ModelZoo& zoo);

  const std::vector<CalibrationPoint>& points() const { return points_; }
  // The points of one subset ("reference" or "extended"), in file order.
  std::vector<CalibrationPoint> subset(std::string_view name) const;

 private:
  std::vector<CalibrationPoint> points_;
};

}  // namespace latnas
