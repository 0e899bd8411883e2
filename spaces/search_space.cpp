#include "spaces/search_space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "costmodel/rounding.hpp"

namespace latnas {

// One block of a network, one per repeat: what decides whether two networks are the same.
struct SearchSpace::FlatBlock {
  BlockType type = BlockType::ir;
  int kernel = 3;
  int stride = 1;
  double expansion = 1.0;  // 1 for ds and cn
  int channels = 0;
  double se = 0.0;
  std::string_view activation;
};

namespace {

constexpr std::size_t kMaxChoices = std::numeric_limits<Genome::Gene>::max();
constexpr int kMaxDepth = 64;

template <class T>
int index_of(const std::vector<T>& values, T v) {
  const auto it = std::find(values.begin(), values.end(), v);
  return it == values.end() ? -1 : static_cast<int>(it - values.begin());
}

template <class T>
std::string number_text(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return format_number(v);
  else
    return std::to_string(v);
}

// Checks a list of choices: non-empty, no repeats, each within [lo, hi].
template <class T>
void check_choices(const std::vector<T>& values, int stage, const std::string& key, const std::string& what, T lo, T hi) {
  if (values.empty()) throw SpaceDefinitionError(stage, key, key + ": expected at least one " + what + ", got none");
  if (values.size() > kMaxChoices)
    throw SpaceDefinitionError(stage, key, key + ": expected at most " + std::to_string(kMaxChoices) +
                                               " choices, got " + std::to_string(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(values[i] >= lo && values[i] <= hi))
      throw SpaceDefinitionError(stage, key, key + ": expected " + what + " from " + number_text(lo) + " to " +
                                                 number_text(hi) + ", got " + number_text(values[i]));
    for (std::size_t j = 0; j < i; ++j)
      if (values[j] == values[i])
        throw SpaceDefinitionError(stage, key, key + ": expected distinct choices, got " + number_text(values[i]) +
                                                   " twice (items " + std::to_string(j + 1) + " and " +
                                                   std::to_string(i + 1) + ")");
  }
}

}  // namespace

std::string_view to_string(ChoiceScope s) { return s == ChoiceScope::per_block ? "per-block" : "per-stage"; }

std::string_view to_string(GeneKind k) {
  constexpr std::string_view names[] = {"resolution", "width", "depth", "kernel", "expansion", "se"};
  return names[static_cast<int>(k)];
}

SearchSpace::SearchSpace(SpaceDefinition definition) : def_(std::move(definition)) { validate_and_lay_out(); }

void SearchSpace::validate_and_lay_out() {
  if (def_.name.empty()) throw SpaceDefinitionError(-1, "name", "name: expected a name, got nothing");
  check_choices(def_.resolutions, -1, "resolution", "resolutions", 8, 8192);
  if (def_.stem < 1 || def_.stem > 100000)
    throw SpaceDefinitionError(-1, "stem", "stem: expected 1 to 100000 channels, got " + std::to_string(def_.stem));
  if (def_.head_style == HeadStyle::none)
    throw SpaceDefinitionError(-1, "head_style", "head_style: expected conv or after-pool, got none");
  if (def_.head < 1 || def_.head > 100000)
    throw SpaceDefinitionError(-1, "head", "head: expected 1 to 100000 channels, got " + std::to_string(def_.head));
  if (def_.classes < 1 || def_.classes > 1000000)
    throw SpaceDefinitionError(-1, "classes", "classes: expected 1 to 1000000, got " + std::to_string(def_.classes));
  if (def_.stages.empty()) throw SpaceDefinitionError(-1, "stages", "expected at least one stage section, got none");

  genes_.clear();
  layout_.clear();
  genes_.push_back(GeneInfo{GeneKind::resolution, -1, -1, static_cast<std::uint16_t>(def_.resolutions.size())});
  std::vector<int> previous_channels{def_.stem};
  for (std::size_t si = 0; si < def_.stages.size(); ++si) {
    StageDefinition& st = def_.stages[si];
    const int s = static_cast<int>(si);
    if (st.label.empty()) st.label = "stage " + std::to_string(si + 1);
    if (st.type != BlockType::ds && st.type != BlockType::ir && st.type != BlockType::cn)
      throw SpaceDefinitionError(s, "type", "type: expected ds, ir or cn, got " + std::string(to_string(st.type)));
    if (st.stride < 1 || st.stride > 4)
      throw SpaceDefinitionError(s, "stride", "stride: expected 1 to 4, got " + std::to_string(st.stride));
    static const std::vector<std::string> activations{"", "re", "r6", "hs", "sw", "mi"};
    if (index_of(activations, st.activation) < 0)
      throw SpaceDefinitionError(s, "activation", "activation: expected re, r6, hs, sw or mi, got '" + st.activation + "'");

    StageLayout L;
    if (!st.width_multipliers.empty() || st.base_channels != 0) {
      if (!st.channels.empty())
        throw SpaceDefinitionError(s, "channels", "channels: expected either channels or base_channels with width, got both");
      if (st.base_channels < 1 || st.base_channels > 100000)
        throw SpaceDefinitionError(s, "base_channels",
                                   "base_channels: expected 1 to 100000, got " + std::to_string(st.base_channels));
      check_choices(st.width_multipliers, s, "width", "width multipliers", 0.01, 10.0);
      for (double m : st.width_multipliers)
        L.channels.push_back(m == 1.0 ? st.base_channels : make_divisible(st.base_channels * m));
      for (int c : L.channels)
        if (c > 100000)
          throw SpaceDefinitionError(s, "width", "width: expected at most 100000 channels, got " + std::to_string(c));
    } else {
      check_choices(st.channels, s, "channels", "channel counts", 1, 100000);
      L.channels = st.channels;
    }
    check_choices(st.depths, s, "depth", "depths", 1, kMaxDepth);
    check_choices(st.kernels, s, "kernel", "kernel sizes", 1, 15);
    for (int k : st.kernels)
      if (k % 2 == 0) throw SpaceDefinitionError(s, "kernel", "kernel: expected odd kernel sizes, got " + std::to_string(k));
    if (st.type == BlockType::ir) {
      check_choices(st.expansions, s, "expansion", "expansion ratios", 0.01, 100.0);
    } else if (!st.expansions.empty()) {
      throw SpaceDefinitionError(s, "expansion", "expansion: " + std::string(to_string(st.type)) +
                                                     " blocks have no expansion conv: expected no expansion key, got one");
    }
    if (st.se_ratios.empty()) st.se_ratios = {0.0};
    if (st.type == BlockType::cn && (st.se_ratios.size() != 1 || st.se_ratios[0] != 0.0))
      throw SpaceDefinitionError(s, "se", "se: cn blocks have no squeeze-excitation: expected no se key, got one");
    check_choices(st.se_ratios, s, "se", "SE ratios", 0.0, 1.0);

    // Gene layout of the stage.
    L.width_gene = genes_.size();
    genes_.push_back(GeneInfo{GeneKind::width, s, -1, static_cast<std::uint16_t>(L.channels.size())});
    L.depth_gene = genes_.size();
    genes_.push_back(GeneInfo{GeneKind::depth, s, -1, static_cast<std::uint16_t>(st.depths.size())});
    L.max_depth = *std::max_element(st.depths.begin(), st.depths.end());
    L.first_group_gene = genes_.size();
    const bool has_se = st.type != BlockType::cn;
    L.expansion_offset = st.type == BlockType::ir ? 1 : -1;
    L.se_offset = has_se ? (st.type == BlockType::ir ? 2 : 1) : -1;
    L.group_size = 1 + (L.expansion_offset >= 0) + (L.se_offset >= 0);
    const int groups = st.scope == ChoiceScope::per_stage ? 1 : L.max_depth;
    for (int slot = 0; slot < groups; ++slot) {
      const int gene_slot = st.scope == ChoiceScope::per_stage ? -1 : slot;
      genes_.push_back(GeneInfo{GeneKind::kernel, s, gene_slot, static_cast<std::uint16_t>(st.kernels.size())});
      if (L.expansion_offset >= 0)
        genes_.push_back(GeneInfo{GeneKind::expansion, s, gene_slot, static_cast<std::uint16_t>(st.expansions.size())});
      if (L.se_offset >= 0)
        genes_.push_back(GeneInfo{GeneKind::se, s, gene_slot, static_cast<std::uint16_t>(st.se_ratios.size())});
    }
    L.end_gene = genes_.size();

    for (int c : L.channels) L.log_channels.push_back(std::log(static_cast<double>(c)));
    L.activation_id = index_of(activations, st.activation);
    for (std::size_t w = 0; w < L.channels.size(); ++w)
      L.lowest_width.push_back(static_cast<Genome::Gene>(index_of(L.channels, L.channels[w])));
    for (std::size_t d = 0; d < st.depths.size(); ++d) L.depths_longest_first.push_back(static_cast<Genome::Gene>(d));
    std::sort(L.depths_longest_first.begin(), L.depths_longest_first.end(),
              [&](Genome::Gene a, Genome::Gene b) { return st.depths[a] > st.depths[b]; });

    // A stride-1 stage whose blocks can look like the previous stage's repeats makes the split
    // between the two ambiguous (e.g. 192 x 1.25 = 240 followed by 320 x 0.75 = 240).
    if (si > 0 && st.stride == 1) {
      const StageDefinition& prev = def_.stages[si - 1];
      bool shared_width = false;
      for (int c : L.channels) shared_width = shared_width || index_of(previous_channels, c) >= 0;
      L.may_continue_previous = shared_width && prev.type == st.type && prev.activation == st.activation;
      ambiguous_splits_ = ambiguous_splits_ || L.may_continue_previous;
    }

    // Every combination must build: SE reductions must not round to 0 channels on any input.
    for (int in : previous_channels)
      for (int out : L.channels)
        for (double e : st.type == BlockType::ir ? st.expansions : std::vector<double>{1.0})
          for (double se : st.se_ratios) {
            NetworkSpec probe;
            probe.resolution = def_.resolutions.front();
            probe.stem_channels = in;
            probe.se_base = def_.se_base;
            BlockSpec b;
            b.type = st.type;
            b.kernel = st.kernels.front();
            b.stride = st.stride;
            b.expansion = e;
            b.out_channels = out;
            b.se_ratio = se;
            b.activation = st.activation;
            probe.stages = {{b}};
            try {
              validate(probe);
            } catch (const InputError& err) {
              throw SpaceDefinitionError(s, se > 0 ? "se" : "channels",
                                         std::string(se > 0 ? "se" : "channels") + ": " + err.what() + " (from " +
                                             std::to_string(in) + " input channels)");
            }
          }
    previous_channels = L.channels;
    layout_.push_back(std::move(L));
  }

  distinct_.assign(genes_.size(), {});
  for (std::size_t i = 0; i < genes_.size(); ++i) {
    const GeneInfo& g = genes_[i];
    for (std::size_t v = 0; v < g.choices; ++v)
      if (g.kind != GeneKind::width || layout_[g.stage].lowest_width[v] == v)
        distinct_[i].push_back(static_cast<Genome::Gene>(v));
  }
  for (std::size_t i = 0; i < genes_.size(); ++i) {
    const GeneInfo& g = genes_[i];
    if (g.stage < 0 || distinct_[i].size() < 2) continue;
    StageLayout& L = layout_[static_cast<std::size_t>(g.stage)];
    if (g.slot < 0)
      ++L.mutable_fixed;
    else if (g.slot == 0)
      ++L.mutable_per_block;  // every group of a stage has the same choices
  }
}

bool SearchSpace::is_valid(const Genome& g) const {
  if (g.size() != genes_.size()) return false;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i] >= genes_[i].choices) return false;
  return true;
}

