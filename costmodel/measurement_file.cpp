#include "costmodel/measurement_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "costmodel/csv_table.hpp"
#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/text.hpp"

namespace latnas {
namespace {

using text::in_quotes;
using text::trim;

std::string read_text(const std::filesystem::path& path, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(std::string(what) + " " + in_quotes(path.string()) + ": expected a file, got a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open " + std::string(what) + " " + in_quotes(path.string()) + ": expected a readable file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError("cannot read " + std::string(what) + " " + in_quotes(path.string()));
  return buffer.str();
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Parses JSON, turning a syntax error into "SOURCE:LINE: bad JSON: ...".
nlohmann::json parse_json(std::string_view text, const std::string& source) {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t byte = std::min<std::size_t>(e.byte, text.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(
                                                                                                   byte > 0 ? byte - 1 : 0),
                                                                     '\n'));
    throw InputError(source + ":" + std::to_string(line) + ": bad JSON (byte " + std::to_string(e.byte) +
                     "): expected a trtexec export, got a syntax error");
  }
}

double json_number(const nlohmann::json& record, const char* key, const std::string& where) {
  const auto it = record.find(key);
  if (it == record.end() || !it->is_number())
    throw InputError(where + ": expected a number " + in_quotes(key) + ", got " +
                     (it == record.end() ? std::string("none") : in_quotes(it->dump())));
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < 0) throw InputError(where + ": " + in_quotes(key) + ": expected a time >= 0, got " + it->dump());
  return v;
}

NetworkSpec network_of(const std::string& ref, const std::string& where) {
  try {
    if (ref.find('=') != std::string::npos) return parse_canonical(ref);
    if (!ModelZoo::builtin().has_model(ref))
      throw InputError("expected a canonical arch string (with '=') or a built-in model name, got " + in_quotes(ref));
    return ModelZoo::builtin().build(ref);
  } catch (const InputError& e) {
    throw InputError(where + ": arch: " + e.what());
  }
}

}  // namespace

TrtexecTimes parse_trtexec_times(std::string_view json, const std::string& source) {
  const nlohmann::json doc = parse_json(json, source);
  if (!doc.is_array() || doc.empty())
    throw InputError(source + ": expected a trtexec --exportTimes array of per-iteration records, got " +
                     (doc.is_array() ? std::string("an empty array") : std::string(doc.type_name())));
  std::vector<double> compute, latency;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const std::string where = source + ": record #" + std::to_string(i + 1);
    if (!doc[i].is_object()) throw InputError(where + ": expected an object, got " + std::string(doc[i].type_name()));
    compute.push_back(json_number(doc[i], "computeMs", where));
    latency.push_back(doc[i].contains("latencyMs") ? json_number(doc[i], "latencyMs", where) : compute.back());
  }
  TrtexecTimes t;
  t.iterations = doc.size();
  t.median_compute_ms = median(compute);
  t.median_latency_ms = median(latency);
  if (!(t.median_compute_ms > 0)) throw InputError(source + ": expected a median computeMs > 0, got 0");
  return t;
}

TrtexecProfile parse_trtexec_profile(std::string_view json, const std::string& source) {
  const nlohmann::json doc = parse_json(json, source);
  if (!doc.is_array() || doc.size() < 2)
    throw InputError(source + ": expected a trtexec --exportProfile array ([{\"count\": N}, layer, ...]), got " +
                     (doc.is_array() ? std::to_string(doc.size()) + " element(s)" : std::string(doc.type_name())));
  TrtexecProfile p;
  const auto count = doc[0].is_object() ? doc[0].find("count") : doc[0].end();
  if (!doc[0].is_object() || count == doc[0].end() || !count->is_number_unsigned())
    throw InputError(source + ": record #1: expected {\"count\": N} with the number of profiled iterations, got " +
                     doc[0].dump());
  p.count = count->get<std::size_t>();
  for (std::size_t i = 1; i < doc.size(); ++i) {
    const std::string where = source + ": record #" + std::to_string(i + 1);
    const nlohmann::json& r = doc[i];
    if (!r.is_object()) throw InputError(where + ": expected a layer object, got " + std::string(r.type_name()));
    const auto name = r.find("name");
    if (name == r.end() || !name->is_string()) throw InputError(where + ": expected a string \"name\"");
    TrtexecLayer l;
    l.name = name->get<std::string>();
    l.time_ms = json_number(r, "timeMs", where);
    l.average_ms = json_number(r, "averageMs", where);
    l.percentage = r.contains("percentage") ? json_number(r, "percentage", where) : 0.0;
    p.total_average_ms += l.average_ms;
    p.layers.push_back(std::move(l));
  }
  if (!(p.total_average_ms > 0)) throw InputError(source + ": expected layers with averageMs > 0, got a total of 0");
  return p;
}

