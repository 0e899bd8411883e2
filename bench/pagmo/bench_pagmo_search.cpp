// pagmo2's NSGA-II beside latnas's on `latnas search`'s default problem (the efficientnet space,
// 10 ms GPU budget, default proxy with its trust region, population 128) at the same budget of
// evaluations, for seeds 1..S: evaluations per second and the hypervolume of everything each
// found, per seed and as medians (one seed's hypervolume says little: both searches can stall in
// a local optimum for a seed, and do).
//
//   build/bench/bench_pagmo_search [evaluations] [threads] [seeds]     (default 2,000,000, 2 and 5)
//
// Built only when Debian's libpagmo-dev is installed (an optional, benchmark-only dependency).
// pagmo evaluates each generation with its batch evaluator (thread_bfe: pagmo's TBB parallel loop)
// on `threads` threads; latnas runs with the same thread count. The problem and its penalty are
// pagmo_nas.hpp's; both hypervolumes use latnas's reference point.
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/batch_evaluators/thread_bfe.hpp>
#include <pagmo/bfe.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>

#include "experiments/nas/search_run.hpp"
#include "pagmo_nas.hpp"
#include "search/hypervolume.hpp"
#include "search/pareto_archive.hpp"

using namespace latnas;


namespace {

struct Side {
  double rate = 0, seconds = 0, hypervolume = 0;
  std::size_t front = 0;
  std::uint64_t evaluations = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void print_row(const char* name, unsigned seed, const Side& s) {
  std::printf("%-26s %-5u %-12llu %-14.0f %-9.2f %-12.6f %-10zu\n", name, seed,
              static_cast<unsigned long long>(s.evaluations), s.rate, s.seconds, s.hypervolume, s.front);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t evaluations = argc > 1 ? static_cast<std::uint64_t>(std::stod(argv[1])) : 2'000'000;
  const std::size_t threads = argc > 2 ? std::stoul(argv[2]) : 2;
  const unsigned seeds = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 5;
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const unsigned population = 128;
  const auto out = std::filesystem::temp_directory_path() / "latnas-bench-pagmo-search";

  std::printf("default problem (efficientnet, 10 ms GPU budget), population %u, %zu thread(s), seeds 1-%u\n",
              population, threads, seeds);
  std::printf("%-26s %-5s %-12s %-14s %-9s %-12s %-10s\n", "algorithm", "seed", "evaluations", "evaluations/s",
              "seconds", "hypervolume", "front");
  std::vector<double> our_rates, their_rates, our_hvs, their_hvs;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    SearchOptions o;
    o.evaluations = evaluations;
    o.threads = threads;
    o.seed = seed;
    o.out = out.string();
    o.quiet = true;
    const SearchRun run(o);
    const auto& ref = run.reference_point();
    const std::vector<double> reference{ref[0], ref[1]};

    // latnas.
    const SearchOutcome ours = run.run();
    const Side us{static_cast<double>(ours.result.evaluations) / ours.wall_seconds, ours.wall_seconds,
                  search::hypervolume_2d(ours.result.archive.objective_views(), reference),
                  ours.result.archive.size(), ours.result.evaluations};

    // pagmo2: population + population x generations evaluations.
    const std::vector<std::size_t> genes = bench::free_genes(run.space());
    const unsigned generations = static_cast<unsigned>(evaluations / population - 1);
    auto recorder = std::make_shared<bench::PagmoRecorder>();
    const auto start = std::chrono::steady_clock::now();
    pagmo::problem prob{bench::PagmoNas{&run, o.budget.latency_ms, -ref[1], recorder, genes}};
    pagmo::population pop{prob, population, seed};
    pagmo::nsga2 nsga2(generations, 0.95, 10., 1.0 / static_cast<double>(genes.size()), 50., seed);
    if (threads > 1) nsga2.set_bfe(pagmo::bfe{pagmo::thread_bfe{}});
    pagmo::algorithm algo{nsga2};
    pop = algo.evolve(pop);
    const double their_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Side them{static_cast<double>(recorder->evaluations) / their_seconds, their_seconds,
                    search::hypervolume_2d(recorder->archive.objective_views(), reference), recorder->archive.size(),
                    recorder->evaluations};
    print_row("latnas NSGA-II", seed, us);
    print_row("pagmo2 NSGA-II (penalty)", seed, them);
    our_rates.push_back(us.rate);
    their_rates.push_back(them.rate);
    our_hvs.push_back(us.hypervolume);
    their_hvs.push_back(them.hypervolume);
  }
  std::printf("medians over %u seeds: latnas %.0f evaluations/s, hypervolume %.6f; pagmo2 %.0f evaluations/s, "
              "hypervolume %.6f\n",
              seeds, median(our_rates), median(our_hvs), median(their_rates), median(their_hvs));
  std::printf("latnas / pagmo2 (medians): throughput x%.2f, hypervolume x%.4f\n",
              median(our_rates) / median(their_rates), median(our_hvs) / median(their_hvs));
  std::filesystem::remove_all(out);
}
