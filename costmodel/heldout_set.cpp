#include "costmodel/heldout_set.hpp"

#include <cmath>

#include "costmodel/calibration_set.hpp"
#include "costmodel/csv_table.hpp"
#include "costmodel/embedded.hpp"
#include "costmodel/error.hpp"
#include "costmodel/proxy_validation.hpp"

namespace latnas {
namespace {

bool has_inverted_residual(const NetworkSpec& spec) {
  for (const Stage& st : spec.stages)
    for (const BlockSpec& b : st)
      if (b.type == BlockType::ir) return true;
  return false;
}

HeldOutSummary summarise(const std::vector<HeldOutRow>& rows) {
  HeldOutSummary s;
  s.rows = rows.size();
  if (rows.empty()) return s;
  std::vector<double> published, predicted;
  for (const HeldOutRow& r : rows) {
    s.mae += std::abs(r.prediction.top1 - r.point->top1);
    s.in_range += r.prediction.in_range ? 1 : 0;
    published.push_back(r.point->top1);
    predicted.push_back(r.prediction.top1);
  }
  s.mae /= static_cast<double>(rows.size());
  s.tau = kendall_tau_b(predicted, published);
  return s;
}

}  // namespace

HeldOutSet::HeldOutSet(std::string_view csv, const std::string& source) {
  const CsvTable t = CsvTable::parse(csv, source);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    HeldOutPoint p;
    p.name = t.at(r, "name");
    p.top1 = t.number(r, "top1");
    p.training = t.at(r, "training");
    p.same_arch_as = t.at(r, "same_arch_as");
    p.source = t.at(r, "source");
    try {
      p.spec = parse_canonical(t.at(r, "arch"));
    } catch (const InputError& e) {
      throw InputError(t.where(r) + ": " + e.what());
    }
    if (!(p.top1 > 0.0 && p.top1 < 100.0))
      throw InputError(t.where(r) + ": top1: expected a percentage in (0, 100), got " + t.at(r, "top1"));
    p.totals = totals(count_units(p.spec));
    p.inverted_residual = has_inverted_residual(p.spec);
    points_.push_back(std::move(p));
  }
}

const HeldOutSet& HeldOutSet::builtin() {
  static const HeldOutSet set(embedded::heldout_csv(), "data/calibration/heldout_accuracy.csv");
  return set;
}

HeldOutValidation validate_heldout(const AccuracyProxy& proxy, const HeldOutSet& set) {
  HeldOutValidation v;
  std::vector<HeldOutRow> mbconv, fresh, separable;
  for (const HeldOutPoint& p : set.points()) {
    const HeldOutRow row{&p, proxy.predict(ProxyInput{p.spec, p.totals})};
    v.rows.push_back(row);
    if (!p.inverted_residual) {
      separable.push_back(row);
      continue;
    }
    mbconv.push_back(row);
    if (p.new_architecture()) fresh.push_back(row);
  }
  v.mbconv = summarise(mbconv);
  v.new_architectures = summarise(fresh);
  v.separable_only = summarise(separable);
  return v;
}

}  // namespace latnas
