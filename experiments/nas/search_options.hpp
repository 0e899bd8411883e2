#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/nas/nas_problem.hpp"
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
  // Stop after this many generations in a row without hypervolume gain; 0: never.
  std::size_t stop_after_stagnant = default_stop_after_stagnant;
  // Children already evaluated are made again up to this many times (search::Settings::novelty_retries).
  std::size_t novelty_retries = default_novelty_retries;
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
  // Write state.latnas (what a longer run continues from; about 10 MB after 2M evaluations, most of
  // it the repeat table's fingerprints). Off: the run cannot be continued, only redone.
  bool save_state = true;

  static constexpr std::uint64_t default_evaluations = 2'000'000;
  static constexpr std::size_t default_stop_after_stagnant = 0;
  static constexpr std::size_t default_novelty_retries = 3;
};

// What consumers of the options need to know of each one, kept with the option itself so that
// adding an option is one entry in search_option_specs().
enum SearchOptionTrait : unsigned {
  numeric = 1u << 0,          // a number: an experiment's sweep may give a range FIRST:LAST:STEP
  sweepable = 1u << 1,        // may vary across the runs of an experiment
  fingerprinted = 1u << 2,    // decides results: part of a run's fingerprint (a change reruns it)
  always_in_id = 1u << 3,     // every run id names it (the others only when swept)
  summary_column = 1u << 4,   // a column of summary.csv in every experiment (the others when swept)
};

// One settable option: its key (as on the command line, without the dashes), what its value looks
// like, what it does, how it is set and shown, and its traits. Every consumer reads this one
// table: the command line and INI files (apply), run.json and the printed settings (show), sweeps
// (numeric, sweepable), run ids (id_prefix, always_in_id), fingerprints and summaries.
struct SearchOptionSpec {
  std::string_view key;
  std::string_view value;
  std::string_view help;
  void (*apply)(SearchOptions&, const std::string&);
  std::string (*show)(const SearchOptions&);
  unsigned traits = 0;
  std::string_view id_prefix;  // before the value in run ids ("lat" for latency-ms: lat10)

  bool has(SearchOptionTrait t) const { return (traits & t) != 0; }
};

// Every option a search takes, in the order --help lists them.
const std::vector<SearchOptionSpec>& search_option_specs();

// Sets one option from its text, validating it; throws InputError "KEY: expected X, got Y".
// Keys may be written with '-' or '_' ("latency-ms", "latency_ms"). `init` appends.
void apply_search_option(SearchOptions& options, std::string_view key, const std::string& value);
bool is_search_option(std::string_view key);
// The spec of a key (either spelling), or null.
const SearchOptionSpec* find_search_option(std::string_view key);

// The options as "key = value" lines (what a run prints at its start and records in run.json).
std::vector<std::pair<std::string, std::string>> describe(const SearchOptions& options);

// What the options say together, checked without building anything (SearchRun and a dry run of
// `latnas run` both call it): an evaluation budget below the population (the initial population
// alone would exceed it) and more --init networks than the population. Throws InputError.
void check_search_options(const SearchOptions& options);

}  // namespace latnas
