#include "experiments/batch/run_grid.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "costmodel/error.hpp"
#include "experiments/nas/network_input.hpp"
#include "spaces/space_file.hpp"

namespace latnas {
namespace {

constexpr std::size_t kMaxPlannedRuns = 100000;

std::string described(const SearchOptions& o, std::string_view key) {
  for (const auto& [k, v] : describe(o))
    if (k == key) return v;
  return {};
}

// Letters, digits, '.', '+' and '_' stay; anything else becomes '_'. A file is named by its stem.
std::string id_text(std::string_view key, std::string value) {
  if ((key == "space" || key == "device") && (value.find('/') != std::string::npos || value.find('.') != std::string::npos))
    value = std::filesystem::path(value).stem().string();
  for (char& c : value) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '+' ||
                      c == '_' || c == '-';
    if (!keep) c = '_';
  }
  return value;
}

// SPACE-DEVICE[-...]-latMS[-...]-seedS: the options every id names, and each swept one, in the
// schema's order, each as its id prefix and value; the seed last.
std::string run_id(const SearchOptions& o, const ExperimentFile& x) {
  auto swept = [&](std::string_view key) {
    return std::any_of(x.sweep.begin(), x.sweep.end(), [&](const SweepAxis& a) { return a.key == key; });
  };
  std::string id;
  for (const SearchOptionSpec& spec : search_option_specs()) {
    if (spec.key == "seed" || !spec.has(sweepable) || !(spec.has(always_in_id) || swept(spec.key))) continue;
    std::string v = described(o, spec.key);
    if (spec.key == "proxy" && v.empty()) v = "default";
    id += (id.empty() ? "" : "-") + std::string(spec.id_prefix) + id_text(spec.key, v);
  }
  return id + "-seed" + std::to_string(o.seed);
}

// Every --init network is a member of its run's space: what SearchRun checks, here without building
// the run (so that a dry run refuses it too). Each space and each (space, network) pair once.
std::vector<PlannedRun> checked_inits(const ExperimentFile& x, std::vector<PlannedRun> runs) {
  std::map<std::string, std::unique_ptr<SearchSpace>> spaces;
  std::set<std::pair<std::string, std::string>> members;
  for (const PlannedRun& r : runs)
    for (const std::string& ref : r.options.init) {
      if (members.count({r.options.space, ref})) continue;
      auto& space = spaces[r.options.space];
      if (!space) space = std::make_unique<SearchSpace>(resolve_space(r.options.space));
      if (!space->encode(network_from_reference(ref)))
        throw InputError(x.source + ": run " + r.id + ": init '" + ref + "': not a member of the space '" + space->name() + "'");
      members.insert({r.options.space, ref});
    }
  return runs;
}

}  // namespace

std::filesystem::path run_folder(const std::filesystem::path& out, const std::string& run_id) {
  return out / "runs" / run_id;
}

std::vector<PlannedRun> expand_grid(const ExperimentFile& x) {
  // The size of the grid, as a product, before anything is expanded.
  double planned = 1;
  std::string axes;
  for (const SweepAxis& a : x.sweep) {
    planned *= static_cast<double>(a.values.size());
    axes += (axes.empty() ? "" : " x ") + a.key + " (" + std::to_string(a.values.size()) + ")";
  }
  if (planned > static_cast<double>(kMaxPlannedRuns)) {
    char n[32];
    std::snprintf(n, sizeof n, planned < 1e15 ? "%.0f" : "%.3g", planned);
    throw InputError(x.source + ": the sweep plans " + n + " runs (" + axes + "): expected at most " +
                     std::to_string(kMaxPlannedRuns) + " (split it into several experiments)");
  }
  SearchOptions base;
  for (const ExperimentOption& o : x.options) apply_search_option(base, o.key, o.value);
  base.quiet = true;

  std::vector<PlannedRun> runs;
  std::vector<std::size_t> index(x.sweep.size(), 0);
  std::map<std::string, std::size_t> ids;
  while (true) {
    PlannedRun r;
    r.options = base;
    for (std::size_t a = 0; a < x.sweep.size(); ++a) {
      const std::string& v = x.sweep[a].values[index[a]];
      apply_search_option(r.options, x.sweep[a].key, v);
      r.swept.emplace_back(x.sweep[a].key, v);
    }
    r.id = run_id(r.options, x);
    r.options.out = run_folder(x.out, r.id).string();
    if (const auto [it, fresh] = ids.emplace(r.id, runs.size()); !fresh) {
      auto text = [](const PlannedRun& p) {
        std::string s;
        for (const auto& [k, v] : p.swept) s += (s.empty() ? "" : ", ") + k + " = " + v;
        return s.empty() ? std::string("the only run") : s;
      };
      throw InputError(x.source + ": runs (" + text(runs[it->second]) + ") and (" + text(r) + ") would both be '" + r.id +
                       "' (files are named by their stem): rename one");
    }
    try {
      check_search_options(r.options);
    } catch (const InputError& e) {
      throw InputError(x.source + ": run " + r.id + ": " + e.what());
    }
    runs.push_back(std::move(r));
    // Next combination: the last key varies fastest.
    std::size_t a = x.sweep.size();
    while (a > 0) {
      --a;
      if (++index[a] < x.sweep[a].values.size()) break;
      index[a] = 0;
      if (a == 0) return checked_inits(x, std::move(runs));
    }
    if (x.sweep.empty()) return checked_inits(x, std::move(runs));
  }
}

}  // namespace latnas
