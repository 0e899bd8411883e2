#include "experiments/nas/run_fingerprint.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/scorer.hpp"
#include "experiments/outputs/text_output.hpp"
#include "spaces/space_file.hpp"

namespace latnas {
namespace {

std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 14695981039346656037ull) {
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex_of(std::uint64_t h) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

bool is_builtin_space(const std::string& name) {
  for (const auto& n : builtin_space_names())
    if (n == name) return true;
  return false;
}

}  // namespace

std::string options_fingerprint_text(const SearchOptions& options, bool with_bounds) {
  std::string text;
  for (auto [k, v] : describe(options)) {
    if (const SearchOptionSpec* spec = find_search_option(k); !spec || !spec->has(fingerprinted)) continue;
    if (!with_bounds && (k == "evaluations" || k == "generations")) continue;
    if (k == "proxy" && v.empty()) v = proxy_names().front();
    text += k + " = " + v + "\n";
    std::error_code ec;
    if (k == "space" && is_builtin_space(v)) {
      text += "space-definition = " + hex_of(fnv1a(builtin_space_text(v))) + "\n";
    } else if ((k == "space" || k == "device") && std::filesystem::is_regular_file(v, ec)) {
      text += k + "-file = " + hex_of(fnv1a(read_whole_file(v).value_or(""))) + "\n";
    }
  }
  // The latency model and the proxy as this program has them: EfficientNet-B0's figures change
  // when the device table, the calibration data or the proxy's recipe does.
  try {
    const Scorer scorer(DeviceProfile::resolve(options.device), make_proxy(options.proxy.empty() ? proxy_names().front() : options.proxy));
    const Score b0 = scorer.score(ModelZoo::builtin().build("efficientnet_b0"));
    text += "model-check = efficientnet_b0 " + format_real(b0.gpu_ms) + " ms " + format_real(b0.accuracy) + " %\n";
  } catch (const std::exception&) {
    text += "model-check = unavailable\n";
  }
  return text;
}


std::string options_fingerprint(const SearchOptions& options, bool with_bounds) {
  return hex_of(fnv1a(options_fingerprint_text(options, with_bounds)));
}

}  // namespace latnas
