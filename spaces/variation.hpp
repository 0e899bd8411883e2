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

// Changes gene i of `g` to another distinct value; a stage made deeper draws its new blocks'
// choices, one made shallower has its unused groups zeroed at once (the normal form).
template <FullWidthBitGenerator G>
void mutate_gene(const SearchSpace& space, Genome& g, std::size_t i, G& rng) {
  const GeneInfo& info = space.genes()[i];
  const auto stage = static_cast<std::size_t>(info.stage);
  const int old_depth = info.kind == GeneKind::depth ? space.depth_of(g, stage) : 0;
  g[i] = other_value(space, i, g[i], rng);
  if (info.kind != GeneKind::depth) return;
  const int depth = space.depth_of(g, stage);
  if (depth > old_depth) draw_grown_blocks(space, g, stage, old_depth, rng);
  if (depth < old_depth) space.normalise_stage(g, stage);
}

// mutate_genome with `gap(rng)` drawing the number of eligible genes passed over (draw_gap).
// `g` is the parent, normalised. A stage with no change in it is passed over whole, by its count
// of eligible genes (SearchSpace::mutable_genes), rather than gene by gene; within a stage that
// changes, the genes are visited in order, the depth read anew for each (a depth changed on the
// way decides which of the stage's blocks are still eligible). Only the stages a change shrank
// need normalising, and the split re-read after all; the parent's other stages are normal already.
template <class Gap, FullWidthBitGenerator G>
Genome mutate_with(const SearchSpace& space, Genome g, const Gap& gap, G& rng) {
  const std::uint64_t limit = g.size();
  std::uint64_t skip = gap(rng);
  // A used gene: passed over if it has one distinct value or the gap is not used up, else changed
  // (and the next gap drawn).
  auto visit = [&](std::size_t i) {
    if (space.distinct_choices(i).size() < 2) return;
    if (skip > 0) {
      --skip;
      return;
    }
    mutate_gene(space, g, i, rng);
    skip = gap(rng);
  };
  // Genes before the first stage (the resolution) are always used.
  for (std::size_t i = 0; i < space.stage_begin(0) && skip < limit; ++i) visit(i);
  const auto& genes = space.genes();
  for (std::size_t s = 0; s < space.stage_count() && skip < limit; ++s) {
    const std::size_t eligible = space.mutable_genes(g, s);
    if (skip >= eligible) {
      skip -= eligible;
      continue;
    }
    for (std::size_t i = space.stage_begin(s); i < space.stage_end(s) && skip < limit; ++i) {
      // A stage's blocks follow its width and depth genes in slot order: past the depth, the rest
      // of the stage is unused.
      if (genes[i].slot >= 0 && genes[i].slot >= space.depth_of(g, s)) break;
      visit(i);
    }
  }
  space.normalise_splits(g);
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

namespace variation_detail {
// The stage-wise crossover's draws, into a copy of `a`: not yet normal.
template <FullWidthBitGenerator G>
Genome stage_mix(const SearchSpace& space, const Genome& a, const Genome& b, G& rng) {
  Genome child = a;
  if (draw_below(rng, 2)) child[space.resolution_gene()] = b[space.resolution_gene()];
  for (std::size_t s = 0; s < space.stage_count(); ++s)
    if (draw_below(rng, 2))
      std::copy(b.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_begin(s)),
                b.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_end(s)),
                child.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_begin(s)));
  return child;
}
}  // namespace variation_detail

// Stage-wise crossover: the resolution, then each whole stage (width, depth and all its blocks'
// choices), from either parent with a fair coin; stages keep their blocks together.
template <FullWidthBitGenerator G>
Genome stage_crossover(const SearchSpace& space, const Genome& a, const Genome& b, G& rng) {
  Genome child = variation_detail::stage_mix(space, a, b, rng);
  space.normalise(child);
  return child;
}

// The same for parents that are normal already (SearchSpace::is_normal), as a search's are: the
// same child from the same generator state. Every stage is copied whole from a normal parent, so
// it is normal itself; only a split between stages from different parents may need re-reading.
template <FullWidthBitGenerator G>
Genome stage_crossover_of_normal(const SearchSpace& space, const Genome& a, const Genome& b, G& rng) {
  Genome child = variation_detail::stage_mix(space, a, b, rng);
  space.normalise_splits(child);
  return child;
}

}  // namespace latnas