void SearchSpace::check(const Genome& g) const {
  if (g.size() != genes_.size())
    throw InputError("genome '" + g.to_string() + "': expected " + std::to_string(genes_.size()) + " genes for space '" +
                     def_.name + "', got " + std::to_string(g.size()));
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i] >= genes_[i].choices) {
      const GeneInfo& info = genes_[i];
      std::string what = std::string(to_string(info.kind));
      if (info.stage >= 0) what += " of " + def_.stages[info.stage].label;
      if (info.slot >= 0) what += " block " + std::to_string(info.slot + 1);
      throw InputError("genome '" + g.to_string() + "': gene " + std::to_string(i + 1) + " (" + what + "): expected 0 to " +
                       std::to_string(info.choices - 1) + ", got " + std::to_string(g[i]));
    }
}

void SearchSpace::normalise_stage(Genome& g, std::size_t s) const {
  const StageLayout& L = layout_[s];
  g[L.width_gene] = L.lowest_width[g[L.width_gene]];
  if (def_.stages[s].scope == ChoiceScope::per_stage) return;
  const std::size_t used_end = L.first_group_gene + static_cast<std::size_t>(depth_of(g, s)) * L.group_size;
  std::fill(g.genes().begin() + static_cast<std::ptrdiff_t>(used_end),
            g.genes().begin() + static_cast<std::ptrdiff_t>(L.end_gene), Genome::Gene{0});
}

