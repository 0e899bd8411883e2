#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace latnas {

// `latnas cost`: MACs, parameters, Orin latency and the accuracy proxy of one network, unit by unit.
int run_cost_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// `latnas models`: the built-in models with their totals.
int run_models_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latnas
