#include "experiments/cli/space_command.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <ostream>

#include "costmodel/error.hpp"
#include "costmodel/scorer.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/outputs/text_output.hpp"
#include "experiments/outputs/text_table.hpp"
#include "search/rng.hpp"
#include "spaces/enumeration.hpp"
#include "spaces/space_extremes.hpp"
#include "spaces/space_file.hpp"
#include "spaces/space_scorer.hpp"
#include "spaces/space_size.hpp"
#include "spaces/variation.hpp"

namespace po = boost::program_options;

namespace latnas {
namespace {

constexpr std::uint64_t kEnumerateLimit = 100'000'000;
// Spaces up to this size are scored completely for the summary's ranges; larger ones by a sample.
constexpr std::uint64_t kExhaustiveSummaryLimit = 2'000'000;
constexpr std::uint64_t kSummarySample = 100'000;

std::uint64_t parse_count(const std::string& option, const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
    throw InputError("--" + option + ": expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                     ", got '" + text + "'");
  return v;
}

template <class T>
std::string join_values(const std::vector<T>& values) {
  std::string s;
  for (const T& v : values) {
    if (!s.empty()) s += ", ";
    if constexpr (std::is_floating_point_v<T>)
      s += format_number(v);
    else
      s += std::to_string(v);
  }
  return s;
}

// "160, 176, ..., 288" for long evenly spaced lists.
std::string resolution_text(const std::vector<int>& r) {
  bool even = r.size() > 4;
  for (std::size_t i = 2; even && i < r.size(); ++i) even = r[i] - r[i - 1] == r[1] - r[0];
  if (!even) return join_values(r);
  return std::to_string(r.front()) + ", " + std::to_string(r[1]) + ", ..., " + std::to_string(r.back()) + " (step " +
         std::to_string(r[1] - r[0]) + ")";
}

// Streams scored networks as CSV or as an aligned table.
class NetworkWriter {
 public:
  NetworkWriter(std::ostream& out, OutputFormat format, const SearchSpace& space, const SpaceScorer& scorer)
      : out_(out), format_(format), space_(space), scorer_(scorer) {
    if (format_ == OutputFormat::csv)
      out_ << "arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy_proxy,accuracy_proxy_in_range,edge_units,genome\n";
    else
      out_ << pad("res", 5) << pad("MACs", 16) << pad("params", 12) << pad("GPU ms", 10) << pad("CPU ms", 10)
           << pad("proxy %", 9) << "  genome  arch\n";
  }

  void write(const Genome& g) {
    const Score s = scorer_.score(g, spec_);
    if (format_ == OutputFormat::csv) {
      out_ << canonical_string(spec_) << ',' << spec_.resolution << ',' << s.macs << ',' << s.params << ','
           << format_real(s.gpu_ms) << ',' << format_real(s.cpu_ms) << ',' << format_real(s.accuracy) << ','
           << (s.accuracy_in_range ? "true" : "false") << ',' << s.edge_units << ',' << space_.format_genome(g) << '\n';
    } else {
      out_ << pad(std::to_string(spec_.resolution), 5) << pad(group_digits(s.macs), 16) << pad(group_digits(s.params), 12)
           << pad(fixed(s.gpu_ms, 4), 10) << pad(fixed(s.cpu_ms, 4), 10)
           << pad(fixed(s.accuracy, 2) + (s.accuracy_in_range ? " " : "*"), 9) << "  " << space_.format_genome(g) << "  "
           << canonical_string(spec_) << '\n';
    }
  }

 private:
  static std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
  }

  std::ostream& out_;
  OutputFormat format_;
  const SearchSpace& space_;
  const SpaceScorer& scorer_;
  NetworkSpec spec_;
};

struct Range {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    low = std::min(low, v);
    high = std::max(high, v);
  }
};

void print_summary(std::ostream& out, OutputFormat format, const SearchSpace& space, const Scorer& scorer,
                   const SpaceScorer& fast, std::uint64_t seed) {
  const SpaceDefinition& def = space.definition();
  const SpaceSize size = space_size(space);
  // Exact extremes of the additive scores, then the scores of those networks by Scorer itself.
  const auto extremes = fast.cached() ? find_extremes(fast.table()) : find_extremes(space, scorer);
  NetworkSpec spec;
  auto score = [&](const Genome& g) { return fast.score(g, spec); };
  // The proxy is not a sum over units: its range comes from every network where the space is
  // small, else from a fixed-seed sample.
  Range proxy;
  std::string proxy_how;
  if (!size.exceeds(kExhaustiveSummaryLimit)) {
    SpaceEnumerator all(space);
    Genome g;
    while (all.next(g)) proxy.add(score(g).accuracy);
    proxy_how = "exact: all " + size.decimal + " networks scored";
  } else {
    search::Rng rng(seed, 0, 0);
    // The sample's work is bounded in blocks: spaces of more than 128 blocks (thousands, in a
    // hostile file) get proportionally fewer networks, so that the summary stays quick.
    std::uint64_t blocks = 0;
    for (std::size_t s = 0; s < def.stages.size(); ++s) blocks += static_cast<std::uint64_t>(space.max_depth(s));
    const std::uint64_t samples = std::max<std::uint64_t>(1000, kSummarySample * 128 / std::max<std::uint64_t>(128, blocks));
    for (std::uint64_t i = 0; i < samples; ++i) proxy.add(score(sample_genome(space, rng)).accuracy);
    proxy_how = "from a sample of " + std::to_string(samples) + " networks (seed " + std::to_string(seed) +
                "), not exact";
  }
  const std::string extremes_how = "exact: extremes found by dynamic programming over stages";

  if (format == OutputFormat::csv) {
    out << "key,value\n";
    auto row = [&](const std::string& k, const std::string& v) { out << k << ',' << v << '\n'; };
    row("space", def.name);
    row("source", def.source);
    row("resolutions", std::to_string(def.resolutions.size()));
    row("stages", std::to_string(def.stages.size()));
    row("genes", std::to_string(space.genome_length()));
    row("size", size.exact ? size.decimal : size.to_string());
    row("size_log10", format_real(size.log10));
    for (std::size_t m = 0; m < additive_metrics.size(); ++m) {
      const std::string name(to_string(additive_metrics[m]));
      row(name + "_min", format_real(metric_of(score(extremes[m].smallest), additive_metrics[m])));
      row(name + "_max", format_real(metric_of(score(extremes[m].largest), additive_metrics[m])));
      row(name + "_range", "exact");
    }
    row("accuracy_proxy_min", format_real(proxy.low));
    row("accuracy_proxy_max", format_real(proxy.high));
    row("accuracy_proxy_range", size.exceeds(kExhaustiveSummaryLimit) ? "sample" : "exact");
    row("device", scorer.device().name());
    row("proxy", std::string(scorer.proxy().name()));
    return;
  }

  out << "space        " << def.name << "  (" << def.source << ")\n";
  if (!def.description.empty()) out << "             " << def.description << "\n";
  out << "resolution   " << resolution_text(def.resolutions) << "  [" << def.resolutions.size() << " choices]\n"
      << "stem         3x3 conv, stride 2, " << def.stem << " channels\n"
      << "head         " << to_string(def.head_style) << ", " << def.head << " channels, " << def.classes
      << " classes; SE base " << to_string(def.se_base) << "\n\n";
  TextTable t({"stage", "type", "stride", "act", "channels", "depth", "kernel", "expansion", "se", "choices"});
  for (std::size_t s = 0; s < def.stages.size(); ++s) {
    const StageDefinition& st = def.stages[s];
    std::string channels = join_values(space.stage_channels(s));
    if (!st.width_multipliers.empty())
      channels += " (" + std::to_string(st.base_channels) + " x " + join_values(st.width_multipliers) + ")";
    t.add({st.label, std::string(to_string(st.type)), std::to_string(st.stride),
           st.activation.empty() ? "default" : st.activation, channels, join_values(st.depths), join_values(st.kernels),
           st.expansions.empty() ? "-" : join_values(st.expansions),
           st.type == BlockType::cn ? "-" : join_values(st.se_ratios), std::string(to_string(st.scope))});
  }
  t.print(out);
  out << "\ngenome       " << space.genome_length() << " genes (resolution, then per stage: width, depth, and kernel/"
      << "expansion/SE per block or per stage)\n"
      << "size         " << size.to_string() << " distinct networks (exact count of distinct canonical strings)\n";
  if (space.has_ambiguous_stage_splits())
    out << "             (a stride-1 stage can continue its predecessor's blocks at equal width: such depth splits "
           "are counted once)\n";
  out << "\nrange on " << scorer.device().name() << ", proxy '" << scorer.proxy().name() << "':\n";
  TextTable r({"score", "min", "max", "how", "smallest network (genome)", "largest network (genome)"});
  const int decimals[] = {0, 0, 4, 4};
  for (std::size_t m = 0; m < additive_metrics.size(); ++m) {
    const double lo = metric_of(score(extremes[m].smallest), additive_metrics[m]);
    const double hi = metric_of(score(extremes[m].largest), additive_metrics[m]);
    auto text = [&](double v) {
      return decimals[m] == 0 ? group_digits(static_cast<unsigned long long>(v)) : fixed(v, decimals[m]);
    };
    r.add({std::string(to_string(additive_metrics[m])), text(lo), text(hi), "exact",
           space.format_genome(extremes[m].smallest), space.format_genome(extremes[m].largest)});
  }
  r.add({"accuracy_proxy", fixed(proxy.low, 2), fixed(proxy.high, 2), size.exceeds(kExhaustiveSummaryLimit) ? "sample" : "exact",
         "", ""});
  r.print(out);
  out << "\nMACs, params and latencies: " << extremes_how << " (no monotonicity assumed).\n"
      << "accuracy_proxy: " << proxy_how << "; a proxy fitted to published results, not a measurement.\n"
      << "smallest GPU-latency network: " << canonical_string(space.decode(extremes[2].smallest)) << "\n"
      << "largest GPU-latency network:  " << canonical_string(space.decode(extremes[2].largest)) << "\n";
}

}  // namespace

