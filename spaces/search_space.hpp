#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/block_spec.hpp"
#include "costmodel/error.hpp"
#include "costmodel/network_shape.hpp"
#include "costmodel/network_spec.hpp"
#include "spaces/genome.hpp"

namespace latnas {

// Whether a stage's kernel, expansion and SE choices are made once for the whole stage, or for
// each block separately (as in Once-for-All).
enum class ChoiceScope { per_block, per_stage };
std::string_view to_string(ChoiceScope s);

// The knob a gene chooses.
enum class GeneKind { resolution, width, depth, kernel, expansion, se };
std::string_view to_string(GeneKind k);

// One stage of a space: a fixed block type, stride and activation, and lists of choices. The
// stage's first block has the stride; the others have stride 1 (timm's repeats).
struct StageDefinition {
  std::string label;  // names the stage in messages and listings, e.g. "stage.3"
  BlockType type = BlockType::ir;  // ds, ir or cn
  int stride = 1;
  std::string activation;  // "" (the family's default), "re", "r6", "hs", "sw" or "mi"
  // Output widths: absolute `channels`, or `base_channels` times `width_multipliers`, each made
  // divisible by 8 (timm's rule; a multiplier of exactly 1 keeps the base, as resolve() does).
  std::vector<int> channels;
  int base_channels = 0;
  std::vector<double> width_multipliers;
  std::vector<int> depths;
  std::vector<int> kernels;
  std::vector<double> expansions;  // ir only
  std::vector<double> se_ratios;   // ds and ir; empty means {0} (no SE)
  ChoiceScope scope = ChoiceScope::per_block;
};

// A whole space: everything around the stages is fixed except the input resolution.
struct SpaceDefinition {
  std::string name;
  std::string description;
  std::string source;  // where it was read from, for listings ("<embedded>/tiny.space", a path)
  std::vector<int> resolutions;
  int stem = 32;  // stem width as built
  int head = 1280;
  HeadStyle head_style = HeadStyle::conv;  // conv or after-pool
  SeBase se_base = SeBase::in;
  int classes = 1000;
  std::vector<StageDefinition> stages;
};

// A definition that cannot make valid networks. `stage` is -1 for the space's own fields; `key` is
// the field's name in the space file format (data/spaces/README.md), so a reader can add the line.
class SpaceDefinitionError : public InputError {
 public:
  SpaceDefinitionError(int stage, std::string key, const std::string& message)
      : InputError(message), stage_(stage), key_(std::move(key)) {}
  int stage() const { return stage_; }
  const std::string& key() const { return key_; }

 private:
  int stage_;
  std::string key_;
};

// What one gene chooses. `slot` is the block within the stage for per-block choices, else -1.
struct GeneInfo {
  GeneKind kind = GeneKind::resolution;
  int stage = -1;
  int slot = -1;
  std::uint16_t choices = 1;
};

// The kernel, expansion and SE choice of one block (indices into the stage's lists; 0 where the
// stage's block type has no such gene).
struct BlockChoices {
  Genome::Gene kernel = 0, expansion = 0, se = 0;
  bool operator==(const BlockChoices&) const = default;
};

// A validated search space, with the genome layout, decoding and its inverse.
//
// Genome layout: gene 0 is the resolution; then, stage by stage, the width, the depth, and either
// one group of choice genes (per-stage scope) or one group per block up to the stage's largest
// depth (per-block scope). A group is kernel, then expansion (ir only), then SE ratio (ds and ir).
// cn stages have a kernel gene only.
//
// Normal form: several genomes can decode to one network. normalise() maps all of them to one:
//  - width genes whose channels coincide (16 x 0.75 and 16 x 1.0 both give 16) take the lowest
//    index giving that width;
//  - the groups of blocks that the depth leaves out are set to 0;
//  - where a stride-1 stage can continue the previous stage's blocks (same type, activation and
//    width), the split between the two is ambiguous; the normal form gives the earlier stage as
//    many blocks as a valid reading allows.
// After normalise(), two genomes are equal exactly when they decode to the same network (the same
// canonical string); tests check this by brute force. Every valid genome decodes to a valid
// network.
class SearchSpace {
 public:
  // Validates the definition; throws SpaceDefinitionError ("expected X, got Y").
  explicit SearchSpace(SpaceDefinition definition);

  const SpaceDefinition& definition() const { return def_; }
  const std::string& name() const { return def_.name; }
  std::size_t stage_count() const { return def_.stages.size(); }

