#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "space_test_support.hpp"
#include "spaces/variation.hpp"

using namespace latnas;

namespace {

// Pearson's chi-square statistic of observed counts against equal expected counts.
double chi_square(const std::vector<std::uint64_t>& counts) {
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  const double expected = static_cast<double>(total) / static_cast<double>(counts.size());
  double x = 0;
  for (auto c : counts) x += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  return x;
}

// Upper critical value of chi-square with `df` degrees of freedom at p = 1e-4 (Wilson-Hilferty).
double critical(std::size_t df) {
  const double k = static_cast<double>(df), z = 3.719;
  return k * std::pow(1.0 - 2.0 / (9.0 * k) + z * std::sqrt(2.0 / (9.0 * k)), 3.0);
}

// Per gene: counts of each distinct value among the genomes in which the gene is used.
std::vector<std::vector<std::uint64_t>> gene_counts(const SearchSpace& space, const std::vector<Genome>& genomes) {
  std::vector<std::vector<std::uint64_t>> counts(space.genome_length());
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i].assign(space.genes()[i].choices, 0);
  for (const Genome& g : genomes)
    for (std::size_t i = 0; i < g.size(); ++i)
      if (space.is_active(g, i)) ++counts[i][g[i]];
  return counts;
}

}  // namespace

TEST_CASE("variation: Lemire's bounded draws are in range and uniform") {
  std::mt19937 rng32(5);
  std::mt19937_64 rng64(5);
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 10u}) {
    CAPTURE(n);
    std::vector<std::uint64_t> c32(n), c64(n);
    for (int i = 0; i < 30000; ++i) {
      const auto a = draw_below(rng32, n), b = draw_below(rng64, n);
      REQUIRE(a < n);
      REQUIRE(b < n);
      ++c32[a];
      ++c64[b];
    }
    if (n > 1) {
      CHECK(chi_square(c32) < critical(n - 1));
      CHECK(chi_square(c64) < critical(n - 1));
    }
  }
  // The test itself tells a 40/30/30 split from a uniform one.
  CHECK(chi_square({12000, 9000, 9000}) > critical(2));
  double lo = 1, hi = 0;
  for (int i = 0; i < 10000; ++i) {
    const double u = draw_unit(rng32);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  CHECK(lo >= 0.0);
  CHECK(lo < 0.001);
  CHECK(hi < 1.0);
  CHECK(hi > 0.999);
}

TEST_CASE("variation: sampling is uniform over each gene's distinct values (chi-square, fixed seed)") {
  // efficientnet without its ambiguous split (stage 7 at 240 channels could continue stage 6):
  // re-reading such a split moves blocks between the stages, so those genes are not uniform.
  std::string efficientnet(builtin_space_text("efficientnet"));
  const auto at = efficientnet.rfind("width = 0.75, 1.0, 1.25");
  efficientnet.replace(at, 23, "width = 1.0, 1.25, 1.5");
  const SearchSpace unambiguous = test::space_from(efficientnet);
  REQUIRE_FALSE(unambiguous.has_ambiguous_stage_splits());
  for (const std::string name : {"efficientnet", "ofa-mbv3", "tiny"}) {
    CAPTURE(name);
    const SearchSpace& space = name == "efficientnet" ? unambiguous : builtin_space(name);
    std::mt19937_64 rng(99);
    std::vector<Genome> genomes;
    for (int i = 0; i < 12000; ++i) genomes.push_back(sample_genome(space, rng));
    const auto counts = gene_counts(space, genomes);
    int tested = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const auto& values = space.distinct_choices(i);
      if (values.size() < 2) continue;
      CAPTURE(i);
      std::vector<std::uint64_t> observed;
      std::uint64_t total = 0;
      for (std::size_t v = 0; v < counts[i].size(); ++v) {
        total += counts[i][v];
        if (std::find(values.begin(), values.end(), v) != values.end())
          observed.push_back(counts[i][v]);
        else
          CHECK(counts[i][v] == 0);  // coinciding widths: only the lowest value appears
      }
      if (total < 1000) continue;  // deep blocks are used in few genomes
      CHECK(chi_square(observed) < critical(observed.size() - 1));
      ++tested;
    }
    CHECK(tested > 0);
  }
}

TEST_CASE("variation: mutation only produces valid normal genomes, and changes genes at its rate") {
  for (const std::string& name : builtin_space_names()) {
    CAPTURE(name);
    const SearchSpace& space = builtin_space(name);
    std::mt19937_64 rng(3);
    for (int i = 0; i < 600; ++i) {
      const Genome parent = sample_genome(space, rng);
      for (double rate : {0.0, 0.05, 0.5, 1.0}) {
        const Genome child = mutate_genome(space, parent, rate, rng);
        REQUIRE(space.is_valid(child));
        CHECK(space.is_normal(child));
        CHECK_NOTHROW(validate(space.decode(child)));
        if (rate == 0.0) CHECK(child == parent);
        if (rate == 1.0)  // every stage-level gene with a choice changes (a split may be re-read)
          for (std::size_t g = 0; g < child.size(); ++g)
            if (space.genes()[g].slot < 0 && space.distinct_choices(g).size() > 1 && !space.has_ambiguous_stage_splits())
              CHECK(child[g] != parent[g]);
      }
    }
  }
  // A stage grown by mutation draws its new blocks' kernels uniformly, not all 0.
  const SearchSpace& tiny = builtin_space("tiny");
  std::mt19937_64 rng(4);
  std::vector<std::uint64_t> kernels(2);
  for (int i = 0; i < 4000; ++i) {
    Genome g(tiny.genome_length());
    const Genome child = mutate_genome(tiny, g, 1.0, rng);  // depth 1 -> 2 in stages 2 and 3
    REQUIRE(tiny.depth_of(child, 1) == 2);
    ++kernels[child[tiny.block_gene(1, 1)]];
  }
  CHECK(chi_square(kernels) < critical(1));
}

