#pragma once
#include <string_view>

// Data files of data/ compiled into the program (cmake/EmbedFile.cmake).
namespace latnas::embedded {
std::string_view orin_agx_50w_profile();
std::string_view families_csv();
std::string_view builtin_models_csv();
std::string_view calibration_csv();
std::string_view heldout_csv();
}  // namespace latnas::embedded
