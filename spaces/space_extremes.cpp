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

Values values_of(const UnitCost& u) {
  return {static_cast<double>(u.macs), static_cast<double>(u.params), u.gpu_ms, u.cpu_ms};
}

// Best choice for (stage, output width): where it came from and what it chose.
struct Step {
  double value = std::numeric_limits<double>::infinity();
  std::size_t previous = 0;  // previous stage's width index
  Genome::Gene depth = 0;
  std::size_t first_combo = 0, repeat_combo = 0;  // per-stage: both the stage's one combo
};

// Improves `result` (and the records) with the extremes of the table's resolutions.
void extremes_of(const UnitTable& table, std::array<MetricExtremes, kMetrics>& result,
                 std::array<double, kMetrics>& best_low, std::array<double, kMetrics>& best_high) {
  const SearchSpace& space = table.space();
  const SpaceDefinition& def = space.definition();
  const std::size_t n = def.stages.size();
  for (std::size_t r = table.first_resolution(); r < table.end_resolution(); ++r) {
    for (std::size_t m = 0; m < kMetrics; ++m)
      for (const double sign : {1.0, -1.0}) {  // +1: smallest, -1: largest (minimise -value)
        std::vector<std::vector<Step>> steps(n);
        std::vector<double> previous{0.0};
        for (std::size_t s = 0; s < n; ++s) {
          const StageDefinition& st = def.stages[s];
          const std::size_t widths = table.width_count(s), combos = table.combo_count(s);
          steps[s].assign(widths, Step{});
          for (std::size_t u = 0; u < widths; ++u) {
            const UnitCost* repeat = table.repeat(r, s, u);
            // Best repeat block at this width (per-block stages choose it independently).
            std::size_t best_repeat = 0;
            for (std::size_t c = 1; c < combos; ++c)
              if (sign * values_of(repeat[c])[m] < sign * values_of(repeat[best_repeat])[m]) best_repeat = c;
            for (std::size_t p = 0; p < previous.size(); ++p) {
              const UnitCost* first = table.first(r, s, p, u);
              for (std::size_t d = 0; d < st.depths.size(); ++d) {
                const double extra = st.depths[d] - 1;
                for (std::size_t c = 0; c < combos; ++c) {
                  const std::size_t rc = st.scope == ChoiceScope::per_stage ? c : best_repeat;
                  const double v = previous[p] + sign * (values_of(first[c])[m] + extra * values_of(repeat[rc])[m]);
                  if (v < steps[s][u].value) steps[s][u] = Step{v, p, static_cast<Genome::Gene>(d), c, rc};
                }
              }
            }
          }
          previous.clear();
          for (const Step& step : steps[s]) previous.push_back(step.value);
        }
        // Stem, head and classifier: everything but the stages' blocks, by the last stage's width.
        std::size_t best_u = 0;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t u = 0; u < previous.size(); ++u) {
          const UnitCost* tail = table.tail(r, u);
          double t = 0.0;
          for (std::size_t k = 0; k < UnitTable::tail_units; ++k) t += values_of(tail[k])[m];
          if (previous[u] + sign * t < best) best = previous[u] + sign * t, best_u = u;
        }
        double& record = sign > 0 ? best_low[m] : best_high[m];
        if (sign > 0 ? !(best < record) : !(-best > record)) continue;
        record = sign > 0 ? best : -best;
        // Walk the choices back into a genome.
        Genome g(space.genome_length());
        g[SearchSpace::resolution_gene()] = static_cast<Genome::Gene>(r);
        std::size_t u = best_u;
        for (std::size_t s = n; s-- > 0;) {
          const Step& step = steps[s][u];
          const StageDefinition& st = def.stages[s];
          g[space.width_gene(s)] = table.width_gene(s, u);
          g[space.depth_gene(s)] = step.depth;
          const int depth = st.depths[step.depth];
          for (int b = 0; b < (st.scope == ChoiceScope::per_stage ? 1 : depth); ++b)
            space.set_block_choices(g, s, b, table.combo(s, b == 0 ? step.first_combo : step.repeat_combo));
          u = step.previous;
        }
        space.normalise(g);
        (sign > 0 ? result[m].smallest : result[m].largest) = g;
      }
  }
}

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

std::array<MetricExtremes, additive_metrics.size()> find_extremes(const UnitTable& table) {
  std::array<MetricExtremes, kMetrics> result;
  std::array<double, kMetrics> best_low, best_high;
  best_low.fill(std::numeric_limits<double>::infinity());
  best_high.fill(-std::numeric_limits<double>::infinity());
  extremes_of(table, result, best_low, best_high);
  return result;
}

std::array<MetricExtremes, additive_metrics.size()> find_extremes(const SearchSpace& space, const Scorer& scorer) {
  const UnitTable whole(space, scorer);
  if (whole.built()) return find_extremes(whole);
  // Too large for one table: one resolution at a time (a table of one resolution has no limit).
  std::array<MetricExtremes, kMetrics> result;
  std::array<double, kMetrics> best_low, best_high;
  best_low.fill(std::numeric_limits<double>::infinity());
  best_high.fill(-std::numeric_limits<double>::infinity());
  for (std::size_t r = 0; r < space.definition().resolutions.size(); ++r)
    extremes_of(UnitTable(space, scorer, std::numeric_limits<std::size_t>::max(), r), result, best_low, best_high);
  return result;
}

}  // namespace latnas
