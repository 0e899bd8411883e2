#include <doctest/doctest.h>

#include <array>
#include <string_view>

#include "costmodel/error.hpp"
#include "spaces/config_file.hpp"
#include "spaces/space_file.hpp"

using namespace latnas;

namespace {

const std::string kSpace =
    "# a comment\n"
    "[space]\n"
    "name = t\n"
    "resolution = 160, 224\n"
    "stem = 32\n"
    "head = 1280\n"
    "\n"
    "[stage.one]\n"
    "type = ds\n"
    "stride = 1\n"
    "channels = 16\n"
    "depth = 1\n"
    "kernel = 3, 5\n";

// The space file with `key = value` added to (or replacing it in) [stage.one], on line 14 or the
// replaced key's line.
std::string with_stage_line(const std::string& line) {
  const std::string key = line.substr(0, line.find(' '));
  std::string text = kSpace;
  const auto at = text.find("\n" + key + " = ", text.find("[stage.one]"));
  if (at == std::string::npos) return text + line + "\n";
  const auto end = text.find('\n', at + 1);
  return text.substr(0, at + 1) + line + text.substr(end);
}

std::string error_of(const std::string& text) {
  try {
    parse_space(text, "x.space");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("config: sections, keys and lines in file order") {
  const ConfigFile f = ConfigFile::parse("top = 1\n[a]\nx = 1, 2\n\n; c\n[b]\n[c]\ny=  v w  \n", "f.ini");
  REQUIRE(f.sections().size() == 4);  // the keys before any section, a, b (empty, kept), c
  CHECK(f.sections()[0].name().empty());
  CHECK(f.sections()[1].name() == "a");
  CHECK(f.sections()[1].line() == 2);
  CHECK(f.sections()[1].entries()[0].line == 3);
  CHECK(f.sections()[2].name() == "b");
  CHECK(f.sections()[2].empty());
  CHECK(f.section("c").get_string("y") == "v w");
  CHECK(f.section("c").entries()[0].line == 8);
  CHECK(f.section("a").get_int_list("x", 0, 9) == std::vector<long long>{1, 2});
  CHECK_THROWS_WITH_AS(f.section("zz"), "f.ini: missing section [zz]", InputError);
  CHECK(f.section("a").get_bool("absent", true));
  const ConfigFile b = ConfigFile::parse("[f]\non = yes\noff = false\nodd = maybe\n", "b.ini");
  CHECK(b.section("f").get_bool("on", false));
  CHECK_FALSE(b.section("f").get_bool("off", true));
  CHECK_THROWS_WITH_AS(b.section("f").get_bool("odd", true), "b.ini:4: [f] odd: expected true or false, got 'maybe'",
                       InputError);
}

TEST_CASE("config: lists split on commas, with ranges, and malformed lists are rejected by item") {
  const ConfigFile f = ConfigFile::parse(
      "[s]\nr = 128:140:4, 200\nreal = 0, 0.25 ,1e-1\nbad = 3,,5\ntrail = 3, 5,\nrange = 1:10:4\nword = 3, five\n"
      "empty =\n",
      "f.ini");
  const ConfigSection& s = f.section("s");
  CHECK(s.get_int_list("r", 0, 1000) == std::vector<long long>{128, 132, 136, 140, 200});
  CHECK(s.get_real_list("real", 0, 1) == std::vector<double>{0, 0.25, 0.1});
  CHECK_THROWS_WITH_AS(s.get_int_list("bad", 0, 9), doctest::Contains("f.ini:4: [s] bad: malformed list '3,,5': item 2 of 3 is empty"),
                       InputError);
  CHECK_THROWS_WITH_AS(s.get_int_list("trail", 0, 9), doctest::Contains("item 3 of 3 is empty"), InputError);
  CHECK_THROWS_WITH_AS(s.get_int_list("range", 0, 99), doctest::Contains("multiple of STEP"), InputError);
  CHECK_THROWS_WITH_AS(s.get_int_list("word", 0, 9), doctest::Contains("f.ini:7: [s] word: item 2 'five'"), InputError);
  CHECK_THROWS_WITH_AS(s.get_int_list("r", 0, 150), doctest::Contains("expected integers from 0 to 150, got 200"), InputError);
  CHECK_THROWS_WITH_AS(s.get_string("empty"), "f.ini:8: [s] empty: expected a value, got nothing", InputError);
  CHECK_THROWS_WITH_AS(s.get_int("missing", 0, 1), "f.ini:1: [s] missing: missing (required in this section)", InputError);
}

TEST_CASE("config: Boost's syntax errors carry the file and line") {
  CHECK_THROWS_WITH_AS(ConfigFile::parse("[a]\nx = 1\nx = 2\n", "d.ini"), "d.ini:3: duplicate key name", InputError);
  CHECK_THROWS_WITH_AS(ConfigFile::parse("[a]\nx = 1\n[b]\ny = 1\n[a]\n", "d.ini"), "d.ini:5: duplicate section name",
                       InputError);
  CHECK_THROWS_WITH_AS(ConfigFile::parse("[a]\njust words\n", "d.ini"), doctest::Contains("d.ini:2:"), InputError);
  CHECK_THROWS_WITH_AS(ConfigFile::parse("[a\n", "d.ini"), doctest::Contains("d.ini:1:"), InputError);
  CHECK_THROWS_WITH_AS(ConfigFile::load("/nonexistent/x.space"), "/nonexistent/x.space: cannot open file", InputError);
}

TEST_CASE("config: space files name the file, section, key and line of what is wrong") {
  CHECK(error_of(kSpace) == "(no error)");
  CHECK(error_of(with_stage_line("kernal = 3")) ==
        "x.space:14: [stage.one] kernal: unknown key, expected one of: type, stride, channels, base_channels, width, "
        "depth, kernel, expansion, se, choices, activation");
  CHECK(error_of(with_stage_line("kernel = 3, 4")) == "x.space:13: [stage.one] kernel: expected odd kernel sizes, got 4");
  CHECK(error_of(with_stage_line("kernel = 3, 3")) ==
        "x.space:13: [stage.one] kernel: expected distinct choices, got 3 twice (items 1 and 2)");
  CHECK(error_of(with_stage_line("kernel = 3,,5")) ==
        "x.space:13: [stage.one] kernel: malformed list '3,,5': item 2 of 3 is empty (expected values separated by "
        "single commas)");
  CHECK(error_of(with_stage_line("depth = 0")) == "x.space:12: [stage.one] depth: expected depths from 1 to 64, got 0");
  CHECK(error_of(with_stage_line("stride = two")) == "x.space:10: [stage.one] stride: expected an integer, got 'two'");
  CHECK(error_of(with_stage_line("type = er")) == "x.space:9: [stage.one] type: expected ds, ir or cn, got 'er'");
  CHECK(error_of(with_stage_line("expansion = 6")) ==
        "x.space:14: [stage.one] expansion: ds blocks have no expansion conv: expected no expansion key, got one");
  CHECK(error_of(with_stage_line("se = 0, 1.5")) == "x.space:14: [stage.one] se: expected SE ratios from 0 to 1, got 1.5");
  CHECK(error_of(with_stage_line("choices = sometimes")) ==
        "x.space:14: [stage.one] choices: expected per-block or per-stage, got 'sometimes'");
  CHECK(error_of(with_stage_line("width = 1.0")) ==
        "x.space:11: [stage.one] channels: expected either channels (absolute) or base_channels with width "
        "(multipliers), got both");
  // An SE reduction that rounds to 0 channels: 32 x 0.01 = 0.32.
  CHECK(error_of(with_stage_line("se = 0.01")).starts_with("x.space:14: [stage.one] se: block 'ds_r1_k3_s1_c16_se0.01'"));
  CHECK(error_of(with_stage_line("activation = gelu")) ==
        "x.space:14: [stage.one] activation: expected re, r6, hs, sw or mi, got 'gelu'");

  std::string text = kSpace;
  text.replace(text.find("resolution = 160, 224"), 21, "resolution = 160:224:10");
  CHECK(error_of(text).starts_with("x.space:4: [space] resolution: item 1 '160:224:10': expected LAST - FIRST to be a multiple"));
  text = kSpace;
  text.replace(text.find("stem = 32"), 9, "stem = 0");
  CHECK(error_of(text) == "x.space:5: [space] stem: expected 1 to 100000 channels, got 0");
  CHECK(error_of(kSpace + "[stages.two]\ntype = ir\n") ==
        "x.space:14: unknown section [stages.two], expected [space] or [stage.NAME]");
  CHECK(error_of(kSpace + "[stage.two]\n") ==
        "x.space:14: [stage.two] type: empty stage section: expected at least type, stride, channels, depth and kernel");
  CHECK(error_of("seed = 1\n" + kSpace) ==
        "x.space:1: key 'seed' outside any section: expected [space] or [stage.NAME] first");
  CHECK(error_of("[stage.x]\ntype = ds\n") == "x.space: missing section [space]");
  text = kSpace;
  text.replace(text.find("head = 1280\n"), 12, "head = 1280\nhead_style = none\n");
  CHECK(error_of(text) == "x.space:7: [space] head_style: expected conv or after-pool, got none");
}
