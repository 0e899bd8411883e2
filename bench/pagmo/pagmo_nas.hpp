#pragma once
// The NAS problem as pagmo2 sees it, shared by bench_pagmo_search and bench_pagmo_tiny: an integer
// vector per genome, two objectives, no constraints. pagmo's NSGA-II takes no constraints, so
// latnas's violation v (budget excess, and the proxy's domain when the run's trust region is on)
// becomes a penalty: an infeasible network scores (budget + 10 v, lowest proxy - 100 v), worse
// than every feasible one. Genes are integers in [0, choices - 1] (pagmo's integer part: SBX and
// polynomial mutation, rounded). Every feasible network evaluated goes into an archive, as latnas
// keeps one.
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <pagmo/problem.hpp>
#include <pagmo/types.hpp>

#include "experiments/nas/search_run.hpp"
#include "search/pareto_archive.hpp"

namespace latnas::bench {

struct PagmoRecorder {
  std::mutex m;
  search::ParetoArchive<int> archive{2};
  std::uint64_t evaluations = 0;
};

// The genes with more than one choice (pagmo refuses fixed ones).
inline std::vector<std::size_t> free_genes(const SearchSpace& space) {
  std::vector<std::size_t> genes;
  for (std::size_t i = 0; i < space.genes().size(); ++i)
    if (space.genes()[i].choices > 1) genes.push_back(i);
  return genes;
}

struct PagmoNas {
  const SearchRun* run = nullptr;
  double budget = 0, lowest = 0;
  std::shared_ptr<PagmoRecorder> recorder;
  std::vector<std::size_t> genes;

  pagmo::vector_double fitness(const pagmo::vector_double& x) const {
    Genome g(run->space().genome_length());
    for (std::size_t i = 0; i < x.size(); ++i) g[genes[i]] = static_cast<Genome::Gene>(std::lround(x[i]));
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
    pagmo::vector_double lo(genes.size(), 0.0), hi(genes.size());
    for (std::size_t i = 0; i < genes.size(); ++i) hi[i] = run->space().genes()[genes[i]].choices - 1;
    return {lo, hi};
  }
  pagmo::vector_double::size_type get_nobj() const { return 2; }
  pagmo::vector_double::size_type get_nix() const { return genes.size(); }
  // fitness() only reads the run and locks the recorder: safe to call from several threads.
  pagmo::thread_safety get_thread_safety() const { return pagmo::thread_safety::constant; }
};

}  // namespace latnas::bench
