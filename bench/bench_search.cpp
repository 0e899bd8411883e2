// Throughput and memory of the whole search (NSGA-II, selection, archive, logging included).
//
//   build/bench/bench_search [evaluations] [threads...]
//
// Runs `latnas search`'s default problem (the efficientnet space, 10 ms GPU budget, default proxy,
// population 128, seed 1) for the given number of evaluations (default 2,000,000) with each thread
// count (default 1 and 2), and prints evaluations per second, the front size and the peak resident
// memory of the process. For the memory check: `bench_search 100000000 2`.
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/nas/search_run.hpp"

using namespace latnas;

int main(int argc, char** argv) {
  const std::uint64_t evaluations = argc > 1 ? static_cast<std::uint64_t>(std::stod(argv[1])) : 2'000'000;
  std::vector<std::size_t> threads;
  for (int i = 2; i < argc; ++i) threads.push_back(std::stoul(argv[i]));
  if (threads.empty()) threads = {1, 2};
  const auto out = std::filesystem::temp_directory_path() / "latnas-bench-search";
  std::printf("%-8s %-12s %-14s %-10s %-12s %-10s\n", "threads", "evaluations", "evaluations/s", "seconds", "front size",
              "peak RSS MB");
  for (std::size_t t : threads) {
    SearchOptions o;
    o.evaluations = evaluations;
    o.threads = t;
    o.out = out.string();
    const SearchRun run(o);
    const SearchOutcome r = run.run();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%-8zu %-12llu %-14.0f %-10.2f %-12zu %-10.1f\n", t, static_cast<unsigned long long>(r.result.evaluations),
                static_cast<double>(r.result.evaluations) / r.wall_seconds, r.wall_seconds, r.result.archive.size(),
                static_cast<double>(usage.ru_maxrss) / 1024.0);
  }
  std::filesystem::remove_all(out);
}