void SearchSpace::normalise_genes(Genome& g) const {
  for (std::size_t s = 0; s < layout_.size(); ++s) normalise_stage(g, s);
}

bool SearchSpace::split_is_ambiguous(const Genome& g) const {
  for (std::size_t s = 1; s < layout_.size(); ++s)
    if (layout_[s].may_continue_previous &&
        layout_[s].channels[g[layout_[s].width_gene]] == layout_[s - 1].channels[g[layout_[s - 1].width_gene]])
      return true;
  return false;
}

void SearchSpace::normalise(Genome& g) const {
  normalise_genes(g);
  normalise_splits(g);
}

void SearchSpace::normalise_splits(Genome& g) const {
  // Only a genome whose stride-1 stage repeats its predecessor's width can have another reading
  // of its blocks that gives the earlier stage more of them (see the class comment); read it anew.
  if (!ambiguous_splits_ || !split_is_ambiguous(g)) return;
  // Scratch per thread: a search normalises every child, in parallel.
  thread_local std::vector<FlatBlock> flat;
  thread_local Genome read;
  decode_flat(g, flat);
  read.genes().assign(g.size(), 0);
  read[0] = g[0];
  const bool ok = read_stages(flat, 0, 0, read);
  if (ok) std::swap(g.genes(), read.genes());  // always ok: the genome's own reading exists
}

