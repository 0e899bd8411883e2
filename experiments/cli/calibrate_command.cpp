#include "experiments/cli/calibrate_command.hpp"

#include "experiments/nas/network_input.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "costmodel/error.hpp"
#include "costmodel/latency_calibration.hpp"
#include "costmodel/measurement_file.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/outputs/svg_plot.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"

namespace po = boost::program_options;

namespace latnas {
namespace {

// A term is kept only if it lowers the held-out RMS % error by more than this share.
constexpr double kTermGain = 0.01;

struct Row {
  std::string model;
  bool held_out = true;
  ErrorFigures figures;
  std::vector<double> predicted;
  bool chosen = false;
};

std::vector<CalibrationTerms> parse_terms(const std::string& text) {
  if (text == "auto") return {{false, false}, {true, false}, {false, true}, {true, true}};
  if (text == "bands" || text == "none") return {{false, false}};
  if (text == "unit") return {{true, false}};
  if (text == "se") return {{false, true}};
  if (text == "unit,se" || text == "se,unit") return {{true, true}};
  throw InputError("--terms: expected auto, bands, unit, se or unit,se, got '" + text + "'");
}

nlohmann::ordered_json figures_json(const ErrorFigures& f) {
  return {{"n", f.n},
          {"within_10pct", f.within_10},
          {"within_5pct", f.within_5},
          {"median_abs_pct", f.median_abs_pct},
          {"worst_abs_pct", f.worst_abs_pct},
          {"rms_pct", f.rms_pct},
          {"kendall_tau", f.kendall_tau}};
}

std::string pct(double share) { return fixed(100.0 * share, 1) + " %"; }

}  // namespace

int run_calibrate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description opts("latnas calibrate options");
  opts.add_options()
    ("measurements", po::value<std::string>(), "measurement CSV: arch (or onnx), ms (or trtexec times/profile JSON), optional unit")
    ("device", po::value<std::string>()->default_value("orin-agx-50w"), "the base profile: orin-agx-50w or a profile file")
    ("out,o", po::value<std::string>(), "the calibrated profile to write")
    ("report", po::value<std::string>(), "report prefix: PREFIX.txt, PREFIX.json, PREFIX.svg (default: the profile path without its extension, plus .report)")
    ("name", po::value<std::string>(), "the new profile's name (default: the base's name + '-calibrated')")
    ("description", po::value<std::string>(), "the new profile's description")
    ("gpu-peak", po::value<double>(), "the new profile's GPU peak in G MACs/s (default: the base's); efficiencies are relative to it")
    ("bands-per-decade", po::value<int>()->default_value(0), "0: keep the base's band edges; N: re-band the measured rows at N bands per decade")
    ("terms", po::value<std::string>()->default_value("auto"), "fixed costs to fit: auto (keep each only if it lowers the held-out error), bands, unit, se, unit,se")
    ("folds", po::value<int>()->default_value(5), "k of the k-fold held-out report (row i is in fold i mod k)")
    ("min-support", po::value<int>()->default_value(3), "fit a band value only if at least this many measurements reach it");
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm,
                          "usage: latnas calibrate --measurements FILE [--device BASE] -o NEW.profile [--report PREFIX] "
                          "[--name N] [--gpu-peak G] [--bands-per-decade N] [--terms auto|bands|unit|se|unit,se] [--folds K]",
                          out))
    return 0;
  if (!vm.count("measurements")) throw InputError("--measurements: expected a measurement file, got none");
  if (!vm.count("out")) throw InputError("-o/--out: expected the profile file to write, got none");
  const int folds = vm["folds"].as<int>();
  if (folds < 2) throw InputError("--folds: expected an integer >= 2, got " + std::to_string(folds));
  const int per_decade = vm["bands-per-decade"].as<int>();
  if (per_decade < 0 || per_decade > 20)
    throw InputError("--bands-per-decade: expected an integer in [0, 20], got " + std::to_string(per_decade));
  const int min_support = vm["min-support"].as<int>();
  if (min_support < 1) throw InputError("--min-support: expected an integer >= 1, got " + std::to_string(min_support));
  const std::vector<CalibrationTerms> variants = parse_terms(vm["terms"].as<std::string>());
  const std::filesystem::path out_path = vm["out"].as<std::string>();
  const std::string prefix = vm.count("report") ? vm["report"].as<std::string>()
                                                 : (std::filesystem::path(out_path).replace_extension().string() + ".report");

  // Every output's folder must exist, so that no output is written unless all can be.
  for (const std::filesystem::path& target : {out_path, std::filesystem::path(prefix + ".txt")}) {
    const std::filesystem::path folder = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
      throw InputError("output " + target.string() + ": expected an existing folder " + folder.string() + ", got none");
  }

  const std::string file = vm["measurements"].as<std::string>();
  const DeviceProfile base = DeviceProfile::resolve(vm["device"].as<std::string>());
  // ONNX rows: the model's network, recovered from the file (MBConv networks; others are refused).
  const std::vector<Measurement> measurements =
      read_measurements(file, [](const std::filesystem::path& f) { return network_from_onnx(f.string()); });
  const std::vector<CalibrationSample> samples = samples_of(measurements);
  if (samples.size() < static_cast<std::size_t>(2 * folds))
    throw InputError(file + ": expected at least " + std::to_string(2 * folds) + " measurements for " + std::to_string(folds) +
                     "-fold held-out figures, got " + std::to_string(samples.size()));
  const std::string name = vm.count("name") ? vm["name"].as<std::string>() : base.name() + "-calibrated";
  if (name.empty() || name.find_first_of(" \t\r\n#") != std::string::npos)
    throw InputError("--name: expected one word without '#', got '" + name + "'");
  const std::size_t unit_rows = static_cast<std::size_t>(
      std::count_if(measurements.begin(), measurements.end(), [](const Measurement& m) { return m.unit.has_value(); }));
  std::string description = vm.count("description") ? vm["description"].as<std::string>()
                                                      : "calibrated by latnas from " +
                                                            std::filesystem::path(file).filename().string() + " (" +
                                                            std::to_string(samples.size()) + " measurements) on " + base.name();
  if (description.find_first_of("\r\n#") != std::string::npos)
    throw InputError("--description: expected one line without '#', got '" + description + "'");

  // The starting profile: the base, renamed, at the new peak, re-banded if asked.
  DeviceProfile start(name, description, base.gpu_peak_gmacs(), base.cpu_peak_gmacs(),
                      {base.gpu_curve(Pattern::mbconv), base.gpu_curve(Pattern::depthwise), base.gpu_curve(Pattern::conv_bn),
                       base.gpu_curve(Pattern::conv), base.gpu_curve(Pattern::matmul)},
                      base.cpu_curve(), "<calibrated>", FixedCosts{});
  if (vm.count("gpu-peak")) {
    const double peak = vm["gpu-peak"].as<double>();
    if (!(peak > 0) || !std::isfinite(peak)) throw InputError("--gpu-peak: expected G MACs/s > 0, got " + std::to_string(peak));
    start = with_gpu_peak(start, peak);
  }
  start = rebanded(start, samples, per_decade);

  std::vector<double> measured;
  for (const CalibrationSample& s : samples) measured.push_back(s.ms);
  const std::size_t k = static_cast<std::size_t>(folds);

  std::vector<Row> rows;
  {
    Row r{"base table '" + base.name() + "' (uncalibrated)", false, {}, predicted_ms(base, samples), false};
    r.figures = error_figures(r.predicted, measured);
    rows.push_back(std::move(r));
    Row s{"base table x one fitted factor", true, {}, cross_validated_scale(base, samples, k), false};
    s.figures = error_figures(s.predicted, measured);
    rows.push_back(std::move(s));
  }
  CalibrationOptions options;
  options.min_support = static_cast<std::size_t>(min_support);
  std::size_t chosen = 0;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    options.terms = variants[v];
    Row r{"calibrated: " + to_string(variants[v]), true, {}, cross_validated(start, samples, options, k), false};
    r.figures = error_figures(r.predicted, measured);
    rows.push_back(std::move(r));
    const std::size_t at = rows.size() - 1;
    if (v == 0 || rows[at].figures.rms_pct < rows[chosen].figures.rms_pct * (1.0 - kTermGain)) chosen = at;
  }
  rows[chosen].chosen = true;
  options.terms = variants[chosen - 2];
  // Written and read back, so the report describes exactly what a user of the file gets.
  const std::string profile_text = fit_profile(start, samples, options).to_text();
  const DeviceProfile fitted = DeviceProfile::parse(profile_text, out_path.string());
  Row in_sample{"chosen, fitted on all (in-sample)", false, {}, predicted_ms(fitted, samples), false};
  in_sample.figures = error_figures(in_sample.predicted, measured);
  rows.push_back(in_sample);

  // Text report.
  std::ostringstream text;
  text << "latnas calibrate: " << samples.size() << " measurements (" << samples.size() - unit_rows << " networks, "
       << unit_rows << " unit rows) from " << file << "\n"
       << "base profile:   " << base.name() << " (" << base.source() << ")\n"
       << "fitted:         the GPU rows" << (per_decade ? ", re-banded at " + std::to_string(per_decade) + " per decade" : ", base band edges")
       << "; GPU peak " << format_real(start.gpu_peak_gmacs()) << " G MACs/s; min support " << min_support << "\n"
       << "held out:       " << folds << "-fold cross-validation, row i in fold i mod " << folds
       << "; each fold refits on the others\n\n";
  TextTable t({"model", "held out", "within 10 %", "within 5 %", "median |err| %", "worst |err| %", "RMS %", "Kendall tau", ""});
  for (const Row& r : rows)
    t.add({r.model, r.held_out ? "yes" : "no", pct(r.figures.within_10), pct(r.figures.within_5),
           fixed(r.figures.median_abs_pct, 2), fixed(r.figures.worst_abs_pct, 1), fixed(r.figures.rms_pct, 2),
           fixed(r.figures.kendall_tau, 3), r.chosen ? "<- written" : ""});
  t.print(text);
  text << "\nterms kept:     " << to_string(options.terms)
       << " (a fixed cost is kept only if it lowers the held-out RMS % error by more than " << fixed(100 * kTermGain, 0)
       << " %)\n";
  if (fitted.gpu_fixed().unit_us != 0) text << "gpu_unit_us     " << format_real(fitted.gpu_fixed().unit_us) << "\n";
  if (fitted.gpu_fixed().se_us != 0) text << "gpu_se_us       " << format_real(fitted.gpu_fixed().se_us) << "\n";
  text << "profile:        " << out_path.string() << " (name " << fitted.name() << ")\n"
       << "report:         " << prefix << ".txt, " << prefix << ".json, " << prefix << ".svg\n";

  // JSON report.
  nlohmann::ordered_json j;
  j["measurements"] = file;
  j["rows"] = samples.size();
  j["unit_rows"] = unit_rows;
  j["base"] = {{"name", base.name()}, {"source", base.source()}};
  j["profile"] = {{"path", out_path.string()}, {"name", fitted.name()}, {"gpu_peak", fitted.gpu_peak_gmacs()},
                  {"gpu_unit_us", fitted.gpu_fixed().unit_us}, {"gpu_se_us", fitted.gpu_fixed().se_us}};
  j["bands_per_decade"] = per_decade;
  j["min_support"] = min_support;
  j["folds"] = folds;
  j["fold_rule"] = "row index mod folds";
  j["terms_kept"] = to_string(options.terms);
  j["term_rule"] = "a fixed cost is kept only if it lowers the held-out RMS % error by more than 1 %";
  j["models"] = nlohmann::ordered_json::array();
  for (const Row& r : rows) {
    nlohmann::ordered_json m = {{"model", r.model}, {"held_out", r.held_out}, {"written", r.chosen}};
    m["figures"] = figures_json(r.figures);
    j["models"].push_back(m);
  }
  j["points"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < samples.size(); ++i)
    j["points"].push_back({{"where", measurements[i].where}, {"measured_ms", measured[i]},
                           {"base_ms", rows[0].predicted[i]}, {"held_out_ms", rows[chosen].predicted[i]},
                           {"fitted_ms", in_sample.predicted[i]}});

  // SVG: measured against predicted (held out), with y = x.
  PlotSpec plot;
  plot.title = "Latency: held-out prediction vs measurement";
  plot.subtitle = std::to_string(samples.size()) + " measurements, " + std::to_string(folds) + "-fold; calibrated (" +
                  to_string(options.terms) + "): " + pct(rows[chosen].figures.within_10) + " within 10 %, tau " +
                  fixed(rows[chosen].figures.kendall_tau, 3) + "; table x factor: " + pct(rows[1].figures.within_10);
  plot.x_label = "measured ms";
  plot.y_label = "predicted ms (held out)";
  plot.y_pad = 0;
  auto scatter = [&](const std::string& label, const std::vector<double>& pred, const std::string& color) {
    PlotSeries s{label, {}, color, SeriesStyle::points};
    for (std::size_t i = 0; i < pred.size(); ++i) s.points.push_back({measured[i], pred[i]});
    std::sort(s.points.begin(), s.points.end(), [](const PlotPoint& a, const PlotPoint& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    return s;
  };
  plot.series.push_back(scatter("table x one factor", rows[1].predicted, "#ff7f0e"));
  plot.series.push_back(scatter("calibrated", rows[chosen].predicted, "#1f77b4"));
  const double hi = *std::max_element(measured.begin(), measured.end());
  plot.series.push_back(PlotSeries{"y = x", {{0, 0}, {hi, hi}}, "#888888", SeriesStyle::line});

  // All inputs are checked; now write (each file atomically).
  write_file_atomically(out_path, profile_text);
  write_file_atomically(prefix + ".txt", text.str());
  write_file_atomically(prefix + ".json", j.dump(2) + "\n");
  write_file_atomically(prefix + ".svg", render_svg(plot));
  out << text.str();
  return 0;
}

}  // namespace latnas
