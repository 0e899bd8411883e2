#include "costmodel/calibration_set.hpp"

#include <algorithm>

#include "costmodel/csv_table.hpp"
#include "costmodel/embedded.hpp"
#include "costmodel/error.hpp"

namespace latnas {

int block_count(const NetworkSpec& spec) {
  int n = 0;
  for (const Stage& st : spec.stages)
    for (const BlockSpec& b : st) n += b.repeats;
  return n;
}

bool CalibrationRange::contains(const NetworkSpec& spec, std::uint64_t macs) const {
  const int depth = block_count(spec);
  return macs >= min_macs && macs <= max_macs && spec.resolution >= min_resolution &&
         spec.resolution <= max_resolution && depth >= min_depth && depth <= max_depth;
}

CalibrationSet::CalibrationSet(std::string_view csv, const std::string& source, const ModelZoo& zoo) {
  const CsvTable t = CsvTable::parse(csv, source);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    CalibrationPoint p;
    p.name = t.at(r, "name");
    p.family = t.at(r, "family");
    p.top1 = t.number(r, "top1");
    p.subset = t.at(r, "subset");
    if (p.subset != "reference" && p.subset != "extended")
      throw InputError(t.where(r) + ": subset: expected reference or extended, got '" + p.subset + "'");
    p.source = t.at(r, "source");
    const ScaledModel m{p.name, p.family, t.number(r, "width"), t.number(r, "depth"), t.integer(r, "resolution"),
                        t.integer(r, "stem"), t.integer(r, "head")};
    // The row's network is its canonical string; the family, multipliers, stem and head must
    // describe the same network, so a typo in either is caught rather than silently fitted.
    try {
      p.spec = parse_canonical(t.at(r, "arch"));
      const NetworkSpec built = zoo.build(m);
      if (canonical_string(built) != canonical_string(p.spec))
        throw InputError("arch is not the network its family, width, depth, resolution, stem and head build: " +
                         canonical_string(built));
    } catch (const InputError& e) {
      throw InputError(t.where(r) + ": " + e.what());
    }
    p.totals = totals(count_units(p.spec));
    points_.push_back(std::move(p));
  }
  if (points_.size() < 3) throw InputError(source + ": expected at least 3 calibration rows, got " + std::to_string(points_.size()));
}

const CalibrationSet& CalibrationSet::builtin() {
  static const CalibrationSet set(embedded::calibration_csv(), "data/calibration/published_accuracy.csv",
                                  ModelZoo::builtin());
  return set;
}

std::vector<CalibrationPoint> CalibrationSet::subset(std::string_view name) const {
  std::vector<CalibrationPoint> out;
  for (const CalibrationPoint& p : points_)
    if (p.subset == name) out.push_back(p);
  return out;
}

CalibrationRange CalibrationRange::of(const std::vector<CalibrationPoint>& points) {
  CalibrationRange r{UINT64_MAX, 0, INT32_MAX, 0, INT32_MAX, 0};
  for (const CalibrationPoint& p : points) {
    r.min_macs = std::min(r.min_macs, p.totals.macs);
    r.max_macs = std::max(r.max_macs, p.totals.macs);
    r.min_resolution = std::min(r.min_resolution, p.spec.resolution);
    r.max_resolution = std::max(r.max_resolution, p.spec.resolution);
    r.min_depth = std::min(r.min_depth, block_count(p.spec));
    r.max_depth = std::max(r.max_depth, block_count(p.spec));
  }
  return r;
}

}  // namespace latnas
