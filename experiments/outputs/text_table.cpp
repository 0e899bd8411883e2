#include "experiments/outputs/text_table.hpp"

#include <algorithm>
#include <cstdio>

namespace latnas {
namespace {
bool numeric(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789.,-+e%") == std::string::npos &&
         s.find_first_of("0123456789") != std::string::npos;
}
}  // namespace

void TextTable::print(std::ostream& out) const {
  std::vector<std::size_t> width(header_.size(), 0);
  for (std::size_t c = 0; c < header_.size(); ++c) width[c] = header_[c].size();
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], row[c].size());
  auto line = [&](const std::vector<std::string>& row, bool head) {
    std::string s;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string& cell = c < row.size() ? row[c] : std::string();
      const std::string pad(width[c] - cell.size(), ' ');
      const bool right = !head && numeric(cell);
      s += c ? "  " : "";
      s += right ? pad + cell : (c + 1 == width.size() ? cell : cell + pad);
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out << s << "\n";
  };
  line(header_, true);
  for (const auto& row : rows_) line(row, false);
}

std::string group_digits(unsigned long long v) {
  const std::string digits = std::to_string(v);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace latnas
