#include "experiments/cli/cost_command.hpp"

#include <cmath>
#include <optional>
#include <iostream>
#include <nlohmann/json.hpp>

#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/scorer.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"

namespace po = boost::program_options;

namespace latnas {
namespace {

// The network the options describe: exactly one of --model, --blocks, --arch.
NetworkSpec network_from_options(const po::variables_map& vm, std::string& label) {
  const int given = int(vm.count("model")) + int(vm.count("blocks")) + int(vm.count("arch")) + int(vm.count("onnx"));
  if (given != 1) throw InputError("expected exactly one of --model, --blocks or --arch (or --onnx FILE), got " + std::to_string(given));
  for (const char* opt : {"stem", "head", "resolution", "width", "depth", "se-base", "head-style", "classes"})
    if (!vm.count("blocks") && !vm[opt].defaulted())
      throw InputError(std::string("--") + opt + " applies to --blocks only (a model or an architecture string is complete)");
  if (vm.count("model")) {
    label = vm["model"].as<std::string>();
    return ModelZoo::builtin().build(label);
  }
  if (vm.count("arch")) {
    label = "arch";
    return parse_canonical(vm["arch"].as<std::string>());
  }
  label = "blocks";
  ArchOptions o;
  o.stem = vm["stem"].as<int>();
  o.head = vm["head"].as<int>();
  o.resolution = vm["resolution"].as<int>();
  o.width = vm["width"].as<double>();
  o.depth = vm["depth"].as<double>();
  o.classes = vm["classes"].as<int>();
  o.se_base = parse_se_base(vm["se-base"].as<std::string>());
  o.head_style = parse_head_style(vm["head-style"].as<std::string>());
  if (o.head_style == HeadStyle::none) throw InputError("--head-style: expected conv or after-pool, got 'none'");
  return resolve(parse_stages(vm["blocks"].as<std::string>()), o);
}

std::string proxy_label(const Scorer& scorer, const Score& s) {
  return fixed(s.accuracy, 2) + " % top-1 (accuracy proxy '" + std::string(scorer.proxy().name()) +
         "', a model fitted to published results, not a measurement; " +
         (s.accuracy_in_range ? "inside" : "OUTSIDE") + " its calibration range; `latnas proxy --report` validates it)";
}

}  // namespace

int run_cost_command(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description opts("latnas cost options");
  opts.add_options()
    ("model", po::value<std::string>(), "a built-in model (latnas models lists them)")
    ("blocks", po::value<std::string>(), "block strings: \"STAGE | STAGE | ...\", blocks in a stage separated by spaces")
    ("arch", po::value<std::string>(), "a canonical architecture string (as latnas prints)")
    ("onnx", po::value<std::string>(), "an ONNX model, its units recognised (README: Networks in and out)")
    ("stem", po::value<int>()->default_value(32), "stem width before the width multiplier (with --blocks)")
    ("head", po::value<int>()->default_value(1280), "head width as built (with --blocks)")
    ("resolution", po::value<int>()->default_value(224), "input resolution (with --blocks)")
    ("width", po::value<double>()->default_value(1.0), "width multiplier (with --blocks)")
    ("depth", po::value<double>()->default_value(1.0), "depth multiplier (with --blocks)")
    ("se-base", po::value<std::string>()->default_value("in"), "SE reduction base: in or mid (with --blocks)")
    ("head-style", po::value<std::string>()->default_value("conv"), "conv or after-pool (with --blocks)")
    ("classes", po::value<int>()->default_value(1000), "classifier outputs (with --blocks)")
    ("device", po::value<std::string>()->default_value("orin-agx-50w"), "orin-agx-50w or a device profile file")
    ("proxy", po::value<std::string>()->default_value(proxy_names().front()), "accuracy proxy")
    ("format", po::value<std::string>()->default_value("table"), "table, csv or json");
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm,
                          "usage: latnas cost --model NAME | --blocks \"STAGE | ...\" [--stem N --head N --resolution N ...] | "
                          "--arch STRING | --onnx FILE [--device D] [--proxy P] [--format table|csv|json]",
                          out))
    return 0;
  const OutputFormat format = parse_output_format(vm["format"].as<std::string>(), {OutputFormat::table, OutputFormat::csv, OutputFormat::json});
  std::string label, arch;
  const Scorer scorer(DeviceProfile::resolve(vm["device"].as<std::string>()), make_proxy(vm["proxy"].as<std::string>()));
  std::vector<UnitScore> units;
  Score s;
  std::optional<OnnxImport> imported;  // the units' names point into it
  NetworkSpec spec;                     // or into this: both must outlive `units`
  if (vm.count("onnx") && vm.count("model") + vm.count("blocks") + vm.count("arch") == 0) {
    for (const char* opt : {"stem", "head", "resolution", "width", "depth", "se-base", "head-style", "classes"})
      if (!vm[opt].defaulted()) throw InputError(std::string("--") + opt + " applies to --blocks only (an ONNX model is complete)");
    imported = import_onnx(label = vm["onnx"].as<std::string>());
    s = score_imported(scorer, *imported, units);
    arch = imported->spec ? canonical_string(*imported->spec) : "- (not expressible as an architecture string)";
  } else {
    spec = network_from_options(vm, label);
    s = scorer.score_units(spec, units);
    arch = canonical_string(spec);
  }
  const double peak = scorer.device().gpu_peak_gmacs();

  if (format == OutputFormat::csv) {
    out << "index,name,pattern,macs,params,efficiency,gflops,gpu_ms,cpu_ms\n";
    for (std::size_t i = 0; i < units.size(); ++i) {
      const UnitScore& u = units[i];
      out << i << ',' << unit_name(u.count.place) << ',' << to_string(u.count.place.pattern) << ',' << u.count.macs << ','
          << u.count.params << ',' << format_real(u.gpu_efficiency) << ',' << format_real(u.gpu_efficiency * peak) << ','
          << format_real(u.gpu_ms) << ',' << format_real(u.cpu_ms) << '\n';
    }
    return 0;
  }
  if (format == OutputFormat::json) {
    nlohmann::ordered_json j;
    j["network"] = label;
    j["arch"] = arch;
    j["device"] = scorer.device().name();
    j["proxy"] = scorer.proxy().name();
    j["units"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < units.size(); ++i) {
      const UnitScore& u = units[i];
      j["units"].push_back({{"index", i}, {"name", unit_name(u.count.place)}, {"pattern", to_string(u.count.place.pattern)},
                            {"macs", u.count.macs}, {"params", u.count.params}, {"efficiency", u.gpu_efficiency},
                            {"gflops", u.gpu_efficiency * peak}, {"gpu_ms", u.gpu_ms}, {"cpu_ms", u.cpu_ms},
                            {"on_edge", u.on_edge}});
    }
    j["totals"] = {{"macs", s.macs},       {"params", s.params},
                   {"gpu_ms", s.gpu_ms},   {"cpu_ms", s.cpu_ms},
                   {"accuracy_proxy", std::isnan(s.accuracy) ? nlohmann::ordered_json() : nlohmann::ordered_json(s.accuracy)},
                   {"accuracy_proxy_in_range", s.accuracy_in_range},
                   {"edge_units", s.edge_units}};
    out << j.dump(2) << "\n";
    return 0;
  }
  out << "network  " << label << "\narch     " << arch << "\ndevice   " << scorer.device().name() << " ("
      << scorer.device().description() << ")\n\n";
  TextTable t({"#", "unit", "pattern", "MACs", "params", "eff", "GFLOPS", "GPU ms", "CPU ms", ""});
  for (std::size_t i = 0; i < units.size(); ++i) {
    const UnitScore& u = units[i];
    t.add({std::to_string(i), unit_name(u.count.place), std::string(to_string(u.count.place.pattern)),
           group_digits(u.count.macs), group_digits(u.count.params), fixed(u.gpu_efficiency, 5),
           fixed(u.gpu_efficiency * peak, 2), fixed(u.gpu_ms, 6), fixed(u.cpu_ms, 6), u.on_edge ? "edge" : ""});
  }
  t.print(out);
  out << "\ntotal    " << group_digits(s.macs) << " MACs, " << group_digits(s.params) << " parameters\n"
      << "latency  GPU " << fixed(s.gpu_ms, 4) << " ms, CPU " << fixed(s.cpu_ms, 4) << " ms (batch 1, derate-table model)\n"
      << "accuracy " << (std::isnan(s.accuracy) ? "n/a (the accuracy proxy needs an architecture string)" : proxy_label(scorer, s)) << "\n";
  if (s.edge_units)
    out << "note     " << s.edge_units << " unit(s) marked 'edge' sit within 5 % above a band edge where the table's "
        << "efficiency jumps up: their latency rests on that edge\n";
  return 0;
}

