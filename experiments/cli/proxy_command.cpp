#include "experiments/cli/proxy_command.hpp"

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "costmodel/calibrated_proxy.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/error.hpp"
#include "costmodel/heldout_set.hpp"
#include "costmodel/linear_proxy.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/network_shape.hpp"
#include "costmodel/proxy_recipe.hpp"
#include "costmodel/proxy_validation.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"

namespace po = boost::program_options;

namespace latnas {
namespace {

constexpr const char* not_a_measurement =
    "an accuracy proxy is a model fitted to published ImageNet top-1 results, not a measurement";

constexpr const char* lineage_note =
    "LOFO holds out a whole lineage: efficientnet = efficientnet, efficientnet_lite*, tinynet_* (all built on "
    "EfficientNet-B0's blocks); mobilenetv3 = mobilenetv3_* (with the minimal variants); mnasnet = mnasnet_a1, "
    "mnasnet_b1; proxylessnas = proxylessnas_*; mobilenetv2 alone";

constexpr const char* resnet_note =
    "ResNets (7x7 stem, basic or bneck blocks) are outside every proxy's domain: they may get a number, but "
    "accuracy_proxy_in_range is always false for them";

// The proxies a --proxy value names: one of proxy_names() or "all".
std::vector<std::string> selected_proxies(const std::string& value) {
  if (value == "all") return proxy_names();
  proxy_recipe(value);  // InputError naming the known ones
  return {value};
}

std::string millions(std::uint64_t v) { return fixed(static_cast<double>(v) / 1e6, 1); }

std::string list(const std::vector<double>& values) {
  std::string s;
  for (double v : values) s += (s.empty() ? "" : ", ") + format_real(v);
  return "{" + s + "}";
}

// --- what a proxy is: form, hyperparameters, coefficients, range --------------------------------

struct Term {
  std::string name;
  double value;
  std::string note;
};

std::vector<Term> terms_of(const AccuracyProxy& proxy) {
  std::vector<Term> t;
  if (const auto* c = dynamic_cast<const CalibratedProxy*>(&proxy)) {
    const auto& names = CalibratedProxy::feature_names();
    t.push_back({"intercept", c->intercept(), "b (a network of no known lineage: effect 0)"});
    for (std::size_t j = 0; j < names.size(); ++j) {
      std::string note = j < CalibratedProxy::knot_count ? "G: slope that ends at this knot (>= 0)"
                         : j == CalibratedProxy::knot_count ? "G: slope everywhere (>= 0)"
                                                            : "";
      t.push_back({std::string(names[j]), c->coefficients()[j], note});
    }
    for (const auto& [lineage, effect] : c->lineage_effects())
      t.push_back({"lineage " + lineage, effect, "training-recipe effect (ridge)"});
  } else if (const auto* l = dynamic_cast<const LinearProxy*>(&proxy)) {
    t.push_back({"intercept", l->intercept(), ""});
    const auto names = l->features().names();
    for (std::size_t j = 0; j < names.size(); ++j) t.push_back({names[j], l->coefficients()[j], ""});
  }
  return t;
}

const ProxyDomain* proxy_domain_of(const AccuracyProxy& proxy) {
  if (const auto* c = dynamic_cast<const CalibratedProxy*>(&proxy)) return &c->domain();
  if (const auto* l = dynamic_cast<const LinearProxy*>(&proxy)) return &l->domain();
  return nullptr;
}

std::string range_text(const AccuracyProxy& proxy) {
  const ProxyDomain* d = proxy_domain_of(proxy);
  if (!d) return "";
  std::string coords;
  for (std::size_t j = 0; j < ProxyDomain::dimensions; ++j)
    coords += (j ? ", " : "") + std::string(ProxyDomain::coordinate_names()[j]) + " (sd " + fixed(d->scale()[j], 3) + ")";
  std::vector<double> own = d->own_distances();
  std::sort(own.begin(), own.end());
  const auto at = [&](double q) { return fixed(own[static_cast<std::size_t>(q * static_cast<double>(own.size() - 1))], 3); };
  return "joint: within standardised distance " + fixed(d->radius(), 3) + " of one of its " + std::to_string(d->size()) +
         " calibration networks, in\n          " + coords +
         ";\n          the calibration networks' own nearest-neighbour distances: median " + at(0.5) + ", 75th percentile " + at(0.75) +
         ", 95th " + at(0.95) + " (the radius), largest " + at(1.0) + "; MBConv only";
}

std::string chosen_text(const AccuracyProxy& proxy) {
  if (const auto* c = dynamic_cast<const CalibratedProxy*>(&proxy)) {
    const CalibratedSettings grid;
    return "balance share kappa " + format_real(c->hyper().balance_share) + ", softmin temperature tau " +
           format_real(c->hyper().temperature) + ", lineage ridge " + format_real(c->hyper().lineage_ridge) +
           " (leave-one-lineage-out cross-validation, weighted MAE " + fixed(c->cv_mae(), 3) + "; kappa from " +
           list(grid.balance_shares) + ", tau from " + list(grid.temperatures) + ", ridge from " +
           list(grid.lineage_ridges) + ")";
  }
  return "none (ordinary least squares)";
}

std::string form_text(const AccuracyProxy& proxy) {
  if (dynamic_cast<const CalibratedProxy*>(&proxy))
    return "top-1 = b + lineage + G(z) + c_se SE + c_k K + c_e ln(E)\n"
           "          z = (1 - kappa) ln MACs + kappa psi: effective compute; psi = ln MACs(B0) + ln(1.92) softmin(s_d, s_w, s_r),\n"
           "          s = EfficientNet compound-scaling steps from B0 in depth (1.2x), width (1.1x), resolution (1.15x):\n"
           "          pushing one dimension ahead of the others buys less effective compute than balanced growth;\n"
           "          G = sum of a_j min(z, knot_j) + a z with a >= 0: concave, non-decreasing (diminishing returns);\n"
           "          SE / K: share of block kinds with squeeze-excitation / a depthwise kernel >= 5, E: mean expansion;\n"
           "          lineage: training-recipe effect of each calibration lineage (0 for a new network)";
  return "top-1 = intercept + coefficient * ln(MACs)";
}

std::string training_text(const ProxyValidation& v) {
  std::size_t n = 0, reference = 0;
  for (const ValidatedRow& r : v.rows) {
    n += r.trained_on;
    reference += r.trained_on && r.subset == "reference";
  }
  std::string s = std::to_string(n) + " rows (" + std::to_string(reference) + " reference";
  if (n > reference) s += " + " + std::to_string(n - reference) + " extended";
  s += ")";
  if (v.recipe->name == "calibrated") s += ", every lineage weighted equally (1 / its rows)";
  return s;
}

// --- the report ---------------------------------------------------------------------------------

// --- held out: published results no proxy is fitted on -----------------------------------------

constexpr const char* heldout_intro =
    "Held out: published results no proxy is fitted on (data/calibration/heldout_accuracy.csv, sources in\n"
    "data/calibration/HELDOUT_SOURCES.md), all trained from scratch on ImageNet-1k without distillation or a\n"
    "supernet. 'MBConv' = networks with inverted residuals, the figure a proxy answers for; 'new architectures' =\n"
    "those that are no calibration architecture (the others are one under another training recipe);\n"
    "'separable only' = MobileNetV1 and PP-LCNet, no inverted residuals: outside the domain by design.";

struct HeldOutPart {
  const char* name;
  const HeldOutSummary HeldOutValidation::*summary;
};
constexpr HeldOutPart heldout_parts[] = {{"MBConv", &HeldOutValidation::mbconv},
                                         {"new architectures", &HeldOutValidation::new_architectures},
                                         {"separable only", &HeldOutValidation::separable_only}};

std::vector<HeldOutValidation> heldout_of(const std::vector<ProxyValidation>& vs) {
  std::vector<HeldOutValidation> h;
  for (const ProxyValidation& v : vs) h.push_back(validate_heldout(*v.proxy, HeldOutSet::builtin()));
  return h;
}

void print_heldout_table(const std::vector<ProxyValidation>& vs, std::ostream& out) {
  const std::vector<HeldOutValidation> hs = heldout_of(vs);
  out << "\n" << heldout_intro << "\n\n";
  TextTable s({"proxy", "rows", "n", "in range", "MAE", "Kendall tau"});
  for (const HeldOutPart& part : heldout_parts)
    for (std::size_t i = 0; i < vs.size(); ++i) {
      const HeldOutSummary& e = hs[i].*part.summary;
      s.add({std::string(vs[i].proxy->name()), part.name, std::to_string(e.rows), std::to_string(e.in_range),
             fixed(e.mae, 3), fixed(e.tau, 3)});
    }
  s.print(out);
  out << "\n";
  std::vector<std::string> header{"network", "training", "same arch as", "res", "MMACs", "published"};
  for (const ProxyValidation& v : vs) header.emplace_back(v.proxy->name());
  TextTable rows(header);
  for (std::size_t r = 0; r < hs.front().rows.size(); ++r) {
    const HeldOutPoint& p = *hs.front().rows[r].point;
    std::vector<std::string> cells{p.name, p.training, p.same_arch_as.empty() ? "-" : p.same_arch_as,
                                   std::to_string(p.spec.resolution), millions(p.totals.macs), fixed(p.top1, 2)};
    for (const HeldOutValidation& h : hs) {
      const Prediction& x = h.rows[r].prediction;
      cells.push_back(fixed(x.top1, 2) + (x.in_range ? " " : "*"));
    }
    rows.add(cells);
  }
  rows.print(out);
}

nlohmann::ordered_json heldout_json(const HeldOutValidation& h) {
  nlohmann::ordered_json j;
  for (const HeldOutPart& part : heldout_parts) {
    const HeldOutSummary& e = h.*part.summary;
    j[part.name] = {{"rows", e.rows}, {"in_range", e.in_range}, {"mae", e.mae}, {"kendall_tau", e.tau}};
  }
  j["rows"] = nlohmann::ordered_json::array();
  for (const HeldOutRow& r : h.rows)
    j["rows"].push_back({{"name", r.point->name}, {"training", r.point->training},
                         {"same_arch_as", r.point->same_arch_as}, {"inverted_residual", r.point->inverted_residual},
                         {"resolution", r.point->spec.resolution}, {"macs", r.point->totals.macs},
                         {"params", r.point->totals.params}, {"published", r.point->top1},
                         {"accuracy_proxy", r.prediction.top1}, {"accuracy_proxy_in_range", r.prediction.in_range}});
  return j;
}

void print_report_table(const std::vector<ProxyValidation>& vs, std::ostream& out) {
  out << "latnas proxy report: " << not_a_measurement << ".\n"
      << "Data: data/calibration/published_accuracy.csv (sources in data/calibration/SOURCES.md); latnas counts every\n"
      << "network's MACs and parameters itself from its block definition.\n";
  for (const ProxyValidation& v : vs) {
    const AccuracyProxy& p = *v.proxy;
    out << "\naccuracy proxy '" << p.name() << "' (a proxy: fitted to published results, not a measurement)\n"
        << "form      " << form_text(p) << "\n"
        << "fitted on " << training_text(v) << "\n"
        << "chosen    " << chosen_text(p) << "\n"
        << "range     " << range_text(p) << "\n\n";
    TextTable t({"term", "coefficient", ""});
    for (const Term& term : terms_of(p)) t.add({term.name, fixed(term.value, 4), term.note});
    t.print(out);
  }

  out << "\nPer calibration network: published top-1 beside each proxy's prediction as shipped (accuracy_proxy), "
         "refitted\nwithout the row (LOO) and without the row's lineage (LOFO); '*' marks a prediction outside the "
         "proxy's range.\n\n";
  std::vector<std::string> header{"network", "lineage", "subset", "res", "depth", "MMACs", "published"};
  for (const ProxyValidation& v : vs) {
    const std::string n(v.proxy->name());
    header.insert(header.end(), {n, n + " LOO", n + " LOFO"});
  }
  TextTable rows(header);
  for (std::size_t i = 0; i < vs.front().rows.size(); ++i) {
    const ValidatedRow& r = vs.front().rows[i];
    std::vector<std::string> cells{r.name, r.group, r.subset, std::to_string(r.resolution), std::to_string(r.depth),
                                   millions(r.macs), fixed(r.published, 2)};
    for (const ProxyValidation& v : vs) {
      const ValidatedRow& x = v.rows[i];
      cells.insert(cells.end(), {fixed(x.fitted, 2) + (x.in_range ? " " : "*"), fixed(x.loo, 2), fixed(x.lofo, 2)});
    }
    rows.add(cells);
  }
  rows.print(out);

  out << "\nValidation, in top-1 points (MAE: mean absolute error against the published value; Kendall tau-b of the\n"
         "predicted against the published ranking). LOO and LOFO refit the proxy by its own recipe, hyperparameters\n"
         "re-chosen inside every fold (nested). 'reference' = the 21 MBConv rows of shared/reference/published_accuracy.csv.\n\n";
  TextTable s({"proxy", "rows", "n", "LOO MAE", "LOFO MAE", "Kendall tau (LOO)", "fitted MAE", "Kendall tau (fitted)"});
  for (const char* which : {"reference", "all"}) {
    for (const ProxyValidation& v : vs) {
      const ErrorSummary& e = std::string(which) == "reference" ? v.reference : v.all;
      s.add({std::string(v.proxy->name()), which, std::to_string(e.rows), fixed(e.loo_mae, 3), fixed(e.lofo_mae, 3),
             fixed(e.tau_loo, 3), fixed(e.fitted_mae, 3), fixed(e.tau_fitted, 3)});
    }
  }
  s.print(out);
  print_heldout_table(vs, out);
  out << "\nNotes\n- " << lineage_note << ".\n"
      << "- flops is fitted on the 21 reference rows only: for the extended rows its LOO prediction is its shipped one.\n"
      << "- " << resnet_note << ".\n";
}

void print_report_csv(const std::vector<ProxyValidation>& vs, std::ostream& out) {
  out << "proxy,name,family,lineage,subset,resolution,depth,macs,params,published,accuracy_proxy,"
         "accuracy_proxy_in_range,loo,lofo,trained_on\n";
  for (const ProxyValidation& v : vs)
    for (const ValidatedRow& r : v.rows)
      out << v.proxy->name() << ',' << r.name << ',' << r.family << ',' << r.group << ',' << r.subset << ','
          << r.resolution << ',' << r.depth << ',' << r.macs << ',' << r.params << ',' << format_real(r.published) << ','
          << format_real(r.fitted) << ',' << (r.in_range ? "true" : "false") << ',' << format_real(r.loo) << ','
          << format_real(r.lofo) << ',' << (r.trained_on ? "true" : "false") << '\n';
  // Held-out rows: never fitted on, so no LOO or LOFO; family holds the training recipe.
  const std::vector<HeldOutValidation> hs = heldout_of(vs);
  for (std::size_t i = 0; i < vs.size(); ++i)
    for (const HeldOutRow& r : hs[i].rows)
      out << vs[i].proxy->name() << ',' << r.point->name << ',' << r.point->training << ",,heldout,"
          << r.point->spec.resolution << ',' << block_count(r.point->spec) << ',' << r.point->totals.macs << ','
          << r.point->totals.params << ',' << format_real(r.point->top1) << ',' << format_real(r.prediction.top1) << ','
          << (r.prediction.in_range ? "true" : "false") << ",,,false\n";
}

nlohmann::ordered_json summary_json(const ErrorSummary& e) {
  return {{"rows", e.rows},          {"loo_mae", e.loo_mae},       {"lofo_mae", e.lofo_mae},
          {"kendall_tau_loo", e.tau_loo}, {"fitted_mae", e.fitted_mae}, {"kendall_tau_fitted", e.tau_fitted}};
}

void print_report_json(const std::vector<ProxyValidation>& vs, std::ostream& out) {
  nlohmann::ordered_json j;
  j["note"] = not_a_measurement;
  j["lineages"] = lineage_note;
  j["resnets"] = resnet_note;
  j["proxies"] = nlohmann::ordered_json::array();
  for (const ProxyValidation& v : vs) {
    nlohmann::ordered_json p;
    p["name"] = v.proxy->name();
    p["description"] = v.recipe->description;
    p["fitted_on"] = training_text(v);
    p["hyperparameters"] = chosen_text(*v.proxy);
    p["range"] = range_text(*v.proxy);
    p["coefficients"] = nlohmann::ordered_json::array();
    for (const Term& t : terms_of(*v.proxy)) p["coefficients"].push_back({{"term", t.name}, {"value", t.value}, {"note", t.note}});
    p["reference"] = summary_json(v.reference);
    p["all"] = summary_json(v.all);
    p["rows"] = nlohmann::ordered_json::array();
    for (const ValidatedRow& r : v.rows)
      p["rows"].push_back({{"name", r.name}, {"family", r.family}, {"lineage", r.group}, {"subset", r.subset},
                           {"resolution", r.resolution}, {"depth", r.depth}, {"macs", r.macs}, {"params", r.params},
                           {"published", r.published}, {"accuracy_proxy", r.fitted},
                           {"accuracy_proxy_in_range", r.in_range}, {"loo", r.loo}, {"lofo", r.lofo},
                           {"trained_on", r.trained_on}});
    p["heldout"] = heldout_json(validate_heldout(*v.proxy, HeldOutSet::builtin()));
    j["proxies"].push_back(p);
  }
  out << j.dump(2) << "\n";
}

// --- one network ----------------------------------------------------------------------------------

void print_prediction(const std::string& label, const NetworkSpec& spec, const std::vector<std::string>& proxies,
                      OutputFormat format, std::ostream& out) {
  const CountTotals t = totals(count_units(spec));
  const NetworkShape shape = measure_shape(spec);
  std::vector<Prediction> predictions;
  for (const std::string& name : proxies) predictions.push_back(make_proxy(name)->predict(ProxyInput{spec, t}));
  if (format == OutputFormat::csv) {
    out << "network,proxy,accuracy_proxy,accuracy_proxy_in_range,macs,params,depth,resolution\n";
    for (std::size_t i = 0; i < proxies.size(); ++i)
      out << label << ',' << proxies[i] << ',' << format_real(predictions[i].top1) << ','
          << (predictions[i].in_range ? "true" : "false") << ',' << t.macs << ',' << t.params << ',' << shape.depth << ','
          << shape.resolution << '\n';
    return;
  }
  if (format == OutputFormat::json) {
    nlohmann::ordered_json j;
    j["network"] = label;
    j["arch"] = canonical_string(spec);
    j["note"] = not_a_measurement;
    j["macs"] = t.macs;
    j["params"] = t.params;
    j["depth"] = shape.depth;
    j["resolution"] = shape.resolution;
    j["width"] = shape.width;
    j["se_share"] = shape.se_share;
    j["large_kernel_share"] = shape.large_kernel_share;
    j["mbconv"] = shape.mbconv;
    j["predictions"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < proxies.size(); ++i)
      j["predictions"].push_back({{"proxy", proxies[i]}, {"accuracy_proxy", predictions[i].top1},
                                  {"accuracy_proxy_in_range", predictions[i].in_range}});
    out << j.dump(2) << "\n";
    return;
  }
  out << "network  " << label << "\narch     " << canonical_string(spec) << "\nshape    " << group_digits(t.macs)
      << " MACs, " << group_digits(t.params) << " parameters, depth " << shape.depth << " blocks, resolution "
      << shape.resolution << ", width " << fixed(shape.width, 1) << " (geometric mean over block kinds), SE share "
      << fixed(shape.se_share, 2) << ", large-kernel share " << fixed(shape.large_kernel_share, 2)
      << (shape.mbconv ? "" : ", not an MBConv network") << "\n\n";
  TextTable table({"proxy", "accuracy_proxy (top-1 %)", "accuracy_proxy_in_range"});
  for (std::size_t i = 0; i < proxies.size(); ++i)
    table.add({proxies[i], fixed(predictions[i].top1, 2), predictions[i].in_range ? "yes" : "NO (extrapolation)"});
  table.print(out);
  out << "\n" << not_a_measurement << "; `latnas proxy --report` shows how far each can be trusted.\n";
  if (!shape.mbconv) out << resnet_note << ".\n";
}

}  // namespace

int run_proxy_command(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description opts("latnas proxy options");
  opts.add_options()
    ("report", po::bool_switch(), "validate the proxies on the calibration data (published vs predicted per network, "
                                  "leave-one-out and leave-one-family-out MAE, Kendall tau, coefficients, domain) and on "
                                  "held-out published networks never fitted on")
    ("model", po::value<std::string>(), "predict one built-in model (latnas models lists them)")
    ("arch", po::value<std::string>(), "predict one network given as a canonical architecture string")
    ("onnx", po::value<std::string>(), "predict the network of an ONNX file (one latnas can write as an architecture string)")
    ("proxy", po::value<std::string>(), "calibrated, flops or all (default: all with --report, calibrated otherwise)")
    ("format", po::value<std::string>()->default_value("table"), "table, csv or json");
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm,
                          "usage: latnas proxy --report [--proxy calibrated|flops|all] [--format table|csv|json]\n"
                          "       latnas proxy --model NAME | --arch STRING | --onnx FILE [--proxy calibrated|flops|all] [--format ...]\n\n"
                          "An accuracy proxy predicts ImageNet top-1 from a network's shape. It is a model fitted to "
                          "published\nresults, not a measurement: --report shows how well it reproduces those results "
                          "when each is held out.",
                          out))
    return 0;
  const OutputFormat format = parse_output_format(vm["format"].as<std::string>(), {OutputFormat::table, OutputFormat::csv, OutputFormat::json});
  const bool report = vm["report"].as<bool>();
  const int given = int(report) + int(vm.count("model")) + int(vm.count("arch")) + int(vm.count("onnx"));
  if (given != 1) throw InputError("expected exactly one of --report, --model, --arch or --onnx, got " + std::to_string(given));
  const std::string proxy = vm.count("proxy") ? vm["proxy"].as<std::string>() : report ? "all" : proxy_names().front();
  const std::vector<std::string> proxies = selected_proxies(proxy);

  if (!report) {
    const std::string label = vm.count("model") ? vm["model"].as<std::string>() : vm.count("onnx") ? vm["onnx"].as<std::string>() : "arch";
    const NetworkSpec spec = vm.count("model") ? network_from_reference(vm["model"].as<std::string>())
                             : vm.count("onnx") ? network_from_onnx(vm["onnx"].as<std::string>())
                                                : parse_canonical(vm["arch"].as<std::string>());
    print_prediction(label, spec, proxies, format, out);
    return 0;
  }
  std::vector<ProxyValidation> validations;
  for (const std::string& name : proxies)
    validations.push_back(validate_proxy(proxy_recipe(name), CalibrationSet::builtin().points()));
  if (format == OutputFormat::csv)
    print_report_csv(validations, out);
  else if (format == OutputFormat::json)
    print_report_json(validations, out);
  else
    print_report_table(validations, out);
  return 0;
}

}  // namespace latnas
