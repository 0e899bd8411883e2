#include "costmodel/device_profile.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "costmodel/embedded.hpp"
#include "costmodel/block_spec.hpp"  // format_number
#include "costmodel/error.hpp"
#include "costmodel/text.hpp"

namespace latnas {

namespace {

using text::trim;
using text::in_quotes;

constexpr std::string_view kOrinName = "orin-agx-50w";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Splits off the first whitespace-delimited word of s (s trimmed); returns {word, rest trimmed}.
std::pair<std::string_view, std::string_view> first_word(std::string_view s) {
  std::size_t end = 0;
  while (end < s.size() && !is_space(s[end])) ++end;
  return {s.substr(0, end), trim(s.substr(end))};
}

std::string pattern_list() {
  std::string out;
  for (std::string_view n : pattern_names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string builtin_list() {
  std::string out;
  for (const std::string& n : DeviceProfile::builtin_names()) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

DeviceProfile::DeviceProfile(std::string name, std::string description, double gpu_peak_gmacs, double cpu_peak_gmacs,
                             std::array<EfficiencyCurve, all_patterns.size()> gpu_curves, EfficiencyCurve cpu_curve,
                             std::string source, FixedCosts fixed)
    : name_(std::move(name)),
      description_(std::move(description)),
      source_(std::move(source)),
      gpu_peak_gmacs_(gpu_peak_gmacs),
      cpu_peak_gmacs_(cpu_peak_gmacs),
      gpu_curves_(std::move(gpu_curves)),
      cpu_curve_(std::move(cpu_curve)),
      gpu_fixed_(fixed) {
  if (name_.empty() || name_.find_first_of(" \t\r\n#") != std::string::npos)
    throw std::invalid_argument("DeviceProfile: name must be one word without '#'");
  if (description_.find_first_of("\r\n#") != std::string::npos)
    throw std::invalid_argument("DeviceProfile: description must be one line without '#'");
  if (!(std::isfinite(gpu_peak_gmacs_) && gpu_peak_gmacs_ > 0 && std::isfinite(cpu_peak_gmacs_) && cpu_peak_gmacs_ > 0))
    throw std::invalid_argument("DeviceProfile: peaks must be finite and > 0");
  if (!(std::isfinite(gpu_fixed_.unit_us) && gpu_fixed_.unit_us >= 0 && std::isfinite(gpu_fixed_.se_us) &&
        gpu_fixed_.se_us >= 0))
    throw std::invalid_argument("DeviceProfile: fixed costs must be finite and >= 0");
}

DeviceProfile DeviceProfile::parse(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark

  std::optional<std::string> name;
  std::string description;
  std::optional<double> gpu_peak;
  std::optional<double> cpu_peak;
  std::array<std::optional<EfficiencyCurve>, all_patterns.size()> gpu;
  std::optional<EfficiencyCurve> cpu;
  FixedCosts fixed;
  std::map<std::string, std::size_t> seen;  // row key -> line first given

  std::size_t line_no = 0;
  auto fail = [&](const std::string& why) -> void {
    throw InputError(source + ":" + std::to_string(line_no) + ": " + why);
  };
  auto once = [&](const std::string& key) {
    auto [it, inserted] = seen.emplace(key, line_no);
    if (!inserted)
      fail("duplicate row " + in_quotes(key) + ": expected one, got a second (first on line " +
           std::to_string(it->second) + ")");
  };
  auto number = [&](std::string_view key, std::string_view rest, std::string_view what, std::string_view example) {
    if (rest.empty()) fail(in_quotes(key) + ": expected " + std::string(what) + ", got nothing");
    auto [word, extra] = first_word(rest);
    if (!extra.empty()) fail(in_quotes(key) + ": expected one number, got extra " + in_quotes(extra));
    double value = 0;
    const char* first = word.data();
    const char* last = word.data() + word.size();
    if (first != last && *first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last || !std::isfinite(value))
      fail(in_quotes(key) + ": bad number " + in_quotes(word) + ": expected " + std::string(what) + " such as " +
           std::string(example) + ", got " + in_quotes(word));
    return std::pair<double, std::string_view>{value, word};
  };
  auto fixed_cost = [&](std::string_view key, std::string_view rest) {
    const auto [value, word] = number(key, rest, "a cost in microseconds", "2.5");
    if (!(value >= 0 && value <= 1e9))
      fail(in_quotes(key) + ": expected a cost from 0 to 1e9 microseconds, got " + in_quotes(word));
    return value + 0.0;  // -0 becomes +0
  };
  auto peak = [&](std::string_view key, std::string_view rest) {
    const auto [value, word] = number(key, rest, "a peak in G MACs/s", "958");
    // Bounded so that every latency stays finite and positive (a tiny, denormal or 2^64 peak
    // would send them to inf or 0).
    if (!(value >= 1e-3 && value <= 1e9))
      fail(in_quotes(key) + ": expected a peak from 0.001 to 1e9 G MACs/s, got " + in_quotes(word));
    return value;
  };
  auto curve = [&](const std::string& row, std::string_view bands) {
    try {
      return EfficiencyCurve::parse(bands);
    } catch (const InputError& e) {
      fail(in_quotes(row) + ": " + e.what());
    }
    throw std::logic_error("unreachable");
  };

  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;

    auto [key, rest] = first_word(line);
    if (key == "name") {
      once("name");
      if (rest.empty()) fail("'name': expected a device name, got nothing");
      auto [word, extra] = first_word(rest);
      if (!extra.empty()) fail("'name': expected one word, got " + in_quotes(rest));
      if (word.find('\r') != std::string_view::npos) fail("'name': expected one word, got a carriage return inside it");
      name = std::string(word);
    } else if (key == "description") {
      once("description");
      // A carriage return inside the line (found by fuzzing) would make the profile unwritable.
      if (rest.find('\r') != std::string_view::npos) fail("'description': expected one line, got a carriage return inside it");
      description = std::string(rest);
    } else if (key == "gpu_peak") {
      once("gpu_peak");
      gpu_peak = peak(key, rest);
    } else if (key == "cpu_peak") {
      once("cpu_peak");
      cpu_peak = peak(key, rest);
    } else if (key == "gpu_unit_us") {
      once("gpu_unit_us");
      fixed.unit_us = fixed_cost(key, rest);
    } else if (key == "gpu_se_us") {
      once("gpu_se_us");
      fixed.se_us = fixed_cost(key, rest);
    } else if (key == "gpu") {
      auto [pattern_name, bands] = first_word(rest);
      if (pattern_name.empty()) fail("'gpu': expected a pattern (" + pattern_list() + "), got nothing");
      const std::optional<Pattern> p = parse_pattern(pattern_name);
      if (!p) fail("unknown pattern " + in_quotes(pattern_name) + ": expected one of " + pattern_list());
      const std::string row = "gpu " + std::string(pattern_name);
      once(row);
      gpu[static_cast<std::size_t>(*p)] = curve(row, bands);
    } else if (key == "cpu") {
      once("cpu");
      if (auto [word, after] = first_word(rest); parse_pattern(word))
        fail("'cpu': expected bands (one CPU row serves every pattern), got pattern " + in_quotes(word));
      cpu = curve("cpu", rest);
    } else {
      fail("unknown key " + in_quotes(key) +
           ": expected one of name, description, gpu_peak, cpu_peak, gpu, cpu, gpu_unit_us, gpu_se_us");
    }
  }

  std::string missing;
  auto need = [&](bool present, const std::string& what) {
    if (present) return;
    if (!missing.empty()) missing += ", ";
    missing += in_quotes(what);
  };
  need(name.has_value(), "name");
  need(gpu_peak.has_value(), "gpu_peak");
  need(cpu_peak.has_value(), "cpu_peak");
  for (Pattern p : all_patterns) need(gpu[static_cast<std::size_t>(p)].has_value(), "gpu " + std::string(to_string(p)));
  need(cpu.has_value(), "cpu");
  if (!missing.empty()) {
    line_no = std::max<std::size_t>(line_no, 1);
    fail("end of file: missing " + missing +
         ": expected name, gpu_peak, cpu_peak, a 'gpu PATTERN' row for each of " + pattern_list() +
         " and a 'cpu' row");
  }

  std::array<EfficiencyCurve, all_patterns.size()> gpu_curves;
  for (std::size_t i = 0; i < gpu_curves.size(); ++i) gpu_curves[i] = std::move(*gpu[i]);
  return DeviceProfile(std::move(*name), std::move(description), *gpu_peak, *cpu_peak, std::move(gpu_curves),
                       std::move(*cpu), source, fixed);
}

DeviceProfile DeviceProfile::load(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError("device profile " + in_quotes(path.string()) + ": expected a file, got a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open device profile " + in_quotes(path.string()) + ": expected a readable file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError("cannot read device profile " + in_quotes(path.string()));
  return parse(buffer.str(), path.string());
}

const DeviceProfile& DeviceProfile::orin_agx_50w() {
  static const DeviceProfile profile = parse(embedded::orin_agx_50w_profile(), "<embedded>/orin-agx-50w.profile");
  return profile;
}

std::vector<std::string> DeviceProfile::builtin_names() { return {std::string(kOrinName)}; }

DeviceProfile DeviceProfile::resolve(const std::string& name_or_path) {
  if (name_or_path == kOrinName) return orin_agx_50w();
  const std::filesystem::path path(name_or_path);
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return load(path);
  if (std::filesystem::exists(path, ec))
    throw InputError("device " + in_quotes(name_or_path) + ": expected a built-in device (" + builtin_list() +
                     ") or a profile file, got a path that is not a regular file");
  throw InputError("unknown device " + in_quotes(name_or_path) + ": expected a built-in device (" + builtin_list() +
                   ") or the path of a profile file, got neither (no such file)");
}

std::string DeviceProfile::to_text() const {
  std::string out;
  out += "name " + name_ + "\n";
  if (!description_.empty()) out += "description " + description_ + "\n";
  out += "gpu_peak " + format_number(gpu_peak_gmacs_) + "\n";
  out += "cpu_peak " + format_number(cpu_peak_gmacs_) + "\n";
  for (Pattern p : all_patterns) out += "gpu " + std::string(to_string(p)) + " " + gpu_curve(p).to_string() + "\n";
  out += "cpu " + cpu_curve_.to_string() + "\n";
  if (gpu_fixed_.unit_us != 0) out += "gpu_unit_us " + format_number(gpu_fixed_.unit_us) + "\n";
  if (gpu_fixed_.se_us != 0) out += "gpu_se_us " + format_number(gpu_fixed_.se_us) + "\n";
  return out;
}

}  // namespace latnas
