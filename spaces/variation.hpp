#pragma once
#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "spaces/genome.hpp"
#include "spaces/random_draw.hpp"
#include "spaces/search_space.hpp"

// Sampling, mutation and crossover. Every operator draws only from the generator the caller passes
// (any FullWidthBitGenerator, e.g. the search engine's counter-based streams), so the same
// generator state gives the same genomes on every platform. Inputs must be valid genomes of the
// space (SearchSpace::is_valid); outputs are valid and normalised.
namespace latnas {

namespace variation_detail {

// A value of gene `i` that gives a distinct network, uniformly (one draw).
template <FullWidthBitGenerator G>
Genome::Gene any_value(const SearchSpace& space, std::size_t i, G& rng) {
  const auto& values = space.distinct_choices(i);
  return values[draw_below(rng, static_cast<std::uint32_t>(values.size()))];
}

// A value of gene `i` other than `current` (which must be one of the distinct values), uniformly.
template <FullWidthBitGenerator G>
Genome::Gene other_value(const SearchSpace& space, std::size_t i, Genome::Gene current, G& rng) {
  const auto& values = space.distinct_choices(i);
  const auto at = static_cast<std::uint32_t>(std::find(values.begin(), values.end(), current) - values.begin());
  std::uint32_t pick = draw_below(rng, static_cast<std::uint32_t>(values.size() - 1));
  if (pick >= at) ++pick;
  return values[pick];
}

// After a stage's depth grew, its newly used blocks get uniform choices rather than the zeros the
// normal form keeps in unused blocks (which would bias grown stages towards the first choices).
template <FullWidthBitGenerator G>
void draw_grown_blocks(const SearchSpace& space, Genome& g, std::size_t stage, int old_depth, G& rng) {
  if (space.definition().stages[stage].scope == ChoiceScope::per_stage) return;
  const std::size_t begin = space.block_gene(stage, old_depth), end = space.block_gene(stage, space.depth_of(g, stage));
  for (std::size_t i = begin; i < end; ++i) g[i] = any_value(space, i, rng);
}

// mutate_genome with `gap(rng)` drawing the number of eligible genes passed over (draw_gap).
// `g` is the parent, normalised.
template <class Gap, FullWidthBitGenerator G>
Genome mutate_with(const SearchSpace& space, Genome g, const Gap& gap, G& rng) {
  const std::uint64_t limit = g.size();
  std::uint64_t skip = gap(rng);
  const auto& genes = space.genes();
  for (std::size_t i = 0; i < g.size() && skip < limit; ++i) {
    const GeneInfo& info = genes[i];
    // A stage's blocks follow its width and depth genes in slot order: past the depth, the rest of
    // the stage is unused, so the scan goes on at the next stage.
    if (info.slot >= 0 && info.slot >= space.depth_of(g, static_cast<std::size_t>(info.stage))) {
      i = space.stage_end(static_cast<std::size_t>(info.stage)) - 1;
      continue;
    }
    if (space.distinct_choices(i).size() < 2) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    const int old_depth = info.kind == GeneKind::depth ? space.depth_of(g, static_cast<std::size_t>(info.stage)) : 0;
    g[i] = other_value(space, i, g[i], rng);
    if (info.kind == GeneKind::depth && space.depth_of(g, static_cast<std::size_t>(info.stage)) > old_depth)
      draw_grown_blocks(space, g, static_cast<std::size_t>(info.stage), old_depth, rng);
    skip = gap(rng);
  }
  space.normalise(g);
  return g;
}

}  // namespace variation_detail

// Every gene uniform over the values that give distinct networks (one draw per gene, in gene
// order, including genes the depth leaves unused), then normalised. Uniform per gene, not over
// networks: deeper stages are no likelier than shallow ones. Where normalisation re-reads an
// ambiguous stage split (SearchSpace::has_ambiguous_stage_splits) the depths and blocks of the two
// stages involved shift towards the earlier stage; every other gene stays uniform.
template <FullWidthBitGenerator G>
Genome sample_genome(const SearchSpace& space, G& rng) {
  Genome g(space.genome_length());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = variation_detail::any_value(space, i, rng);
  space.normalise(g);
  return g;
}

// Each gene that matters (not an unused block's, and with more than one value) changes with
// probability `rate` to a different value, uniformly among the others. Genes are visited in order;
// the number of eligible genes passed over before each change is drawn at once (draw_gap, the
// same distribution as one chance per gene, with one draw per change instead of one per gene), then
// one value draw per change. A stage made deeper draws its new blocks' choices uniformly.
template <FullWidthBitGenerator G>
Genome mutate_genome(const SearchSpace& space, const Genome& parent, double rate, G& rng) {
  return variation_detail::mutate_with(space, space.normalised(parent),
                                       [&](G& r) { return draw_gap(r, rate, parent.size()); }, rng);
}

// The same for a parent that is normal already (SearchSpace::is_normal; every genome these
// operators and SearchSpace::encode return is), with the gaps from a GeometricGap of the rate and
// the genome length (what a search makes once): the same child from the same generator state,
// without normalising the parent again or multiplying out the gap on every draw. Throws
// std::invalid_argument if the gap's limit is not the genome's length.
template <FullWidthBitGenerator G>
Genome mutate_normal_genome(const SearchSpace& space, Genome parent, const GeometricGap& gap, G& rng) {
  if (gap.limit() != parent.size())
    throw std::invalid_argument("mutation gap table: expected a limit of " + std::to_string(parent.size()) +
                                " genes, got " + std::to_string(gap.limit()));
  return variation_detail::mutate_with(space, std::move(parent), gap, rng);
}

// Uniform crossover: each stage-level gene (resolution, width, depth, per-stage choices) from
// either parent with a fair coin. A block's choice genes come, each by a coin, from the parents in
// which that block exists (from the one parent that has it, without a draw; from neither: uniform).
template <FullWidthBitGenerator G>
Genome uniform_crossover(const SearchSpace& space, const Genome& a, const Genome& b, G& rng) {
  Genome child(space.genome_length());
  const auto& genes = space.genes();
  for (std::size_t i = 0; i < child.size(); ++i)
    if (genes[i].slot < 0) child[i] = draw_below(rng, 2) ? b[i] : a[i];
  for (std::size_t i = 0; i < child.size(); ++i) {
    if (genes[i].slot < 0 || !space.is_active(child, i)) continue;
    const bool in_a = space.is_active(a, i), in_b = space.is_active(b, i);
    if (in_a && in_b)
      child[i] = draw_below(rng, 2) ? b[i] : a[i];
    else if (in_a || in_b)
      child[i] = in_a ? a[i] : b[i];
    else
      child[i] = variation_detail::any_value(space, i, rng);
  }
  space.normalise(child);
  return child;
}

// Stage-wise crossover: the resolution, then each whole stage (width, depth and all its blocks'
// choices), from either parent with a fair coin; stages keep their blocks together.
template <FullWidthBitGenerator G>
Genome stage_crossover(const SearchSpace& space, const Genome& a, const Genome& b, G& rng) {
  Genome child = a;
  if (draw_below(rng, 2)) child[space.resolution_gene()] = b[space.resolution_gene()];
  for (std::size_t s = 0; s < space.stage_count(); ++s)
    if (draw_below(rng, 2))
      std::copy(b.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_begin(s)),
                b.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_end(s)),
                child.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_begin(s)));
  space.normalise(child);
  return child;
}

}  // namespace latnas
