#include "experiments/batch/batch_summary.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>

#include "costmodel/csv_table.hpp"
#include "costmodel/error.hpp"
#include "costmodel/scorer.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/nas/search_outputs.hpp"
#include "experiments/outputs/svg_plot.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"

namespace latnas {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError(p.string() + ": cannot read (rerun the experiment with --force)");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string s;
  for (std::size_t i = 0; i < fields.size(); ++i) s += (i ? "," : "") + csv_field(fields[i]);
  return s + "\n";
}

double real(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

std::string column_name(std::string key) {
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

// The options every summary.csv shows, in the schema's order.
std::vector<std::string> summary_keys() {
  std::vector<std::string> keys;
  for (const SearchOptionSpec& s : search_option_specs())
    if (s.has(summary_column)) keys.emplace_back(s.key);
  return keys;
}

// The swept keys that summary.csv does not show anyway, in [sweep] order.
std::vector<std::string> extra_keys(const ExperimentFile& x) {
  const std::vector<std::string> always = summary_keys();
  std::vector<std::string> keys;
  for (const SweepAxis& a : x.sweep)
    if (std::find(always.begin(), always.end(), a.key) == always.end()) keys.push_back(a.key);
  return keys;
}

struct GroupKey {
  std::string space, device, proxy;
  auto operator<=>(const GroupKey&) const = default;
};

GroupKey group_of(const RunResult& r) { return {r.option("space"), r.option("device"), r.option("proxy")}; }

// Scorers for the (device, proxy) pairs of the runs, built once each.
class ScorerCache {
 public:
  const Scorer& get(const std::string& device, const std::string& proxy) {
    auto& s = cache_[{device, proxy}];
    if (!s) s = std::make_unique<Scorer>(DeviceProfile::resolve(device), make_proxy(proxy));
    return *s;
  }

 private:
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Scorer>> cache_;
};

std::string summary_csv(const ExperimentFile& x, const std::vector<RunResult>& runs) {
  std::vector<std::string> header{"run_id"};
  for (const auto& k : summary_keys()) header.push_back(column_name(k));
  const auto extras = extra_keys(x);
  for (const auto& k : extras) header.push_back(column_name(k));
  for (const char* c : {"evaluations", "front_size", "hypervolume", "best_accuracy_proxy", "best_gpu_ms", "best_macs",
                        "best_params", "best_accuracy_proxy_in_range", "best_arch", "wall_seconds"})
    header.emplace_back(c);
  std::string s = csv_line(header);
  for (const RunResult& r : runs) {
    std::vector<std::string> row{r.id};
    for (const auto& k : summary_keys()) row.push_back(r.option(k));
    for (const auto& k : extras) row.push_back(r.option(k));
    row.push_back(std::to_string(r.evaluations));
    row.push_back(std::to_string(r.front_size));
    row.push_back(format_real(r.hypervolume));
    for (auto field : {&RunResult::Best::accuracy, &RunResult::Best::gpu_ms, &RunResult::Best::macs, &RunResult::Best::params,
                       &RunResult::Best::in_range, &RunResult::Best::arch})
      row.push_back(r.best ? (*r.best).*field : std::string());
    row.push_back(fixed(r.wall_seconds, 3));
    s += csv_line(row);
  }
  return s;
}

struct MergedRow {
  const RunResult* run;
  const std::vector<std::string>* fields;
  double gpu_ms, accuracy;
};

// Per space, device and proxy (in order of first appearance): the rows of every run's front that no
// other row dominates in (GPU latency, accuracy proxy). Equal rows: the first run's, in run order.
std::vector<std::pair<GroupKey, std::vector<MergedRow>>> merged_fronts(const std::vector<RunResult>& runs) {
  std::vector<std::pair<GroupKey, std::vector<MergedRow>>> groups;
  for (const RunResult& r : runs) {
    const GroupKey key = group_of(r);
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& p) { return p.first == key; });
    if (g == groups.end()) g = groups.insert(groups.end(), {key, {}});
    if (r.front.empty()) continue;
    const auto gpu = static_cast<std::size_t>(std::find(r.front_header.begin(), r.front_header.end(), "gpu_ms") - r.front_header.begin());
    const auto acc =
        static_cast<std::size_t>(std::find(r.front_header.begin(), r.front_header.end(), "accuracy_proxy") - r.front_header.begin());
    for (const auto& row : r.front) g->second.push_back({&r, &row, real(row[gpu]), real(row[acc])});
  }
  for (auto& [key, rows] : groups) {
    // Stable: equal rows keep run order.
    std::stable_sort(rows.begin(), rows.end(), [](const MergedRow& a, const MergedRow& b) {
      return a.gpu_ms != b.gpu_ms ? a.gpu_ms < b.gpu_ms : a.accuracy > b.accuracy;
    });
    std::vector<MergedRow> front;
    for (const MergedRow& m : rows)
      if (front.empty() || m.accuracy > front.back().accuracy) front.push_back(m);
    rows = std::move(front);
  }
  return groups;
}

