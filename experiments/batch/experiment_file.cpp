#include "experiments/batch/experiment_file.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/device_profile.hpp"
#include "costmodel/error.hpp"
#include "experiments/batch/experiment_shipped.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/nas/search_options.hpp"
#include "experiments/outputs/text_output.hpp"
#include "spaces/config_file.hpp"
#include "spaces/space_file.hpp"

namespace latnas {
namespace {

constexpr std::array<std::string_view, 3> kExperimentKeys{"name", "description", "out"};
constexpr std::size_t kMaxRangeValues = 10000;

std::string normal_key(std::string_view key) {
  std::string k(key);
  std::replace(k.begin(), k.end(), '_', '-');
  return k;
}

std::string joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

// apply_search_option's messages start with the key ("latency-ms: expected ..."); where() already
// names it.
std::string without_key(const std::string& message, const std::string& key) {
  const std::string prefix = key + ": ";
  return message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message;
}

// Validates one value of a key; returns how `latnas search` describes it once set (so "8" and "8.0"
// are the same value), or throws InputError with apply_search_option's message.
std::string checked_value(const std::string& key, const std::string& value) {
  SearchOptions scratch;
  apply_search_option(scratch, key, value);
  // What names something is resolved now, so that a bad name is reported with its line, before any
  // run is built.
  if (key == "space") (void)resolve_space(value);
  if (key == "device") (void)DeviceProfile::resolve(value);
  if (key == "proxy") (void)make_proxy(value);
  if (key == "init") (void)network_from_reference(value);
  for (const auto& [k, v] : describe(scratch))
    if (k == key) return v;
  return value;
}

// One key spelled twice ('latency-ms' and 'latency_ms'): both spellings and lines.
std::string twice(const ConfigEntry& first, const ConfigEntry& again) {
  return "set twice: as '" + first.key + "' on line " + std::to_string(first.line) + " and as '" + again.key + "' on line " +
         std::to_string(again.line) + " ('_' and '-' are the same in keys): give it once";
}

bool is_numeric(std::string_view key) {
  const SearchOptionSpec* spec = find_search_option(key);
  return spec && spec->has(numeric);
}

std::optional<double> number(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    items.push_back(b == std::string::npos ? std::string() : item.substr(b, e - b + 1));
    if (comma == std::string::npos) return items;
    start = comma + 1;
  }
}

bool valid_label(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '+';
  });
}

// Every item validated and distinct; messages name the item.
std::vector<std::string> checked_axis(const std::string& key, const std::vector<std::string>& raw) {
  const std::vector<std::string> items = expand_list_items(key, raw);
  std::set<std::string> seen;  // a set: axes reach 10000 values
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string resolved;
    try {
      resolved = checked_value(key, items[i]);
    } catch (const InputError& e) {
      throw InputError("item " + std::to_string(i + 1) + " of " + std::to_string(items.size()) + ": " +
                       without_key(e.what(), key));
    }
    if (!seen.insert(resolved).second) throw InputError("'" + items[i] + "' is listed twice (each value gives one run)");
  }
  return items;
}

void read_experiment_section(const ConfigSection& sec, ExperimentFile& x) {
  sec.require_known_keys(kExperimentKeys);
  if (sec.has("name")) {
    x.name = sec.get_string("name");
    if (!valid_label(x.name)) sec.fail("name", "expected letters, digits, '-', '_', '.' or '+', got '" + x.name + "'");
  }
  x.description = sec.get_string("description", "");
  if (sec.has("out")) {
    x.out = sec.get_string("out");
    x.out_where = sec.where("out");
  }
}

void read_search_section(const ConfigSection& sec, ExperimentFile& x) {
  std::map<std::string, const ConfigEntry*> keys;
  for (const ConfigEntry& e : sec.entries()) {
    const std::string key = normal_key(e.key);
    if (key == "out") sec.fail(e.key, "the output folder is set in [experiment] out (each run gets OUT/runs/RUN_ID)");
    if (!is_search_option(key)) {
      std::vector<std::string> known;
      for (const auto& s : search_option_specs())
        if (s.key != "out") known.emplace_back(s.key);
      sec.fail(e.key, "unknown key, expected one of: " + joined(known));
    }
    if (const auto [it, fresh] = keys.emplace(key, &e); !fresh) sec.fail(e.key, twice(*it->second, e));
    if (key == "init") {
      for (const std::string& item : sec.get_list(e.key)) {
        try {
          checked_value(key, item);
        } catch (const InputError& ex) {
          sec.fail(e.key, "'" + item + "': " + without_key(ex.what(), key));
        }
        x.options.push_back({key, item, sec.where(e.key)});
      }
      continue;
    }
    if (is_sweepable(key) && e.value.find(',') != std::string::npos)
      sec.fail(e.key, "a list, '" + e.value + "': lists to sweep belong in [sweep]");
    try {
      checked_value(key, e.value);
    } catch (const InputError& ex) {
      sec.fail(e.key, without_key(ex.what(), key));
    }
    x.options.push_back({key, e.value, sec.where(e.key)});
  }
}