  std::size_t genome_length() const { return genes_.size(); }
  const std::vector<GeneInfo>& genes() const { return genes_; }
  // The values of a gene that give distinct networks (all of them, except coinciding widths).
  const std::vector<Genome::Gene>& distinct_choices(std::size_t gene) const { return distinct_[gene]; }
  // Output width of each width gene value of a stage (may repeat).
  const std::vector<int>& stage_channels(std::size_t stage) const { return layout_[stage].channels; }
  std::size_t width_gene(std::size_t stage) const { return layout_[stage].width_gene; }
  std::size_t depth_gene(std::size_t stage) const { return layout_[stage].depth_gene; }
  // First and one-past-last gene of a stage (its width, depth and choice genes).
  std::size_t stage_begin(std::size_t stage) const { return layout_[stage].width_gene; }
  std::size_t stage_end(std::size_t stage) const { return layout_[stage].end_gene; }
  // The first gene of block `slot`'s choice group (per-stage scope: the stage's one group).
  std::size_t block_gene(std::size_t stage, int slot) const {
    const StageLayout& L = layout_[stage];
    return L.first_group_gene + (def_.stages[stage].scope == ChoiceScope::per_stage ? 0 : static_cast<std::size_t>(slot) * L.group_size);
  }
  // The gene that chooses the input resolution (index into definition().resolutions).
  static constexpr std::size_t resolution_gene() { return 0; }
  std::size_t resolution_of(const Genome& g) const { return g[resolution_gene()]; }
  // The width index (into stage_channels) of a stage.
  std::size_t width_of(const Genome& g, std::size_t stage) const { return g[layout_[stage].width_gene]; }
  // Block `slot`'s choices (per-stage scope: the stage's one group, whatever the slot).
  BlockChoices block_choices(const Genome& g, std::size_t stage, int slot) const {
    const StageLayout& L = layout_[stage];
    const std::size_t gi = block_gene(stage, slot);
    return BlockChoices{g[gi], L.expansion_offset >= 0 ? g[gi + static_cast<std::size_t>(L.expansion_offset)] : Genome::Gene{0},
                        L.se_offset >= 0 ? g[gi + static_cast<std::size_t>(L.se_offset)] : Genome::Gene{0}};
  }
  // Sets block `slot`'s choice genes (those the stage's block type has).
  void set_block_choices(Genome& g, std::size_t stage, int slot, BlockChoices c) const {
    const StageLayout& L = layout_[stage];
    const std::size_t gi = block_gene(stage, slot);
    g[gi] = c.kernel;
    if (L.expansion_offset >= 0) g[gi + static_cast<std::size_t>(L.expansion_offset)] = c.expansion;
    if (L.se_offset >= 0) g[gi + static_cast<std::size_t>(L.se_offset)] = c.se;
  }
  int max_depth(std::size_t stage) const { return layout_[stage].max_depth; }
  int depth_of(const Genome& g, std::size_t stage) const { return def_.stages[stage].depths[g[layout_[stage].depth_gene]]; }

  // False only for the choice genes of blocks that the genome's depth leaves out.
  bool is_active(const Genome& g, std::size_t gene) const {
    const GeneInfo& info = genes_[gene];
    return info.slot < 0 || info.slot < depth_of(g, static_cast<std::size_t>(info.stage));
  }
  // True if the genome has the right length and every gene is within its choices.
  bool is_valid(const Genome& g) const;
  // Throws InputError unless is_valid, naming the gene.
  void check(const Genome& g) const;

  void normalise(Genome& g) const;
  Genome normalised(Genome g) const {
    normalise(g);
    return g;
  }
  bool is_normal(const Genome& g) const;
  // The two halves of normalise(), for variation operators that change only some stages of a
  // normal genome: normalise_stage sets one stage's width to its lowest gene value and zeroes the
  // groups its depth leaves out; normalise_splits, once every stage is normal so, re-reads an
  // ambiguous stage split (a no-op in spaces without them).
  void normalise_stage(Genome& g, std::size_t stage) const;
  void normalise_splits(Genome& g) const;
  // How many of a stage's genes a mutation of `g` may change: its width, depth and used choice
  // genes with more than one distinct value (what a gene-by-gene scan of the stage would count).
  std::size_t mutable_genes(const Genome& g, std::size_t stage) const {
    const StageLayout& L = layout_[stage];
    return L.mutable_fixed + static_cast<std::size_t>(depth_of(g, stage)) * L.mutable_per_block;
  }
  // True if some genomes need the (slower) reading of their blocks to normalise: the space has a
  // stride-1 stage that can continue its predecessor's blocks.
  bool has_ambiguous_stage_splits() const { return ambiguous_splits_; }

  // The network of a (valid) genome. The second form reuses `out`'s storage: after the first call
  // it allocates nothing, which the scoring loop relies on. One BlockSpec per block, repeats 1.
  NetworkSpec decode(const Genome& g) const;
  void decode(const Genome& g, NetworkSpec& out) const;

  // measure_shape(decode(g)), field for field, measured from the genome without building the
  // network (the same operations in the same order, so even the floating-point values are equal).
  NetworkShape shape_of(const Genome& g) const;

  // The normal genome of a network, or nothing if the network is not a member of the space.
  std::optional<Genome> encode(const NetworkSpec& net) const;

  // The compact genome string with '-' between the resolution gene and each stage's genes.
  std::string format_genome(const Genome& g) const;
  // Parses a genome string (Genome::parse) and checks it against this space; InputError otherwise.
  Genome parse_genome(std::string_view text) const;

 private:
  struct StageLayout {
    std::size_t width_gene = 0, depth_gene = 0, first_group_gene = 0, end_gene = 0;
    std::size_t group_size = 1;  // genes per choice group
    int expansion_offset = -1, se_offset = -1;  // within a group; -1: no such gene
    int max_depth = 1;
    std::vector<int> channels;                          // by width gene value
    std::vector<double> log_channels;                   // ln of each, for shape_of
    int activation_id = 0;  // equal for stages with the same activation string
    std::vector<Genome::Gene> lowest_width;             // lowest width gene with the same channels
    std::vector<Genome::Gene> depths_longest_first;     // depth gene values by depth, descending
    bool may_continue_previous = false;  // stride 1, and can repeat the previous stage's blocks
    // Genes with more than one distinct value: outside the per-block groups, and in each group.
    std::size_t mutable_fixed = 0, mutable_per_block = 0;
  };
  struct FlatBlock;

  void validate_and_lay_out();
  void decode_flat(const Genome& g, std::vector<FlatBlock>& out) const;
  bool read_stages(const std::vector<FlatBlock>& flat, std::size_t stage, std::size_t pos, Genome& g) const;
  void normalise_genes(Genome& g) const;  // widths and unused groups only
  bool split_is_ambiguous(const Genome& g) const;

  SpaceDefinition def_;
  std::vector<GeneInfo> genes_;
  std::vector<std::vector<Genome::Gene>> distinct_;
  std::vector<StageLayout> layout_;
  bool ambiguous_splits_ = false;
};

}  // namespace latnas
