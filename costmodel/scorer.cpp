#include "costmodel/scorer.hpp"

#include <stdexcept>

namespace latnas {

Scorer::Scorer(DeviceProfile device, std::shared_ptr<const AccuracyProxy> proxy)
    : latency_(std::move(device)), proxy_(std::move(proxy)) {
  if (!proxy_) throw std::invalid_argument("proxy: expected an accuracy proxy, got none");
}

namespace {
bool has_se(const UnitCount& u) { return u.place.spec != nullptr && u.place.spec->has_se(); }
}  // namespace

UnitScore Scorer::unit(const UnitCount& count) const {
  const UnitLatency l = latency_.unit(count.place.pattern, count.macs, has_se(count));
  return UnitScore{count, l.gpu_efficiency, l.gpu_ms, l.cpu_efficiency, l.cpu_ms, l.gpu_on_edge};
}

Score Scorer::score(const NetworkSpec& spec, std::vector<UnitCount>& scratch) const {
  count_units(spec, scratch);
  Score s;
  for (const UnitCount& u : scratch) {
    const UnitLatency l = latency_.unit(u.place.pattern, u.macs, has_se(u));
    s.macs += u.macs;
    s.params += u.params;
    s.gpu_ms += l.gpu_ms;
    s.cpu_ms += l.cpu_ms;
    s.edge_units += l.gpu_on_edge;
  }
  const Prediction p = proxy_->predict(ProxyInput{spec, CountTotals{s.macs, s.params}});
  s.take(p);
  return s;
}

Score Scorer::score(const NetworkSpec& spec) const {
  std::vector<UnitCount> scratch;
  return score(spec, scratch);
}

Score Scorer::score_units(const NetworkSpec& spec, std::vector<UnitScore>& units) const {
  std::vector<UnitCount> counts;
  const Score s = score(spec, counts);
  units.clear();
  for (const UnitCount& c : counts) units.push_back(unit(c));
  return s;
}

}  // namespace latnas