void read_sweep_section(const ConfigSection& sec, ExperimentFile& x) {
  std::map<std::string, const ConfigEntry*> keys;
  for (const ConfigEntry& e : sec.entries()) {
    const std::string key = normal_key(e.key);
    if (!is_sweepable(key)) {
      const std::string why = is_search_option(key) ? "cannot be swept" : "unknown key";
      sec.fail(e.key, why + ", expected one of: " + joined(sweepable_keys()));
    }
    if (const auto [it, fresh] = keys.emplace(key, &e); !fresh) sec.fail(e.key, twice(*it->second, e));
    try {
      x.sweep.push_back({key, checked_axis(key, sec.get_list(e.key)), sec.where(e.key)});
    } catch (const InputError& ex) {
      const std::string msg = ex.what();
      // get_list's own errors already carry the place.
      if (msg.rfind(sec.source(), 0) == 0) throw;
      sec.fail(e.key, msg);
    }
  }
}

void read_compare_section(const ConfigSection& sec, ExperimentFile& x) {
  for (const ConfigEntry& e : sec.entries()) {
    if (!valid_label(e.key)) sec.fail(e.key, "a label: expected letters, digits, '-', '_', '.' or '+'");
    const std::vector<std::string> items = sec.get_list(e.key);
    if (items.size() > 2)
      sec.fail(e.key, "expected MODEL or ARCH, optionally followed by its published top-1 % (\"efficientnet_b0\" or "
                      "\"res=...;blocks=..., 77.1\"), got " + std::to_string(items.size()) + " items");
    CompareNetwork c{e.key, items[0], std::nullopt};
    try {
      network_from_reference(c.reference);
    } catch (const InputError& ex) {
      sec.fail(e.key, ex.what());
    }
    if (items.size() == 2) {
      const auto top1 = number(items[1]);
      if (!top1 || *top1 <= 0 || *top1 > 100)
        sec.fail(e.key, "published top-1: expected a percentage in (0, 100], got '" + items[1] + "'");
      c.published_top1 = *top1;
    } else if (c.reference.find('=') == std::string::npos) {
      for (const CalibrationPoint& p : CalibrationSet::builtin().points())
        if (p.name == c.reference) c.published_top1 = p.top1;
    }
    x.compare.push_back(std::move(c));
  }
}

ExperimentFile read_experiment(const ConfigFile& file, std::string default_name) {
  ExperimentFile x;
  x.source = file.source();
  x.name = std::move(default_name);
  if (std::all_of(file.sections().begin(), file.sections().end(),
                  [](const ConfigSection& s) { return s.name().empty() && s.empty(); }))
    throw InputError(file.source() + ": empty experiment: expected at least one section ([experiment], [search], "
                     "[sweep] or [compare]), got none");
  for (const ConfigSection& sec : file.sections()) {
    const std::string& name = sec.name();
    if (name.empty()) {
      if (!sec.empty())
        sec.fail(sec.entries().front().key, "outside any section: expected [experiment], [search], [sweep] or [compare] first");
    } else if (name == "experiment") {
      read_experiment_section(sec, x);
    } else if (name == "search") {
      read_search_section(sec, x);
    } else if (name == "sweep") {
      read_sweep_section(sec, x);
    } else if (name == "compare") {
      read_compare_section(sec, x);
    } else {
      throw InputError(file.source() + ":" + std::to_string(sec.line()) + ": unknown section [" + name +
                       "], expected [experiment], [search], [sweep] or [compare]");
    }
  }
  if (!valid_label(x.name))
    throw InputError(file.source() + ": the experiment needs a name of letters, digits, '-', '_', '.' or '+' "
                     "([experiment] name), got '" + x.name + "' from the file name");
  for (const SweepAxis& axis : x.sweep)
    for (const ExperimentOption& o : x.options)
      if (o.key == axis.key)
        throw InputError(axis.where + ": also set in [search] (" + o.where + "): give it in one place");
  if (x.out.empty()) {
    x.out = std::filesystem::path("latnas-experiments") / x.name;
    x.out_where = file.source() + ": [experiment] out (default " + x.out.string() + ")";
  }
  return x;
}

}  // namespace

bool is_sweepable(std::string_view key) {
  const SearchOptionSpec* spec = find_search_option(key);
  return spec && spec->has(sweepable);
}