std::vector<Measurement> parse_measurements(std::string_view text, const std::string& source,
                                            const std::filesystem::path& base_dir,
                                            const OnnxNetworkReader& onnx_network) {
  const CsvTable t = CsvTable::parse(text, source);
  auto has = [&](std::string_view c) { return std::find(t.header().begin(), t.header().end(), c) != t.header().end(); };
  if (!has("arch") && !has("onnx"))
    throw InputError(source + ":1: expected a column 'arch' (canonical string or built-in model) or 'onnx', got neither");
  if (!has("ms") && !has("times") && !has("profile"))
    throw InputError(source + ":1: expected a column 'ms' (or 'times' / 'profile': trtexec JSON files), got none of them");
  if (t.rows() == 0) throw InputError(source + ": expected measurement rows after the header, got none");
  auto cell = [&](std::size_t row, std::string_view c) -> std::string {
    return has(c) ? std::string(trim(t.at(row, c))) : std::string();
  };

  std::vector<Measurement> out;
  out.reserve(t.rows());
  for (std::size_t row = 0; row < t.rows(); ++row) {
    Measurement m;
    m.where = t.where(row);
    const std::string arch = cell(row, "arch"), onnx = cell(row, "onnx");
    if (!arch.empty() && !onnx.empty()) throw InputError(m.where + ": expected one of 'arch' or 'onnx', got both");
    if (!onnx.empty()) {
      if (!onnx_network)
        throw InputError(m.where + ": onnx " + in_quotes(onnx) +
                         ": no ONNX reader here: expected an 'arch' (a canonical string, as `latnas cost` prints)");
      const std::filesystem::path file = std::filesystem::path(onnx).is_absolute() ? std::filesystem::path(onnx) : base_dir / onnx;
      try {
        m.network = onnx_network(file);
      } catch (const InputError& e) {
        throw InputError(m.where + ": onnx " + in_quotes(onnx) + ": " + e.what());
      }
    } else {
      if (arch.empty()) throw InputError(m.where + ": expected an 'arch' (canonical string or built-in model), got nothing");
      m.network = network_of(arch, m.where);
    }
    m.arch = canonical_string(m.network);

    if (const std::string u = cell(row, "unit"); !u.empty()) {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(u.data(), u.data() + u.size(), index);
      if (ec != std::errc() || end != u.data() + u.size())
        throw InputError(m.where + ": unit: expected a unit index (as `latnas cost --format csv` numbers them), got " +
                         in_quotes(u));
      const std::size_t units = count_units(m.network).size();
      if (index >= units)
        throw InputError(m.where + ": unit: expected an index in [0, " + std::to_string(units - 1) + "], got " + u);
      m.unit = index;
    }

    const std::string ms = cell(row, "ms"), times = cell(row, "times"), profile = cell(row, "profile");
    const int given = int(!ms.empty()) + int(!times.empty()) + int(!profile.empty() && times.empty());
    if (given == 0) throw InputError(m.where + ": expected a time: 'ms', or a trtexec 'times' or 'profile' file, got none");
    if (!ms.empty() && (!times.empty() || !profile.empty()))
      throw InputError(m.where + ": expected either 'ms' or trtexec files, got both");
    if (!ms.empty()) {
      const std::optional<double> v = parse_double(ms);
      if (!v) throw InputError(m.where + ": ms: expected a number of milliseconds, got " + in_quotes(ms));
      if (!(*v > 0)) throw InputError(m.where + ": ms: expected a latency > 0, got " + in_quotes(ms));
      m.ms = *v;
      m.origin = "ms";
    } else {
      if (m.unit) throw InputError(m.where + ": unit: expected 'ms' for a unit row, got a trtexec file");
      const bool use_times = !times.empty();
      const std::filesystem::path file = base_dir / (use_times ? times : profile);
      try {
        if (use_times) {
          m.ms = parse_trtexec_times(read_text(file, "trtexec times"), file.string()).median_compute_ms;
          m.origin = "times " + (use_times ? times : profile);
        } else {
          m.ms = parse_trtexec_profile(read_text(file, "trtexec profile"), file.string()).total_average_ms;
          m.origin = "profile " + profile;
        }
      } catch (const InputError& e) {
        throw InputError(m.where + ": " + e.what());
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Measurement> read_measurements(const std::filesystem::path& csv, const OnnxNetworkReader& onnx_network) {
  return parse_measurements(read_text(csv, "measurement file"), csv.string(), csv.parent_path(), onnx_network);
}

}  // namespace latnas
