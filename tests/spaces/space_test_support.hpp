#pragma once
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "costmodel/network_spec.hpp"
#include "spaces/search_space.hpp"
#include "spaces/space_file.hpp"

namespace latnas::test {

inline SearchSpace space_from(const std::string& text) { return parse_space(text, "test.space"); }

// Every raw genome of a (small) space: all values of every gene, unused blocks included.
template <class F>
void for_each_raw_genome(const SearchSpace& space, F&& f) {
  Genome g(space.genome_length());
  while (true) {
    f(static_cast<const Genome&>(g));
    bool wrapped = true;  // every gene went back to 0: all genomes seen
    for (std::size_t i = g.size(); wrapped && i > 0;) {
      --i;
      if (++g[i] < space.genes()[i].choices)
        wrapped = false;
      else
        g[i] = 0;
    }
    if (wrapped) return;
  }
}

struct BruteForce {
  std::size_t raw = 0;
  std::set<std::string> networks;  // distinct canonical strings
  std::set<Genome> normal;         // distinct normalised genomes
  bool normalisation_is_a_bijection = true;
};

// Decodes every raw genome and checks that the normal genome and the canonical string determine
// each other.
inline BruteForce brute_force(const SearchSpace& space) {
  BruteForce out;
  std::map<std::string, Genome> by_network;
  std::map<Genome, std::string> by_genome;
  for_each_raw_genome(space, [&](const Genome& g) {
    ++out.raw;
    const std::string arch = canonical_string(space.decode(g));
    const Genome n = space.normalised(g);
    out.networks.insert(arch);
    out.normal.insert(n);
    const auto [it1, new1] = by_network.emplace(arch, n);
    const auto [it2, new2] = by_genome.emplace(n, arch);
    if (!new1 && it1->second != n) out.normalisation_is_a_bijection = false;
    if (!new2 && it2->second != arch) out.normalisation_is_a_bijection = false;
  });
  return out;
}

}  // namespace latnas::test
