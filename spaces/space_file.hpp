#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/config_file.hpp"
#include "spaces/search_space.hpp"

namespace latnas {

// Space files (format: data/spaces/README.md): a [space] section and one [stage.LABEL] section per
// stage, in order. Every error names the file, the line, the section and the key.
SpaceDefinition read_space_definition(const ConfigFile& file);
SearchSpace read_space(const ConfigFile& file);
SearchSpace parse_space(std::string_view text, std::string source);
SearchSpace load_space_file(const std::filesystem::path& path);

// The shipped spaces (data/spaces/*.space, compiled in): efficientnet, ofa-mbv3, tiny.
std::vector<std::string> builtin_space_names();
// Parsed once on first use (thread-safe); InputError listing the known names for anything else.
const SearchSpace& builtin_space(std::string_view name);
// The embedded text of a shipped space file.
std::string_view builtin_space_text(std::string_view name);
// A built-in name, else a path to a space file; InputError listing the built-in names otherwise.
SearchSpace resolve_space(const std::string& name_or_path);

}  // namespace latnas
