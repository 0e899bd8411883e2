#include "spaces/space_scorer.hpp"

#include <algorithm>

#include "costmodel/counting.hpp"
#include "costmodel/network_cost.hpp"
#include "spaces/block_cost.hpp"

namespace latnas {
namespace {

constexpr std::size_t kTailUnits = 3;  // stem, head, classifier

}  // namespace

SpaceScorer::UnitCost SpaceScorer::cost_of(const UnitCount& count) const {
  const UnitScore u = scorer_.unit(count);
  return UnitCost{count.macs, count.params, u.gpu_ms, u.cpu_ms, u.on_edge ? 1 : 0};
}

// The same operations, in the same order, as Scorer::score's loop.
void SpaceScorer::add(Score& s, const UnitCost& u) {
  s.macs += u.macs;
  s.params += u.params;
  s.gpu_ms += u.gpu_ms;
  s.cpu_ms += u.cpu_ms;
  s.edge_units += u.edge;
}

SpaceScorer::SpaceScorer(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries)
    : space_(space), scorer_(scorer) {
  const SpaceDefinition& def = space.definition();
  const std::size_t n = def.stages.size();
  // Distinct widths per stage, and the table sizes.
  std::vector<std::vector<int>> widths(n);
  std::size_t previous = 1;  // the stem
  for (std::size_t s = 0; s < n; ++s) {
    const StageDefinition& st = def.stages[s];
    StageTable t;
    for (int c : space.stage_channels(s)) {
      auto it = std::find(widths[s].begin(), widths[s].end(), c);
      if (it == widths[s].end()) it = widths[s].insert(widths[s].end(), c);
      t.width_index.push_back(static_cast<std::uint32_t>(it - widths[s].begin()));
    }
    t.widths = widths[s].size();
    t.previous_widths = previous;
    t.n_expansions = st.type == BlockType::ir ? st.expansions.size() : 1;
    t.n_se = st.se_ratios.size();
    t.combos = st.kernels.size() * t.n_expansions * t.n_se;
    t.first_offset = per_resolution_;
    per_resolution_ += t.previous_widths * t.widths * t.combos;
    t.repeat_offset = per_resolution_;
    per_resolution_ += t.widths * t.combos;
    stages_.push_back(std::move(t));
    previous = widths[s].size();
  }
  const std::size_t last_widths = widths[n - 1].size();
  if ((per_resolution_ + last_widths * kTailUnits) * def.resolutions.size() > max_entries) return;

  units_.resize(per_resolution_ * def.resolutions.size());
  tails_.resize(last_widths * kTailUnits * def.resolutions.size());
  NetworkSpec probe;
  std::vector<UnitCount> counts;
  for (std::size_t r = 0; r < def.resolutions.size(); ++r) {
    UnitCost* base = units_.data() + r * per_resolution_;
    int size = counting::conv_output_size(def.resolutions[r], 2);  // after the stem
    std::vector<int> previous_widths{def.stem};
    for (std::size_t s = 0; s < n; ++s) {
      const StageDefinition& st = def.stages[s];
      const StageTable& t = stages_[s];
      const int out_size = counting::conv_output_size(size, st.stride);
      for (std::size_t u = 0; u < t.widths; ++u)
        for (std::size_t c = 0; c < t.combos; ++c) {
          BlockSpec b;
          b.type = st.type;
          b.kernel = st.kernels[c / (t.n_expansions * t.n_se)];
          b.expansion = st.type == BlockType::ir ? st.expansions[(c / t.n_se) % t.n_expansions] : 1.0;
          b.se_ratio = st.se_ratios[c % t.n_se];
          b.out_channels = widths[s][u];
          b.stride = st.stride;
          for (std::size_t p = 0; p < t.previous_widths; ++p)
            base[t.first_offset + (p * t.widths + u) * t.combos + c] =
                cost_of(count_block(b, st.stride, previous_widths[p], size, def.se_base));
          base[t.repeat_offset + u * t.combos + c] = cost_of(count_block(b, 1, widths[s][u], out_size, def.se_base));
        }
      previous_widths = widths[s];
      size = out_size;
    }
    // Stem, head and classifier, counted on a whole network with this resolution and last width.
    for (std::size_t u = 0; u < last_widths; ++u) {
      Genome g(space.genome_length());
      g[0] = static_cast<Genome::Gene>(r);
      const auto& index = stages_[n - 1].width_index;
      g[space.width_gene(n - 1)] =
          static_cast<Genome::Gene>(std::find(index.begin(), index.end(), static_cast<std::uint32_t>(u)) - index.begin());
      space.decode(g, probe);
      count_units(probe, counts);
      UnitCost* tail = tails_.data() + (r * last_widths + u) * kTailUnits;
      std::size_t k = 0;
      for (const UnitCount& unit : counts)
        if (unit.place.stage == 0 || unit.place.stage > static_cast<int>(n)) tail[k++] = cost_of(unit);
      if (k != kTailUnits) return;  // a head with another number of units: no table
    }
  }
  cached_ = true;
}

Score SpaceScorer::score(const Genome& g, NetworkSpec& spec) const {
  space_.decode(g, spec);
  if (!cached_) {
    thread_local std::vector<UnitCount> scratch;
    return scorer_.score(spec, scratch);
  }
  const SpaceDefinition& def = space_.definition();
  const std::size_t n = stages_.size();
  const std::size_t r = g[0];
  const UnitCost* base = units_.data() + r * per_resolution_;
  const std::size_t last_u = stages_[n - 1].width_index[g[space_.width_gene(n - 1)]];
  const UnitCost* tail = tails_.data() + (r * stages_[n - 1].widths + last_u) * kTailUnits;
  Score s;
  add(s, tail[0]);
  std::size_t previous_u = 0;
  for (std::size_t st = 0; st < n; ++st) {
    const StageTable& t = stages_[st];
    const BlockType type = def.stages[st].type;
    const std::size_t u = t.width_index[g[space_.width_gene(st)]];
    const int depth = space_.depth_of(g, st);
    const bool per_stage = def.stages[st].scope == ChoiceScope::per_stage;
    const UnitCost* first = base + t.first_offset + (previous_u * t.widths + u) * t.combos;
    const UnitCost* repeat = base + t.repeat_offset + u * t.combos;
    std::size_t combo = 0;
    for (int b = 0; b < depth; ++b) {
      if (b == 0 || !per_stage) {
        const std::size_t gi = space_.block_gene(st, per_stage ? 0 : b);
        const std::size_t e = type == BlockType::ir ? g[gi + 1] : 0;
        const std::size_t se = type == BlockType::ir ? g[gi + 2] : type == BlockType::ds ? g[gi + 1] : 0;
        combo = (g[gi] * t.n_expansions + e) * t.n_se + se;
      }
      add(s, b == 0 ? first[combo] : repeat[combo]);
    }
    previous_u = u;
  }
  add(s, tail[1]);
  add(s, tail[2]);
  const Prediction p = scorer_.proxy().predict(ProxyInput{spec, CountTotals{s.macs, s.params}});
  s.take(p);
  return s;
}

}  // namespace latnas
