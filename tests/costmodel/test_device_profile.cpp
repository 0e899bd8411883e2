// Device profiles: the embedded Orin profile against the repo's data file and the source derate
// table, a hand-written alternative profile, and the rejection of malformed profiles.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/device_profile.hpp"
#include "costmodel/efficiency_curve.hpp"
#include "costmodel/embedded.hpp"
#include "costmodel/error.hpp"
#include "costmodel/latency_model.hpp"
#include "costmodel/pattern.hpp"


using latnas::DeviceProfile;
using latnas::EfficiencyCurve;
using latnas::InputError;
using latnas::LatencyModel;
using latnas::Pattern;

namespace {

doctest::Approx rel(double expected, double tolerance) { return doctest::Approx(expected).epsilon(tolerance).scale(0); }

const std::filesystem::path kDataFile = std::filesystem::path(LATNAS_SOURCE_DIR) / "data/devices/orin-agx-50w.profile";
const std::filesystem::path kSourceTable =
    std::filesystem::path(LATNAS_SHARED_DIR) / "spec/orin-agx-50w-derate-table.txt";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The cells of a box-drawing table row "  │ a │ b │" -> {"a", "b"}.
std::vector<std::string> cells(const std::string& line) {
  static const std::string bar = "\xE2\x94\x82";  // U+2502 BOX DRAWINGS LIGHT VERTICAL
  std::vector<std::string> out;
  std::size_t pos = line.find(bar);
  while (pos != std::string::npos) {
    const std::size_t next = line.find(bar, pos + bar.size());
    if (next == std::string::npos) break;
    out.emplace_back(trim(std::string_view(line).substr(pos + bar.size(), next - pos - bar.size())));
    pos = next;
  }
  return out;
}

// "0.025 (2.5%)" -> "0.025"
std::string efficiency_cell(const std::string& cell) { return std::string(trim(cell.substr(0, cell.find('(')))); }

// A toy device, every number chosen so that the expected values can be worked by hand.
// Line numbers matter for the malformed-profile cases.
const std::vector<std::string> kToyLines{
    "# toy device for tests",                                // 1
    "name toy",                                              // 2
    "gpu_peak 100   # G MACs/s",                             // 3
    "cpu_peak 10",                                           // 4
    "gpu mbconv <1M 0.1 | 1M-100M 0.1->0.5 | >100M 0.5->1",  // 5
    "gpu depthwise all 0.2",                                 // 6
    "gpu conv_bn <1K 0.05 | >1K 0.05->0.25",                 // 7
    "gpu conv all 0.5",                                      // 8
    "gpu matmul <10M 0.4 | >10M 0.8->1.6",                   // 9
    "cpu all 0.5",                                           // 10
};

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string toy_with(std::size_t line, const std::string& replacement) {
  std::vector<std::string> lines = kToyLines;
  lines.at(line - 1) = replacement;
  return join(lines);
}

}  // namespace

TEST_CASE("device profile: embedded profile equals the repo's data file") {
  const std::string file = read_file(kDataFile);
  CHECK(latnas::embedded::orin_agx_50w_profile() == file);
  const DeviceProfile loaded = DeviceProfile::load(kDataFile);
  CHECK(loaded == DeviceProfile::orin_agx_50w());
  CHECK(loaded.source() == kDataFile.string());
  CHECK(DeviceProfile::orin_agx_50w().name() == "orin-agx-50w");
  CHECK(&DeviceProfile::orin_agx_50w() == &DeviceProfile::orin_agx_50w());  // parsed once
}