std::vector<std::string> sweepable_keys() {
  std::vector<std::string> keys;
  for (const auto& s : search_option_specs())
    if (is_sweepable(s.key)) keys.emplace_back(s.key);
  return keys;
}

std::vector<std::string> expand_list_items(std::string_view key, const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    if (!is_numeric(key) || std::count(item.begin(), item.end(), ':') != 2) {
      out.push_back(item);
      continue;
    }
    const auto c1 = item.find(':'), c2 = item.rfind(':');
    const auto first = number(std::string_view(item).substr(0, c1));
    const auto last = number(std::string_view(item).substr(c1 + 1, c2 - c1 - 1));
    const auto step = number(std::string_view(item).substr(c2 + 1));
    if (!first || !last || !step)
      throw InputError("range '" + item + "': expected FIRST:LAST:STEP with plain numbers");
    if (*step <= 0 || *last < *first)
      throw InputError("range '" + item + "': expected FIRST <= LAST and a positive STEP");
    const double n = (*last - *first) / *step;
    const double whole = std::round(n);
    if (std::abs(n - whole) > 1e-9 * std::max(1.0, n))
      throw InputError("range '" + item + "': LAST - FIRST is not a multiple of STEP");
    if (whole + 1 > static_cast<double>(kMaxRangeValues))
      throw InputError("range '" + item + "': more than " + std::to_string(kMaxRangeValues) + " values");
    const auto count = static_cast<std::size_t>(whole) + 1;
    const bool integral = *first == std::floor(*first) && *step == std::floor(*step) && std::abs(*last) < 9e15;
    for (std::size_t i = 0; i < count; ++i) {
      if (integral)
        out.push_back(std::to_string(static_cast<long long>(*first) + static_cast<long long>(i) * static_cast<long long>(*step)));
      else
        out.push_back(format_real(*first + static_cast<double>(i) * *step));
    }
  }
  return out;
}

ExperimentFile parse_experiment(std::string_view text, std::string source, std::string default_name) {
  return read_experiment(ConfigFile::parse(text, std::move(source)), std::move(default_name));
}

ExperimentFile load_experiment_file(const std::filesystem::path& path) {
  return read_experiment(ConfigFile::load(path), path.stem().string());
}

ExperimentFile resolve_experiment(const std::string& name_or_path) {
  if (const auto text = shipped_experiment_text(name_or_path))
    return parse_experiment(*text, "<shipped>/" + name_or_path + ".experiment", name_or_path);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name_or_path, ec))
    throw InputError("'" + name_or_path + "': neither a shipped experiment (" + joined(shipped_experiment_names()) +
                     ") nor an experiment file");
  return load_experiment_file(name_or_path);
}

void override_option(ExperimentFile& x, std::string_view raw_key, const std::string& value) {
  const std::string key = normal_key(raw_key);
  const std::string where = "--" + key;
  if (!is_search_option(key)) throw InputError(where + ": unknown option");
  if (key == "out") {
    if (value.empty()) throw InputError(where + ": expected a folder");
    x.out = value;
    x.out_where = where;
    return;
  }
  if (key == "init") return override_init(x, {value});
  std::vector<std::string> items = split_commas(value);
  const bool list = is_sweepable(key) && (items.size() > 1 || (is_numeric(key) && std::count(value.begin(), value.end(), ':') == 2));
  std::erase_if(x.options, [&](const ExperimentOption& o) { return o.key == key; });
  const auto axis = std::find_if(x.sweep.begin(), x.sweep.end(), [&](const SweepAxis& a) { return a.key == key; });
  try {
    if (list) {
      for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].empty()) throw InputError("malformed list '" + value + "': item " + std::to_string(i + 1) + " is empty");
      SweepAxis replacement{key, checked_axis(key, items), where};
      if (axis != x.sweep.end())
        *axis = std::move(replacement);
      else
        x.sweep.push_back(std::move(replacement));
      return;
    }
    checked_value(key, value);
  } catch (const InputError& e) {
    throw InputError(where + ": " + without_key(e.what(), key));
  }
  if (axis != x.sweep.end()) x.sweep.erase(axis);
  x.options.push_back({key, value, where});
}

void override_init(ExperimentFile& x, const std::vector<std::string>& values) {
  std::erase_if(x.options, [](const ExperimentOption& o) { return o.key == "init"; });
  for (const std::string& v : values) {
    try {
      checked_value("init", v);
    } catch (const InputError& e) {
      throw InputError("--init: " + without_key(e.what(), "init"));
    }
    x.options.push_back({"init", v, "--init"});
  }
}

}  // namespace latnas
