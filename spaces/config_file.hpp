#pragma once
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace latnas {

// One `key = value` line of a config file.
struct ConfigEntry {
  std::string key;
  std::string value;  // trimmed; may be empty
  int line = 0;       // 1-based
};

// One `[name]` section (or the keys before the first section, whose name is empty). Every error
// it throws names the source, the line, the section and the key:
//   "tiny.space:12: [stage.2] kernel: expected an odd kernel size from 1 to 15, got 4"
class ConfigSection {
 public:
  ConfigSection(std::string source, std::string name, int line, std::vector<ConfigEntry> entries);

  const std::string& name() const { return name_; }
  int line() const { return line_; }  // the `[name]` line; 0 for the keys before any section
  const std::string& source() const { return source_; }
  const std::vector<ConfigEntry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  const ConfigEntry* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }

  // Rejects any key not in `allowed`, naming it and listing the allowed ones.
  void require_known_keys(std::span<const std::string_view> allowed) const;

  // "SOURCE:LINE: [SECTION] KEY" for a key of this section (the section's line if it is absent).
  std::string where(std::string_view key) const;
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

  // Typed getters. The one-argument forms require the key; the others return a default or nothing.
  const std::string& get_string(std::string_view key) const;
  std::string get_string(std::string_view key, std::string_view fallback) const;
  long long get_int(std::string_view key, long long lo, long long hi) const;
  std::optional<long long> find_int(std::string_view key, long long lo, long long hi) const;
  double get_real(std::string_view key, double lo, double hi) const;
  // true/false (also yes/no, on/off, 1/0).
  bool get_bool(std::string_view key, bool fallback) const;
  std::optional<double> find_real(std::string_view key, double lo, double hi) const;

  // Comma-separated lists: items trimmed; an empty list or an empty item ("3,,5", "3,") is an error
  // naming the item's position. Integer items may also be inclusive ranges FIRST:LAST:STEP
  // ("128:224:4" is 128, 132, ..., 224); LAST - FIRST must be a multiple of STEP.
  std::vector<std::string> get_list(std::string_view key) const;
  std::vector<long long> get_int_list(std::string_view key, long long lo, long long hi) const;
  std::vector<double> get_real_list(std::string_view key, double lo, double hi) const;

 private:
  const ConfigEntry& require(std::string_view key) const;

  std::string source_;
  std::string name_;
  int line_ = 0;
  std::vector<ConfigEntry> entries_;
};

// An INI-style file read with Boost.PropertyTree's INI parser (so its syntax rules and errors are
// Boost's: `[section]` lines, `key = value` lines, whole-line comments starting with `#` or `;`, no
// duplicate sections or keys), plus the line of every section and key, which PropertyTree does not
// keep, so that later errors can name it. Sections keep the file's order, empty ones included.
class ConfigFile {
 public:
  // `source` names the text in messages (a path, or "<embedded>/tiny.space"). Throws InputError.
  static ConfigFile parse(std::string_view text, std::string source);
  // Reads and parses a file; throws InputError naming the path if it cannot be read.
  static ConfigFile load(const std::filesystem::path& path);

  const std::string& source() const { return source_; }
  const std::vector<ConfigSection>& sections() const { return sections_; }
  const ConfigSection* find(std::string_view name) const;
  // The named section; InputError naming the file if it is missing.
  const ConfigSection& section(std::string_view name) const;

 private:
  std::string source_;
  std::vector<ConfigSection> sections_;
};

}  // namespace latnas
