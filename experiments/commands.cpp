#include "experiments/command_line.hpp"
#include "experiments/cost_command.hpp"

namespace latnas {

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {"cost", "MACs, parameters, Orin latency and accuracy proxy of one network, unit by unit", run_cost_command},
      {"models", "the built-in models with their totals", run_models_command},
  };
  return all;
}

}  // namespace latnas
