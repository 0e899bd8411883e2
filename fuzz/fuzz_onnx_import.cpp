// libFuzzer harness: the ONNX importer, on raw bytes. Bad input must throw InputError.
#include <cstdint>
#include <string_view>

#include "costmodel/error.hpp"
#include "costmodel/onnx_import.hpp"

using namespace latnas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)latnas::import_onnx_bytes(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.onnx");
  } catch (const InputError&) {
  }
  return 0;
}
