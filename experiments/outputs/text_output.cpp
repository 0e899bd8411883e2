#include "experiments/outputs/text_output.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "costmodel/error.hpp"

#ifndef LATNAS_VERSION
#define LATNAS_VERSION "0.0.0"
#endif

namespace latnas {

std::string version_string() { return "latnas " LATNAS_VERSION; }

OutputFormat parse_output_format(const std::string& text, std::initializer_list<OutputFormat> offered) {
  constexpr std::string_view names[] = {"table", "csv", "json"};
  std::string expected;
  std::size_t i = 0;
  for (OutputFormat f : offered) {
    const std::string_view name = names[static_cast<std::size_t>(f)];
    if (text == name) return f;
    expected += std::string(i == 0 ? "" : i + 1 == offered.size() ? " or " : ", ") + std::string(name);
    ++i;
  }
  throw InputError("--format: expected " + expected + ", got '" + text + "'");
}

std::string format_real(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path.string() + ": cannot write (" + tmp.string() + " could not be created)");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw InputError(path.string() + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw InputError(path.string() + ": cannot write (" + ec.message() + ")");
  }
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace latnas
