#include "spaces/genome.hpp"

#include <charconv>

#include "costmodel/error.hpp"

namespace latnas {
namespace {

constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

// SplitMix64's finaliser: cheap, and every input bit reaches every output bit.
constexpr std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::size_t Genome::hash() const {
  std::uint64_t h = mix(genes_.size());
  // Four genes per word: fewer mixing rounds than one per gene.
  const Gene* g = genes_.data();
  const std::size_t n = genes_.size(), whole = n / 4 * 4;
  for (std::size_t i = 0; i < whole; i += 4) {
    const std::uint64_t word = (std::uint64_t{g[i]} << 48) | (std::uint64_t{g[i + 1]} << 32) |
                               (std::uint64_t{g[i + 2]} << 16) | std::uint64_t{g[i + 3]};
    h = mix(h ^ word);
  }
  if (whole < n) {
    std::uint64_t word = 0;
    for (std::size_t j = whole; j < n; ++j) word = (word << 16) | g[j];
    h = mix(h ^ word);
  }
  return static_cast<std::size_t>(h);
}

std::string Genome::to_string() const {
  std::string s;
  s.reserve(genes_.size());
  for (Gene g : genes_) {
    if (g < kDigits.size())
      s += kDigits[g];
    else
      s += "(" + std::to_string(g) + ")";
  }
  return s;
}

Genome Genome::parse(std::string_view text) {
  std::vector<Gene> genes;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '-' || c == ' ' || c == '\t') continue;
    if (c == '(') {
      const std::size_t close = text.find(')', i);
      unsigned v = 0;
      const char* first = text.data() + i + 1;
      const char* last = close == std::string_view::npos ? text.data() + text.size() : text.data() + close;
      const auto [end, ec] = std::from_chars(first, last, v);
      if (close == std::string_view::npos || ec != std::errc() || end != last || first == last || v > 0xffff)
        throw InputError("genome '" + std::string(text) + "': character " + std::to_string(i + 1) +
                         ": expected (N) with N from 0 to 65535");
      genes.push_back(static_cast<Gene>(v));
      i = close;
      continue;
    }
    const auto pos = kDigits.find(c);
    if (pos == std::string_view::npos)
      throw InputError("genome '" + std::string(text) + "': character " + std::to_string(i + 1) + " '" +
                       std::string(1, c) + "': expected 0-9, a-z, A-Z, (N) or '-'");
    genes.push_back(static_cast<Gene>(pos));
  }
  if (genes.empty()) throw InputError("genome: expected at least one gene, got '" + std::string(text) + "'");
  return Genome(std::move(genes));
}

}  // namespace latnas
