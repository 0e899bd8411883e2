// libFuzzer harness: the INI reader (ConfigFile, under every space, experiment and config file).
// Bad input must throw InputError, whatever is asked of the values.
#include <cstdint>
#include <string_view>

#include "costmodel/error.hpp"
#include "spaces/config_file.hpp"

using namespace latnas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const ConfigFile file = ConfigFile::parse(text, "fuzz.ini");
    for (const ConfigSection& sec : file.sections())
      for (const ConfigEntry& e : sec.entries()) {
        (void)sec.where(e.key);
        try { (void)sec.get_int_list(e.key, -1000000, 1000000); } catch (const InputError&) {}
        try { (void)sec.get_real_list(e.key, -1e300, 1e300); } catch (const InputError&) {}
        try { (void)sec.get_bool(e.key, false); } catch (const InputError&) {}
      }
  } catch (const InputError&) {
  }
  return 0;
}
