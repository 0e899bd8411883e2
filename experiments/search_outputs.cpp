#include "experiments/search_outputs.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "costmodel/model_zoo.hpp"
#include "experiments/command_line.hpp"
#include "experiments/svg_plot.hpp"
#include "experiments/text_output.hpp"
#include "search/algorithm.hpp"

namespace latnas {

std::vector<FrontRow> front_rows(const SearchRun& run, const SearchOutcome& outcome) {
  std::vector<FrontRow> rows;
  const Scorer& scorer = run.scorer();
  outcome.result.archive.for_each([&](const auto& entry) {
    FrontRow r;
    r.genome = entry.payload;
    r.spec = run.space().decode(entry.payload);
    r.score = scorer.score(r.spec);
    rows.push_back(std::move(r));
  });
  return rows;  // the 2-D archive is ordered by its first objective, GPU latency
}

std::string pareto_csv(const SearchRun& run, const std::vector<FrontRow>& rows) {
  std::string s = "arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy_proxy,accuracy_proxy_in_range,edge_units,genome\n";
  for (const FrontRow& r : rows) {
    s += canonical_string(r.spec) + ',' + std::to_string(r.spec.resolution) + ',' + std::to_string(r.score.macs) + ',' +
         std::to_string(r.score.params) + ',' + format_real(r.score.gpu_ms) + ',' + format_real(r.score.cpu_ms) + ',' +
         format_real(r.score.accuracy) + ',' + (r.score.accuracy_in_range ? "true" : "false") + ',' +
         std::to_string(r.score.edge_units) + ',' + run.space().format_genome(r.genome) + '\n';
  }
  return s;
}

std::string history_csv(const SearchOutcome& outcome) {
  std::string s = "generation,evaluations,repeats,front_size,hypervolume,best_accuracy_proxy,elapsed_s\n";
  for (const auto& log : outcome.result.logs) {
    const double best = log.best_feasible.size() == 2 ? -log.best_feasible[1] : std::nan("");
    s += std::to_string(log.generation) + ',' + std::to_string(log.evaluations) + ',' + std::to_string(log.repeats) + ',' +
         std::to_string(log.archive_size) + ',' + format_real(log.hypervolume) + ',' + format_real(best) + ',' +
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
  j["space"] = {{"name", run.space().name()}, {"size", run.space_size().decimal}, {"log10_size", run.space_size().log10}};
  j["device"] = run.scorer().device().name();
  j["proxy"] = {{"name", run.scorer().proxy().name()},
                {"note", "a model fitted to published ImageNet results, not a measurement (latnas proxy --report)"}};
  j["hypervolume_reference"] = {{"gpu_ms", run.reference_point()[0]},
                                {"accuracy_proxy", -run.reference_point()[1]},
                                {"note", run.reference_note()}};
  const auto& r = outcome.result;
  j["evaluations"] = r.evaluations;
  j["repeats"] = r.repeats;
  j["repeats_exact"] = r.repeats_exact;
  j["generations"] = r.logs.empty() ? 0 : r.logs.back().generation + 1;
  j["stopped_early"] = r.stopped_early;
  j["front_size"] = front_size;
  j["hypervolume"] = r.logs.empty() ? 0.0 : r.logs.back().hypervolume;
  j["timings"] = {{"wall_seconds", outcome.wall_seconds},
                  {"evaluations_per_second", outcome.wall_seconds > 0 ? double(r.evaluations) / outcome.wall_seconds : 0.0}};
  return j.dump(2) + "\n";
}

std::vector<ReferencePoint> reference_models(const Scorer& scorer) {
  std::vector<ReferencePoint> out;
  const ModelZoo& zoo = ModelZoo::builtin();
  for (const ScaledModel& m : zoo.models()) {
    if (zoo.family(m.family).stem_kind != StemKind::conv3x3) continue;  // ResNets: outside the proxy's domain
    const Score s = scorer.score(zoo.build(m));
    out.push_back({m.name, s.gpu_ms, s.accuracy});
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
  p.y_label = "accuracy proxy, predicted ImageNet top-1 %";
  PlotSeries front{"Pareto front (latnas)", {}, "#1f77b4"};
  for (const FrontRow& r : rows) front.points.push_back({r.score.gpu_ms, r.score.accuracy});
  p.series.push_back(std::move(front));
  for (const ReferencePoint& m : reference_models(run.scorer())) p.markers.push_back({m.name, {m.gpu_ms, m.accuracy}});
  p.vertical_line = run.options().budget.latency_ms;
  p.vertical_label = "budget " + format_real(run.options().budget.latency_ms) + " ms";
  return render_svg(p);
}

std::vector<std::filesystem::path> write_search_outputs(const SearchRun& run, const SearchOutcome& outcome,
                                                        const std::vector<FrontRow>& rows) {
  const std::filesystem::path dir = run.options().out;
  const std::vector<std::pair<std::string, std::string>> files{
      {"pareto.csv", pareto_csv(run, rows)},
      {"history.csv", history_csv(outcome)},
      {"run.json", run_json(run, outcome, rows.size())},
      {"pareto.svg", pareto_svg(run, rows)}};
  std::vector<std::filesystem::path> written;
  for (const auto& [name, content] : files) {
    write_file_atomically(dir / name, content);
    written.push_back(dir / name);
  }
  return written;
}

}  // namespace latnas
