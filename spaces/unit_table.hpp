#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "costmodel/scorer.hpp"
#include "spaces/genome.hpp"
#include "spaces/search_space.hpp"

namespace latnas {

// The counted and timed cost of one latency unit.
struct UnitCost {
  std::uint64_t macs = 0, params = 0;
  double gpu_ms = 0, cpu_ms = 0;
  int edge = 0;  // 1 when the unit lies on a band edge of the derate table
};

// Every latency unit a network of one space can contain, counted and timed once with one Scorer:
// for each resolution, each stage's first block from each previous distinct width to each distinct
// width with each kernel/expansion/SE combination, its repeat blocks likewise, and the stem, head
// and classifier for each last-stage width. A unit's cost depends only on these (its feature-map
// size follows from the resolution), which is what makes the table exact. Shared by SpaceScorer
// (sums of table entries) and find_extremes (a dynamic programme over them).
//
// Combinations are numbered kernel-major: (kernel * expansions + expansion) * se_ratios + se.
class UnitTable {
 public:
  // All resolutions, or only the resolution index `only_resolution` (the others then are not in the
  // table). A table of more than `max_entries` units is not built (built() false).
  UnitTable(const SearchSpace& space, const Scorer& scorer, std::size_t max_entries = 4'000'000,
            std::optional<std::size_t> only_resolution = {});

  bool built() const { return built_; }
  std::size_t entries() const { return units_.size() + tails_.size(); }
  const SearchSpace& space() const { return space_; }

  // Distinct output widths of a stage, in order of their first width gene value.
  std::size_t width_count(std::size_t stage) const { return stages_[stage].widths.size(); }
  int width(std::size_t stage, std::size_t u) const { return stages_[stage].widths[u]; }
  // The distinct width index of a width gene value, and the lowest gene value of a distinct width.
  std::size_t width_index(std::size_t stage, std::size_t gene_value) const { return stages_[stage].width_index[gene_value]; }
  Genome::Gene width_gene(std::size_t stage, std::size_t u) const { return stages_[stage].width_gene[u]; }
  std::size_t combo_count(std::size_t stage) const { return stages_[stage].combos; }
  std::size_t combo_index(std::size_t stage, BlockChoices c) const {
    const StageTable& t = stages_[stage];
    return (static_cast<std::size_t>(c.kernel) * t.n_expansions + c.expansion) * t.n_se + c.se;
  }
  BlockChoices combo(std::size_t stage, std::size_t c) const {
    const StageTable& t = stages_[stage];
    return BlockChoices{static_cast<Genome::Gene>(c / (t.n_expansions * t.n_se)),
                        static_cast<Genome::Gene>((c / t.n_se) % t.n_expansions), static_cast<Genome::Gene>(c % t.n_se)};
  }

  // The units of resolution index r (which must be in the table): a stage's first block from
  // previous distinct width p (the stem's for stage 0: p = 0) to width u, its repeat blocks at
  // width u, and the stem, head and classifier (three units, in that order) for last width u.
  const UnitCost* first(std::size_t r, std::size_t stage, std::size_t p, std::size_t u) const {
    const StageTable& t = stages_[stage];
    return units_.data() + slot(r) * per_resolution_ + t.first_offset + (p * t.widths.size() + u) * t.combos;
  }
  const UnitCost* repeat(std::size_t r, std::size_t stage, std::size_t u) const {
    const StageTable& t = stages_[stage];
    return units_.data() + slot(r) * per_resolution_ + t.repeat_offset + u * t.combos;
  }
  static constexpr std::size_t tail_units = 3;
  const UnitCost* tail(std::size_t r, std::size_t u) const {
    return tails_.data() + (slot(r) * stages_.back().widths.size() + u) * tail_units;
  }
  // The resolution indices in the table.
  std::size_t first_resolution() const { return first_resolution_; }
  std::size_t end_resolution() const { return end_resolution_; }

 private:
  struct StageTable {
    std::vector<int> widths;                 // distinct output widths
    std::vector<std::uint32_t> width_index;  // width gene value -> distinct width index
    std::vector<Genome::Gene> width_gene;    // distinct width index -> lowest gene value
    std::size_t combos = 0, n_expansions = 1, n_se = 1;
    std::size_t first_offset = 0, repeat_offset = 0;  // within a resolution's units
  };
  std::size_t slot(std::size_t r) const { return r - first_resolution_; }

  const SearchSpace& space_;
  bool built_ = false;
  std::size_t first_resolution_ = 0, end_resolution_ = 0;
  std::vector<StageTable> stages_;
  std::size_t per_resolution_ = 0;
  std::vector<UnitCost> units_;  // [resolution][stage first/repeat tables]
  std::vector<UnitCost> tails_;  // [resolution][last width][stem, head, classifier]
};

}  // namespace latnas