std::string pareto_all_csv(const std::vector<std::pair<GroupKey, std::vector<MergedRow>>>& groups,
                           const std::vector<RunResult>& runs) {
  std::vector<std::string> header{"space", "device", "proxy", "run_id", "latency_ms", "seed"};
  for (const RunResult& r : runs)
    if (!r.front_header.empty()) {
      header.insert(header.end(), r.front_header.begin(), r.front_header.end());
      break;
    }
  std::string s = csv_line(header);
  for (const auto& [key, rows] : groups)
    for (const MergedRow& m : rows) {
      std::vector<std::string> row{key.space, key.device, key.proxy, m.run->id, m.run->option("latency-ms"), m.run->option("seed")};
      row.insert(row.end(), m.fields->begin(), m.fields->end());
      s += csv_line(row);
    }
  return s;
}

std::string summary_svg(const ExperimentFile& x, const std::vector<std::pair<GroupKey, std::vector<MergedRow>>>& groups,
                        const std::vector<RunResult>& runs, ScorerCache& scorers) {
  static constexpr const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
  PlotSpec p;
  p.title = "latnas run " + x.name + ": merged Pareto front" + (groups.size() > 1 ? "s" : "") + " of " +
            std::to_string(runs.size()) + " run" + (runs.size() == 1 ? "" : "s");
  std::set<std::string> proxies;
  for (const auto& [key, rows] : groups) proxies.insert(key.proxy);
  std::string proxy_list;
  for (const auto& pr : proxies) proxy_list += (proxy_list.empty() ? "'" : ", '") + pr + "'";
  p.subtitle = "each run within its own budget; accuracy proxy " + proxy_list + " (a model, not a measurement)";
  p.x_label = "GPU latency, ms (derate-table model, batch 1)";
  p.y_label = "accuracy proxy, predicted ImageNet top-1 %";
  std::size_t color = 0;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, rows] : groups) {
    PlotSeries s;
    s.label = groups.size() == 1 ? "merged front" : key.space + ", " + key.device + ", " + key.proxy;
    s.color = colors[color++ % std::size(colors)];
    for (const MergedRow& m : rows) s.points.push_back({m.gpu_ms, m.accuracy});
    p.series.push_back(std::move(s));
    pairs.insert({key.device, key.proxy});
  }
  std::set<std::string> labels;
  for (const auto& [device, proxy] : pairs) {
    const Scorer& scorer = scorers.get(device, proxy);
    const std::string suffix = pairs.size() > 1 ? " (" + device + ", " + proxy + ")" : "";
    for (const ReferencePoint& m : reference_models(scorer))
      if (labels.insert(m.name + suffix).second) p.markers.push_back({m.label() + suffix, {m.gpu_ms, m.accuracy}});
    for (const CompareNetwork& c : x.compare) {
      if (!labels.insert(c.label + suffix).second) continue;
      const Score sc = scorer.score(network_from_reference(c.reference));
      // At its published top-1 where the experiment gives one: a result, not the proxy's guess.
      const std::string label = c.published_top1 ? c.label + " " + fixed(*c.published_top1, 1) + " (proxy " + fixed(sc.accuracy, 1) + ")"
                                                 : c.label + " (proxy)";
      p.markers.push_back({label + suffix, {sc.gpu_ms, c.published_top1 ? *c.published_top1 : sc.accuracy}});
    }
  }
  std::set<std::string> budgets;
  for (const RunResult& r : runs) budgets.insert(r.option("latency-ms"));
  if (budgets.size() == 1) {
    p.vertical_line = real(*budgets.begin());
    p.vertical_label = "budget " + *budgets.begin() + " ms";
  }
  return render_svg(p);
}

