#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/proxy_domain.hpp"

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

// The domain of validity of a proxy fitted on `points` (MBConv rows only).
ProxyDomain domain_of(const std::vector<CalibrationPoint>& points);

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
  // The calibration point of a network (compared by canonical string), or null.
  const CalibrationPoint* find(const NetworkSpec& spec) const;
  // The points of one subset ("reference" or "extended"), in file order.
  std::vector<CalibrationPoint> subset(std::string_view name) const;

 private:
  std::vector<CalibrationPoint> points_;
};

}  // namespace latnas
