// pagmo2's NSGA-II on the same `tiny` problem as bench_tiny_front, at the same 9,216 evaluations.
//
//   build/bench/bench_pagmo_tiny
//
// Built only when Debian's libpagmo-dev is installed (an optional, benchmark-only dependency).
// pagmo's NSGA-II takes no constraints, so the GPU budget becomes a penalty: an infeasible network
// scores (budget + 10 x excess, lowest proxy - 100 x excess), worse than every feasible one. Its
// genes are integers in [0, choices - 1] (pagmo's integer part: SBX and polynomial mutation,
// rounded). Every evaluated feasible network goes into an archive, as latnas keeps one, and the
// archive's hypervolume is compared with the exact front's.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "../tiny_exact_front.hpp"
#include "experiments/nas/search_run.hpp"
#include "search/hypervolume.hpp"
#include "search/pareto_archive.hpp"

using namespace latnas;

namespace {

struct Recorder {
  std::mutex m;
  search::ParetoArchive<int> archive{2};
  std::uint64_t evaluations = 0;
};

// The NAS problem as pagmo sees it: an integer vector per genome, two objectives, no constraints.
struct PagmoTiny {
  const SearchRun* run = nullptr;
  double budget = 0, lowest = 0;
  std::shared_ptr<Recorder> recorder;
  std::vector<std::size_t> free_genes;  // genes with more than one choice (pagmo refuses fixed ones)

  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    Genome g(run->space().genome_length());
    for (std::size_t i = 0; i < x.size(); ++i) g[free_genes[i]] = static_cast<Genome::Gene>(std::lround(x[i]));
    const Score s = run->problem().score(g);
    std::lock_guard lock(recorder->m);
    ++recorder->evaluations;
    if (s.gpu_ms <= budget) {
      recorder->archive.insert(std::vector<double>{s.gpu_ms, -s.accuracy}, 0);
      return {s.gpu_ms, -s.accuracy};
    }
    const double excess = (s.gpu_ms - budget) / budget;
    return {budget + 10 * excess, -lowest + 100 * excess};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    pagmo::vector_double lo(free_genes.size(), 0.0), hi(free_genes.size());
    for (std::size_t i = 0; i < free_genes.size(); ++i) hi[i] = run->space().genes()[free_genes[i]].choices - 1;
    return {lo, hi};
  }
  pagmo::vector_double::size_type get_nobj() const { return 2; }
  pagmo::vector_double::size_type get_nix() const { return free_genes.size(); }
};

}  // namespace

int main() {
  SearchOptions probe;
  probe.space = "tiny";
  probe.out = (std::filesystem::temp_directory_path() / "latnas-bench-pagmo").string();
  probe.evaluations = probe.population;  // the least a run may be given; the probe only scores
  const SearchRun run(probe);
  const bench::TinyExactFront exact(run);
  const double budget = exact.budget, lowest = exact.lowest_accuracy;
  const std::vector<double>& reference = exact.reference;
  const double exact_hv = exact.hypervolume;

  std::vector<std::size_t> free_genes;
  for (std::size_t i = 0; i < run.space().genes().size(); ++i)
    if (run.space().genes()[i].choices > 1) free_genes.push_back(i);
  const unsigned population = 128, generations = 71;  // 128 x (1 + 71) = 9,216 evaluations
  std::vector<double> ratios;
  std::vector<std::size_t> sizes;
  for (unsigned seed = 1; seed <= 5; ++seed) {
    auto recorder = std::make_shared<Recorder>();
    pagmo::problem prob{PagmoTiny{&run, budget, lowest, recorder, free_genes}};
    pagmo::population pop{prob, population, seed};
    pagmo::algorithm algo{pagmo::nsga2(generations, 0.95, 10., 1.0 / static_cast<double>(free_genes.size()), 50., seed)};
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
