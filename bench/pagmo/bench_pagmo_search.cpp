// pagmo2's NSGA-II beside latnas's on `latnas search`'s default problem (the efficientnet space,
// 10 ms GPU budget, default proxy with its trust region, population 128) at the same budget of
// evaluations, in one run: evaluations per second and the hypervolume of everything each found.
//
//   build/bench/bench_pagmo_search [evaluations] [threads]     (default 2,000,000 and 2)
//
// Built only when Debian's libpagmo-dev is installed (an optional, benchmark-only dependency).
// pagmo evaluates each generation with its batch evaluator (thread_bfe: pagmo's TBB parallel loop)
// on `threads` threads; latnas runs with the same thread count. pagmo's NSGA-II takes no
// constraints, so the constraint becomes a penalty as in bench_pagmo_tiny: an infeasible network
// (over the budget or outside the proxy's domain, latnas's violation v > 0) scores
// (budget + 10 v, lowest proxy - 100 v), worse than every feasible one. Its genes are integers in
// [0, choices - 1] (SBX and polynomial mutation, rounded). Every feasible network pagmo evaluates
// goes into an archive, as latnas keeps one; both hypervolumes use latnas's reference point.
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/batch_evaluators/thread_bfe.hpp>
#include <pagmo/bfe.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

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

struct PagmoNas {
  const SearchRun* run = nullptr;
  double budget = 0, lowest = 0;
  std::shared_ptr<Recorder> recorder;
  std::vector<std::size_t> free_genes;  // genes with more than one choice (pagmo refuses fixed ones)

  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    Genome g(run->space().genome_length());
    for (std::size_t i = 0; i < x.size(); ++i) g[free_genes[i]] = static_cast<Genome::Gene>(std::lround(x[i]));
    run->space().normalise(g);
    const search::Evaluation e = run->problem().evaluate(g);
    std::lock_guard lock(recorder->m);
    ++recorder->evaluations;
    if (e.feasible()) {
      recorder->archive.insert(e, 0);
      return {e[0], e[1]};
    }
    return {budget + 10 * e.violation(), -lowest + 100 * e.violation()};
  }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    pagmo::vector_double lo(free_genes.size(), 0.0), hi(free_genes.size());
    for (std::size_t i = 0; i < free_genes.size(); ++i) hi[i] = run->space().genes()[free_genes[i]].choices - 1;
    return {lo, hi};
  }
  pagmo::vector_double::size_type get_nobj() const { return 2; }
  pagmo::vector_double::size_type get_nix() const { return free_genes.size(); }
  // fitness() only reads the run and locks the recorder: safe to call from several threads.
  pagmo::thread_safety get_thread_safety() const { return pagmo::thread_safety::constant; }
};

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t evaluations = argc > 1 ? static_cast<std::uint64_t>(std::stod(argv[1])) : 2'000'000;
  const std::size_t threads = argc > 2 ? std::stoul(argv[2]) : 2;
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const unsigned population = 128;
  const auto out = std::filesystem::temp_directory_path() / "latnas-bench-pagmo-search";

  SearchOptions o;
  o.evaluations = evaluations;
  o.threads = threads;
  o.out = out.string();
  o.quiet = true;
  const SearchRun run(o);
  const auto& ref = run.reference_point();
  const std::vector<double> reference{ref[0], ref[1]};

  // latnas.
  const SearchOutcome ours = run.run();
  const double our_rate = static_cast<double>(ours.result.evaluations) / ours.wall_seconds;
  const double our_hv = search::hypervolume_2d(ours.result.archive.objective_views(), reference);

  // pagmo2: population + population x generations evaluations.
  std::vector<std::size_t> free_genes;
  for (std::size_t i = 0; i < run.space().genes().size(); ++i)
    if (run.space().genes()[i].choices > 1) free_genes.push_back(i);
  const unsigned generations = static_cast<unsigned>(evaluations / population - 1);
  auto recorder = std::make_shared<Recorder>();
  const auto start = std::chrono::steady_clock::now();
  pagmo::problem prob{PagmoNas{&run, o.budget.latency_ms, -ref[1], recorder, free_genes}};
  pagmo::population pop{prob, population, 1};
  pagmo::nsga2 nsga2(generations, 0.95, 10., 1.0 / static_cast<double>(free_genes.size()), 50., 1);
  if (threads > 1) nsga2.set_bfe(pagmo::bfe{pagmo::thread_bfe{}});
  pagmo::algorithm algo{nsga2};
  pop = algo.evolve(pop);
  const double their_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double their_rate = static_cast<double>(recorder->evaluations) / their_seconds;
  const double their_hv = search::hypervolume_2d(recorder->archive.objective_views(), reference);

  std::printf("default problem (efficientnet, %.0f ms GPU budget), population %u, seed 1, %zu thread(s)\n",
              o.budget.latency_ms, population, threads);
  std::printf("%-24s %-12s %-14s %-9s %-12s %-10s\n", "algorithm", "evaluations", "evaluations/s", "seconds",
              "hypervolume", "front");
  std::printf("%-24s %-12llu %-14.0f %-9.2f %-12.6f %-10zu\n", "latnas NSGA-II", 
              static_cast<unsigned long long>(ours.result.evaluations), our_rate, ours.wall_seconds, our_hv,
              ours.result.archive.size());
  std::printf("%-24s %-12llu %-14.0f %-9.2f %-12.6f %-10zu\n", "pagmo2 NSGA-II (penalty)",
              static_cast<unsigned long long>(recorder->evaluations), their_rate, their_seconds, their_hv,
              recorder->archive.size());
  std::printf("latnas / pagmo2: throughput x%.2f, hypervolume x%.4f\n", our_rate / their_rate, our_hv / their_hv);
  std::filesystem::remove_all(out);
}
