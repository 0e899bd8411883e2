// libFuzzer harness: the space-file reader. Bad input must throw InputError; an accepted space must
// report a size (bounded work, however big the space) and decode its first genome.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "costmodel/error.hpp"
#include "spaces/space_file.hpp"
#include "spaces/space_size.hpp"

using namespace latnas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const SearchSpace space = parse_space(text, "fuzz.space");
    const SpaceSize n = space_size(space);
    if (!(n.log10 >= 0)) std::abort();
    (void)space.decode(Genome(space.genome_length()));
  } catch (const InputError&) {
  }
  return 0;
}