int run_space_command(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description opts("latnas space options");
  std::string known;
  for (const auto& n : builtin_space_names()) known += (known.empty() ? "" : ", ") + n;
  opts.add_options()
    ("space", po::value<std::string>()->default_value("efficientnet"), ("a built-in space (" + known + ") or a space file").c_str())
    ("device", po::value<std::string>()->default_value("orin-agx-50w"), "orin-agx-50w or a device profile file")
    ("proxy", po::value<std::string>()->default_value(proxy_names().front()), "accuracy proxy")
    ("sample", po::value<std::string>(), "print N networks sampled uniformly per gene (with replacement)")
    ("seed", po::value<std::string>()->default_value("1"), "random seed for --sample and the summary's sample")
    ("enumerate", po::bool_switch(), "print every network of the space (refused above 10^8)")
    ("format", po::value<std::string>()->default_value("table"), "table or csv");
  po::variables_map vm;
  if (!parse_command_line(args, opts, vm,
                          "usage: latnas space [--space NAME|FILE] [--sample N [--seed S] | --enumerate] "
                          "[--device D] [--proxy P] [--format table|csv]",
                          out))
    return 0;
  const OutputFormat format = parse_output_format(vm["format"].as<std::string>(), {OutputFormat::table, OutputFormat::csv});
  const std::uint64_t seed =
      parse_count("seed", vm["seed"].as<std::string>(), 0, std::numeric_limits<std::uint64_t>::max());
  const bool enumerate = vm["enumerate"].as<bool>();
  if (enumerate && vm.count("sample")) throw InputError("--sample and --enumerate: expected at most one of them, got both");
  std::uint64_t samples = 0;
  if (vm.count("sample")) samples = parse_count("sample", vm["sample"].as<std::string>(), 1, 1'000'000'000);
  const SearchSpace space = resolve_space(vm["space"].as<std::string>());
  const Scorer scorer(DeviceProfile::resolve(vm["device"].as<std::string>()), make_proxy(vm["proxy"].as<std::string>()));

  const SpaceScorer fast(space, scorer);
  if (samples > 0) {
    NetworkWriter writer(out, format, space, fast);
    search::Rng rng(seed, 0, 0);
    for (std::uint64_t i = 0; i < samples; ++i) writer.write(sample_genome(space, rng));
    return 0;
  }
  if (enumerate) {
    const SpaceSize size = space_size(space);
    if (size.exceeds(kEnumerateLimit))
      throw InputError("--enumerate: space '" + space.name() + "' has " + size.to_string() +
                       " networks; expected at most 10^8 (use --sample N)");
    NetworkWriter writer(out, format, space, fast);
    SpaceEnumerator all(space);
    Genome g;
    while (all.next(g)) writer.write(g);
    return 0;
  }
  print_summary(out, format, space, scorer, fast, seed);
  return 0;
}

}  // namespace latnas