bool SearchSpace::is_normal(const Genome& g) const {
  return normalised(g) == g;
}

void SearchSpace::decode_flat(const Genome& g, std::vector<FlatBlock>& out) const {
  out.clear();
  for (std::size_t s = 0; s < layout_.size(); ++s) {
    const StageDefinition& st = def_.stages[s];
    const StageLayout& L = layout_[s];
    const int depth = depth_of(g, s);
    for (int b = 0; b < depth; ++b) {
      const std::size_t gi = block_gene(s, b);
      FlatBlock f;
      f.type = st.type;
      f.kernel = st.kernels[g[gi]];
      f.stride = b == 0 ? st.stride : 1;
      f.expansion = L.expansion_offset >= 0 ? st.expansions[g[gi + L.expansion_offset]] : 1.0;
      f.channels = L.channels[g[L.width_gene]];
      f.se = L.se_offset >= 0 ? st.se_ratios[g[gi + L.se_offset]] : 0.0;
      f.activation = st.activation;
      out.push_back(f);
    }
  }
}

// Reads the blocks from `pos` on as stages `stage`, `stage + 1`, ..., writing their genes into `g`.
// Depths are tried longest first, so the first complete reading is the normal one.
bool SearchSpace::read_stages(const std::vector<FlatBlock>& flat, std::size_t stage, std::size_t pos, Genome& g) const {
  if (stage == layout_.size()) return pos == flat.size();
  if (pos >= flat.size()) return false;
  const StageDefinition& st = def_.stages[stage];
  const StageLayout& L = layout_[stage];
  const int width = index_of(L.channels, flat[pos].channels);
  if (width < 0) return false;
  const bool per_stage = st.scope == ChoiceScope::per_stage;
  // The longest run of blocks from `pos` that this stage can make, filling in their genes.
  int run = 0;
  while (pos + static_cast<std::size_t>(run) < flat.size() && run < L.max_depth) {
    const FlatBlock& f = flat[pos + static_cast<std::size_t>(run)];
    if (f.type != st.type || f.activation != st.activation || f.channels != L.channels[width] ||
        f.stride != (run == 0 ? st.stride : 1))
      break;
    const int k = index_of(st.kernels, f.kernel);
    const int e = L.expansion_offset >= 0 ? index_of(st.expansions, f.expansion) : (f.expansion == 1.0 ? 0 : -1);
    const int se = L.se_offset >= 0 ? index_of(st.se_ratios, f.se) : (f.se == 0.0 ? 0 : -1);
    if (k < 0 || e < 0 || se < 0) break;
    const std::size_t gi = block_gene(stage, run);
    if (per_stage && run > 0) {
      if (g[gi] != k || (L.expansion_offset >= 0 && g[gi + L.expansion_offset] != e) ||
          (L.se_offset >= 0 && g[gi + L.se_offset] != se))
        break;
    } else {
      g[gi] = static_cast<Genome::Gene>(k);
      if (L.expansion_offset >= 0) g[gi + L.expansion_offset] = static_cast<Genome::Gene>(e);
      if (L.se_offset >= 0) g[gi + L.se_offset] = static_cast<Genome::Gene>(se);
    }
    ++run;
  }
  g[L.width_gene] = static_cast<Genome::Gene>(width);
  for (Genome::Gene d : L.depths_longest_first) {
    const int depth = st.depths[d];
    if (depth > run) continue;
    g[L.depth_gene] = d;
    if (!per_stage)  // groups beyond this depth are unused: 0 in the normal form
      for (std::size_t i = L.first_group_gene + static_cast<std::size_t>(depth) * L.group_size; i < L.end_gene; ++i) g[i] = 0;
    if (read_stages(flat, stage + 1, pos + static_cast<std::size_t>(depth), g)) return true;
  }
  return false;
}