TEST_CASE("device profile: Orin rows and peaks match the source derate table") {
  const std::string table = read_file(kSourceTable);
  std::map<std::string, std::vector<std::string>> rows;  // row -> "RANGE EFF" per band
  std::string section = "special";
  double base_peak = 0;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) section = line;
    if (const auto at = line.find("Base peak:"); at != std::string::npos)
      base_peak = std::stod(line.substr(at + std::string("Base peak:").size()));
    const std::vector<std::string> c = cells(line);
    if (c.empty() || c[0] == "Pattern" || c[0] == "FLOP Range") continue;
    if (section == "special") {
      REQUIRE(c[0] == "Pure Depthwise Conv");
      rows["gpu depthwise"].push_back("all " + efficiency_cell(c[1]));
    } else if (section.rfind("## Standard Operations", 0) == 0) {
      REQUIRE(c.size() == 4);
      rows["gpu conv_bn"].push_back(c[0] + " " + efficiency_cell(c[1]));
      rows["gpu conv"].push_back(c[0] + " " + efficiency_cell(c[2]));
      rows["gpu matmul"].push_back(c[0] + " " + efficiency_cell(c[3]));
    } else if (section.rfind("## MBConv", 0) == 0) {
      rows["gpu mbconv"].push_back(c[0] + " " + efficiency_cell(c[1]));
    } else if (section.rfind("## CPU", 0) == 0) {
      rows["cpu"].push_back(c[0] + " " + efficiency_cell(c[1]));
    }
  }
  REQUIRE(rows.size() == 6);  // depthwise, mbconv, conv_bn, conv, matmul, cpu
  CHECK(rows["gpu mbconv"].size() == 4);
  CHECK(rows["gpu conv_bn"].size() == 7);
  CHECK(rows["cpu"].size() == 4);

  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  CHECK(base_peak == 958);
  CHECK(d.gpu_peak_gmacs() == base_peak);
  // latency-model.md: 143.8 G MACs/s = 12 cores x 1.4976 GHz x 8 MACs/cycle.
  CHECK(d.cpu_peak_gmacs() == 143.8);
  CHECK(d.cpu_peak_gmacs() == rel(12 * 1.4976 * 8, 1e-3));

  for (const auto& [row, bands] : rows) {
    std::string text;
    for (const std::string& b : bands) text += (text.empty() ? "" : " | ") + b;
    CAPTURE(row);
    CAPTURE(text);
    const EfficiencyCurve from_table = EfficiencyCurve::parse(text);
    if (row == "cpu") {
      CHECK(d.cpu_curve() == from_table);
    } else {
      const auto p = latnas::parse_pattern(row.substr(4));
      REQUIRE(p);
      CHECK(d.gpu_curve(*p) == from_table);
    }
  }
}

TEST_CASE("device profile: text form round-trips") {
  const DeviceProfile& d = DeviceProfile::orin_agx_50w();
  CHECK(DeviceProfile::parse(d.to_text(), "roundtrip") == d);
  const DeviceProfile toy = DeviceProfile::parse(join(kToyLines), "toy.profile");
  CHECK(DeviceProfile::parse(toy.to_text(), "roundtrip") == toy);
  CHECK_FALSE(toy == d);
}

