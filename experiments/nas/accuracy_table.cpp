#include "experiments/nas/accuracy_table.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "costmodel/csv_table.hpp"
#include "costmodel/error.hpp"
#include "experiments/nas/network_input.hpp"

namespace latnas {

std::optional<double> parse_top1(const std::string& text) {
  std::size_t used = 0;
  double x = NAN;
  try {
    x = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (text.empty() || used != text.size() || !(x >= 0.0 && x <= 100.0)) return std::nullopt;
  return x;
}

AccuracyTable::AccuracyTable(const std::filesystem::path& file, const SearchSpace& space) : source_(file.string()) {
  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file)) throw InputError("--accuracy-table " + source_ + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  const CsvTable t = CsvTable::parse(text.str(), source_);
  const std::size_t arch = t.column("arch"), top1 = t.column("top1");
  for (std::size_t r = 0; r < t.rows(); ++r) {
    NetworkSpec net;
    try {
      net = network_from_reference(t.at(r, arch));
    } catch (const InputError& e) {
      throw InputError(t.where(r) + ": arch: " + e.what());
    }
    const std::string& v = t.at(r, top1);
    const std::optional<double> parsed = parse_top1(v);
    if (!parsed) throw InputError(t.where(r) + ": top1: expected a percentage in [0, 100], got '" + v + "'");
    const double x = *parsed;
    const auto g = space.encode(net);
    if (!g) {
      ++skipped_;
      continue;
    }
    const auto [it, fresh] = top1_.emplace(*g, x);
    if (!fresh && it->second != x)
      throw InputError(t.where(r) + ": the network is listed twice with different top1 (" + std::to_string(it->second) +
                       " and " + v + ")");
  }
}

std::optional<double> AccuracyTable::find(const Genome& g) const {
  const auto it = top1_.find(g);
  if (it == top1_.end()) return std::nullopt;
  return it->second;
}

}  // namespace latnas
