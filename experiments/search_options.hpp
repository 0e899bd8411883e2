#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/nas_problem.hpp"
#include "search/algorithm.hpp"

namespace latnas {

// Everything a search run is made from. Defaults are the embedded defaults of `latnas search`.
struct SearchOptions {
  std::string space = "efficientnet";
  std::string device = "orin-agx-50w";
  std::string proxy;  // empty: the default proxy (proxy_names().front())
  search::Algorithm algorithm = search::Algorithm::nsga2;
  Budget budget;
  std::size_t population = 128;
  std::optional<std::size_t> generations;
  std::optional<std::uint64_t> evaluations;  // when neither bound is given: default_evaluations
  std::uint64_t seed = 1;
  std::size_t threads = 0;  // 0: every core of the machine
  double mutation_rate = 0.0;  // 0: one changed gene per genome on average
  double crossover_probability = 0.9;
  CrossoverKind crossover = CrossoverKind::stage;
  std::vector<std::string> init;  // built-in model names or canonical strings
  std::string accuracy_table;     // CSV of arch,top1 used instead of the proxy where it has the network
  std::string accuracy_command;   // a program answering top-1 for arch strings (AccuracyCommand)
  std::string out = "latnas-search";
  bool quiet = false;

  static constexpr std::uint64_t default_evaluations = 2'000'000;
};

// One settable option: its key (as on the command line, without the dashes), what its value looks
// like, and what it does.
struct SearchOptionSpec {
  std::string_view key;
  std::string_view value;
  std::string_view help;
  void (*apply)(SearchOptions&, const std::string&);
};

// Every option a search takes, in the order --help lists them.
const std::vector<SearchOptionSpec>& search_option_specs();

// Sets one option from its text, validating it; throws InputError "KEY: expected X, got Y".
// Keys may be written with '-' or '_' ("latency-ms", "latency_ms"). `init` appends.
void apply_search_option(SearchOptions& options, std::string_view key, const std::string& value);
bool is_search_option(std::string_view key);

// The options as "key = value" lines (what a run prints at its start and records in run.json).
std::vector<std::pair<std::string, std::string>> describe(const SearchOptions& options);

// What the options say together, checked without building anything (SearchRun and a dry run of
// `latnas run` both call it): an evaluation budget below the population (the initial population
// alone would exceed it) and more --init networks than the population. Throws InputError.
void check_search_options(const SearchOptions& options);

}  // namespace latnas
