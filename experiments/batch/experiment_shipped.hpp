#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latnas {

// The experiment files shipped in experiments/shipped/, compiled into the program
// (cmake/EmbedFile.cmake), so `latnas run NAME` needs nothing at run time.
std::vector<std::string> shipped_experiment_names();
// The embedded text of a shipped experiment, or nothing for another name.
std::optional<std::string_view> shipped_experiment_text(std::string_view name);

}  // namespace latnas
