// The search against the exact Pareto front of the `tiny` space.
//
//   build/bench/bench_tiny_front [population] [mutation-rate]
//
// Enumerates all 921,600 networks of `tiny`, sets the GPU budget to their median latency, takes
// the exact front of the feasible ones, and reports the hypervolume ratio (search / exact) after
// evaluating 1 % of the space (9,216 networks), median of 5 seeds, for NSGA-II and random search.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "search/hypervolume.hpp"
#include "tiny_exact_front.hpp"

using namespace latnas;

int main(int argc, char** argv) {
  const std::size_t population = argc > 1 ? std::stoul(argv[1]) : 0;
  const double mutation_rate = argc > 2 ? std::stod(argv[2]) : 0.0;
  const auto out = std::filesystem::temp_directory_path() / "latnas-bench-tiny";

  SearchOptions probe;
  probe.space = "tiny";
  probe.out = out.string();
  probe.evaluations = probe.population;  // the least a run may be given; the probe only scores
  const SearchRun base(probe);
  const bench::TinyExactFront exact(base);
  const double budget = exact.budget;
  const std::vector<double>& reference = exact.reference;
  const double exact_hv = exact.hypervolume;
  const std::uint64_t evaluations = exact.networks / 100;
  std::printf("tiny: %zu networks, budget = median GPU latency %.6f ms, exact front %zu networks, hypervolume %.6f\n",
              exact.networks, budget, exact.front_size, exact_hv);
  std::printf("evaluations per run: %llu (1 %% of the space), 5 seeds, median\n\n",
              static_cast<unsigned long long>(evaluations));
  std::printf("%-10s %-12s %-12s %-14s %-10s\n", "algorithm", "median ratio", "min ratio", "front found", "seconds");

  for (const char* algorithm : {"nsga2", "random"}) {
    std::vector<double> ratios;
    std::vector<std::size_t> sizes;
    double seconds = 0;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      SearchOptions o = probe;
      apply_search_option(o, "algorithm", algorithm);
      o.budget.latency_ms = budget;
      // The exact front is of the GPU budget alone; with the proxy's trust region on, the search
      // would solve another problem (most of `tiny` lies outside the proxy's domain).
      o.budget.trust_region = false;
      o.evaluations = evaluations;
      o.seed = seed;
      o.threads = 1;
      if (population) o.population = population;
      if (mutation_rate > 0) o.mutation_rate = mutation_rate;
      const SearchRun run(o);
      const SearchOutcome r = run.run();
      seconds += r.wall_seconds;
      ratios.push_back(search::hypervolume_2d(r.result.archive.objective_views(), reference) / exact_hv);
      sizes.push_back(r.result.archive.size());
    }
    std::vector<double> sorted = ratios;
    std::sort(sorted.begin(), sorted.end());
    std::sort(sizes.begin(), sizes.end());
    std::printf("%-10s %-12.6f %-12.6f %-14zu %-10.3f\n", algorithm, sorted[2], sorted[0], sizes[2], seconds / 5);
  }
  std::filesystem::remove_all(out);
}
