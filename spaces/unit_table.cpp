#include "spaces/unit_table.hpp"

#include <algorithm>

#include "costmodel/counting.hpp"
#include "costmodel/network_cost.hpp"
#include "spaces/block_cost.hpp"

namespace latnas {
namespace {

UnitCost cost_of(const Scorer& scorer, const UnitCount& count) {
  const UnitScore u = scorer.unit(count);
  return UnitCost{count.macs, count.params, u.gpu_ms, u.cpu_ms, u.on_edge ? 1 : 0};
}

}  // namespace

UnitTable::UnitTable(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries,
                     std::optional<std::size_t> only_resolution)
    : space_(space) {
  const SpaceDefinition& def = space.definition();
  const std::size_t n = def.stages.size();
  first_resolution_ = only_resolution.value_or(0);
  end_resolution_ = only_resolution ? *only_resolution + 1 : def.resolutions.size();
  std::size_t previous = 1;  // the stem
  for (std::size_t s = 0; s < n; ++s) {
    const StageDefinition& st = def.stages[s];
    StageTable t;
    const auto& channels = space.stage_channels(s);
    for (std::size_t w = 0; w < channels.size(); ++w) {
      auto it = std::find(t.widths.begin(), t.widths.end(), channels[w]);
      if (it == t.widths.end()) {
        it = t.widths.insert(t.widths.end(), channels[w]);
        t.width_gene.push_back(static_cast<Genome::Gene>(w));
      }
      t.width_index.push_back(static_cast<std::uint32_t>(it - t.widths.begin()));
    }
    t.n_expansions = st.type == BlockType::ir ? st.expansions.size() : 1;
    t.n_se = st.se_ratios.size();
    t.combos = st.kernels.size() * t.n_expansions * t.n_se;
    t.first_offset = per_resolution_;
    per_resolution_ += previous * t.widths.size() * t.combos;
    t.repeat_offset = per_resolution_;
    per_resolution_ += t.widths.size() * t.combos;
    previous = t.widths.size();
    stages_.push_back(std::move(t));
  }
  const std::size_t resolutions = end_resolution_ - first_resolution_;
  const std::size_t last_widths = stages_.back().widths.size();
  if ((per_resolution_ + last_widths * tail_units) * resolutions > max_entries) return;

  units_.resize(per_resolution_ * resolutions);
  tails_.resize(last_widths * tail_units * resolutions);
  NetworkSpec probe;
  std::vector<UnitCount> counts;
  for (std::size_t r = first_resolution_; r < end_resolution_; ++r) {
    UnitCost* base = units_.data() + slot(r) * per_resolution_;
    int size = counting::conv_output_size(def.resolutions[r], 2);  // after the stem
    std::vector<int> previous_widths{def.stem};
    for (std::size_t s = 0; s < n; ++s) {
      const StageDefinition& st = def.stages[s];
      const StageTable& t = stages_[s];
      const int out_size = counting::conv_output_size(size, st.stride);
      for (std::size_t u = 0; u < t.widths.size(); ++u)
        for (std::size_t c = 0; c < t.combos; ++c) {
          const BlockChoices choice = combo(s, c);
          BlockSpec b;
          b.type = st.type;
          b.kernel = st.kernels[choice.kernel];
          b.expansion = st.type == BlockType::ir ? st.expansions[choice.expansion] : 1.0;
          b.se_ratio = st.se_ratios[choice.se];
          b.activation = st.activation;
          b.out_channels = t.widths[u];
          b.stride = st.stride;
          for (std::size_t p = 0; p < previous_widths.size(); ++p)
            base[t.first_offset + (p * t.widths.size() + u) * t.combos + c] =
                cost_of(scorer, count_block(b, st.stride, previous_widths[p], size, def.se_base));
          base[t.repeat_offset + u * t.combos + c] =
              cost_of(scorer, count_block(b, 1, t.widths[u], out_size, def.se_base));
        }
      previous_widths = t.widths;
      size = out_size;
    }
    // Stem, head and classifier, counted on a whole network with this resolution and last width.
    for (std::size_t u = 0; u < last_widths; ++u) {
      Genome g(space.genome_length());
      g[SearchSpace::resolution_gene()] = static_cast<Genome::Gene>(r);
      g[space.width_gene(n - 1)] = stages_.back().width_gene[u];
      space.decode(g, probe);
      count_units(probe, counts);
      UnitCost* tail_of = tails_.data() + (slot(r) * last_widths + u) * tail_units;
      std::size_t k = 0;
      for (const UnitCount& unit : counts)
        if (unit.place.stage == 0 || unit.place.stage > static_cast<int>(n)) {
          if (k == tail_units) return;  // a head with another number of units: no table
          tail_of[k++] = cost_of(scorer, unit);
        }
      if (k != tail_units) return;
    }
  }
  built_ = true;
}

}  // namespace latnas
