#include "costmodel/calibration_set.hpp"

#include <algorithm>

#include "costmodel/csv_table.hpp"
#include "costmodel/embedded.hpp"
#include "costmodel/error.hpp"
#include "costmodel/network_shape.hpp"

namespace latnas {

int block_count(const NetworkSpec& spec) {
  int n = 0;
  for (const Stage& st : spec.stages)
    for (const BlockSpec& b : st) n += b.repeats;
  return n;
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

const CalibrationPoint* CalibrationSet::find(const NetworkSpec& spec) const {
  const std::string key = canonical_string(spec);
  for (const CalibrationPoint& p : points_)
    if (canonical_string(p.spec) == key) return &p;
  return nullptr;
}

std::vector<CalibrationPoint> CalibrationSet::subset(std::string_view name) const {
  std::vector<CalibrationPoint> out;
  for (const CalibrationPoint& p : points_)
    if (p.subset == name) out.push_back(p);
  return out;
}

ProxyDomain domain_of(const std::vector<CalibrationPoint>& points) {
  std::vector<NetworkShape> shapes;
  std::vector<std::uint64_t> macs;
  for (const CalibrationPoint& p : points) {
    const NetworkShape s = measure_shape(p.spec);
    if (!s.mbconv) continue;  // a proxy's domain is MBConv only, whatever else it was fitted on
    shapes.push_back(s);
    macs.push_back(p.totals.macs);
  }
  if (shapes.size() < 2) return ProxyDomain();  // nothing to trust it near: every network is outside
  return ProxyDomain(shapes, macs);
}

}  // namespace latnas
