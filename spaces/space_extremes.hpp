#pragma once
#include <array>
#include <string_view>

#include "costmodel/scorer.hpp"
#include "spaces/genome.hpp"
#include "spaces/search_space.hpp"
#include "spaces/unit_table.hpp"

namespace latnas {

// The scores that are sums over a network's latency units.
enum class Metric { macs, params, gpu_ms, cpu_ms };
inline constexpr std::array<Metric, 4> additive_metrics{Metric::macs, Metric::params, Metric::gpu_ms, Metric::cpu_ms};
std::string_view to_string(Metric m);
double metric_of(const Score& s, Metric m);

struct MetricExtremes {
  Genome smallest;  // normal genome of a network with the smallest value
  Genome largest;
};

// For each additive metric, a network of the space with the smallest and one with the largest
// value, found exactly (no monotonicity assumed: latency is not monotone in MACs across the derate
// table's band edges). Every unit's cost depends only on its own block's input width, output width,
// choices and feature-map size, and the map size only on the resolution, so a dynamic programme
// over stages with the stage's output width as state finds the optimum for each resolution:
// per-block choices are optimised block by block, per-stage ones jointly with the depth.
// Ties keep the lowest genome; sums are in a different order from Scorer's, so values agree with
// Scorer::score to rounding (the caller should report Scorer's value for the genome).
// The first form reads an existing unit table (all resolutions); the second builds one (one
// resolution at a time when the whole would be too large).
std::array<MetricExtremes, additive_metrics.size()> find_extremes(const UnitTable& table);
std::array<MetricExtremes, additive_metrics.size()> find_extremes(const SearchSpace& space, const Scorer& scorer);

}  // namespace latnas
