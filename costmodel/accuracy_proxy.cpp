#include "costmodel/accuracy_proxy.hpp"

#include "costmodel/calibration_set.hpp"
#include "costmodel/error.hpp"
#include "costmodel/proxy_recipe.hpp"

namespace latnas {

// The first is the default everywhere a proxy can be chosen.
std::vector<std::string> proxy_names() { return {"calibrated", "flops"}; }

std::shared_ptr<const AccuracyProxy> make_proxy(std::string_view name) {
  // Each fitted once, on first use, on the shipped calibration data (data/calibration/), by the
  // same recipe `latnas proxy --report` validates.
  if (name == "calibrated") {
    static const auto calibrated = proxy_recipe("calibrated").fit_on(CalibrationSet::builtin().points());
    return calibrated;
  }
  if (name == "flops") {
    static const auto flops = proxy_recipe("flops").fit_on(CalibrationSet::builtin().points());
    return flops;
  }
  std::string known;
  for (const auto& n : proxy_names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown proxy '" + std::string(name) + "'; known: " + known);
}

}  // namespace latnas
