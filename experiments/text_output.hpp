#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace latnas {

// Numbers in CSV and JSON: 12 significant digits, so every figure can be recomputed.
std::string format_real(double v);

// Writes the whole content to a temporary file beside `path`, then renames it over `path`, so a
// reader never sees a half-written file. Throws InputError naming the path when it cannot.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace latnas
