#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace latnas {

// `latnas run EXPERIMENT...`: expands each experiment file's sweep, runs every combination not yet
// complete (several at a time), each into OUT/runs/RUN_ID/, then writes summary.csv,
// pareto_all.csv and summary.svg (and comparison.csv) into OUT. Format and options:
// experiments/README.md.
int run_run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latnas
