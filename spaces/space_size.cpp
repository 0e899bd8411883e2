#include "spaces/space_size.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>

namespace latnas {
namespace {

using BigInt = boost::multiprecision::cpp_int;

// What makes a block distinct: type, kernel, stride, expansion, channels, SE ratio, activation.
using Symbol = std::tuple<int, int, int, double, int, double, std::string>;

struct Automaton {
  std::vector<std::vector<std::pair<int, int>>> moves;  // per state: (symbol, target)
  std::vector<bool> accepting;
  int start = 0;
};

Automaton build_automaton(const SearchSpace& space) {
  const SpaceDefinition& def = space.definition();
  const std::size_t n = def.stages.size();
  // Per stage: the distinct widths and every (kernel, expansion, SE) combination.
  struct Choice {
    int kernel;
    double expansion;
    double se;
  };
  std::vector<std::vector<int>> widths(n);
  std::vector<std::vector<Choice>> combos(n);
  for (std::size_t s = 0; s < n; ++s) {
    const StageDefinition& st = def.stages[s];
    for (int c : space.stage_channels(s))
      if (std::find(widths[s].begin(), widths[s].end(), c) == widths[s].end()) widths[s].push_back(c);
    const std::vector<double> expansions = st.type == BlockType::ir ? st.expansions : std::vector<double>{1.0};
    for (int k : st.kernels)
      for (double e : expansions)
        for (double se : st.se_ratios) combos[s].push_back(Choice{k, e, se});
  }
  std::map<Symbol, int> symbols;
  auto symbol = [&](std::size_t s, const Choice& c, int stride, int width) {
    const StageDefinition& st = def.stages[s];
    const Symbol key{static_cast<int>(st.type), c.kernel, stride, c.expansion, width, c.se, st.activation};
    return symbols.emplace(key, static_cast<int>(symbols.size())).first->second;
  };
  // States: 0 is the start; then (stage, blocks so far j, width u, combo t) with t = 0 in
  // per-block stages (their blocks choose freely) and the stage's one choice in per-stage ones.
  std::vector<std::size_t> stage_base(n);
  std::vector<std::size_t> combos_in_state(n);
  std::size_t count = 1;
  for (std::size_t s = 0; s < n; ++s) {
    stage_base[s] = count;
    combos_in_state[s] = def.stages[s].scope == ChoiceScope::per_stage ? combos[s].size() : 1;
    count += static_cast<std::size_t>(space.max_depth(s)) * widths[s].size() * combos_in_state[s];
  }
  auto state = [&](std::size_t s, int j, std::size_t u, std::size_t t) {
    return static_cast<int>(stage_base[s] + ((static_cast<std::size_t>(j - 1) * widths[s].size() + u) * combos_in_state[s] + t));
  };
  Automaton a;
  a.moves.resize(count);
  a.accepting.assign(count, false);
  // Moves that start stage s (its first block, with the stage's stride).
  auto starts = [&](std::size_t s, std::vector<std::pair<int, int>>& out) {
    for (std::size_t u = 0; u < widths[s].size(); ++u)
      for (std::size_t t = 0; t < combos[s].size(); ++t)
        out.emplace_back(symbol(s, combos[s][t], def.stages[s].stride, widths[s][u]),
                         state(s, 1, u, combos_in_state[s] == 1 ? 0 : t));
  };
  starts(0, a.moves[0]);
  for (std::size_t s = 0; s < n; ++s) {
    const StageDefinition& st = def.stages[s];
    for (int j = 1; j <= space.max_depth(s); ++j)
      for (std::size_t u = 0; u < widths[s].size(); ++u)
        for (std::size_t t = 0; t < combos_in_state[s]; ++t) {
          auto& out = a.moves[static_cast<std::size_t>(state(s, j, u, t))];
          if (j < space.max_depth(s))
            for (std::size_t c = 0; c < combos[s].size(); ++c)
              if (combos_in_state[s] == 1 || c == t) out.emplace_back(symbol(s, combos[s][c], 1, widths[s][u]), state(s, j + 1, u, t));
          const bool can_end = std::find(st.depths.begin(), st.depths.end(), j) != st.depths.end();
          if (can_end && s + 1 < n) starts(s + 1, out);
          if (can_end && s + 1 == n) a.accepting[static_cast<std::size_t>(state(s, j, u, t))] = true;
        }
  }
  return a;
}

// log10 of a big integer from its decimal digits (a double would overflow beyond 1e308).
double log10_of(const std::string& digits) {
  const std::size_t lead = std::min<std::size_t>(digits.size(), 17);
  return static_cast<double>(digits.size() - lead) + std::log10(std::stod(digits.substr(0, lead)));
}

}  // namespace

std::string SpaceSize::to_string() const {
  if (!exact) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "at most 10^%.4f (not counted exactly beyond 10^%.0f)", log10, kExactSizeDigits);
    return buf;
  }
  if (value) return decimal;
  char buf[32];
  std::snprintf(buf, sizeof buf, "10^%.4f", log10);
  return decimal + " (" + buf + ")";
}

