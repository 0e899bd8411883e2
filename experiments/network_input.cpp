#include "experiments/network_input.hpp"

#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"

namespace latnas {

NetworkSpec network_from_reference(const std::string& ref) {
  if (ref.find('=') != std::string::npos) return parse_canonical(ref);
  return ModelZoo::builtin().build(ref);
}

}  // namespace latnas
