#pragma once
#include <string>
#include <string_view>
#include <vector>

// Small string helpers shared by the readers of block strings, profiles and config files.
namespace latnas::text {

// Without leading and trailing white space (space, tab, CR, LF, FF, VT).
std::string_view trim(std::string_view s);
// The fields between separators, empty ones included ("a,,b" has three).
std::vector<std::string_view> split(std::string_view s, char sep);
// 'x', for naming a token in a message.
std::string in_quotes(std::string_view s);

}  // namespace latnas::text
