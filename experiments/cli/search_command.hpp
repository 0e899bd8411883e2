#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "experiments/nas/search_options.hpp"

namespace latnas {

// `latnas search`: NSGA-II (or random search) over a space under a latency budget; writes
// pareto.csv, history.csv, run.json and pareto.svg.
int run_search_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Applies the [search] section of an INI file (keys as the command line's options).
void apply_search_config(SearchOptions& options, const std::string& path);

}  // namespace latnas
