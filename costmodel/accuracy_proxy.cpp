#include "costmodel/accuracy_proxy.hpp"

#include "costmodel/error.hpp"
#include "costmodel/linear_proxy.hpp"

namespace latnas {

std::vector<std::string> proxy_names() { return {"flops"}; }

std::shared_ptr<const AccuracyProxy> make_proxy(std::string_view name) {
  if (name == "flops") {
    // Fitted once, on first use: a least-squares line in ln(MACs) through the reference rows
    // (the MBConv rows of shared/reference/published_accuracy.csv, shipped in data/calibration/).
    static const auto flops = [] {
      const auto points = CalibrationSet::builtin().subset("reference");
      return std::make_shared<const LinearProxy>(
          LinearProxy::fit("flops", std::make_shared<LogMacsFeatures>(), points, 0.0, CalibrationRange::of(points)));
    }();
    return flops;
  }
  std::string known;
  for (const auto& n : proxy_names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown proxy '" + std::string(name) + "'; known: " + known);
}

}  // namespace latnas