const std::vector<std::string> kComparisonHeader{
    "run_id",          "space",           "device",
    "proxy",           "latency_ms",      "seed",
    "best_accuracy_proxy", "best_gpu_ms", "reference",
    "reference_gpu_ms", "reference_accuracy_proxy", "reference_accuracy_proxy_in_range",
    "reference_published_top1", "reference_within_budget", "accuracy_proxy_gain",
    "latency_ratio"};

std::vector<std::vector<std::string>> comparison_rows(const ExperimentFile& x, const std::vector<RunResult>& runs,
                                                      ScorerCache& scorers) {
  std::vector<std::vector<std::string>> rows;
  for (const RunResult& r : runs) {
    const Scorer& scorer = scorers.get(r.option("device"), r.option("proxy"));
    for (const CompareNetwork& c : x.compare) {
      const Score s = scorer.score(network_from_reference(c.reference));
      const double budget = real(r.option("latency-ms"));
      std::vector<std::string> row{r.id, r.option("space"), r.option("device"), r.option("proxy"), r.option("latency-ms"),
                                   r.option("seed")};
      row.push_back(r.best ? r.best->accuracy : "");
      row.push_back(r.best ? r.best->gpu_ms : "");
      row.push_back(c.label);
      row.push_back(format_real(s.gpu_ms));
      row.push_back(format_real(s.accuracy));
      row.push_back(s.accuracy_in_range ? "true" : "false");
      row.push_back(c.published_top1 ? format_real(*c.published_top1) : "");
      row.push_back(s.gpu_ms <= budget ? "true" : "false");
      row.push_back(r.best ? format_real(real(r.best->accuracy) - s.accuracy) : "");
      row.push_back(r.best ? format_real(real(r.best->gpu_ms) / s.gpu_ms) : "");
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace

std::string RunResult::option(std::string_view key) const {
  for (const auto& [k, v] : config)
    if (k == key) return v;
  return {};
}

RunResult read_run_result(const PlannedRun& run) {
  const std::filesystem::path dir = run.options.out;
  RunResult r;
  r.id = run.id;
  try {
    const auto j = nlohmann::json::parse(slurp(dir / "run.json"));
    for (const auto& [k, v] : j.at("config").items()) r.config.emplace_back(k, v.get<std::string>());
    r.evaluations = j.at("evaluations").get<std::uint64_t>();
    r.front_size = j.at("front_size").get<std::size_t>();
    r.hypervolume = j.at("hypervolume").get<double>();
    r.wall_seconds = j.at("timings").at("wall_seconds").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError((dir / "run.json").string() + ": unreadable (" + e.what() + "); rerun with --force");
  }
  const CsvTable t = CsvTable::parse(slurp(dir / "pareto.csv"), (dir / "pareto.csv").string());
  r.front_header = t.header();
  const double budget = real(r.option("latency-ms"));
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    std::vector<std::string> row;
    for (std::size_t c = 0; c < t.header().size(); ++c) row.push_back(t.at(i, c));
    r.front.push_back(std::move(row));
    const double acc = t.number(i, "accuracy_proxy"), ms = t.number(i, "gpu_ms");
    if (ms <= budget && (!best || acc > t.number(*best, "accuracy_proxy"))) best = i;
  }
  if (best)
    r.best = RunResult::Best{t.at(*best, "accuracy_proxy"), t.at(*best, "gpu_ms"), t.at(*best, "macs"), t.at(*best, "params"),
                             t.at(*best, "arch"), t.at(*best, "accuracy_proxy_in_range")};
  return r;
}

BatchSummary summarize(const ExperimentFile& x, const std::vector<PlannedRun>& runs) {
  BatchSummary s;
  for (const PlannedRun& run : runs) s.runs.push_back(read_run_result(run));
  ScorerCache scorers;
  const auto groups = merged_fronts(s.runs);
  s.summary_csv = summary_csv(x, s.runs);
  s.pareto_all_csv = pareto_all_csv(groups, s.runs);
  s.summary_svg = summary_svg(x, groups, s.runs, scorers);
  if (!x.compare.empty()) {
    s.comparison = comparison_rows(x, s.runs, scorers);
    s.comparison_csv = csv_line(kComparisonHeader);
    for (const auto& row : s.comparison) s.comparison_csv += csv_line(row);
  }
  return s;
}

std::vector<std::filesystem::path> write_batch_summary(const ExperimentFile& x, const BatchSummary& s) {
  std::vector<std::pair<std::string, const std::string*>> files{
      {"summary.csv", &s.summary_csv}, {"pareto_all.csv", &s.pareto_all_csv}, {"summary.svg", &s.summary_svg}};
  if (!x.compare.empty()) files.emplace_back("comparison.csv", &s.comparison_csv);
  std::vector<std::filesystem::path> written;
  for (const auto& [name, content] : files) {
    write_file_atomically(x.out / name, *content);
    written.push_back(x.out / name);
  }
  return written;
}

void print_batch_summary(std::ostream& out, const ExperimentFile& x, const BatchSummary& s) {
  std::vector<std::string> header{"run", "budget ms", "seed"};
  const auto extras = extra_keys(x);
  header.insert(header.end(), extras.begin(), extras.end());
  for (const char* c : {"evaluations", "front", "hypervolume", "best proxy %", "at GPU ms", "wall s"}) header.emplace_back(c);
  TextTable t(header);
  for (const RunResult& r : s.runs) {
    std::vector<std::string> row{r.id, r.option("latency-ms"), r.option("seed")};
    for (const auto& k : extras) row.push_back(r.option(k));
    row.push_back(group_digits(r.evaluations));
    row.push_back(std::to_string(r.front_size));
    row.push_back(fixed(r.hypervolume, 3));
    row.push_back(r.best ? fixed(real(r.best->accuracy), 2) + (r.best->in_range == "true" ? "" : "*") : "-");
    row.push_back(r.best ? fixed(real(r.best->gpu_ms), 3) : "-");
    row.push_back(fixed(r.wall_seconds, 2));
    t.add(std::move(row));
  }
  t.print(out);
  if (s.comparison.empty()) return;
  out << "\ncompared networks (their own figures under each run's device and proxy; gain = run's best proxy - theirs):\n";
  TextTable c({"run", "budget ms", "best proxy %", "at GPU ms", "network", "its GPU ms", "its proxy %", "published %",
               "fits budget", "gain"});
  for (const auto& row : s.comparison) {
    auto num = [](const std::string& v, int d) { return v.empty() ? std::string("-") : fixed(real(v), d); };
    c.add({row[0], row[4], num(row[6], 2), num(row[7], 3), row[8], num(row[9], 3), num(row[10], 2), num(row[12], 1),
           row[13] == "true" ? "yes" : "no", row[14].empty() ? "-" : (real(row[14]) >= 0 ? "+" : "") + fixed(real(row[14]), 2)});
  }
  c.print(out);
}

}  // namespace latnas
