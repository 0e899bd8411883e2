// pagmo2's NSGA-II on the same `tiny` problem as bench_tiny_front, at the same 9,216 evaluations.
//
//   build/bench/bench_pagmo_tiny
//
// Built only when Debian's libpagmo-dev is installed (an optional, benchmark-only dependency).
// The problem and its penalty are pagmo_nas.hpp's (the run's trust region off, as the exact front
// is of the GPU budget alone); the archive's hypervolume is compared with the exact front's.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "../tiny_exact_front.hpp"
#include "pagmo_nas.hpp"
#include "experiments/nas/search_run.hpp"
#include "search/hypervolume.hpp"
#include "search/pareto_archive.hpp"

using namespace latnas;


int main() {
  SearchOptions probe;
  probe.space = "tiny";
  probe.out = (std::filesystem::temp_directory_path() / "latnas-bench-pagmo").string();
  probe.evaluations = probe.population;  // the least a run may be given; the probe only scores
  probe.budget.trust_region = false;      // the exact front is of the GPU budget alone
  const bench::TinyExactFront exact(SearchRun{probe});
  const double budget = exact.budget, lowest = exact.lowest_accuracy;
  const std::vector<double>& reference = exact.reference;
  const double exact_hv = exact.hypervolume;
  SearchOptions o = probe;
  o.budget.latency_ms = budget;  // the problem pagmo is given: the exact front's budget
  const SearchRun run(o);
  const std::vector<std::size_t> genes = bench::free_genes(run.space());

  const unsigned population = 128, generations = 71;  // 128 x (1 + 71) = 9,216 evaluations
  std::vector<double> ratios;
  std::vector<std::size_t> sizes;
  for (unsigned seed = 1; seed <= 5; ++seed) {
    auto recorder = std::make_shared<bench::PagmoRecorder>();
    pagmo::problem prob{bench::PagmoNas{&run, budget, lowest, recorder, genes}};
    pagmo::population pop{prob, population, seed};
    pagmo::algorithm algo{pagmo::nsga2(generations, 0.95, 10., 1.0 / static_cast<double>(genes.size()), 50., seed)};
    pop = algo.evolve(pop);
    ratios.push_back(search::hypervolume_2d(recorder->archive.objective_views(), reference) / exact_hv);
    sizes.push_back(recorder->archive.size());
    if (seed == 1) std::printf("pagmo2 NSGA-II: %llu evaluations per run\n", static_cast<unsigned long long>(recorder->evaluations));
  }
  std::sort(ratios.begin(), ratios.end());
  std::sort(sizes.begin(), sizes.end());
  std::printf("%-22s %-12s %-12s %-12s\n", "algorithm", "median ratio", "min ratio", "front found");
  std::printf("%-22s %-12.6f %-12.6f %-12zu\n", "pagmo2 nsga2 (penalty)", ratios[2], ratios[0], sizes[2]);
  std::filesystem::remove_all(probe.out);
}
