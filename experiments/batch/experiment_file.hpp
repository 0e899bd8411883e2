#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace latnas {

// One fixed option of every run: its key (dash form, as `latnas search` spells it), its text and
// where it came from ("FILE:LINE: [search] KEY" or "--KEY"), for messages.
struct ExperimentOption {
  std::string key;
  std::string value;
  std::string where;
};

// One swept option: every value it takes, each already validated.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
  std::string where;
};

// A network the summary compares every run with ([compare] LABEL = MODEL|ARCH[, PUBLISHED_TOP1]).
struct CompareNetwork {
  std::string label;
  std::string reference;  // a built-in model name or a canonical string
  std::optional<double> published_top1;  // from the file, else the calibration data for a built-in model
};

// An experiment file (format: experiments/README.md), read with the same INI reader as space files
// (spaces/config_file.hpp). Every value is validated when it is read, through the same setter as
// `latnas search` uses (apply_search_option), and every error names the file, line, section and key.
struct ExperimentFile {
  std::string source;  // a path, or "<shipped>/NAME.experiment"
  std::string name;
  std::string description;
  std::filesystem::path out;
  std::string out_where;
  std::vector<ExperimentOption> options;  // [search], in file order
  std::vector<SweepAxis> sweep;           // [sweep], in file order: the first key varies slowest
  std::vector<CompareNetwork> compare;    // [compare], in file order
};

ExperimentFile parse_experiment(std::string_view text, std::string source, std::string default_name);
ExperimentFile load_experiment_file(const std::filesystem::path& path);
// A shipped experiment's name (experiment_shipped.hpp), else a path to an experiment file.
ExperimentFile resolve_experiment(const std::string& name_or_path);

// Keys that [sweep] accepts: every option of `latnas search` but out, threads, quiet and init.
bool is_sweepable(std::string_view key);
std::vector<std::string> sweepable_keys();

// A value given on the command line for a search option: replaces what the file says about that key,
// in [search] or [sweep]. A list (commas, or FIRST:LAST:STEP for numbers) makes it a sweep.
// `init` values are appended to each other but replace the file's init. Throws InputError "--KEY: ...".
void override_option(ExperimentFile& experiment, std::string_view key, const std::string& value);
void override_init(ExperimentFile& experiment, const std::vector<std::string>& values);

// The items of a list value: comma-separated; for numeric keys an item FIRST:LAST:STEP expands to
// FIRST, FIRST+STEP, ..., LAST (decimals allowed; LAST - FIRST must be a multiple of STEP). Throws
// InputError with the message only (the caller adds where).
std::vector<std::string> expand_list_items(std::string_view key, const std::vector<std::string>& items);

}  // namespace latnas
