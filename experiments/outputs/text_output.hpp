#pragma once
#include <filesystem>
#include <optional>
#include <initializer_list>
#include <string>
#include <string_view>

namespace latnas {

// What a command's --format option selects.
enum class OutputFormat { table, csv, json };
// Reads --format, accepting only the formats a command offers; InputError "--format: expected
// table or csv, got 'xml'" otherwise.
OutputFormat parse_output_format(const std::string& text, std::initializer_list<OutputFormat> offered);

// "latnas 0.1.0": what --version prints and every run.json records.
std::string version_string();

// Numbers in CSV and JSON: 12 significant digits, so every figure can be recomputed.
std::string format_real(double v);

// Writes the whole content to a temporary file beside `path`, then renames it over `path`, so a
// reader never sees a half-written file. Throws InputError naming the path when it cannot.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// The whole content of a file, or nothing when it cannot be opened (absent, unreadable).
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace latnas
