// libFuzzer harness: the canonical arch-string reader (parse_canonical) and the block-string reader
// (parse_stages + resolve). Bad input must throw InputError; accepted input must count to finite,
// positive totals and its canonical string must read back to the same network.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "costmodel/error.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/network_spec.hpp"

using namespace latnas;

namespace {

void check(const NetworkSpec& net) {
  const auto units = count_units(net);
  for (const auto& u : units)
    if (u.macs > (std::uint64_t{1} << 62) || u.params > (std::uint64_t{1} << 62)) std::abort();
  const std::string text = canonical_string(net);
  if (canonical_string(parse_canonical(text)) != text) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check(parse_canonical(text));
  } catch (const InputError&) {
  }
  try {
    check(resolve(parse_stages(text), ArchOptions{}));
  } catch (const InputError&) {
  }
  return 0;
}
