#include "costmodel/op_labels.hpp"

#include <map>

#include "costmodel/network_cost.hpp"

namespace latnas {

std::vector<std::string> op_labels(const Network& net) {
  const OpGraph& g = net.graph();
  std::vector<std::string> prefixes;
  for (const UnitPlace& u : net.units()) {
    std::string p = unit_name(u);
    p = p.substr(0, p.find('/'));
    for (char& c : p)
      if (c == '.') c = '_';
    prefixes.push_back(p);
  }
  std::vector<std::string> labels(boost::num_vertices(g));
  std::map<std::pair<std::size_t, OpKind>, int> counters;
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    const Op& op = g[*v];
    if (op.kind == OpKind::input) {
      labels[*v] = "input";
      continue;
    }
    const int n = counters[{op.unit, op.kind}]++;
    labels[*v] = prefixes[op.unit] + "_" + std::string(to_string(op.kind)) + std::to_string(n);
  }
  return labels;
}

}  // namespace latnas
