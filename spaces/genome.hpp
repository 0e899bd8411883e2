#pragma once
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace latnas {

// A network of a search space as a fixed-length vector of choice indices, one per gene; the
// layout (which gene is which knob) belongs to the SearchSpace (SearchSpace::genes()). Genomes
// compare and hash by their genes only, so two genomes of the same network are equal exactly when
// the space has normalised them (SearchSpace::normalise).
class Genome {
 public:
  using Gene = std::uint16_t;

  Genome() = default;
  explicit Genome(std::vector<Gene> genes) : genes_(std::move(genes)) {}
  explicit Genome(std::size_t length) : genes_(length, 0) {}

  std::size_t size() const { return genes_.size(); }
  Gene operator[](std::size_t i) const { return genes_[i]; }
  Gene& operator[](std::size_t i) { return genes_[i]; }
  const std::vector<Gene>& genes() const { return genes_; }
  std::vector<Gene>& genes() { return genes_; }

  friend bool operator==(const Genome&, const Genome&) = default;
  friend auto operator<=>(const Genome&, const Genome&) = default;  // lexicographic by gene

  std::size_t hash() const;

  // Compact form: one character per gene, 0-9 a-z A-Z for 0..61, "(N)" above. Characters '-' and
  // whitespace are ignored when parsing, so a space may group genes with '-' for readability.
  std::string to_string() const;
  // Throws InputError naming the offending character.
  static Genome parse(std::string_view text);

 private:
  std::vector<Gene> genes_;
};

struct GenomeHash {
  std::size_t operator()(const Genome& g) const { return g.hash(); }
};

}  // namespace latnas

template <>
struct std::hash<latnas::Genome> {
  std::size_t operator()(const latnas::Genome& g) const { return g.hash(); }
};
