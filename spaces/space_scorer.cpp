#include "spaces/space_scorer.hpp"

#include "costmodel/network_cost.hpp"

namespace latnas {

// The same operations, in the same order, as Scorer::score's loop.
void SpaceScorer::add(Score& s, const UnitCost& u) {
  s.macs += u.macs;
  s.params += u.params;
  s.gpu_ms += u.gpu_ms;
  s.cpu_ms += u.cpu_ms;
  s.edge_units += u.edge;
}

SpaceScorer::SpaceScorer(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries)
    : space_(space),
      scorer_(scorer),
      shape_proxy_(dynamic_cast<const ShapeProxy*>(&scorer.proxy())),
      table_(space, scorer, max_entries) {}

Score SpaceScorer::score(const Genome& g) const {
  if (!table_.built() || !shape_proxy_) {
    thread_local NetworkSpec spec;  // scratch: scoring runs in parallel and decoding reuses it
    return score(g, spec);
  }
  Score s = sum_units(g);
  s.take(shape_proxy_->predict_shape(space_.shape_of(g), CountTotals{s.macs, s.params}));
  return s;
}

Score SpaceScorer::score(const Genome& g, NetworkSpec& spec) const {
  space_.decode(g, spec);
  if (!table_.built()) {
    thread_local std::vector<UnitCount> scratch;
    return scorer_.score(spec, scratch);
  }
  Score s = sum_units(g);
  s.take(scorer_.proxy().predict(ProxyInput{spec, CountTotals{s.macs, s.params}}));
  return s;
}

Score SpaceScorer::sum_units(const Genome& g) const {
  const SpaceDefinition& def = space_.definition();
  const std::size_t n = def.stages.size();
  const std::size_t r = space_.resolution_of(g);
  const UnitCost* tail = table_.tail(r, table_.width_index(n - 1, space_.width_of(g, n - 1)));
  Score s;
  add(s, tail[0]);
  std::size_t previous_u = 0;
  for (std::size_t st = 0; st < n; ++st) {
    const std::size_t u = table_.width_index(st, space_.width_of(g, st));
    const int depth = space_.depth_of(g, st);
    const bool per_stage = def.stages[st].scope == ChoiceScope::per_stage;
    const UnitCost* first = table_.first(r, st, previous_u, u);
    const UnitCost* repeat = table_.repeat(r, st, u);
    std::size_t combo = 0;
    for (int b = 0; b < depth; ++b) {
      if (b == 0 || !per_stage) combo = table_.combo_index(st, space_.block_choices(g, st, b));
      add(s, b == 0 ? first[combo] : repeat[combo]);
    }
    previous_u = u;
  }
  add(s, tail[1]);
  add(s, tail[2]);
  return s;
}

}  // namespace latnas
