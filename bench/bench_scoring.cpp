// Genomes fully scored (MACs, params, GPU and CPU latency, accuracy proxy) per second on one core,
// for each shipped space: as a search scores them (SpaceScorer::score(g): the per-space unit table,
// and for a proxy that reads only shapes no network at all), with the network decoded as well
// (SpaceScorer::score(g, spec); both bit-identical to Scorer::score), and the plain way (decode +
// Scorer::score) with the time of each of its steps, to show what dominates.
//   bench/bench_scoring [seconds per measurement, default 1]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "costmodel/network_cost.hpp"
#include "costmodel/scorer.hpp"
#include "spaces/space_file.hpp"
#include "spaces/space_scorer.hpp"
#include "spaces/variation.hpp"

using namespace latnas;

namespace {

// Runs `step(genome)` over the genomes in a loop for about `seconds`; returns calls per second.
template <class F>
double per_second(const std::vector<Genome>& genomes, double seconds, F&& step) {
  using clock = std::chrono::steady_clock;
  std::size_t calls = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    for (const Genome& g : genomes) step(g);
    calls += genomes.size();
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  return static_cast<double>(calls) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  std::printf("%-13s %-11s %12s %15s | %10s %10s %10s %10s %10s\n", "space", "proxy", "search/s", "with network/s",
              "plain/s", "decode ns", "count ns", "latency ns", "proxy ns");
  double sink = 0;  // keeps the work observable
  for (const std::string& proxy : proxy_names())
  for (const std::string& name : builtin_space_names()) {
    const Scorer scorer(DeviceProfile::orin_agx_50w(), make_proxy(proxy));
    const SearchSpace& space = builtin_space(name);
    std::mt19937_64 rng(1);
    std::vector<Genome> genomes;
    for (int i = 0; i < 4096; ++i) genomes.push_back(sample_genome(space, rng));
    NetworkSpec spec;
    std::vector<UnitCount> units;

    const SpaceScorer fast(space, scorer);
    const double search = per_second(genomes, seconds, [&](const Genome& g) {
      const Score s = fast.score(g);
      sink += s.gpu_ms + s.cpu_ms + s.accuracy + static_cast<double>(s.macs + s.params);
    });
    const double cached = per_second(genomes, seconds, [&](const Genome& g) {
      const Score s = fast.score(g, spec);
      sink += s.gpu_ms + s.cpu_ms + s.accuracy + static_cast<double>(s.macs + s.params);
    });
    const double full = per_second(genomes, seconds, [&](const Genome& g) {
      space.decode(g, spec);
      const Score s = scorer.score(spec, units);
      sink += s.gpu_ms + s.cpu_ms + s.accuracy + static_cast<double>(s.macs + s.params);
    });
    // The steps alone (each includes the ones before it, then the difference is reported).
    const double decode = per_second(genomes, seconds, [&](const Genome& g) {
      space.decode(g, spec);
      sink += spec.resolution;
    });
    const double count = per_second(genomes, seconds, [&](const Genome& g) {
      space.decode(g, spec);
      count_units(spec, units);
      sink += static_cast<double>(units.back().macs);
    });
    const double latency = per_second(genomes, seconds, [&](const Genome& g) {
      space.decode(g, spec);
      count_units(spec, units);
      for (const UnitCount& u : units) sink += scorer.unit(u).gpu_ms;
    });
    const double ns_full = 1e9 / full, ns_decode = 1e9 / decode, ns_count = 1e9 / count, ns_latency = 1e9 / latency;
    std::printf("%-13s %-11s %12.0f %15.0f | %10.0f %10.0f %10.0f %10.0f %10.0f\n", name.c_str(), proxy.c_str(), search,
                cached, full,
                ns_decode, ns_count - ns_decode, ns_latency - ns_count, ns_full - ns_latency);
  }
  std::printf("(single thread; genomes sampled beforehand; checksum %g)\n", sink);
  return 0;
}
