#pragma once
#include <string_view>

// The shipped space files of data/spaces/, compiled into the program (cmake/EmbedFile.cmake).
namespace latnas::embedded {
std::string_view efficientnet_space();
std::string_view ofa_mbv3_space();
std::string_view tiny_space();
}  // namespace latnas::embedded
