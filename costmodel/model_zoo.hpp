#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/network_spec.hpp"

namespace latnas {

// A block definition that scaled networks are made from (data/models/families.csv).
struct Family {
  std::string name;
  SeBase se_base = SeBase::in;
  HeadStyle head_style = HeadStyle::conv;
  StemKind stem_kind = StemKind::conv3x3;
  std::vector<Stage> stages;
  std::string source;
};

// A family scaled by width, depth and resolution, with its stem (base) and head (as built).
struct ScaledModel {
  std::string name;
  std::string family;
  double width = 1.0;
  double depth = 1.0;
  int resolution = 224;
  int stem = 32;
  int head = 1280;
  // A model of data/models/builtin.csv (shown in plots and `latnas models` first), not only a
  // calibration network.
  bool featured = true;
};

// The shipped families and built-in models, parsed once from the embedded data files: the models of
// data/models/builtin.csv and every calibration network of data/calibration/published_accuracy.csv.
class ModelZoo {
 public:
  static const ModelZoo& builtin();
  ModelZoo(std::string_view families_csv, std::string_view families_source, std::string_view models_csv,
           std::string_view models_source);
  // Adds the models of another table with the same columns (name, family, width, depth, resolution,
  // stem, head; others ignored) that are not known by name yet, as not featured.
  void add_models(std::string_view models_csv, std::string_view models_source);

  const std::vector<Family>& families() const { return families_; }
  const std::vector<ScaledModel>& models() const { return models_; }
  const Family& family(std::string_view name) const;  // InputError listing the known ones
  const ScaledModel& model(std::string_view name) const;
  bool has_model(std::string_view name) const;

  NetworkSpec build(const ScaledModel& m) const;
  NetworkSpec build(std::string_view model_name) const { return build(model(model_name)); }

 private:
  std::vector<Family> families_;
  std::vector<ScaledModel> models_;
};

}  // namespace latnas
