#include "spaces/space_extremes.hpp"

#include <algorithm>
#include <limits>

#include "costmodel/counting.hpp"
#include "costmodel/network_cost.hpp"
#include "spaces/block_cost.hpp"

namespace latnas {
namespace {

constexpr std::size_t kMetrics = additive_metrics.size();
using Values = std::array<double, kMetrics>;

Values values_of(const UnitScore& u) {
  return {static_cast<double>(u.count.macs), static_cast<double>(u.count.params), u.gpu_ms, u.cpu_ms};
}

// A stage's kernel/expansion/SE combination, as gene values (k-major, as the automaton orders them).
struct Combo {
  Genome::Gene kernel, expansion, se;
};

struct StageTables {
  std::vector<int> widths;          // distinct output widths
  std::vector<Genome::Gene> width_gene;  // lowest width gene giving each
  std::vector<Combo> combos;
  std::vector<BlockSpec> blocks;    // one block string per combo (channels set per use)
};

// Best choice for (stage, output width): where it came from and what it chose.
struct Step {
  double value = std::numeric_limits<double>::infinity();
  std::size_t previous = 0;  // previous stage's width index
  Genome::Gene depth = 0;
  std::size_t first_combo = 0, repeat_combo = 0;  // per-stage: both the stage's one combo
};

}  // namespace

std::string_view to_string(Metric m) {
  constexpr std::string_view names[] = {"macs", "params", "gpu_ms", "cpu_ms"};
  return names[static_cast<int>(m)];
}

double metric_of(const Score& s, Metric m) {
  switch (m) {
    case Metric::macs: return static_cast<double>(s.macs);
    case Metric::params: return static_cast<double>(s.params);
    case Metric::gpu_ms: return s.gpu_ms;
    case Metric::cpu_ms: return s.cpu_ms;
  }
  return 0.0;
}

std::array<MetricExtremes, additive_metrics.size()> find_extremes(const SearchSpace& space, const Scorer& scorer) {
  const SpaceDefinition& def = space.definition();
  const std::size_t n = def.stages.size();
  std::vector<StageTables> tables(n);
  for (std::size_t s = 0; s < n; ++s) {
    const StageDefinition& st = def.stages[s];
    StageTables& t = tables[s];
    const auto& channels = space.stage_channels(s);
    for (std::size_t w = 0; w < channels.size(); ++w)
      if (std::find(t.widths.begin(), t.widths.end(), channels[w]) == t.widths.end()) {
        t.widths.push_back(channels[w]);
        t.width_gene.push_back(static_cast<Genome::Gene>(w));
      }
    const std::size_t n_e = st.type == BlockType::ir ? st.expansions.size() : 1;
    for (std::size_t k = 0; k < st.kernels.size(); ++k)
      for (std::size_t e = 0; e < n_e; ++e)
        for (std::size_t se = 0; se < st.se_ratios.size(); ++se) {
          t.combos.push_back(Combo{static_cast<Genome::Gene>(k), static_cast<Genome::Gene>(e), static_cast<Genome::Gene>(se)});
          BlockSpec b;
          b.type = st.type;
          b.kernel = st.kernels[k];
          b.stride = st.stride;
          b.expansion = st.type == BlockType::ir ? st.expansions[e] : 1.0;
          b.se_ratio = st.se_ratios[se];
          b.activation = st.activation;
          t.blocks.push_back(b);
        }
  }

  std::array<MetricExtremes, kMetrics> result;
  std::array<double, kMetrics> best_low, best_high;
  best_low.fill(std::numeric_limits<double>::infinity());
  best_high.fill(-std::numeric_limits<double>::infinity());
  NetworkSpec probe;
  std::vector<UnitCount> units;

  for (std::size_t r = 0; r < def.resolutions.size(); ++r) {
    // Unit values of every block a stage can make at this resolution.
    // first[s][p][u][c]: first block from previous width p to width u; repeat[s][u][c].
    std::vector<std::vector<std::vector<std::vector<Values>>>> first(n);
    std::vector<std::vector<std::vector<Values>>> repeat(n);
    int size = counting::conv_output_size(def.resolutions[r], 2);  // after the stem
    std::vector<int> previous_widths{def.stem};
    for (std::size_t s = 0; s < n; ++s) {
      const StageTables& t = tables[s];
      const int stride = def.stages[s].stride;
      const int out_size = counting::conv_output_size(size, stride);
      first[s].assign(previous_widths.size(), std::vector<std::vector<Values>>(t.widths.size(), std::vector<Values>(t.combos.size())));
      repeat[s].assign(t.widths.size(), std::vector<Values>(t.combos.size()));
      for (std::size_t u = 0; u < t.widths.size(); ++u)
        for (std::size_t c = 0; c < t.combos.size(); ++c) {
          BlockSpec b = t.blocks[c];
          b.out_channels = t.widths[u];
          for (std::size_t p = 0; p < previous_widths.size(); ++p)
            first[s][p][u][c] = values_of(scorer.unit(count_block(b, stride, previous_widths[p], size, def.se_base)));
          repeat[s][u][c] = values_of(scorer.unit(count_block(b, 1, t.widths[u], out_size, def.se_base)));
        }
      previous_widths = t.widths;
      size = out_size;
    }
    // Stem, head and classifier: everything but the stages' blocks, by the last stage's width.
    const StageTables& last = tables[n - 1];
    std::vector<Values> tail(last.widths.size());
    for (std::size_t u = 0; u < last.widths.size(); ++u) {
      Genome g(space.genome_length());
      g[0] = static_cast<Genome::Gene>(r);
      g[space.width_gene(n - 1)] = last.width_gene[u];
      space.decode(g, probe);
      count_units(probe, units);
      Values v{};
      for (const UnitCount& unit : units)
        if (unit.place.stage == 0 || unit.place.stage > static_cast<int>(n)) {
          const Values uv = values_of(scorer.unit(unit));
          for (std::size_t m = 0; m < kMetrics; ++m) v[m] += uv[m];
        }
      tail[u] = v;
    }

    for (std::size_t m = 0; m < kMetrics; ++m)
      for (const double sign : {1.0, -1.0}) {  // +1: smallest, -1: largest (minimise -value)
        std::vector<std::vector<Step>> steps(n);
        std::vector<double> previous{0.0};
        for (std::size_t s = 0; s < n; ++s) {
          const StageTables& t = tables[s];
          const StageDefinition& st = def.stages[s];
          steps[s].assign(t.widths.size(), Step{});
          for (std::size_t u = 0; u < t.widths.size(); ++u) {
            // Best repeat block at this width (per-block stages choose it independently).
            std::size_t best_repeat = 0;
            for (std::size_t c = 1; c < t.combos.size(); ++c)
              if (sign * repeat[s][u][c][m] < sign * repeat[s][u][best_repeat][m]) best_repeat = c;
            for (std::size_t p = 0; p < previous.size(); ++p)
              for (std::size_t d = 0; d < st.depths.size(); ++d) {
                const double extra = st.depths[d] - 1;
                for (std::size_t c = 0; c < t.combos.size(); ++c) {
                  const std::size_t rc = st.scope == ChoiceScope::per_stage ? c : best_repeat;
                  const double v = previous[p] + sign * (first[s][p][u][c][m] + extra * repeat[s][u][rc][m]);
                  if (v < steps[s][u].value) steps[s][u] = Step{v, p, static_cast<Genome::Gene>(d), c, rc};
                }
              }
          }
          previous.clear();
          for (const Step& step : steps[s]) previous.push_back(step.value);
        }
        std::size_t best_u = 0;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t u = 0; u < previous.size(); ++u)
          if (previous[u] + sign * tail[u][m] < best) best = previous[u] + sign * tail[u][m], best_u = u;
        double& record = sign > 0 ? best_low[m] : best_high[m];
        if (sign > 0 ? !(best < record) : !(-best > record)) continue;
        record = sign > 0 ? best : -best;
        // Walk the choices back into a genome.
        Genome g(space.genome_length());
        g[0] = static_cast<Genome::Gene>(r);
        std::size_t u = best_u;
        for (std::size_t s = n; s-- > 0;) {
          const Step& step = steps[s][u];
          const StageTables& t = tables[s];
          const StageDefinition& st = def.stages[s];
          g[space.width_gene(s)] = t.width_gene[u];
          g[space.depth_gene(s)] = step.depth;
          const int depth = st.depths[step.depth];
          for (int b = 0; b < (st.scope == ChoiceScope::per_stage ? 1 : depth); ++b) {
            const Combo& c = t.combos[b == 0 ? step.first_combo : step.repeat_combo];
            const std::size_t gi = space.block_gene(s, b);
            g[gi] = c.kernel;
            std::size_t next = gi + 1;
            if (st.type == BlockType::ir) g[next++] = c.expansion;
            if (st.type != BlockType::cn) g[next] = c.se;
          }
          u = step.previous;
        }
        space.normalise(g);
        (sign > 0 ? result[m].smallest : result[m].largest) = g;
      }
  }
  return result;
}

}  // namespace latnas
