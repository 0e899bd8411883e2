#include "spaces/config_file.hpp"

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "costmodel/block_spec.hpp"
#include "costmodel/error.hpp"
#include "costmodel/text.hpp"

namespace latnas {
namespace {

using text::trim;

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    out.push_back(trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

template <class T>
std::optional<T> parse_number(std::string_view text) {
  T v{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if constexpr (std::is_floating_point_v<T>)
    if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::string range_text(double lo, double hi) { return "from " + format_number(lo) + " to " + format_number(hi); }

// Where a section and its keys sit in the text. PropertyTree keeps no lines, so the text is walked
// once more with the parser's own rules (it has already accepted the syntax).
struct LocatedSection {
  std::string name;
  int line = 0;
  std::vector<std::pair<std::string, int>> keys;
};

std::vector<LocatedSection> locate(std::string_view text, const std::string& source) {
  std::vector<LocatedSection> out(1);  // out[0]: keys before the first section
  int line_no = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::string_view line = trim(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    ++line_no;
    if (!line.empty() && line[0] != '#' && line[0] != ';') {
      if (line[0] == '[') {
        std::string name(trim(line.substr(1, line.find(']') - 1)));
        for (std::size_t i = 1; i < out.size(); ++i)
          if (out[i].name == name)
            throw InputError(source + ":" + std::to_string(line_no) + ": duplicate section name '" + name +
                             "' (first at line " + std::to_string(out[i].line) + ")");
        out.push_back(LocatedSection{std::move(name), line_no, {}});
      } else {
        out.back().keys.emplace_back(std::string(trim(line.substr(0, line.find('=')))), line_no);
      }
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

ConfigSection::ConfigSection(std::string source, std::string name, int line, std::vector<ConfigEntry> entries)
    : source_(std::move(source)), name_(std::move(name)), line_(line), entries_(std::move(entries)) {}

const ConfigEntry* ConfigSection::find(std::string_view key) const {
  for (const ConfigEntry& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

std::string ConfigSection::where(std::string_view key) const {
  const ConfigEntry* e = find(key);
  std::string s = source_ + ":" + std::to_string(e ? e->line : line_) + ": ";
  if (!name_.empty()) s += "[" + name_ + "] ";
  return s + std::string(key);
}

void ConfigSection::fail(std::string_view key, const std::string& message) const {
  throw InputError(where(key) + ": " + message);
}

void ConfigSection::require_known_keys(std::span<const std::string_view> allowed) const {
  for (const ConfigEntry& e : entries_) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == e.key;
    if (known) continue;
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(e.key, "unknown key, expected one of: " + list);
  }
}

const ConfigEntry& ConfigSection::require(std::string_view key) const {
  const ConfigEntry* e = find(key);
  if (!e) fail(key, "missing (required in this section)");
  return *e;
}

const std::string& ConfigSection::get_string(std::string_view key) const {
  const ConfigEntry& e = require(key);
  if (e.value.empty()) fail(key, "expected a value, got nothing");
  return e.value;
}

std::string ConfigSection::get_string(std::string_view key, std::string_view fallback) const {
  return has(key) ? get_string(key) : std::string(fallback);
}

long long ConfigSection::get_int(std::string_view key, long long lo, long long hi) const {
  const std::string& text = get_string(key);
  const auto v = parse_number<long long>(text);
  if (!v) fail(key, "expected an integer, got '" + text + "'");
  if (*v < lo || *v > hi)
    fail(key, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " + text);
  return *v;
}

std::optional<long long> ConfigSection::find_int(std::string_view key, long long lo, long long hi) const {
  if (!has(key)) return std::nullopt;
  return get_int(key, lo, hi);
}

double ConfigSection::get_real(std::string_view key, double lo, double hi) const {
  const std::string& text = get_string(key);
  const auto v = parse_number<double>(text);
  if (!v) fail(key, "expected a number, got '" + text + "'");
  if (*v < lo || *v > hi) fail(key, "expected a number " + range_text(lo, hi) + ", got " + text);
  return *v;
}

bool ConfigSection::get_bool(std::string_view key, bool fallback) const {
  if (!has(key)) return fallback;
  const std::string& v = get_string(key);
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  fail(key, "expected true or false, got '" + v + "'");
}

std::optional<double> ConfigSection::find_real(std::string_view key, double lo, double hi) const {
  if (!has(key)) return std::nullopt;
  return get_real(key, lo, hi);
}

std::vector<std::string> ConfigSection::get_list(std::string_view key) const {
  const std::string& text = get_string(key);
  const auto items = split_list(text);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].empty())
      fail(key, "malformed list '" + text + "': item " + std::to_string(i + 1) + " of " + std::to_string(items.size()) +
                    " is empty (expected values separated by single commas)");
    out.emplace_back(items[i]);
  }
  return out;
}

std::vector<long long> ConfigSection::get_int_list(std::string_view key, long long lo, long long hi) const {
  const auto items = get_list(key);
  std::vector<long long> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string at = "item " + std::to_string(i + 1) + " '" + items[i] + "': ";
    auto number = [&](std::string_view t) {
      const auto v = parse_number<long long>(trim(t));
      if (!v) fail(key, at + "expected an integer or a range FIRST:LAST:STEP, got '" + std::string(t) + "'");
      if (*v < lo || *v > hi)
        fail(key, at + "expected integers from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                      std::to_string(*v));
      return *v;
    };
    const std::string_view item = items[i];
    const auto c1 = item.find(':');
    if (c1 == std::string_view::npos) {
      out.push_back(number(item));
      continue;
    }
    const auto c2 = item.find(':', c1 + 1);
    if (c2 == std::string_view::npos)
      fail(key, at + "expected a range FIRST:LAST:STEP, got '" + items[i] + "'");
    const long long first = number(item.substr(0, c1)), last = number(item.substr(c1 + 1, c2 - c1 - 1));
    const auto step = parse_number<long long>(trim(item.substr(c2 + 1)));
    if (!step || *step < 1) fail(key, at + "expected a positive integer step, got '" + std::string(item.substr(c2 + 1)) + "'");
    if (last < first) fail(key, at + "expected FIRST <= LAST, got " + std::to_string(first) + " > " + std::to_string(last));
    if ((last - first) % *step != 0)
      fail(key, at + "expected LAST - FIRST to be a multiple of STEP, got " + std::to_string(last - first) + " and step " +
                    std::to_string(*step));
    if ((last - first) / *step >= 100000) fail(key, at + "expected at most 100000 values in a range");
    for (long long v = first; v <= last; v += *step) out.push_back(v);
  }
  return out;
}

std::vector<double> ConfigSection::get_real_list(std::string_view key, double lo, double hi) const {
  const auto items = get_list(key);
  std::vector<double> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto v = parse_number<double>(items[i]);
    const std::string at = "item " + std::to_string(i + 1) + ": ";
    if (!v) fail(key, at + "expected a number, got '" + items[i] + "'");
    if (*v < lo || *v > hi) fail(key, at + "expected numbers " + range_text(lo, hi) + ", got " + items[i]);
    out.push_back(*v);
  }
  return out;
}

ConfigFile ConfigFile::parse(std::string_view text, std::string source) {
  namespace pt = boost::property_tree;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
  pt::ptree tree;
  std::istringstream in{std::string(text)};
  try {
    pt::read_ini(in, tree);
  } catch (const pt::ini_parser_error& e) {
    throw InputError(source + ":" + std::to_string(e.line()) + ": " + e.message());
  }
  ConfigFile file;
  file.source_ = source;
  const std::vector<LocatedSection> located = locate(text, source);
  for (std::size_t i = 0; i < located.size(); ++i) {
    const LocatedSection& loc = located[i];
    if (i == 0 && loc.keys.empty()) continue;
    // Boost drops sections without keys; they are kept here so that a reader can object to them.
    const pt::ptree* keys = &tree;
    if (i > 0) {
      const auto node = tree.find(loc.name);
      keys = node == tree.not_found() ? nullptr : &node->second;
    }
    std::vector<ConfigEntry> entries;
    for (const auto& [key, line] : loc.keys) {
      std::string value;
      if (keys)
        if (const auto v = keys->find(key); v != keys->not_found()) value = v->second.data();
      entries.push_back(ConfigEntry{key, std::move(value), line});
    }
    file.sections_.emplace_back(source, loc.name, loc.line, std::move(entries));
  }
  return file;
}

ConfigFile ConfigFile::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path.string() + ": expected a file, got a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path.string() + ": read error");
  return parse(text.str(), path.string());
}

const ConfigSection* ConfigFile::find(std::string_view name) const {
  for (const ConfigSection& s : sections_)
    if (s.name() == name) return &s;
  return nullptr;
}

const ConfigSection& ConfigFile::section(std::string_view name) const {
  const ConfigSection* s = find(name);
  if (!s) throw InputError(source_ + ": missing section [" + std::string(name) + "]");
  return *s;
}

}  // namespace latnas