TEST_CASE("variation: crossovers only produce valid normal genomes made of their parents' genes") {
  for (const std::string& name : builtin_space_names()) {
    CAPTURE(name);
    const SearchSpace& space = builtin_space(name);
    std::mt19937_64 rng(8);
    for (int i = 0; i < 600; ++i) {
      const Genome a = sample_genome(space, rng), b = sample_genome(space, rng);
      const Genome u = uniform_crossover(space, a, b, rng);
      const Genome s = stage_crossover(space, a, b, rng);
      for (const Genome* child : {&u, &s}) {
        REQUIRE(space.is_valid(*child));
        CHECK(space.is_normal(*child));
        CHECK_NOTHROW(validate(space.decode(*child)));
      }
      if (space.has_ambiguous_stage_splits()) continue;  // a re-read split moves genes between stages
      for (std::size_t g = 0; g < u.size(); ++g)
        if (space.genes()[g].slot < 0) CHECK((u[g] == a[g] || u[g] == b[g]));
      for (std::size_t st = 0; st < space.stage_count(); ++st) {
        auto slice = [&](const Genome& x) {
          return std::vector<Genome::Gene>(x.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_begin(st)),
                                           x.genes().begin() + static_cast<std::ptrdiff_t>(space.stage_end(st)));
        };
        CHECK((slice(s) == slice(a) || slice(s) == slice(b)));
      }
    }
  }
  // Crossing a genome with itself gives it back.
  const SearchSpace& eff = builtin_space("efficientnet");
  std::mt19937_64 rng(12);
  const Genome a = sample_genome(eff, rng);
  CHECK(uniform_crossover(eff, a, a, rng) == a);
  CHECK(stage_crossover(eff, a, a, rng) == a);
}

TEST_CASE("variation: stage crossover of normal parents gives the child of the fully normalising one") {
  // efficientnet has ambiguous stage splits, so the split re-read is exercised; tiny mixes scopes.
  for (const std::string& name : builtin_space_names()) {
    const SearchSpace& space = builtin_space(name);
    std::mt19937_64 draw(21);
    for (int i = 0; i < 3000; ++i) {
      const Genome a = sample_genome(space, draw), b = sample_genome(space, draw);
      std::mt19937_64 x(static_cast<std::uint64_t>(i)), y(static_cast<std::uint64_t>(i));
      const Genome fast = stage_crossover_of_normal(space, a, b, x);
      REQUIRE(fast == stage_crossover(space, a, b, y));
      REQUIRE(x() == y());
      REQUIRE(space.is_normal(fast));
    }
  }
}

TEST_CASE("variation: the same seed gives the same genomes") {
  auto run = [](std::uint64_t seed) {
    const SearchSpace& space = builtin_space("efficientnet");
    std::mt19937_64 rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < 50; ++i) {
      const Genome a = sample_genome(space, rng), b = sample_genome(space, rng);
      out.push_back(space.format_genome(a));
      out.push_back(space.format_genome(mutate_genome(space, a, 0.2, rng)));
      out.push_back(space.format_genome(uniform_crossover(space, a, b, rng)));
      out.push_back(space.format_genome(stage_crossover(space, a, b, rng)));
    }
    return out;
  };
  CHECK(run(1) == run(1));
  CHECK(run(1) != run(2));
  // Pinned values: std::mt19937_64 is specified exactly by the standard and the draws avoid
  // std:: distributions, so these hold on every platform.
  const SearchSpace& tiny = builtin_space("tiny");
  std::mt19937_64 rng(42);
  CHECK(tiny.format_genome(sample_genome(tiny, rng)) == "3-0000-01000010-11110000-01000");
}

TEST_CASE("variation: each eligible gene mutates with the given rate") {
  // Stage-level genes (resolution, widths, depths, per-stage choices) are eligible in every genome;
  // a mutated one always takes another distinct value, so the changed share estimates the rate.
  for (const char* name : {"tiny", "ofa-mbv3"}) {
    CAPTURE(name);
    const SearchSpace& space = builtin_space(name);
    REQUIRE_FALSE(space.has_ambiguous_stage_splits());
    std::mt19937_64 rng(11);
    for (double rate : {0.02, 0.1, 0.3}) {
      CAPTURE(rate);
      std::uint64_t trials = 0, changed = 0;
      for (int i = 0; i < 20000; ++i) {
        const Genome parent = sample_genome(space, rng);
        const Genome child = mutate_genome(space, parent, rate, rng);
        for (std::size_t g = 0; g < parent.size(); ++g)
          if (space.genes()[g].slot < 0 && space.distinct_choices(g).size() > 1) {
            ++trials;
            changed += child[g] != parent[g];
          }
      }
      const double n = static_cast<double>(trials), share = static_cast<double>(changed) / n;
      CHECK(std::abs(share - rate) < 4.0 * std::sqrt(rate * (1 - rate) / n));
    }
  }
}

