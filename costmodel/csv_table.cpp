#include "costmodel/csv_table.hpp"

#include <charconv>

#include "costmodel/error.hpp"

namespace latnas {
namespace {

// Splits one record starting at `pos`; advances `pos` and `line` past it (quoted fields may span lines).
std::vector<std::string> read_record(std::string_view text, std::size_t& pos, std::size_t& line, const std::string& source) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  const std::size_t start_line = line;
  for (; pos < text.size(); ++pos) {
    const char ch = text[pos];
    if (quoted) {
      if (ch == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
        fields.back() += '"';
        ++pos;
      } else if (ch == '"') {
        quoted = false;
      } else {
        if (ch == '\n') ++line;
        fields.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.emplace_back();
    } else if (ch == '\n') {
      ++pos;
      ++line;
      return fields;
    } else if (ch != '\r') {
      fields.back() += ch;
    }
  }
  if (quoted) throw InputError(source + ":" + std::to_string(start_line) + ": unterminated quoted field");
  ++line;
  return fields;
}

}  // namespace

CsvTable CsvTable::parse(std::string_view text, const std::string& source) {
  CsvTable t;
  t.source_ = source;
  std::size_t pos = 0, line = 1;
  bool have_header = false;
  while (pos < text.size()) {
    const std::size_t this_line = line;
    auto fields = read_record(text, pos, line, source);
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (!have_header) {
      t.header_ = std::move(fields);
      have_header = true;
      continue;
    }
    if (fields.size() != t.header_.size())
      throw InputError(source + ":" + std::to_string(this_line) + ": expected " + std::to_string(t.header_.size()) +
                       " fields, got " + std::to_string(fields.size()));
    t.rows_.push_back(std::move(fields));
    t.lines_.push_back(this_line);
  }
  if (!have_header) throw InputError(source + ": expected a header row, got an empty file");
  return t;
}

std::size_t CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  throw InputError(source_ + ":1: expected a column '" + std::string(name) + "'");
}

std::string CsvTable::where(std::size_t row) const { return source_ + ":" + std::to_string(lines_[row]); }

double CsvTable::number(std::size_t row, std::string_view name) const {
  const std::string& s = at(row, name);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw InputError(where(row) + ": column " + std::string(name) + ": expected a number, got '" + s + "'");
  return v;
}

int CsvTable::integer(std::size_t row, std::string_view name) const {
  const std::string& s = at(row, name);
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw InputError(where(row) + ": column " + std::string(name) + ": expected an integer, got '" + s + "'");
  return v;
}

}  // namespace latnas
