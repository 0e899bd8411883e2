#include "experiments/batch/experiment_shipped.hpp"

#include <array>

// Generated from experiments/shipped/*.experiment (experiments/CMakeLists.txt).
namespace latnas::embedded {
std::string_view budget_sweep_experiment();
std::string_view beat_efficientnet_b0_experiment();
std::string_view ofa_mbv3_published_experiment();
}  // namespace latnas::embedded

namespace latnas {
namespace {

struct ShippedExperiment {
  std::string_view name;
  std::string_view (*text)();
};
constexpr std::array<ShippedExperiment, 3> kShipped{{{"budget-sweep", embedded::budget_sweep_experiment},
                                                     {"beat-efficientnet-b0", embedded::beat_efficientnet_b0_experiment},
                                                     {"ofa-mbv3-published", embedded::ofa_mbv3_published_experiment}}};

}  // namespace

std::vector<std::string> shipped_experiment_names() {
  std::vector<std::string> names;
  for (const auto& s : kShipped) names.emplace_back(s.name);
  return names;
}

std::optional<std::string_view> shipped_experiment_text(std::string_view name) {
  for (const auto& s : kShipped)
    if (s.name == name) return s.text();
  return std::nullopt;
}

}  // namespace latnas