TEST_CASE("variation: draw_gap follows the geometric distribution") {
  std::mt19937_64 rng(5);
  for (double p : {0.05, 0.5}) {
    std::vector<std::uint64_t> counts(6);
    const int n = 100000;
    for (int i = 0; i < n; ++i) ++counts[std::min<std::uint64_t>(draw_gap(rng, p, 1000), 5)];
    // P(gap = k) = (1-p)^k p for k < 5, the rest in the last cell.
    double chi = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
      const double expected = n * (k < 5 ? std::pow(1 - p, double(k)) * p : std::pow(1 - p, 5.0));
      chi += (double(counts[k]) - expected) * (double(counts[k]) - expected) / expected;
    }
    CHECK(chi < 20.5);  // chi-square, 5 degrees of freedom, p = 0.001
  }
  CHECK(draw_gap(rng, 1.0, 10) == 0);
  CHECK(draw_gap(rng, 0.0, 10) == 10);
}

namespace {
// mutate_genome as first written: every gene visited, eligibility asked gene by gene.
template <class G>
Genome reference_mutation(const SearchSpace& space, const Genome& parent, double rate, G& rng) {
  Genome g = space.normalised(parent);
  const std::uint64_t limit = g.size();
  std::uint64_t skip = draw_gap(rng, rate, limit);
  for (std::size_t i = 0; i < g.size() && skip < limit; ++i) {
    if (!space.is_active(g, i) || space.distinct_choices(i).size() < 2) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    const GeneInfo& info = space.genes()[i];
    const int old_depth = info.kind == GeneKind::depth ? space.depth_of(g, static_cast<std::size_t>(info.stage)) : 0;
    g[i] = variation_detail::other_value(space, i, g[i], rng);
    if (info.kind == GeneKind::depth && space.depth_of(g, static_cast<std::size_t>(info.stage)) > old_depth)
      variation_detail::draw_grown_blocks(space, g, static_cast<std::size_t>(info.stage), old_depth, rng);
    skip = draw_gap(rng, rate, limit);
  }
  space.normalise(g);
  return g;
}
}  // namespace

TEST_CASE("variation: mutation skipping unused blocks stage by stage gives the children of the gene-by-gene scan") {
  for (const std::string name : {"efficientnet", "ofa-mbv3", "tiny"}) {
    const SearchSpace& space = builtin_space(name);
    std::mt19937_64 draw(9);
    for (double rate : {0.02, 0.1, 0.5}) {
      Genome parent = sample_genome(space, draw);
      for (int i = 0; i < 2000; ++i) {
        if (i % 10 == 0) parent = sample_genome(space, draw);
        std::mt19937_64 a(static_cast<std::uint64_t>(i)), b(static_cast<std::uint64_t>(i));
        const Genome child = mutate_genome(space, parent, rate, a);
        REQUIRE(child == reference_mutation(space, parent, rate, b));
        REQUIRE(a() == b());
        parent = child;
      }
    }
  }
}

TEST_CASE("variation: GeometricGap draws what draw_gap draws, and mutating a normal parent with it gives the same child") {
  for (double p : {0.01, 0.05, 0.2, 0.5, 1.0, 0.0}) {
    for (std::uint64_t limit : {0, 1, 7, 100}) {
      const GeometricGap gap(p, limit);
      std::mt19937_64 a(11), b(11);
      for (int i = 0; i < 20000; ++i) REQUIRE(gap(a) == draw_gap(b, p, limit));
    }
  }
  // Parents normal as sample_genome makes them (efficientnet has ambiguous stage splits, so
  // normalising is more than zeroing unused genes); then children of children.
  for (const std::string name : {"efficientnet", "ofa-mbv3", "tiny"}) {
    const SearchSpace& space = builtin_space(name);
    const GeometricGap gap(0.05, space.genome_length());
    std::mt19937_64 draw(3);
    Genome parent = sample_genome(space, draw);
    for (int i = 0; i < 3000; ++i) {
      if (i % 10 == 0) parent = sample_genome(space, draw);
      REQUIRE(space.is_normal(parent));
      std::mt19937_64 a(static_cast<std::uint64_t>(i)), b(static_cast<std::uint64_t>(i));
      const Genome child = mutate_normal_genome(space, parent, gap, a);
      REQUIRE(child == mutate_genome(space, parent, 0.05, b));
      REQUIRE(a() == b());
      parent = child;
    }
    CHECK_THROWS_AS(mutate_normal_genome(space, parent, GeometricGap(0.05, 3), draw), std::invalid_argument);
  }
}
