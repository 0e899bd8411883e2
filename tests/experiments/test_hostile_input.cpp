// Hostile input (issue 15): each malformed input is refused with status 2 and one line naming the
// problem, quickly and in little memory; what is legal but unusual (CRLF, a BOM, NUL in a comment,
// unicode text) stays accepted.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_latnas.hpp"

namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr double kSecondsLimit = 10.0;  // ASan + UBSan are several times slower; memory is not checked
constexpr bool kCheckMemory = false;
#else
constexpr double kSecondsLimit = 1.0;
constexpr bool kCheckMemory = true;
#endif
constexpr long kMemoryLimitKb = 200 * 1024;

struct Measured {
  CliResult r;
  double seconds = 0;
  long max_rss_kb = 0;  // the largest child so far (each doctest case runs in its own process under ctest)
};

Measured measured(const std::string& args) {
  const auto start = std::chrono::steady_clock::now();
  Measured m{run_latnas(args)};
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage u{};
  ::getrusage(RUSAGE_CHILDREN, &u);
  m.max_rss_kb = u.ru_maxrss;
  return m;
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// Status 2, one line on stderr containing every needle, nothing on stdout, fast and small.
void check_refused(const std::string& args, std::initializer_list<std::string_view> needles) {
  const Measured m = measured(args);
  INFO("latnas " << args << "\nstderr: " << m.r.err);
  CHECK(m.r.status == 2);
  CHECK(lines(m.r.err) == 1);
  for (std::string_view n : needles) CHECK(m.r.err.find(n) != std::string::npos);
  CHECK(m.r.out.find("wrote") == std::string::npos);
  CHECK(m.seconds < kSecondsLimit);
  if (kCheckMemory) CHECK(m.max_rss_kb < kMemoryLimitKb);
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("latnas-hostile-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

std::string arch(const std::string& blocks, const std::string& stem = "3x3:32", const std::string& res = "224") {
  return shell_quote("res=" + res + ";stem=" + stem + ";head=conv:1280;classes=1000;blocks=" + blocks);
}

// A space of about 10^10000 networks: 60 per-block stages of depth 64, 8 kernels x 50 expansions.
std::string deep_space() {
  std::string s = "[space]\nname = deep\nresolution = 224\nstem = 16\nhead = 256\nhead_style = conv\nse_base = in\n";
  std::string expansions;
  for (int e = 1; e <= 50; ++e) expansions += (e > 1 ? ", " : "") + std::to_string(e);
  for (int i = 1; i <= 60; ++i)
    s += "\n[stage." + std::to_string(i) + "]\ntype = ir\nstride = 1\nchannels = 8, 16\ndepth = 1, 64\n"
         "kernel = 1, 3, 5, 7, 9, 11, 13, 15\nexpansion = " + expansions + "\nchoices = per-block\n";
  return s;
}

}  // namespace

TEST_CASE("cli: a space of about 10^10000 networks is sized by arithmetic, not by the counting automaton") {
  TempDir d;
  const std::string space = d.file("deep.space", deep_space());
  const auto start = std::chrono::steady_clock::now();
  const CliResult r = run_latnas("space --space " + shell_quote(space) + " --format csv");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("at most 10^") != std::string::npos);
  CHECK(r.out.find("not counted exactly") != std::string::npos);
  CHECK(seconds < 5 * kSecondsLimit);
  rusage u{};
  ::getrusage(RUSAGE_CHILDREN, &u);
  if (kCheckMemory) CHECK(u.ru_maxrss < kMemoryLimitKb);
}

TEST_CASE("cli: an experiment whose sweep plans 10^8 runs is refused before it is expanded") {
  TempDir d;
  const std::string x = d.file("huge.experiment", "[search]\nspace = tiny\n[sweep]\nseed = 1:10000:1\nlatency-ms = 1:10000:1\n");
  check_refused("run " + shell_quote(x) + " --dry-run", {"huge.experiment", "100000000 runs", "at most 100000"});
  check_refused("run " + shell_quote(x), {"100000000 runs"});
}

TEST_CASE("cli: --config given a directory is refused") {
  TempDir d;
  check_refused("search --config " + shell_quote(d.path.string()), {d.path.string(), "expected a file, got a directory"});
  check_refused("search --device " + shell_quote(d.path.string()), {d.path.string(), "not a regular file"});
  check_refused("run " + shell_quote(d.path.string()) + " --dry-run", {d.path.string()});
}

TEST_CASE("cli: a stray positional argument on search, cost and space is refused") {
  check_refused("search --space tiny stray", {"stray"});
  check_refused("cost --model efficientnet_b0 stray", {"stray"});
  check_refused("space --space tiny stray", {"stray"});
}

TEST_CASE("cli: arch strings refuse an even kernel, a signed SE ratio and two activations") {
  check_refused("cost --arch " + arch("ds_r1_k2_s1_c16"), {"'k2'", "odd kernel", "got 2"});
  check_refused("cost --arch " + arch("ds_r1_k3_s1_c16_se-0"), {"'se-0'", "got -0"});
  check_refused("cost --arch " + arch("ds_r1_k3_s1_c16_se-0.25"), {"'se-0.25'"});
  check_refused("cost --arch " + arch("ds_r1_k3_s1_c16_nre_nhs"), {"'nhs'", "activation given twice"});
  check_refused("cost --blocks " + shell_quote("ds_r1_k4_s1_c16") + " --stem 32 --head 1280", {"'k4'", "odd kernel"});
}

TEST_CASE("cli: a ResNet stem on an MBConv body is refused") {
  check_refused("cost --arch " + shell_quote("res=224;stem=7x7pool:64;head=none;classes=1000;blocks=ir_r1_k3_s1_e6_c64"),
                {"7x7pool", "basic or bneck", "ir_r1_k3_s1_e6_c64"});
}

TEST_CASE("cli: MAC counts that would overflow 64 bits are refused, not wrapped") {
  check_refused("cost --arch " + arch("ir_r1_k15_s1_e100_c100000", "3x3:100000", "8192"), {"too large to count"});
}

TEST_CASE("cli: an evaluation budget below the population and 1 evaluation are refused") {
  TempDir d;
  check_refused("search --space tiny --population 64 --evaluations 10 --out " + shell_quote((d.path / "a").string()),
                {"evaluations", "at least the population (64", "got 10"});
  check_refused("search --space tiny --evaluations 1 --out " + shell_quote((d.path / "b").string()),
                {"evaluations", "got 1"});
  CHECK(!fs::exists(d.path / "a"));
  const std::string x = d.file("small.experiment", "[search]\nspace = tiny\npopulation = 64\n[sweep]\nevaluations = 1000, 10\n");
  check_refused("run " + shell_quote(x) + " --dry-run", {"small.experiment", "at least the population"});
}

TEST_CASE("cli: a device profile whose peak is tiny, denormal or 2^64 is refused") {
  TempDir d;
  std::ifstream in(std::string(LATNAS_SOURCE_DIR) + "/data/devices/orin-agx-50w.profile");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string base = ss.str();
  for (const std::string peak : {"1e-30", "4.9e-324", "18446744073709551616", "0.0000001"}) {
    std::string text = base;
    const auto at = text.find("gpu_peak    958");
    REQUIRE(at != std::string::npos);
    text.replace(at, 15, "gpu_peak    " + peak);
    const std::string file = d.file("p.profile", text);
    check_refused("cost --model efficientnet_b0 --device " + shell_quote(file), {"p.profile", "gpu_peak", peak});
  }
  std::string text = base;
  text.replace(text.find("cpu_peak    143.8"), 17, "cpu_peak    1e300");
  check_refused("cost --model efficientnet_b0 --device " + shell_quote(d.file("c.profile", text)), {"cpu_peak", "1e300"});
}

TEST_CASE("cli: an empty experiment file is refused, not run as one default run") {
  TempDir d;
  check_refused("run " + shell_quote(d.file("empty.experiment", "")) + " --dry-run", {"empty.experiment", "empty experiment"});
  check_refused("run " + shell_quote(d.file("blank.experiment", "\n# nothing\n\n")) + " --dry-run", {"empty experiment"});
}

TEST_CASE("cli: one key spelled latency-ms and latency_ms is refused with both spellings and lines") {
  TempDir d;
  const std::string cfg = d.file("twice.ini", "[search]\nlatency-ms = 5\nspace = tiny\nlatency_ms = 6\n");
  check_refused("search --config " + shell_quote(cfg), {"twice.ini:4", "'latency-ms' on line 2", "'latency_ms' on line 4"});
  const std::string x = d.file("twice.experiment", "[search]\nlatency_ms = 5\nspace = tiny\nlatency-ms = 6\n");
  check_refused("run " + shell_quote(x) + " --dry-run", {"twice.experiment:4", "'latency_ms' on line 2", "'latency-ms' on line 4"});
}

TEST_CASE("cli: a dry run refuses an init that is not a member of one swept space") {
  TempDir d;
  const std::string x = d.file("init.experiment", "[search]\ninit = efficientnet_b0\nevaluations = 1000\n[sweep]\nspace = efficientnet, tiny\n");
  check_refused("run " + shell_quote(x) + " --dry-run --out " + shell_quote((d.path / "o").string()),
                {"init.experiment", "tiny", "init 'efficientnet_b0'", "not a member of the space 'tiny'"});
  CHECK(!fs::exists(d.path / "o"));
}

TEST_CASE("cli: CRLF line ends, a BOM, NUL inside a comment and unicode text stay accepted") {
  TempDir d;
  // A space file with CRLF line ends.
  std::ifstream in(std::string(LATNAS_SOURCE_DIR) + "/data/spaces/tiny.space", std::ios::binary);
  std::string tiny, line;
  while (std::getline(in, line)) tiny += line + "\r\n";
  const CliResult crlf = run_latnas("space --space " + shell_quote(d.file("crlf.space", tiny)) + " --format csv");
  INFO(crlf.err);
  CHECK(crlf.status == 0);
  CHECK(crlf.out.find("921600") != std::string::npos);
  // An experiment with a BOM, CRLF, a NUL inside a comment and a unicode description.
  const std::string x = d.file("odd.experiment", std::string("\xEF\xBB\xBF# comment\r\n[experiment]\r\nname = odd\r\n") +
                                                     "description = r\xC3\xA9seau \xE2\x9C\x93 \xE6\xA4\x9C\xE7\xB4\xA2\r\n# nul " +
                                                     std::string(1, '\0') + " here\r\n[search]\r\nspace = tiny\r\nevaluations = 1000\r\n");
  const CliResult odd = run_latnas("run " + shell_quote(x) + " --dry-run --out " + shell_quote((d.path / "o").string()));
  INFO(odd.err);
  CHECK(odd.status == 0);
  CHECK(odd.out.find("odd (") != std::string::npos);
  CHECK(odd.out.find("r\xC3\xA9seau \xE2\x9C\x93") != std::string::npos);
  // A search config with a BOM and CRLF.
  const std::string cfg = d.file("bom.ini", "\xEF\xBB\xBF[search]\r\nspace = tiny\r\nevaluations = 200\r\npopulation = 16\r\n");
  const CliResult s = run_latnas("search --config " + shell_quote(cfg) + " --quiet --threads 1 --out " + shell_quote((d.path / "s").string()));
  INFO(s.err);
  CHECK(s.status == 0);
  CHECK(fs::exists(d.path / "s" / "pareto.csv"));
}
