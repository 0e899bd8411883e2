#include "experiments/cli/calibrate_command.hpp"
#include "experiments/cli/command_line.hpp"
#include "experiments/cli/cost_command.hpp"
#include "experiments/cli/export_command.hpp"
#include "experiments/cli/proxy_command.hpp"
#include "experiments/cli/run_command.hpp"
#include "experiments/cli/search_command.hpp"
#include "experiments/cli/space_command.hpp"

namespace latnas {

const std::vector<Command>& commands() {
  static const std::vector<Command> all{
      {"cost", "MACs, parameters, Orin latency and accuracy proxy of one network, unit by unit", run_cost_command},
      {"models", "the built-in models with their totals", run_models_command},
      {"space", "a search space: its knobs, exact size and ranges; sample or enumerate its networks", run_space_command},
      {"search", "evolutionary search for the latency/accuracy Pareto front under a budget", run_search_command},
      {"run", "config-driven batch experiments: sweeps, resume, summary tables (experiment files or shipped ones)", run_run_command},
      {"proxy", "accuracy proxies: validation report (published vs predicted, LOO/LOFO MAE, Kendall tau, coefficients) or one network's prediction", run_proxy_command},
      {"calibrate", "fit a device profile to measured latencies; held-out error report before and after (text, JSON, SVG)", run_calibrate_command},
      {"export", "a network out of latnas: ONNX (seeded weights), a PyTorch module, or Once-for-All's subnet config", run_export_command},
  };
  return all;
}

}  // namespace latnas
