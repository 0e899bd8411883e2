// libFuzzer harness: the device-profile reader. Bad input must throw InputError; an accepted profile
// must write itself back to text that reads to the same profile.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "costmodel/device_profile.hpp"
#include "costmodel/error.hpp"

using namespace latnas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const DeviceProfile p = DeviceProfile::parse(text, "fuzz.profile");
    const std::string again = p.to_text();
    if (DeviceProfile::parse(again, "again.profile").to_text() != again) std::abort();
  } catch (const InputError&) {
  }
  return 0;
}
