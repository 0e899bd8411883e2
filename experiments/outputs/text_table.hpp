#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace latnas {

// Aligned columns for terminal output: text left, numbers right.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// 385814752 -> "385,814,752"
std::string group_digits(unsigned long long v);
// Fixed decimals for humans (CSV and JSON use format_real).
std::string fixed(double v, int decimals);

}  // namespace latnas
