#include "costmodel/model_zoo.hpp"

#include "costmodel/csv_table.hpp"
#include "costmodel/embedded.hpp"
#include "costmodel/error.hpp"

namespace latnas {
namespace {

StemKind parse_stem_kind(const std::string& s, const std::string& where) {
  if (s == "3x3") return StemKind::conv3x3;
  if (s == "7x7pool") return StemKind::resnet7x7;
  throw InputError(where + ": stem_kind: expected 3x3 or 7x7pool, got '" + s + "'");
}

template <class T, class F>
std::string names_of(const std::vector<T>& items, F name) {
  std::string s;
  for (const T& t : items) s += (s.empty() ? "" : ", ") + name(t);
  return s;
}

}  // namespace

ModelZoo::ModelZoo(std::string_view families_csv, std::string_view families_source, std::string_view models_csv,
                   std::string_view models_source) {
  const CsvTable f = CsvTable::parse(families_csv, std::string(families_source));
  for (std::size_t r = 0; r < f.rows(); ++r) {
    Family fam;
    fam.name = f.at(r, "family");
    try {
      fam.se_base = parse_se_base(f.at(r, "se_base"));
      fam.head_style = parse_head_style(f.at(r, "head_style"));
      fam.stem_kind = parse_stem_kind(f.at(r, "stem_kind"), f.where(r));
      fam.stages = parse_stages(f.at(r, "blocks"));
    } catch (const InputError& e) {
      throw InputError(f.where(r) + ": " + e.what());
    }
    fam.source = f.at(r, "source");
    families_.push_back(std::move(fam));
  }
  add_models(models_csv, models_source);
  for (ScaledModel& sm : models_) sm.featured = true;
}

void ModelZoo::add_models(std::string_view models_csv, std::string_view models_source) {
  const CsvTable m = CsvTable::parse(models_csv, std::string(models_source));
  for (std::size_t r = 0; r < m.rows(); ++r) {
    ScaledModel sm{m.at(r, "name"), m.at(r, "family"), m.number(r, "width"), m.number(r, "depth"),
                   m.integer(r, "resolution"), m.integer(r, "stem"), m.integer(r, "head"), false};
    try {
      family(sm.family);
    } catch (const InputError& e) {
      throw InputError(m.where(r) + ": " + e.what());
    }
    if (has_model(sm.name)) continue;
    models_.push_back(std::move(sm));
  }
}

const ModelZoo& ModelZoo::builtin() {
  static const ModelZoo zoo = [] {
    ModelZoo z(embedded::families_csv(), "data/models/families.csv", embedded::builtin_models_csv(),
               "data/models/builtin.csv");
    // Every calibration network is a built-in model too (CalibrationSet checks its arch string).
    z.add_models(embedded::calibration_csv(), "data/calibration/published_accuracy.csv");
    return z;
  }();
  return zoo;
}

const Family& ModelZoo::family(std::string_view name) const {
  for (const Family& f : families_)
    if (f.name == name) return f;
  throw InputError("unknown family '" + std::string(name) + "'; known: " +
                   names_of(families_, [](const Family& x) { return x.name; }));
}

bool ModelZoo::has_model(std::string_view name) const {
  for (const ScaledModel& m : models_)
    if (m.name == name) return true;
  return false;
}

const ScaledModel& ModelZoo::model(std::string_view name) const {
  for (const ScaledModel& m : models_)
    if (m.name == name) return m;
  throw InputError("unknown model '" + std::string(name) + "'; known: " +
                   names_of(models_, [](const ScaledModel& x) { return x.name; }));
}

NetworkSpec ModelZoo::build(const ScaledModel& m) const {
  const Family& f = family(m.family);
  ArchOptions o;
  o.resolution = m.resolution;
  o.stem = m.stem;
  o.head = m.head;
  o.width = m.width;
  o.depth = m.depth;
  o.se_base = f.se_base;
  o.head_style = f.head_style;
  o.stem_kind = f.stem_kind;
  return resolve(f.stages, o);
}

}  // namespace latnas
