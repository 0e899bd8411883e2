#include "experiments/nas/search_options.hpp"

#include <charconv>
#include <cmath>

#include "costmodel/error.hpp"
#include "experiments/outputs/text_output.hpp"
#include "search/settings.hpp"

namespace latnas {
namespace {

std::string normal_key(std::string_view key) {
  std::string k(key);
  for (char& c : k)
    if (c == '_') c = '-';
  return k;
}

[[noreturn]] void bad(std::string_view what, const std::string& value) {
  throw InputError(std::string(what) + ", got '" + value + "'");
}

double real_in(const std::string& v, std::string_view key, double lo, double hi, bool open_lo) {
  double x = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  const bool ok = ec == std::errc() && end == v.data() + v.size() && !v.empty() && std::isfinite(x) &&
                  (open_lo ? x > lo : x >= lo) && x <= hi;
  if (!ok)
    bad(std::string(key) + ": expected a number in " + (open_lo ? "(" : "[") + format_real(lo) + ", " + format_real(hi) + "]", v);
  return x;
}

// Whole counts; "2e6" and "2000000" both work, as do suffixes k, M, G (powers of 1000), in either
// case: a count has no milli, so "2m" can only mean two million.
std::uint64_t count_in(const std::string& v, std::string_view key, std::uint64_t lo, std::uint64_t hi) {
  double mult = 1;
  std::string digits = v;
  if (!digits.empty()) {
    const char last = digits.back();
    if (last == 'k' || last == 'K') mult = 1e3;
    if (last == 'M' || last == 'm') mult = 1e6;
    if (last == 'G' || last == 'g') mult = 1e9;
    if (mult != 1) digits.pop_back();
  }
  double x = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  x *= mult;
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || x != std::floor(x) ||
      x < static_cast<double>(lo) || x > static_cast<double>(hi))
    bad(std::string(key) + ": expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), v);
  return static_cast<std::uint64_t>(x);
}

bool boolean(const std::string& v, std::string_view key) {
  if (v == "true" || v == "yes" || v == "1" || v == "on") return true;
  if (v == "false" || v == "no" || v == "0" || v == "off") return false;
  bad(std::string(key) + ": expected true or false", v);
}

std::string non_empty(const std::string& v, std::string_view key) {
  if (v.empty()) bad(std::string(key) + ": expected a value", v);
  return v;
}

std::string optional_text(const auto& v) { return v ? std::to_string(*v) : std::string("none"); }

}  // namespace

// In the order `latnas search` prints its settings and run.json records them (which fingerprints
// hash: reordering this list reruns every finished run of an experiment).
const std::vector<SearchOptionSpec>& search_option_specs() {
  constexpr unsigned result = sweepable | fingerprinted;  // an option that decides results
  static const std::vector<SearchOptionSpec> specs{
      {"space", "NAME|FILE", "search space: efficientnet, ofa-mbv3, tiny or a space file",
       [](SearchOptions& o, const std::string& v) { o.space = non_empty(v, "space"); },
       [](const SearchOptions& o) { return o.space; }, result | always_in_id | summary_column, ""},
      {"device", "NAME|FILE", "orin-agx-50w or a device profile file",
       [](SearchOptions& o, const std::string& v) { o.device = non_empty(v, "device"); },
       [](const SearchOptions& o) { return o.device; }, result | always_in_id | summary_column, ""},
      {"proxy", "NAME", "accuracy proxy (default: the calibrated one where available)",
       [](SearchOptions& o, const std::string& v) { o.proxy = non_empty(v, "proxy"); },
       [](const SearchOptions& o) { return o.proxy; }, result | summary_column, ""},
      {"trust-region", "on|off", "stay inside the proxy's domain of validity (default on; off: rows outside are flagged)",
       [](SearchOptions& o, const std::string& v) { o.budget.trust_region = boolean(v, "trust-region"); },
       [](const SearchOptions& o) { return std::string(o.budget.trust_region ? "on" : "off"); }, result, "tr"},
      {"accuracy-table", "FILE", "CSV arch,top1 of your own results, used instead of the proxy for the networks it lists",
       [](SearchOptions& o, const std::string& v) { o.accuracy_table = non_empty(v, "accuracy-table"); },
       [](const SearchOptions& o) { return o.accuracy_table.empty() ? std::string("none") : o.accuracy_table; }, result, "table"},
      {"accuracy-command", "CMD", "a program that reads arch strings (one a line) and answers top-1 (one a line)",
       [](SearchOptions& o, const std::string& v) { o.accuracy_command = non_empty(v, "accuracy-command"); },
       [](const SearchOptions& o) { return o.accuracy_command.empty() ? std::string("none") : o.accuracy_command; }, result,
       "cmd"},
      {"algorithm", "nsga2|random", "NSGA-II with constrained domination, or random search",
       [](SearchOptions& o, const std::string& v) {
         if (v != "nsga2" && v != "random") bad("algorithm: expected nsga2 or random", v);
         o.algorithm = search::parse_algorithm(v);
       },
       [](const SearchOptions& o) { return std::string(search::name_of(o.algorithm)); }, result | summary_column, ""},
      {"latency-ms", "MS", "GPU latency budget in ms (default 10)",
       [](SearchOptions& o, const std::string& v) { o.budget.latency_ms = real_in(v, "latency-ms", 0, 1e6, true); },
       [](const SearchOptions& o) { return format_real(o.budget.latency_ms); },
       result | numeric | always_in_id | summary_column, "lat"},
      {"max-macs", "N", "optional MAC budget (e.g. 400M)",
       [](SearchOptions& o, const std::string& v) { o.budget.max_macs = count_in(v, "max-macs", 1, UINT64_MAX / 2); },
       [](const SearchOptions& o) { return optional_text(o.budget.max_macs); }, result | numeric, "macs"},
      {"max-params", "N", "optional parameter budget (e.g. 6M)",
       [](SearchOptions& o, const std::string& v) { o.budget.max_params = count_in(v, "max-params", 1, UINT64_MAX / 2); },
       [](const SearchOptions& o) { return optional_text(o.budget.max_params); }, result | numeric, "params"},
      {"population", "N", "population size, at least 4 (default 128)",
       [](SearchOptions& o, const std::string& v) { o.population = count_in(v, "population", 4, 1'000'000); },
       [](const SearchOptions& o) { return std::to_string(o.population); }, result | numeric, "pop"},
      {"generations", "N", "stop after N generations (the initial population is generation 0)",
       [](SearchOptions& o, const std::string& v) { o.generations = count_in(v, "generations", 1, 1'000'000'000); },
       [](const SearchOptions& o) { return optional_text(o.generations); }, result | numeric, "gen"},
      {"evaluations", "N", "stop after exactly N evaluations (default 2M when no bound is given)",
       [](SearchOptions& o, const std::string& v) { o.evaluations = count_in(v, "evaluations", 1, 1'000'000'000'000); },
       [](const SearchOptions& o) { return optional_text(o.evaluations); }, result | numeric, "ev"},
      {"stop-after-stagnant", "N", "stop after N generations in a row without hypervolume gain (default 0: never)",
       [](SearchOptions& o, const std::string& v) {
         o.stop_after_stagnant = count_in(v, "stop-after-stagnant", 0, 1'000'000'000);
       },
       [](const SearchOptions& o) { return std::to_string(o.stop_after_stagnant); }, result | numeric, "stag"},
      {"novelty-retries", "N", "make a child again, up to N times, while it is a network evaluated before (default 3; "
                               "0: plain NSGA-II)",
       [](SearchOptions& o, const std::string& v) {
         o.novelty_retries = count_in(v, "novelty-retries", 0, search::max_novelty_retries);
       },
       [](const SearchOptions& o) { return std::to_string(o.novelty_retries); }, result | numeric, "nov"},
      // The seed ends every run id ("-seed3"), whatever else is swept.
      {"seed", "S", "random seed (default 1); the same seed gives the same results on any thread count",
       [](SearchOptions& o, const std::string& v) { o.seed = count_in(v, "seed", 0, 1'000'000'000'000'000); },
       [](const SearchOptions& o) { return std::to_string(o.seed); }, result | numeric | summary_column, "seed"},
      {"threads", "N", "evaluation threads (default: every core)",
       [](SearchOptions& o, const std::string& v) { o.threads = count_in(v, "threads", 1, 1024); },
       [](const SearchOptions& o) { return std::to_string(o.threads); }, 0, ""},
      {"save-state", "on|off", "write state.latnas, from which a run with more evaluations continues (default on; "
                               "about 10 MB after 2M evaluations)",
       [](SearchOptions& o, const std::string& v) { o.save_state = boolean(v, "save-state"); },
       [](const SearchOptions& o) { return std::string(o.save_state ? "on" : "off"); }, 0, ""},
      {"mutation-rate", "P", "chance that each used gene mutates (default: 1 / genome length)",
       [](SearchOptions& o, const std::string& v) { o.mutation_rate = real_in(v, "mutation-rate", 0, 1, true); },
       [](const SearchOptions& o) { return format_real(o.mutation_rate); }, result | numeric, "mut"},
      {"crossover-probability", "P", "chance that a child is made by crossover (default 0.9)",
       [](SearchOptions& o, const std::string& v) {
         o.crossover_probability = real_in(v, "crossover-probability", 0, 1, false);
       },
       [](const SearchOptions& o) { return format_real(o.crossover_probability); }, result | numeric, "xp"},
      {"crossover", "stage|uniform", "whole stages from either parent (default), or each gene",
       [](SearchOptions& o, const std::string& v) { o.crossover = parse_crossover(v); },
       [](const SearchOptions& o) { return std::string(to_string(o.crossover)); }, result, "x"},
      {"init", "MODEL|ARCH", "a network to put into the initial population (repeatable)",
       [](SearchOptions& o, const std::string& v) { o.init.push_back(non_empty(v, "init")); },
       [](const SearchOptions& o) {
         std::string init;
         for (const auto& i : o.init) init += (init.empty() ? "" : ", ") + i;
         return init.empty() ? std::string("none") : init;
       },
       fingerprinted, ""},
      {"out", "DIR", "output folder (default latnas-search)",
       [](SearchOptions& o, const std::string& v) { o.out = non_empty(v, "out"); },
       [](const SearchOptions& o) { return o.out; }, 0, ""},
      {"quiet", "true|false", "no progress output",
       [](SearchOptions& o, const std::string& v) { o.quiet = boolean(v, "quiet"); }, nullptr, 0, ""},
  };
  return specs;
}

const SearchOptionSpec* find_search_option(std::string_view key) {
  const std::string k = normal_key(key);
  for (const auto& s : search_option_specs())
    if (s.key == k) return &s;
  return nullptr;
}

bool is_search_option(std::string_view key) {
  const std::string k = normal_key(key);
  for (const auto& s : search_option_specs())
    if (s.key == k) return true;
  return false;
}

void apply_search_option(SearchOptions& options, std::string_view key, const std::string& value) {
  const std::string k = normal_key(key);
  for (const auto& s : search_option_specs())
    if (s.key == k) return s.apply(options, value);
  std::string known;
  for (const auto& s : search_option_specs()) known += (known.empty() ? "" : ", ") + std::string(s.key);
  throw InputError("unknown option '" + std::string(key) + "'; known: " + known);
}

std::vector<std::pair<std::string, std::string>> describe(const SearchOptions& o) {
  std::vector<std::pair<std::string, std::string>> lines;
  for (const SearchOptionSpec& s : search_option_specs())
    if (s.show) lines.emplace_back(std::string(s.key), s.show(o));
  return lines;
}

void check_search_options(const SearchOptions& o) {
  if (o.evaluations && *o.evaluations < o.population)
    throw InputError("evaluations: expected at least the population (" + std::to_string(o.population) +
                     ": the initial population alone is that many evaluations), got " + std::to_string(*o.evaluations));
  if (o.init.size() > o.population)
    throw InputError("init: expected at most population (" + std::to_string(o.population) + ") networks, got " +
                     std::to_string(o.init.size()));
}

}  // namespace latnas
