#include "experiments/nas/search_outputs.hpp"

#include <algorithm>

#include "costmodel/network_shape.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "costmodel/calibration_set.hpp"
#include "costmodel/model_zoo.hpp"
#include "experiments/nas/search_state_file.hpp"
#include "experiments/outputs/svg_plot.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"
#include "search/algorithm.hpp"

namespace latnas {

std::string second_proxy_name(const SearchRun& run) {
  for (const std::string& n : proxy_names())
    if (n != run.scorer().proxy().name()) return n;
  return std::string(run.scorer().proxy().name());
}

std::vector<FrontRow> front_rows(const SearchRun& run, const SearchOutcome& outcome) {
  std::vector<FrontRow> rows;
  const auto second = make_proxy(second_proxy_name(run));
  outcome.result.archive.for_each([&](const auto& entry) {
    FrontRow r;
    r.genome = entry.payload;
    r.spec = run.space().decode(entry.payload);
    r.score = run.problem().score(r.genome);
    r.proxy_accuracy = run.problem().proxy_score(r.genome).accuracy;
    r.second_accuracy = second->predict(ProxyInput{r.spec, CountTotals{r.score.macs, r.score.params}}).top1;
    rows.push_back(std::move(r));
  });
  return rows;  // the 2-D archive is ordered by its first objective, GPU latency
}

std::string pareto_csv(const SearchRun& run, const std::vector<FrontRow>& rows) {
  std::string s =
      "arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy,accuracy_source,accuracy_proxy,accuracy_proxy_in_range,"
      "domain_distance,second_proxy,edge_units,depth,width,max_kernel,large_kernel_share,se_share,expansion,genome\n";
  for (const FrontRow& r : rows) {
    // The network's shape, so a front can be read (and filtered) without parsing arch strings.
    const NetworkShape shape = measure_shape(r.spec);
    int max_kernel = 0;
    for (const Stage& stage : r.spec.stages)
      for (const BlockSpec& b : stage) max_kernel = std::max(max_kernel, b.kernel);
    s += canonical_string(r.spec) + ',' + std::to_string(r.spec.resolution) + ',' + std::to_string(r.score.macs) + ',' +
         std::to_string(r.score.params) + ',' + format_real(r.score.gpu_ms) + ',' + format_real(r.score.cpu_ms) + ',' +
         format_real(r.score.accuracy) + ',' + r.score.accuracy_source + ',' + format_real(r.proxy_accuracy) + ',' +
         (r.score.accuracy_in_range ? "true" : "false") + ',' + format_real(r.score.domain_distance) + ',' +
         format_real(r.second_accuracy) + ',' + std::to_string(r.score.edge_units) + ',' + std::to_string(shape.depth) + ',' +
         format_real(shape.width) + ',' + std::to_string(max_kernel) + ',' + format_real(shape.large_kernel_share) + ',' +
         format_real(shape.se_share) + ',' + format_real(shape.expansion) + ',' + run.space().format_genome(r.genome) + '\n';
  }
  return s;
}

std::string history_csv(const SearchOutcome& outcome) {
  std::string s = "generation,evaluations,repeats,front_size,hypervolume,best_accuracy_proxy,elapsed_s\n";
  for (const auto& log : outcome.result.logs) {
    // No feasible network yet: an empty cell (what CSV readers take as missing), never "nan".
    const std::string best = log.best_feasible.size() == 2 && std::isfinite(log.best_feasible[1]) ? format_real(-log.best_feasible[1]) : std::string();
    s += std::to_string(log.generation) + ',' + std::to_string(log.evaluations) + ',' + std::to_string(log.repeats) + ',' +
         std::to_string(log.archive_size) + ',' + format_real(log.hypervolume) + ',' + best + ',' +
         format_real(log.elapsed_seconds) + '\n';
  }
  return s;
}

std::string run_json(const SearchRun& run, const SearchOutcome& outcome, std::size_t front_size) {
  nlohmann::ordered_json j;
  j["version"] = version_string();
  nlohmann::ordered_json config;
  for (const auto& [k, v] : describe(run.options())) config[k] = v;
  j["config"] = config;
  j["seed"] = run.options().seed;
  j["threads"] = run.options().threads;
  j["space"] = {{"name", run.space().name()}, {"size", run.space_size().exact ? nlohmann::ordered_json(run.space_size().decimal) : nlohmann::ordered_json(nullptr)}, {"log10_size", run.space_size().log10}};
  j["device"] = run.scorer().device().name();
  j["proxy"] = {{"name", run.scorer().proxy().name()},
                {"second_proxy", second_proxy_name(run)},
                {"trust_region", run.options().budget.trust_region},
                {"note", "a model fitted to published ImageNet results, not a measurement (latnas proxy --report)"}};
  if (const auto& t = run.problem().sources().table)
    j["accuracy_table"] = {{"file", t->source()}, {"networks", t->size()}, {"not_in_space", t->skipped()}};
  if (const auto& c = run.problem().sources().command)
    j["accuracy_command"] = {{"command", c->command()}, {"networks_asked", c->asked()}};
  j["hypervolume_reference"] = {{"gpu_ms", run.reference_point()[0]},
                                {"accuracy_proxy", -run.reference_point()[1]},
                                {"note", run.reference_note()}};
  const auto& r = outcome.result;
  j["evaluations"] = r.evaluations;
  j["repeats"] = r.repeats;
  j["repeats_exact"] = r.repeats_exact;
  j["generations"] = r.logs.empty() ? 0 : r.logs.back().generation + 1;
  j["stopped_early"] = r.stopped_early;
  j["stagnated"] = r.stagnated;
  j["cached_evaluations"] = r.cached_evaluations;
  j["front_size"] = front_size;
  j["hypervolume"] = r.logs.empty() ? 0.0 : r.logs.back().hypervolume;
  // A continued run (state.latnas) times only its own part.
  const double own = static_cast<double>(r.evaluations - outcome.continued_from);
  j["timings"] = {{"wall_seconds", outcome.wall_seconds},
                  {"evaluations_per_second", outcome.wall_seconds > 0 ? own / outcome.wall_seconds : 0.0},
                  {"continued_from_evaluations", outcome.continued_from}};
  return j.dump(2) + "\n";
}

std::string ReferencePoint::label() const {
  return published ? name + " " + fixed(accuracy, 1) + " (proxy " + fixed(proxy, 1) + ")" : name + " (proxy)";
}

std::vector<ReferencePoint> reference_models(const Scorer& scorer) {
  std::vector<ReferencePoint> out;
  const ModelZoo& zoo = ModelZoo::builtin();
  for (const ScaledModel& m : zoo.models()) {
    if (!m.featured || zoo.family(m.family).stem_kind != StemKind::conv3x3) continue;  // ResNets: outside MBConv
    const NetworkSpec spec = zoo.build(m);
    const Score s = scorer.score(spec);
    const CalibrationPoint* known = CalibrationSet::builtin().find(spec);
    out.push_back({m.name, s.gpu_ms, known ? known->top1 : s.accuracy, s.accuracy, known != nullptr});
  }
  return out;
}

std::string pareto_svg(const SearchRun& run, const std::vector<FrontRow>& rows) {
  PlotSpec p;
  p.title = "latnas: latency vs accuracy proxy on " + run.scorer().device().name() + ", space " + run.space().name();
  p.subtitle = std::to_string(rows.size()) + " Pareto-optimal networks; " + std::string(search::name_of(run.options().algorithm)) +
               ", " + std::to_string(run.options().evaluations.value_or(0)) + " evaluations, seed " +
               std::to_string(run.options().seed) + "; proxy '" + std::string(run.scorer().proxy().name()) +
               "' (a model, not a measurement)";
  p.x_label = "GPU latency, ms (derate-table model, batch 1)";
  p.y_label = "ImageNet top-1 %: front = accuracy proxy (a model); models = published";
  PlotSeries front{"Pareto front (latnas)", {}, "#1f77b4"};
  for (const FrontRow& r : rows) front.points.push_back({r.score.gpu_ms, r.score.accuracy});
  p.series.push_back(std::move(front));
  for (const ReferencePoint& m : reference_models(run.scorer())) p.markers.push_back({m.label(), {m.gpu_ms, m.accuracy}});
  p.vertical_line = run.options().budget.latency_ms;
  p.vertical_label = "budget " + format_real(run.options().budget.latency_ms) + " ms";
  return render_svg(p);
}

std::vector<std::filesystem::path> write_search_outputs(const SearchRun& run, const SearchOutcome& outcome,
                                                        const std::vector<FrontRow>& rows) {
  const std::filesystem::path dir = run.options().out;
  std::vector<std::pair<std::string, std::string>> files{
      {"pareto.csv", pareto_csv(run, rows)},
      {"history.csv", history_csv(outcome)},
      {"run.json", run_json(run, outcome, rows.size())},
      {"pareto.svg", pareto_svg(run, rows)}};
  if (run.options().save_state) {
    files.emplace_back(kStateFile, search_state_text(run, *outcome.result.state));  // what a longer run continues from
  } else {
    // An earlier run's state would not describe these outputs.
    std::error_code ec;
    std::filesystem::remove(dir / kStateFile, ec);
  }
  std::vector<std::filesystem::path> written;
  for (const auto& [name, content] : files) {
    write_file_atomically(dir / name, content);
    written.push_back(dir / name);
  }
  return written;
}

}  // namespace latnas
