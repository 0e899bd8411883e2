#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace latnas {

// A small CSV table with a header row (RFC 4180 quoting), for the shipped data files and
// user-supplied tables. Errors name the source and line.
class CsvTable {
 public:
  static CsvTable parse(std::string_view text, const std::string& source);

  std::size_t rows() const { return rows_.size(); }
  const std::vector<std::string>& header() const { return header_; }
  // Throws InputError naming the source when the column is missing.
  std::size_t column(std::string_view name) const;
  const std::string& at(std::size_t row, std::size_t col) const { return rows_[row][col]; }
  const std::string& at(std::size_t row, std::string_view name) const { return rows_[row][column(name)]; }
  std::size_t line_of(std::size_t row) const { return lines_[row]; }
  const std::string& source() const { return source_; }
  // "source:line" of a row, for error messages.
  std::string where(std::size_t row) const;

  double number(std::size_t row, std::string_view name) const;
  int integer(std::size_t row, std::string_view name) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
};

}  // namespace latnas
