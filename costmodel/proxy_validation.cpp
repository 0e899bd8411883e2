#include "costmodel/proxy_validation.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

#include "costmodel/calibration_groups.hpp"
#include "costmodel/network_shape.hpp"

namespace latnas {

double kendall_tau_b(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size())
    throw std::invalid_argument("kendall_tau_b: " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " values");
  long long concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0.0 && db == 0.0) continue;  // tied in both: counts in neither denominator term
      if (da == 0.0)
        ++ties_a;
      else if (db == 0.0)
        ++ties_b;
      else if ((da > 0.0) == (db > 0.0))
        ++concordant;
      else
        ++discordant;
    }
  const double n1 = static_cast<double>(concordant + discordant + ties_b);  // pairs not tied in a
  const double n2 = static_cast<double>(concordant + discordant + ties_a);  // pairs not tied in b
  if (n1 == 0.0 || n2 == 0.0) return 0.0;
  return static_cast<double>(concordant - discordant) / std::sqrt(n1 * n2);
}

ErrorSummary summarise(const std::vector<ValidatedRow>& rows) {
  ErrorSummary s;
  s.rows = rows.size();
  if (rows.empty()) return s;
  std::vector<double> published, loo, fitted;
  for (const ValidatedRow& r : rows) {
    s.fitted_mae += std::abs(r.fitted - r.published);
    s.loo_mae += std::abs(r.loo - r.published);
    s.lofo_mae += std::abs(r.lofo - r.published);
    published.push_back(r.published);
    loo.push_back(r.loo);
    fitted.push_back(r.fitted);
  }
  const double n = static_cast<double>(rows.size());
  s.fitted_mae /= n;
  s.loo_mae /= n;
  s.lofo_mae /= n;
  s.tau_loo = kendall_tau_b(loo, published);
  s.tau_fitted = kendall_tau_b(fitted, published);
  return s;
}

ProxyValidation validate_proxy(const ProxyRecipe& recipe, const std::vector<CalibrationPoint>& points) {
  ProxyValidation v;
  v.recipe = &recipe;
  v.proxy = recipe.fit_on(points);
  std::vector<ValidatedRow> reference;
  std::map<std::string_view, std::shared_ptr<const AccuracyProxy>> without_lineage;  // one refit per lineage
  for (std::size_t i = 0; i < points.size(); ++i) {
    const CalibrationPoint& p = points[i];
    const std::string_view group = family_group(p.family);
    if (!without_lineage.count(group)) {
      std::vector<CalibrationPoint> rest;
      for (const CalibrationPoint& q : points)
        if (family_group(q.family) != group) rest.push_back(q);
      without_lineage[group] = recipe.fit_on(rest);
    }
    const ProxyInput in{p.spec, p.totals};
    const Prediction fitted = v.proxy->predict(in);
    ValidatedRow r;
    r.name = p.name;
    r.family = p.family;
    r.group = std::string(group);
    r.subset = p.subset;
    r.macs = p.totals.macs;
    r.params = p.totals.params;
    r.depth = block_count(p.spec);
    r.resolution = p.spec.resolution;
    r.trained_on = recipe.trains_on(p);
    r.published = p.top1;
    r.fitted = fitted.top1;
    r.in_range = fitted.in_range;
    if (r.trained_on) {
      std::vector<CalibrationPoint> rest;
      for (std::size_t j = 0; j < points.size(); ++j)
        if (j != i) rest.push_back(points[j]);
      r.loo = recipe.fit_on(rest)->predict(in).top1;
    } else {
      r.loo = r.fitted;
    }
    r.lofo = without_lineage[group]->predict(in).top1;
    if (r.subset == "reference") reference.push_back(r);
    v.rows.push_back(std::move(r));
  }
  v.reference = summarise(reference);
  v.all = summarise(v.rows);
  return v;
}

}  // namespace latnas
