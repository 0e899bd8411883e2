#pragma once
// The exact reference the `tiny` benchmarks compare searches with: every network of the space
// scored, the GPU budget at their median latency, and the exact front of the feasible ones.
#include <algorithm>
#include <vector>

#include "experiments/nas/search_run.hpp"
#include "search/hypervolume.hpp"
#include "search/pareto_archive.hpp"
#include "spaces/enumeration.hpp"

namespace latnas::bench {

struct TinyExactFront {
  std::size_t networks = 0;
  double budget = 0;                // median GPU latency of the space, ms
  double lowest_accuracy = 0;       // the space's lowest accuracy proxy
  std::vector<double> reference;    // hypervolume reference: (budget, -lowest accuracy)
  std::size_t front_size = 0;
  double hypervolume = 0;

  explicit TinyExactFront(const SearchRun& run) {
    std::vector<Score> all;
    SpaceEnumerator e(run.space());
    Genome g;
    while (e.next(g)) all.push_back(run.problem().score(g));
    networks = all.size();
    std::vector<double> latency;
    for (const Score& s : all) latency.push_back(s.gpu_ms);
    std::nth_element(latency.begin(), latency.begin() + static_cast<std::ptrdiff_t>(latency.size() / 2), latency.end());
    budget = latency[latency.size() / 2];
    lowest_accuracy = 1e300;
    for (const Score& s : all) lowest_accuracy = std::min(lowest_accuracy, s.accuracy);
    reference = {budget, -lowest_accuracy};
    search::ParetoArchive<int> exact(2);
    for (const Score& s : all)
      if (s.gpu_ms <= budget) exact.insert(std::vector<double>{s.gpu_ms, -s.accuracy}, 0);
    front_size = exact.size();
    hypervolume = search::hypervolume_2d(exact.objective_views(), reference);
  }
};

}  // namespace latnas::bench
