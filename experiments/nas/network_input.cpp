#include "experiments/nas/network_input.hpp"

#include <limits>

#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/onnx_import.hpp"

namespace latnas {

NetworkSpec network_from_reference(const std::string& ref) {
  if (ref.find('=') != std::string::npos) return parse_canonical(ref);
  return ModelZoo::builtin().build(ref);
}

NetworkSpec network_from_onnx(const std::string& file) {
  OnnxImport imported = import_onnx(file);
  if (!imported.spec)
    throw InputError(file + ": the graph is not one latnas can write as an architecture string (`latnas cost --onnx " + file +
                     "` costs it unit by unit)");
  return *imported.spec;
}

Score score_imported(const Scorer& scorer, const OnnxImport& imported, std::vector<UnitScore>& units) {
  units.clear();
  Score s;
  for (const UnitCount& c : imported.units) {
    units.push_back(scorer.unit(c));
    s.macs += c.macs;
    s.params += c.params;
    s.gpu_ms += units.back().gpu_ms;
    s.cpu_ms += units.back().cpu_ms;
    s.edge_units += units.back().on_edge;
  }
  s.accuracy = std::numeric_limits<double>::quiet_NaN();
  if (imported.spec) {
    const Prediction p = scorer.proxy().predict(ProxyInput{*imported.spec, totals(count_units(*imported.spec))});
    s.accuracy = p.top1;
    s.accuracy_in_range = p.in_range;
  }
  return s;
}

}  // namespace latnas
