#include "spaces/space_file.hpp"

#include <array>
#include <limits>
#include <map>
#include <mutex>

#include "spaces/embedded_spaces.hpp"

namespace latnas {
namespace {

constexpr std::array<std::string_view, 9> kSpaceKeys{"name",     "description", "resolution", "stem",   "head",
                                                     "head_style", "se_base",   "classes",    "choices"};
constexpr std::array<std::string_view, 11> kStageKeys{"type",  "stride", "channels", "base_channels", "width",     "depth",
                                                      "kernel", "expansion", "se",    "choices",       "activation"};
constexpr std::string_view kStagePrefix = "stage.";

// Ranges here only keep numbers representable; SearchSpace checks what they mean.
constexpr long long kIntLo = -1000000000, kIntHi = 1000000000;
constexpr double kRealLo = std::numeric_limits<double>::lowest(), kRealHi = std::numeric_limits<double>::max();

struct BuiltinSpace {
  std::string_view name;
  std::string_view (*text)();
};
constexpr std::array<BuiltinSpace, 3> kBuiltins{{{"efficientnet", embedded::efficientnet_space},
                                                 {"ofa-mbv3", embedded::ofa_mbv3_space},
                                                 {"tiny", embedded::tiny_space}}};

std::string known_names() {
  std::string s;
  for (const auto& b : kBuiltins) s += (s.empty() ? "" : ", ") + std::string(b.name);
  return s;
}

std::vector<int> int_list(const ConfigSection& sec, std::string_view key) {
  std::vector<int> out;
  for (long long v : sec.get_int_list(key, kIntLo, kIntHi)) out.push_back(static_cast<int>(v));
  return out;
}

ChoiceScope read_scope(const ConfigSection& sec, ChoiceScope fallback) {
  if (!sec.has("choices")) return fallback;
  const std::string& v = sec.get_string("choices");
  if (v == "per-block") return ChoiceScope::per_block;
  if (v == "per-stage") return ChoiceScope::per_stage;
  sec.fail("choices", "expected per-block or per-stage, got '" + v + "'");
}

BlockType read_type(const ConfigSection& sec) {
  const std::string& v = sec.get_string("type");
  if (v == "ds") return BlockType::ds;
  if (v == "ir") return BlockType::ir;
  if (v == "cn") return BlockType::cn;
  sec.fail("type", "expected ds, ir or cn, got '" + v + "'");
}

StageDefinition read_stage(const ConfigSection& sec, ChoiceScope default_scope) {
  sec.require_known_keys(kStageKeys);
  if (sec.empty()) sec.fail("type", "empty stage section: expected at least type, stride, channels, depth and kernel");
  StageDefinition st;
  st.label = sec.name();
  st.type = read_type(sec);
  st.stride = static_cast<int>(sec.get_int("stride", kIntLo, kIntHi));
  st.activation = sec.get_string("activation", "");
  if (sec.has("channels")) {
    if (sec.has("base_channels") || sec.has("width"))
      sec.fail("channels", "expected either channels (absolute) or base_channels with width (multipliers), got both");
    st.channels = int_list(sec, "channels");
  } else if (sec.has("base_channels") || sec.has("width")) {
    if (!sec.has("width")) sec.fail("width", "missing: base_channels needs a list of width multipliers");
    if (!sec.has("base_channels")) sec.fail("base_channels", "missing: width multipliers need base_channels");
    st.base_channels = static_cast<int>(sec.get_int("base_channels", kIntLo, kIntHi));
    st.width_multipliers = sec.get_real_list("width", kRealLo, kRealHi);
  } else {
    sec.fail("channels", "missing: expected channels, or base_channels with width");
  }
  st.depths = int_list(sec, "depth");
  st.kernels = int_list(sec, "kernel");
  if (sec.has("expansion")) st.expansions = sec.get_real_list("expansion", kRealLo, kRealHi);
  if (sec.has("se")) st.se_ratios = sec.get_real_list("se", kRealLo, kRealHi);
  st.scope = read_scope(sec, default_scope);
  return st;
}

}  // namespace

SpaceDefinition read_space_definition(const ConfigFile& file) {
  SpaceDefinition def;
  def.source = file.source();
  const ConfigSection& space = file.section("space");
  space.require_known_keys(kSpaceKeys);
  def.name = space.get_string("name");
  def.description = space.get_string("description", "");
  def.resolutions = int_list(space, "resolution");
  def.stem = static_cast<int>(space.get_int("stem", kIntLo, kIntHi));
  def.head = static_cast<int>(space.get_int("head", kIntLo, kIntHi));
  def.classes = static_cast<int>(space.find_int("classes", kIntLo, kIntHi).value_or(1000));
  try {
    def.head_style = parse_head_style(space.get_string("head_style", "conv"));
  } catch (const InputError&) {
    space.fail("head_style", "expected conv or after-pool, got '" + space.get_string("head_style") + "'");
  }
  try {
    def.se_base = parse_se_base(space.get_string("se_base", "in"));
  } catch (const InputError&) {
    space.fail("se_base", "expected in or mid, got '" + space.get_string("se_base") + "'");
  }
  const ChoiceScope default_scope = read_scope(space, ChoiceScope::per_block);

  std::vector<const ConfigSection*> stage_sections;
  for (const ConfigSection& sec : file.sections()) {
    if (sec.name() == "space") continue;
    if (sec.name().empty())
      throw InputError(file.source() + ":" + std::to_string(sec.entries().front().line) + ": key '" +
                       sec.entries().front().key + "' outside any section: expected [space] or [stage.NAME] first");
    if (!sec.name().starts_with(kStagePrefix) || sec.name().size() == kStagePrefix.size())
      throw InputError(file.source() + ":" + std::to_string(sec.line()) + ": unknown section [" + sec.name() +
                       "], expected [space] or [stage.NAME]");
    def.stages.push_back(read_stage(sec, default_scope));
    stage_sections.push_back(&sec);
  }
  if (def.stages.empty()) throw InputError(file.source() + ": expected at least one [stage.NAME] section, got none");
  // SearchSpace checks what the values mean; its errors get the file, line and section here.
  try {
    SearchSpace check(def);
  } catch (const SpaceDefinitionError& e) {
    const ConfigSection& sec = e.stage() < 0 ? space : *stage_sections[static_cast<std::size_t>(e.stage())];
    std::string key = e.key();
    if (!sec.has(key) && key == "channels" && sec.has("width")) key = "width";
    std::string message = e.what();
    if (message.starts_with(e.key() + ": ")) message.erase(0, e.key().size() + 2);
    sec.fail(key, message);
  }
  return def;
}

SearchSpace read_space(const ConfigFile& file) { return SearchSpace(read_space_definition(file)); }

SearchSpace parse_space(std::string_view text, std::string source) {
  return read_space(ConfigFile::parse(text, std::move(source)));
}

SearchSpace load_space_file(const std::filesystem::path& path) { return read_space(ConfigFile::load(path)); }

std::vector<std::string> builtin_space_names() {
  std::vector<std::string> names;
  for (const auto& b : kBuiltins) names.emplace_back(b.name);
  return names;
}

std::string_view builtin_space_text(std::string_view name) {
  for (const auto& b : kBuiltins)
    if (b.name == name) return b.text();
  throw InputError("unknown space '" + std::string(name) + "'; known: " + known_names());
}

const SearchSpace& builtin_space(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, SearchSpace, std::less<>> parsed;
  const std::string_view text = builtin_space_text(name);
  const std::lock_guard lock(mutex);
  auto it = parsed.find(name);
  if (it == parsed.end())
    it = parsed.emplace(std::string(name), parse_space(text, "<embedded>/" + std::string(name) + ".space")).first;
  return it->second;
}

SearchSpace resolve_space(const std::string& name_or_path) {
  for (const auto& b : kBuiltins)
    if (b.name == name_or_path) return builtin_space(name_or_path);
  std::error_code ec;
  if (std::filesystem::is_regular_file(name_or_path, ec)) return load_space_file(name_or_path);
  throw InputError("unknown space '" + name_or_path + "': expected a built-in space (" + known_names() +
                   ") or the path of a space file");
}

}  // namespace latnas