TEST_CASE("device profile: a hand-written profile gives its own numbers") {
  const DeviceProfile toy = DeviceProfile::parse(join(kToyLines), "toy.profile");
  CHECK(toy.name() == "toy");
  CHECK(toy.description().empty());
  CHECK(toy.gpu_peak_gmacs() == 100);
  CHECK(toy.cpu_peak_gmacs() == 10);
  const LatencyModel m(toy);

  // mbconv at 10 M: halfway (in log10) through 1M-100M: 0.3; 1e7 / (0.3 * 100e9) s.
  const auto mb = m.unit(Pattern::mbconv, 10'000'000);
  CHECK(mb.gpu_efficiency == rel(0.3, 1e-12));
  CHECK(mb.gpu_ms == rel(1.0 / 3.0, 1e-12));
  CHECK(mb.cpu_efficiency == 0.5);
  CHECK(mb.cpu_ms == rel(2.0, 1e-12));  // 1e7 / (0.5 * 10e9) s
  CHECK_FALSE(mb.on_edge);

  CHECK(m.unit(Pattern::depthwise, 1'000'000).gpu_ms == rel(0.05, 1e-12));
  CHECK(m.unit(Pattern::conv_bn, 10'000).gpu_efficiency == 0.25);         // 10X: held
  CHECK(m.unit(Pattern::conv_bn, 1'000'000).gpu_efficiency == 0.25);      // beyond
  CHECK(m.unit(Pattern::conv_bn, 999).gpu_efficiency == 0.05);
  CHECK(toy.gpu_curve(Pattern::conv_bn).at(std::sqrt(1e3 * 1e4)) == rel(0.15, 1e-12));
  CHECK(m.unit(Pattern::conv, 1'000'000'000).gpu_ms == rel(20.0, 1e-12));  // 1e9 / (0.5 * 100e9) s

  // matmul jumps 0.4 -> 0.8 at 10 M: a rising edge.
  CHECK(toy.gpu_curve(Pattern::matmul).rising_edges() == std::vector<double>{10e6});
  const auto below = m.unit(Pattern::matmul, 9'999'999);
  const auto at = m.unit(Pattern::matmul, 10'000'000);
  CHECK(below.gpu_efficiency == 0.4);
  CHECK_FALSE(below.on_edge);
  CHECK(at.gpu_efficiency == 0.8);
  CHECK(at.gpu_ms == rel(0.125, 1e-12));  // 1e7 / (0.8 * 100e9) s
  CHECK(at.on_edge);
  CHECK(m.unit(Pattern::matmul, 100'000'000).gpu_ms == rel(0.625, 1e-12));  // 1e8 / (1.6 * 100e9) s

  // The same unit on the Orin profile costs something else.
  const LatencyModel orin(DeviceProfile::orin_agx_50w());
  CHECK(orin.unit(Pattern::mbconv, 10'000'000).gpu_ms == rel(1e7 / (0.025 * 958e9) * 1e3, 1e-12));
}

TEST_CASE("device profile: resolve and load") {
  CHECK(DeviceProfile::builtin_names() == std::vector<std::string>{"orin-agx-50w"});
  CHECK(DeviceProfile::resolve("orin-agx-50w") == DeviceProfile::orin_agx_50w());
  CHECK(DeviceProfile::resolve(kDataFile.string()) == DeviceProfile::orin_agx_50w());

  try {
    (void)DeviceProfile::resolve("no-such-device");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    const std::string what = e.what();
    CHECK(what.find("'no-such-device'") != std::string::npos);
    CHECK(what.find("orin-agx-50w") != std::string::npos);
  }
  try {
    (void)DeviceProfile::resolve(LATNAS_SOURCE_DIR);  // a directory
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("orin-agx-50w") != std::string::npos);
  }
  try {
    (void)DeviceProfile::load("/nonexistent/dir/x.profile");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("/nonexistent/dir/x.profile") != std::string::npos);
  }

  // A file written at run time is read with its path as the source.
  const auto path = std::filesystem::temp_directory_path() / "latnas-test-toy.profile";
  {
    std::ofstream out(path, std::ios::binary);
    out << join(kToyLines);
  }
  const DeviceProfile toy = DeviceProfile::resolve(path.string());
  CHECK(toy.name() == "toy");
  CHECK(toy.source() == path.string());
  std::filesystem::remove(path);
}

TEST_CASE("device profile: accepted spellings") {
  const DeviceProfile toy = DeviceProfile::parse(join(kToyLines), "toy.profile");
  // Unicode arrow, spaces around the arrow, plain numbers, '+', CRLF, comments, any key order.
  const std::string other =
      "\xEF\xBB\xBF"
      "cpu all 0.5\r\n"
      "gpu matmul <10000000 0.4 | >10M 0.8 \xE2\x86\x92 1.6\r\n"
      "gpu conv all +0.5\r\n"
      "\r\n"
      "   # a comment line\r\n"
      "gpu conv_bn <1K 0.05 | >1000 0.05 -> 0.25   # trailing comment\r\n"
      "gpu depthwise all 0.2\r\n"
      "gpu mbconv <1M 0.1 | 1M-0.1G 0.1->0.5 | >100M 0.5->1.0\r\n"
      "cpu_peak 1e1\r\n"
      "gpu_peak 100.0\r\n"
      "name toy\r\n";
  CHECK(DeviceProfile::parse(other, "other") == toy);
  const DeviceProfile described =
      DeviceProfile::parse(join(kToyLines) + "description  A toy device, 100 G MACs/s  # comment\n", "d");
  CHECK(described.description() == "A toy device, 100 G MACs/s");
}

TEST_CASE("device profile: malformed profiles are rejected with file line and token") {
  struct Case {
    std::string what;
    std::string text;
    std::size_t line;
    std::string token;
  };
  std::vector<Case> cases{
      {"unknown key", toy_with(3, "gpu_peek 100"), 3, "'gpu_peek'"},
      {"unknown pattern", toy_with(8, "gpu conv2d all 0.5"), 8, "'conv2d'"},
      {"gpu row without pattern", toy_with(8, "gpu"), 8, "'gpu'"},
      {"cpu row with a pattern", toy_with(10, "cpu mbconv all 0.5"), 10, "'mbconv'"},
      {"missing pattern row", toy_with(9, "# no matmul"), kToyLines.size(), "'gpu matmul'"},
      {"missing cpu row", toy_with(10, ""), kToyLines.size(), "'cpu'"},
      {"missing gpu peak", toy_with(3, "# no gpu_peak"), kToyLines.size(), "'gpu_peak'"},
      {"missing cpu peak", toy_with(4, ""), kToyLines.size(), "'cpu_peak'"},
      {"missing name", toy_with(2, ""), kToyLines.size(), "'name'"},
      {"name without value", toy_with(2, "name"), 2, "'name'"},
      {"name of two words", toy_with(2, "name toy device"), 2, "'toy device'"},
      {"zero peak", toy_with(3, "gpu_peak 0"), 3, "'0'"},
      {"negative peak", toy_with(4, "cpu_peak -5"), 4, "'-5'"},
      {"bad peak", toy_with(3, "gpu_peak 958GF"), 3, "'958GF'"},
      {"peak without value", toy_with(4, "cpu_peak"), 4, "'cpu_peak'"},
      {"peak with extra token", toy_with(4, "cpu_peak 10 20"), 4, "'20'"},
      {"infinite peak", toy_with(3, "gpu_peak inf"), 3, "'inf'"},
      {"gap between bands", toy_with(5, "gpu mbconv <1M 0.1 | 2M-100M 0.1->0.5 | >100M 0.5->1"), 5, "'2M'"},
      {"overlapping bands", toy_with(5, "gpu mbconv <1M 0.1 | 1M-100M 0.1->0.5 | >50M 0.5->1"), 5, "'50M'"},
      {"descending band", toy_with(5, "gpu mbconv <1M 0.1 | 100M-1M 0.1->0.5 | >100M 0.5->1"), 5, "'100M-1M'"},
      {"first band not from 0", toy_with(5, "gpu mbconv 1M-100M 0.1->0.5 | >100M 0.5->1"), 5, "'1M-100M'"},
      {"first band is >X", toy_with(8, "gpu conv >1M 0.5"), 8, "'>1M'"},
      {"last band not >X", toy_with(5, "gpu mbconv <1M 0.1 | 1M-100M 0.1->0.5"), 5, "'1M-100M'"},
      {"only a <X band", toy_with(8, "gpu conv <1M 0.5"), 8, "'<1M'"},
      {"<X not first", toy_with(7, "gpu conv_bn <1K 0.05 | <2K 0.1 | >2K 0.05->0.25"), 7, "'<2K 0.1'"},
      {">X not last", toy_with(5, "gpu mbconv <1M 0.1 | >1M 0.1->0.5 | >100M 0.5->1"), 5, "'>1M 0.1->0.5'"},
      {"all with other bands", toy_with(8, "gpu conv all 0.5 | >1M 0.6"), 8, "'all 0.5'"},
      {"interpolated all", toy_with(8, "gpu conv all 0.5->0.6"), 8, "'0.5->0.6'"},
      {"interpolated lowest band", toy_with(9, "gpu matmul <10M 0.4->0.5 | >10M 0.8->1.6"), 9, "'0.4->0.5'"},
      {"zero efficiency", toy_with(8, "gpu conv all 0"), 8, "'0'"},
      {"negative efficiency", toy_with(5, "gpu mbconv <1M 0.1 | 1M-100M 0.1->-0.5 | >100M 0.5->1"), 5, "'-0.5'"},
      {"bad efficiency", toy_with(8, "gpu conv all 0.5x"), 8, "'0.5x'"},
      {"nan efficiency", toy_with(8, "gpu conv all nan"), 8, "'nan'"},
      {"percent efficiency", toy_with(8, "gpu conv all 50%"), 8, "'50%'"},
      {"missing efficiency", toy_with(7, "gpu conv_bn <1K | >1K 0.05->0.25"), 7, "'<1K'"},
      {"missing end value", toy_with(7, "gpu conv_bn <1K 0.05 | >1K 0.05->"), 7, "'>1K 0.05->'"},
      {"two arrows", toy_with(7, "gpu conv_bn <1K 0.05 | >1K 0.05->0.1->0.25"), 7, "'0.05->0.1->0.25'"},
      {"bad MAC count", toy_with(9, "gpu matmul <10Q 0.4 | >10M 0.8->1.6"), 9, "'10Q'"},
      {"lower-case suffix", toy_with(9, "gpu matmul <10m 0.4 | >10M 0.8->1.6"), 9, "'10m'"},
      {"bad range", toy_with(9, "gpu matmul <10M 0.4 | 10M 0.8->1.6"), 9, "'10M'"},
      {"empty band", toy_with(7, "gpu conv_bn <1K 0.05 || >1K 0.05->0.25"), 7, "band #2"},
      {"row without bands", toy_with(8, "gpu conv"), 8, "'gpu conv'"},
      {"duplicate row", toy_with(10, "gpu conv all 0.6"), 10, "'gpu conv'"},
      {"duplicate key", toy_with(4, "name other"), 4, "'name'"},
      // Found by fuzz/fuzz_device_profile: a carriage return inside the line passed the reader and
      // the constructor threw std::invalid_argument without file or line.
      {"CR inside the description", toy_with(1, "description toy\r device"), 1, "'description'"},
      {"CR inside the name", toy_with(2, "name toy\rx"), 2, "'name'"},
      {"tiny peak", toy_with(3, "gpu_peak 1e-30"), 3, "'1e-30'"},
      {"denormal peak", toy_with(3, "gpu_peak 4.9e-324"), 3, "'4.9e-324'"},
      {"2^64 peak", toy_with(4, "cpu_peak 18446744073709551616"), 4, "'18446744073709551616'"},
      {"huge efficiency", toy_with(8, "gpu conv all 1e300"), 8, "'1e300'"},
      {"huge fixed cost", toy_with(3, "gpu_unit_us 1e300"), 3, "'1e300'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    try {
      (void)DeviceProfile::parse(c.text, "toy.profile");
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      const std::string what = e.what();
      CAPTURE(what);
      CHECK(what.rfind("toy.profile:" + std::to_string(c.line) + ": ", 0) == 0);
      CHECK(what.find(c.token) != std::string::npos);
      CHECK(what.find("expected") != std::string::npos);
    }
  }
  // The duplicate names the line of the first.
  try {
    (void)DeviceProfile::parse(toy_with(10, "gpu conv all 0.6"), "toy.profile");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("line 8") != std::string::npos);
  }
}
