#pragma once
#include <string>

#include "costmodel/network_spec.hpp"

namespace latnas {

// A network named on the command line or in a config: a built-in model name or a canonical
// architecture string (anything containing '='). Throws InputError naming what was wrong.
NetworkSpec network_from_reference(const std::string& model_or_arch);

}  // namespace latnas