NetworkSpec SearchSpace::decode(const Genome& g) const {
  NetworkSpec n;
  decode(g, n);
  return n;
}

void SearchSpace::decode(const Genome& g, NetworkSpec& out) const {
  out.resolution = def_.resolutions[g[0]];
  out.stem_kind = StemKind::conv3x3;
  out.stem_channels = def_.stem;
  out.head_style = def_.head_style;
  out.head_channels = def_.head;
  out.classes = def_.classes;
  out.se_base = def_.se_base;
  out.stages.resize(layout_.size());
  for (std::size_t s = 0; s < layout_.size(); ++s) {
    const StageDefinition& st = def_.stages[s];
    const StageLayout& L = layout_[s];
    const int depth = depth_of(g, s);
    const bool per_stage = st.scope == ChoiceScope::per_stage;
    Stage& blocks = out.stages[s];
    blocks.resize(per_stage ? 1 : static_cast<std::size_t>(depth));
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const std::size_t gi = block_gene(s, static_cast<int>(b));
      BlockSpec& spec = blocks[b];
      spec.type = st.type;
      spec.repeats = per_stage ? depth : 1;
      spec.kernel = st.kernels[g[gi]];
      spec.stride = b == 0 ? st.stride : 1;
      spec.expansion = L.expansion_offset >= 0 ? st.expansions[g[gi + L.expansion_offset]] : 1.0;
      spec.out_channels = L.channels[g[L.width_gene]];
      spec.se_ratio = L.se_offset >= 0 ? st.se_ratios[g[gi + L.se_offset]] : 0.0;
      spec.noskip = false;
      if (spec.activation != st.activation) spec.activation = st.activation;
    }
  }
}

