#include "experiments/cli/export_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "costmodel/csv_table.hpp"
#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network.hpp"
#include "costmodel/onnx_export.hpp"
#include "costmodel/pytorch_export.hpp"
#include "costmodel/text.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/nas/network_input.hpp"
#include "experiments/outputs/text_output.hpp"
#include "spaces/ofa_subnet.hpp"

namespace po = boost::program_options;

namespace latnas {
namespace {

enum class ExportFormat { onnx, pytorch, ofa };

ExportFormat parse_export_format(const std::string& s) {
  if (s == "onnx") return ExportFormat::onnx;
  if (s == "pytorch") return ExportFormat::pytorch;
  if (s == "ofa") return ExportFormat::ofa;
  throw InputError("--format: expected onnx, pytorch or ofa, got " + text::in_quotes(s));
}

std::string extension(ExportFormat f) { return f == ExportFormat::onnx ? ".onnx" : f == ExportFormat::pytorch ? ".py" : ".json"; }

// "1,3-5" -> {1, 3, 4, 5}, each within 1..rows.
std::vector<std::size_t> parse_rows(const std::string& spec, std::size_t rows) {
  std::vector<std::size_t> out;
  auto number = [&](std::string_view t) {
    t = text::trim(t);
    std::size_t v = 0;
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string_view::npos)
      throw InputError("--rows: expected row numbers like 1,3-5, got " + text::in_quotes(spec));
    for (char c : t) v = v * 10 + std::size_t(c - '0');
    if (v < 1 || v > rows)
      throw InputError("--rows: row " + std::to_string(v) + " is outside the front's 1.." + std::to_string(rows));
    return v;
  };
  for (std::string_view part : text::split(spec, ',')) {
    const auto dash = part.find('-');
    if (dash == std::string_view::npos) {
      out.push_back(number(part));
    } else {
      const std::size_t a = number(part.substr(0, dash)), b = number(part.substr(dash + 1));
      if (b < a) throw InputError("--rows: range " + text::in_quotes(part) + " runs backwards");
      for (std::size_t r = a; r <= b; ++r) out.push_back(r);
    }
  }
  return out;
}

std::string render(const NetworkSpec& spec, ExportFormat format, const OnnxExportOptions& options) {
  if (format == ExportFormat::ofa) return ofa_subnet_config(spec);
  const Network net = Network::build(spec);
  if (format == ExportFormat::onnx) return export_onnx(net, options);
  return export_pytorch(net, version_string());
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int run_export_command(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description opts("latnas export options");
  opts.add_options()
    ("arch", po::value<std::string>(), "a canonical architecture string (as latnas prints)")
    ("model", po::value<std::string>(), "a built-in model (latnas models lists them)")
    ("onnx", po::value<std::string>(), "an ONNX file latnas can read as an architecture string")
    ("front", po::value<std::string>(), "a pareto.csv written by latnas search (its arch column)")
    ("rows", po::value<std::string>(), "with --front: 1-based rows to export, e.g. 1,3-5 (default: all)")
    ("format", po::value<std::string>()->default_value("onnx"), "onnx, pytorch or ofa")
    ("output,o", po::value<std::string>(), "output file (a folder with --front)")
    ("no-weights", po::bool_switch(), "onnx: initializers with shapes but no data (tiny files, not for trtexec)")
    ("seed", po::value<std::uint64_t>()->default_value(1), "onnx: seed of the random weights");
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm,
                          "usage: latnas export (--arch S | --model NAME | --onnx FILE | --front pareto.csv [--rows 1,3-5])\n"
                          "                     --format onnx|pytorch|ofa -o PATH [--no-weights] [--seed N]",
                          out))
    return 0;
  const int given = int(vm.count("arch")) + int(vm.count("model")) + int(vm.count("onnx")) + int(vm.count("front"));
  if (given != 1) throw InputError("expected exactly one of --arch, --model, --onnx or --front, got " + std::to_string(given));
  if (!vm.count("output")) throw InputError("-o: expected the output path");
  if (vm.count("rows") && !vm.count("front")) throw InputError("--rows applies to --front only");
  const ExportFormat format = parse_export_format(vm["format"].as<std::string>());
  OnnxExportOptions options;
  options.weights = !vm["no-weights"].as<bool>();
  options.seed = vm["seed"].as<std::uint64_t>();
  if (format != ExportFormat::onnx && (vm["no-weights"].as<bool>() || !vm["seed"].defaulted()))
    throw InputError("--no-weights and --seed apply to --format onnx only");
  const std::string path = vm["output"].as<std::string>();

  if (!vm.count("front")) {
    const NetworkSpec spec = vm.count("arch")    ? parse_canonical(vm["arch"].as<std::string>())
                             : vm.count("model") ? ModelZoo::builtin().build(vm["model"].as<std::string>())
                                                 : network_from_onnx(vm["onnx"].as<std::string>());
    write_file_atomically(path, render(spec, format, options));
    out << path << "  " << canonical_string(spec) << "\n";
    return 0;
  }
  const std::string front = vm["front"].as<std::string>();
  const CsvTable table = CsvTable::parse(read_text(front), front);
  const std::size_t arch_col = table.column("arch");
  if (table.rows() == 0) throw InputError(front + ": the front has no rows");
  std::vector<std::size_t> rows;
  if (vm.count("rows")) {
    rows = parse_rows(vm["rows"].as<std::string>(), table.rows());
  } else {
    for (std::size_t r = 1; r <= table.rows(); ++r) rows.push_back(r);
  }
  std::vector<std::pair<std::string, std::string>> files;  // everything is checked before anything is written
  std::vector<NetworkSpec> specs;
  for (std::size_t r : rows) {
    NetworkSpec spec;
    try {
      spec = parse_canonical(table.at(r - 1, arch_col));
    } catch (const InputError& e) {
      throw InputError(table.where(r - 1) + ": " + e.what());
    }
    files.emplace_back((std::filesystem::path(path) / ("row" + std::to_string(r) + extension(format))).string(),
                       render(spec, format, options));
    specs.push_back(spec);
  }
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) throw InputError(path + ": cannot create the output folder (" + ec.message() + ")");
  for (std::size_t i = 0; i < files.size(); ++i) {
    write_file_atomically(files[i].first, files[i].second);
    out << files[i].first << "  " << canonical_string(specs[i]) << "\n";
  }
  return 0;
}

}  // namespace latnas
