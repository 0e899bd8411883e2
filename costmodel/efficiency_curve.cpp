#include "costmodel/efficiency_curve.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "costmodel/block_spec.hpp"  // format_number
#include "costmodel/error.hpp"
#include "costmodel/text.hpp"

namespace latnas {

namespace {

using text::trim;
using text::in_quotes;

constexpr double kInf = std::numeric_limits<double>::infinity();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// A plain number as std::from_chars reads it (digits, '.', exponent), finite; nullopt-like via bool.
bool parse_plain(std::string_view token, double& out) {
  if (token.empty()) return false;
  const char* first = token.data();
  const char* last = token.data() + token.size();
  if (*first == '+') ++first;  // from_chars does not take a leading '+'
  auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last && std::isfinite(out);
}

struct Suffix {
  char letter;
  double scale;
};
constexpr std::array<Suffix, 4> kSuffixes{{{'T', 1e12}, {'G', 1e9}, {'M', 1e6}, {'K', 1e3}}};

// A MAC count: a number with an optional K, M, G or T suffix, > 0.
double parse_macs(std::string_view token, std::string_view band) {
  double scale = 1;
  std::string_view digits = token;
  if (!digits.empty()) {
    for (const Suffix& s : kSuffixes)
      if (digits.back() == s.letter) {
        scale = s.scale;
        digits.remove_suffix(1);
        break;
      }
  }
  double value = 0;
  if (!parse_plain(digits, value))
    throw InputError("band " + in_quotes(band) + ": bad MAC count " + in_quotes(token) +
                     ": expected a number with an optional K, M, G or T suffix (e.g. 10M), got " + in_quotes(token));
  value *= scale;
  if (!(value > 0) || !std::isfinite(value))
    throw InputError("band " + in_quotes(band) + ": MAC count " + in_quotes(token) + ": expected a positive count, got " +
                     in_quotes(token));
  return value;
}

double parse_efficiency(std::string_view token, std::string_view band) {
  double value = 0;
  if (!parse_plain(token, value))
    throw InputError("band " + in_quotes(band) + ": bad efficiency " + in_quotes(token) +
                     ": expected a number such as 0.25, got " + in_quotes(token));
  if (!(value >= 1e-6 && value <= 1e6))  // bounded, so that latencies stay finite and positive
    throw InputError("band " + in_quotes(band) + ": efficiency " + in_quotes(token) +
                     ": expected a positive efficiency from 1e-6 to 1e6, got " + in_quotes(token));
  return value;
}

std::string format_macs(double v) {
  for (const Suffix& s : kSuffixes) {
    const double q = v / s.scale;
    if (q >= 1 && q * s.scale == v) return format_number(q) + s.letter;
  }
  return format_number(v);
}

std::string format_values(const EfficiencyCurve::Band& b) {
  if (b.a == b.b) return format_number(b.a);
  return format_number(b.a) + "->" + format_number(b.b);
}

std::string replace_arrows(std::string_view text) {
  static constexpr std::string_view arrow = "\xE2\x86\x92";  // U+2192 RIGHTWARDS ARROW
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, arrow.size()) == arrow) {
      out += "->";
      i += arrow.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace

EfficiencyCurve::EfficiencyCurve() : EfficiencyCurve(std::vector<Band>{Band{0, kInf, 1.0, 1.0}}) {}

EfficiencyCurve EfficiencyCurve::constant(double efficiency) {
  return EfficiencyCurve(std::vector<Band>{Band{0, kInf, efficiency, efficiency}});
}

EfficiencyCurve::EfficiencyCurve(std::vector<Band> bands) : bands_(std::move(bands)) {
  auto fail = [](const std::string& why) { throw std::invalid_argument("EfficiencyCurve: " + why); };
  if (bands_.empty()) fail("no bands");
  const std::size_t n = bands_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Band& b = bands_[i];
    if (!(std::isfinite(b.a) && std::isfinite(b.b) && b.a > 0 && b.b > 0)) fail("efficiency not finite and > 0");
    if (!(b.lo < b.hi)) fail("band with lo >= hi");
    if (i == 0 && b.lo != 0) fail("first band does not start at 0");
    if (i > 0 && b.lo != bands_[i - 1].hi) fail("bands not contiguous");
    if (i == 0 && b.a != b.b) fail("first band not constant");
  }
  if (n == 1 && bands_[0].hi != kInf) fail("a single band must cover everything");
  if (n > 1) {
    if (!std::isfinite(bands_[0].hi)) fail("first band unbounded");
    const Band& top = bands_.back();
    if (top.hi != 10.0 * top.lo) fail("top band must span one decade [X, 10X)");
  }

  // Segments for evaluation.
  segments_.reserve(n + 1);
  segments_.push_back(Segment{0.0, bands_[0].a, 0.0});
  for (std::size_t i = 1; i < n; ++i) {
    const Band& b = bands_[i];
    const double log_lo = std::log10(b.lo);
    const double slope = b.a == b.b ? 0.0 : (b.b - b.a) / (std::log10(b.hi) - log_lo);
    segments_.push_back(Segment{log_lo, b.a, slope});
  }
  if (std::isfinite(bands_.back().hi)) segments_.push_back(Segment{std::log10(bands_.back().hi), bands_.back().b, 0.0});

  for (std::size_t i = 1; i < n; ++i)
    if (bands_[i].a > bands_[i - 1].b) rising_edges_.push_back(bands_[i].lo);
}

double EfficiencyCurve::at(double macs) const { return at_log10(std::log10(macs)); }

EfficiencyCurve EfficiencyCurve::parse(std::string_view raw) {
  const std::string text = replace_arrows(raw);
  const std::string_view row = trim(text);
  if (row.empty())
    throw InputError("expected bands such as '<1M 0.01 | 1M-10M 0.02->0.06 | >10M 0.06->0.20' or 'all 0.03', got nothing");

  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t bar = row.find('|', start);
    parts.push_back(trim(row.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start)));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }

  std::vector<Band> bands;
  std::string previous_hi;  // the previous band's upper edge as written, for messages
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string_view band = parts[k];
    const std::string number = "band #" + std::to_string(k + 1);
    if (band.empty()) throw InputError(number + ": expected a band between '|'s, got nothing");
    const bool first = k == 0;
    const bool last = k + 1 == parts.size();

    // Range token, then the values (spaces around "->" allowed).
    std::size_t end = 0;
    while (end < band.size() && !is_space(band[end])) ++end;
    const std::string_view range = band.substr(0, end);
    std::string values;
    for (char c : band.substr(end))
      if (!is_space(c)) values += c;
    if (values.empty())
      throw InputError("band " + in_quotes(band) + ": expected an efficiency after the range " + in_quotes(range) +
                       ", got nothing");
    double a = 0;
    double b = 0;
    bool interpolated = false;
    if (const std::size_t arrow = values.find("->"); arrow != std::string::npos) {
      const std::string_view v(values);
      const std::string_view from = v.substr(0, arrow);
      const std::string_view to = v.substr(arrow + 2);
      if (to.find("->") != std::string_view::npos)
        throw InputError("band " + in_quotes(band) + ": expected one 'a->b', got " + in_quotes(values));
      if (from.empty())
        throw InputError("band " + in_quotes(band) + ": expected an efficiency before '->', got nothing");
      if (to.empty()) throw InputError("band " + in_quotes(band) + ": expected an efficiency after '->', got nothing");
      a = parse_efficiency(from, band);
      b = parse_efficiency(to, band);
      interpolated = true;
    } else {
      a = b = parse_efficiency(values, band);
    }

    Band out;
    out.a = a;
    out.b = b;
    if (range == "all") {
      if (parts.size() != 1)
        throw InputError("band " + in_quotes(band) + ": expected 'all V' alone on its row, got it with " +
                         std::to_string(parts.size() - 1) + " other band(s)");
      if (interpolated)
        throw InputError("band " + in_quotes(band) + ": expected one efficiency for 'all', got " + in_quotes(values));
      out.lo = 0;
      out.hi = kInf;
    } else if (range.front() == '<') {
      if (!first)
        throw InputError("band " + in_quotes(band) + ": expected '<X' only as the first band, got it as " + number);
      if (interpolated)
        throw InputError("band " + in_quotes(band) + ": expected one efficiency for the lowest band (constant below " +
                         in_quotes(range.substr(1)) + "), got " + in_quotes(values));
      out.lo = 0;
      out.hi = parse_macs(range.substr(1), band);
      previous_hi = std::string(range.substr(1));
    } else if (range.front() == '>') {
      if (!last)
        throw InputError("band " + in_quotes(band) + ": expected '>X' only as the last band, got it as " + number +
                         " of " + std::to_string(parts.size()));
      if (first)
        throw InputError("band " + in_quotes(band) +
                         ": expected the row to start at 0 with a '<X' band (or be 'all V'), got " + in_quotes(range));
      out.lo = parse_macs(range.substr(1), band);
      out.hi = 10.0 * out.lo;
      if (out.lo != bands.back().hi)
        throw InputError("band " + in_quotes(band) + " starts at " + in_quotes(range.substr(1)) + ": expected it to start at " +
                         in_quotes(previous_hi) + ", where the previous band ends");
    } else {
      const std::size_t dash = range.find('-');
      if (dash == std::string_view::npos)
        throw InputError("band " + in_quotes(band) + ": bad range " + in_quotes(range) +
                         ": expected '<X', 'LO-HI', '>X' or 'all', got " + in_quotes(range));
      const std::string_view lo_text = range.substr(0, dash);
      const std::string_view hi_text = range.substr(dash + 1);
      out.lo = parse_macs(lo_text, band);
      out.hi = parse_macs(hi_text, band);
      if (first)
        throw InputError("band " + in_quotes(band) +
                         ": expected the row to start at 0 with a '<X' band (or be 'all V'), got " + in_quotes(range));
      if (!(out.lo < out.hi))
        throw InputError("band " + in_quotes(band) + ": expected LO < HI in " + in_quotes(range) + ", got " +
                         in_quotes(lo_text) + " >= " + in_quotes(hi_text));
      if (out.lo != bands.back().hi)
        throw InputError("band " + in_quotes(band) + " starts at " + in_quotes(lo_text) + ": expected it to start at " +
                         in_quotes(previous_hi) + ", where the previous band ends");
      if (last)
        throw InputError("band " + in_quotes(band) + ": expected the row to end with a '>X' band (held beyond 10X) " +
                         "or be 'all V', got " + in_quotes(range) + " last");
      previous_hi = std::string(hi_text);
    }
    if (first && last && range != "all")
      throw InputError("band " + in_quotes(band) + ": expected the row to end with a '>X' band (held beyond 10X) " +
                       "or be 'all V', got " + in_quotes(range) + " alone");
    bands.push_back(out);
  }
  return EfficiencyCurve(std::move(bands));
}

std::string EfficiencyCurve::to_string() const {
  // Appends only: GCC 12 warns falsely on "x" + std::string (-Wrestrict, PR 105329).
  std::string out;
  if (bands_.size() == 1) {
    out += "all ";
    out += format_values(bands_[0]);
    return out;
  }
  for (std::size_t i = 0; i < bands_.size(); ++i) {
    const Band& b = bands_[i];
    if (i > 0) out += " | ";
    if (i == 0) {
      out += '<';
      out += format_macs(b.hi);
    } else if (i + 1 == bands_.size()) {
      out += '>';
      out += format_macs(b.lo);
    } else {
      out += format_macs(b.lo);
      out += '-';
      out += format_macs(b.hi);
    }
    out += ' ';
    out += format_values(b);
  }
  return out;
}

}  // namespace latnas