double space_size_bound_log10(const SearchSpace& space) {
  const SpaceDefinition& def = space.definition();
  double total = std::log10(static_cast<double>(std::max<std::size_t>(1, def.resolutions.size())));
  for (std::size_t s = 0; s < def.stages.size(); ++s) {
    const StageDefinition& st = def.stages[s];
    std::vector<int> widths;
    for (int c : space.stage_channels(s))
      if (std::find(widths.begin(), widths.end(), c) == widths.end()) widths.push_back(c);
    const double expansions = st.type == BlockType::ir ? static_cast<double>(st.expansions.size()) : 1.0;
    const double combos = static_cast<double>(st.kernels.size()) * expansions * static_cast<double>(std::max<std::size_t>(1, st.se_ratios.size()));
    const double lw = std::log10(static_cast<double>(std::max<std::size_t>(1, widths.size())));
    if (st.scope == ChoiceScope::per_stage) {
      total += lw + std::log10(combos) + std::log10(static_cast<double>(st.depths.size()));
      continue;
    }
    // log10(sum over depths of combos^d), summed stably in the log domain.
    const int top = *std::max_element(st.depths.begin(), st.depths.end());
    const double lc = std::log10(combos);
    double sum = 0.0;
    for (int d : st.depths) sum += std::pow(10.0, (d - top) * lc);
    total += lw + top * lc + std::log10(sum);
  }
  return total;
}

SpaceSize space_size(const SearchSpace& space) {
  if (const double bound = space_size_bound_log10(space); bound > kExactSizeDigits) {
    SpaceSize size;
    size.exact = false;
    size.log10 = bound;
    return size;
  }
  const Automaton a = build_automaton(space);
  // Layer by layer over word length: each set of automaton states reached, with the number of
  // distinct words that reach exactly that set.
  std::map<std::vector<int>, BigInt> layer{{{a.start}, BigInt(1)}};
  BigInt words = 0;
  std::vector<std::pair<int, int>> moves;
  while (!layer.empty()) {
    std::map<std::vector<int>, BigInt> next;
    for (const auto& [states, count] : layer) {
      moves.clear();
      for (int s : states) moves.insert(moves.end(), a.moves[static_cast<std::size_t>(s)].begin(), a.moves[static_cast<std::size_t>(s)].end());
      std::sort(moves.begin(), moves.end());
      for (std::size_t i = 0; i < moves.size();) {
        std::vector<int> targets;
        std::size_t j = i;
        for (; j < moves.size() && moves[j].first == moves[i].first; ++j)
          if (targets.empty() || targets.back() != moves[j].second) targets.push_back(moves[j].second);
        next[std::move(targets)] += count;
        i = j;
      }
    }
    for (const auto& [states, count] : next)
      if (std::any_of(states.begin(), states.end(), [&](int s) { return a.accepting[static_cast<std::size_t>(s)]; }))
        words += count;
    layer = std::move(next);
  }
  const BigInt total = words * space.definition().resolutions.size();
  SpaceSize size;
  size.decimal = total.str();
  size.log10 = log10_of(size.decimal);
  if (total <= std::numeric_limits<std::uint64_t>::max()) size.value = total.convert_to<std::uint64_t>();
  return size;
}

}  // namespace latnas