int run_models_command(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description opts("latnas models options");
  opts.add_options()
    ("device", po::value<std::string>()->default_value("orin-agx-50w"), "orin-agx-50w or a device profile file")
    ("proxy", po::value<std::string>()->default_value(proxy_names().front()), "accuracy proxy")
    ("format", po::value<std::string>()->default_value("table"), "table or csv");
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm, "usage: latnas models [--device D] [--proxy P] [--format table|csv]", out)) return 0;
  const OutputFormat format = parse_output_format(vm["format"].as<std::string>(), {OutputFormat::table, OutputFormat::csv});
  const Scorer scorer(DeviceProfile::resolve(vm["device"].as<std::string>()), make_proxy(vm["proxy"].as<std::string>()));
  const ModelZoo& zoo = ModelZoo::builtin();
  TextTable t({"model", "res", "MACs", "params", "GPU ms", "CPU ms", "proxy top-1 %", "arch"});
  if (format == OutputFormat::csv) out << "model,resolution,macs,params,gpu_ms,cpu_ms,accuracy_proxy,accuracy_proxy_in_range,arch\n";
  for (const ScaledModel& m : zoo.models()) {
    const NetworkSpec spec = zoo.build(m);
    const Score s = scorer.score(spec);
    const bool mbconv = zoo.family(m.family).stem_kind == StemKind::conv3x3;
    const std::string acc = mbconv ? format_real(s.accuracy) : "";  // ResNets are outside the proxy's domain
    if (format == OutputFormat::csv) {
      out << m.name << ',' << spec.resolution << ',' << s.macs << ',' << s.params << ',' << format_real(s.gpu_ms) << ','
          << format_real(s.cpu_ms) << ',' << acc << ',' << (mbconv && s.accuracy_in_range ? "true" : "false") << ','
          << canonical_string(spec) << '\n';
    } else {
      t.add({m.name, std::to_string(spec.resolution), group_digits(s.macs), group_digits(s.params), fixed(s.gpu_ms, 4),
             fixed(s.cpu_ms, 4), mbconv ? fixed(s.accuracy, 2) + (s.accuracy_in_range ? "" : " (out of range)") : "n/a",
             canonical_string(spec)});
    }
  }
  if (format == OutputFormat::table) {
    t.print(out);
    out << "\nproxy top-1: accuracy proxy '" << scorer.proxy().name()
        << "' (fitted to published ImageNet results; a model, not a measurement). ResNets are outside its domain.\n";
  }
  return 0;
}

}  // namespace latnas
