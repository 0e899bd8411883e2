#include "spaces/ofa_subnet.hpp"

#include <sstream>

#include "costmodel/error.hpp"
#include "spaces/space_file.hpp"

namespace latnas {

std::string ofa_subnet_config(const NetworkSpec& spec) {
  const SearchSpace& space = builtin_space("ofa-mbv3");
  const std::optional<Genome> genome = space.encode(spec);
  if (!genome)
    throw InputError("--format ofa: the network is not a member of the ofa-mbv3 space (`latnas space --space ofa-mbv3` "
                     "lists its knobs): " + canonical_string(spec));
  const SpaceDefinition& def = space.definition();
  std::ostringstream ks, e, d;
  bool first = true;
  for (std::size_t s = 0; s < def.stages.size(); ++s) {
    const StageDefinition& stage = def.stages[s];
    if (stage.type != BlockType::ir) continue;  // the fixed first block and the final expand are not searched
    const int depth = space.depth_of(*genome, s);
    d << (first ? "" : ", ") << depth;
    for (int slot = 0; slot < 4; ++slot) {
      const std::size_t gene = space.block_gene(s, slot < depth ? slot : depth - 1);
      ks << (first && slot == 0 ? "" : ", ") << stage.kernels[(*genome)[gene]];
      e << (first && slot == 0 ? "" : ", ") << format_number(stage.expansions[(*genome)[gene + 1]]);
    }
    first = false;
  }
  const int resolution = def.resolutions[(*genome)[0]];
  return "{\"wid\": null, \"ks\": [" + ks.str() + "], \"e\": [" + e.str() + "], \"d\": [" + d.str() + "], \"r\": [" +
         std::to_string(resolution) + "]}\n";
}

}  // namespace latnas