// measure_shape over the blocks decode() would make: per-stage scope gives one block string with
// the stage's depth as repeats, per-block scope one per block.
NetworkShape SearchSpace::shape_of(const Genome& g) const {
  ShapeTally tally;
  // The block string that began the current kind (network_shape.cpp's same_kind).
  struct Kind {
    BlockType type;
    int activation, kernel, channels;
    double expansion, se;
  } kind{};
  bool any = false;
  for (std::size_t st = 0; st < layout_.size(); ++st) {
    const StageDefinition& sd = def_.stages[st];
    const StageLayout& L = layout_[st];
    const int depth = depth_of(g, st);
    const bool per_stage = sd.scope == ChoiceScope::per_stage;
    const Genome::Gene width = g[L.width_gene];
    const int channels = L.channels[width];
    const int strings = per_stage ? 1 : depth;
    for (int b = 0; b < strings; ++b) {
      const std::size_t gi = block_gene(st, b);
      const int kernel = sd.kernels[g[gi]];
      const double e = L.expansion_offset >= 0 ? sd.expansions[g[gi + static_cast<std::size_t>(L.expansion_offset)]] : 1.0;
      const double ratio = L.se_offset >= 0 ? sd.se_ratios[g[gi + static_cast<std::size_t>(L.se_offset)]] : 0.0;
      const int stride = b == 0 ? sd.stride : 1;
      tally.add_blocks(per_stage ? depth : 1);
      if (any && stride == 1 && kind.type == sd.type && kind.kernel == kernel && kind.expansion == e &&
          kind.channels == channels && kind.se == ratio && kind.activation == L.activation_id)
        continue;
      kind = Kind{sd.type, L.activation_id, kernel, channels, e, ratio};
      any = true;
      tally.add_kind(L.log_channels[width], ratio > 0.0, kernel, sd.type == BlockType::ir, e);
    }
  }
  // A conv3x3 stem and ds, ir or cn stages only; every stage has a block.
  return tally.finish(def_.resolutions[g[0]], true);
}

std::optional<Genome> SearchSpace::encode(const NetworkSpec& net) const {
  const NetworkSpec n = canonical_form(net);
  const int res = index_of(def_.resolutions, n.resolution);
  if (res < 0 || n.stem_kind != StemKind::conv3x3 || n.stem_channels != def_.stem || n.head_style != def_.head_style ||
      n.head_channels != def_.head || n.classes != def_.classes)
    return std::nullopt;
  std::vector<FlatBlock> flat;
  bool any_se = false;
  for (const Stage& stage : n.stages)
    for (const BlockSpec& b : stage) {
      // canonical_form has dropped `noskip` where no residual could exist; elsewhere it is a
      // different network from any the space makes.
      if (b.noskip) return std::nullopt;
      any_se = any_se || b.has_se();
      for (int r = 0; r < b.repeats; ++r)
        flat.push_back(FlatBlock{b.type, b.kernel, r == 0 ? b.stride : 1, b.type == BlockType::ir ? b.expansion : 1.0,
                                 b.out_channels, b.se_ratio, b.activation});
    }
  if (any_se && n.se_base != def_.se_base) return std::nullopt;
  Genome g(genes_.size());
  g[0] = static_cast<Genome::Gene>(res);
  if (!read_stages(flat, 0, 0, g)) return std::nullopt;
  return g;
}

std::string SearchSpace::format_genome(const Genome& g) const {
  const std::string compact = g.to_string();
  if (compact.size() != g.size()) return compact;  // genes above 61: no grouping
  std::string s = compact.substr(0, 1);
  for (const StageLayout& L : layout_) s += "-" + compact.substr(L.width_gene, L.end_gene - L.width_gene);
  return s;
}

Genome SearchSpace::parse_genome(std::string_view text) const {
  Genome g = Genome::parse(text);
  check(g);
  return g;
}

}  // namespace latnas
