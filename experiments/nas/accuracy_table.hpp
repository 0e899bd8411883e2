#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "spaces/genome.hpp"
#include "spaces/search_space.hpp"

namespace latnas {

// A top-1 percentage written as a number in [0, 100] and nothing else; nullopt otherwise.
std::optional<double> parse_top1(const std::string& text);

// Top-1 results from outside latnas (a user's own trained or supernet-evaluated networks), used
// instead of the proxy for the networks they list. CSV with a header: `arch` (a canonical string
// or a built-in model name) and `top1` (percent, in [0, 100]); other columns are ignored.
class AccuracyTable {
 public:
  // Reads the file and keeps the rows that are networks of `space` (the others cannot appear in
  // its search and are counted in skipped()). Throws InputError naming file and line.
  AccuracyTable(const std::filesystem::path& file, const SearchSpace& space);

  std::optional<double> find(const Genome& g) const;
  std::size_t size() const { return top1_.size(); }
  std::size_t skipped() const { return skipped_; }
  const std::string& source() const { return source_; }

 private:
  std::string source_;
  std::unordered_map<Genome, double> top1_;
  std::size_t skipped_ = 0;
};

}  // namespace latnas
