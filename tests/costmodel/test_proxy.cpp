#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <fstream>
#include <random>
#include <sstream>

#include "costmodel/heldout_set.hpp"
#include "costmodel/calibrated_proxy.hpp"
#include "costmodel/csv_table.hpp"
#include "costmodel/calibration_groups.hpp"
#include "costmodel/calibration_set.hpp"
#include "costmodel/error.hpp"
#include "costmodel/model_zoo.hpp"
#include "costmodel/network_cost.hpp"
#include "costmodel/network_shape.hpp"
#include "costmodel/proxy_domain.hpp"
#include "costmodel/proxy_recipe.hpp"
#include "costmodel/proxy_validation.hpp"
#include "costmodel/rounding.hpp"

using namespace latnas;

namespace {

Prediction predict(const AccuracyProxy& proxy, const NetworkSpec& spec) {
  return proxy.predict(ProxyInput{spec, totals(count_units(spec))});
}

std::uint64_t macs_of(const NetworkSpec& spec) { return totals(count_units(spec)).macs; }

// EfficientNet-B0 scaled by timm's EfficientNet rules: channels make_divisible(c * w), repeats
// ceil(r * d), head make_divisible(1280 * w), resolution round(224 * r).
NetworkSpec scaled_b0(double d, double w, double r) {
  ArchOptions o;
  o.depth = d;
  o.width = w;
  o.resolution = static_cast<int>(std::lround(224.0 * r));
  o.head = make_divisible(1280.0 * w);
  return resolve(ModelZoo::builtin().family("efficientnet").stages, o);
}

// The single multiplier (depth, width or resolution alone) whose scaling of B0 comes closest to
// `target` MACs, searched in steps of 0.002.
NetworkSpec matching_single_scaling(int dimension, std::uint64_t target, double& multiplier) {
  NetworkSpec best;
  double best_gap = INFINITY;
  for (double m = 1.0; m <= 6.0; m += 0.002) {
    const NetworkSpec s = dimension == 0 ? scaled_b0(m, 1, 1) : dimension == 1 ? scaled_b0(1, m, 1) : scaled_b0(1, 1, m);
    const double gap = std::abs(std::log(static_cast<double>(macs_of(s)) / static_cast<double>(target)));
    if (gap < best_gap) {
      best_gap = gap;
      best = s;
      multiplier = m;
    }
  }
  return best;
}

}  // namespace

TEST_CASE("proxy: calibrated is the default and both proxies are known by name") {
  REQUIRE(proxy_names().size() == 2);
  CHECK(proxy_names().front() == "calibrated");
  CHECK(make_proxy("calibrated")->name() == "calibrated");
  CHECK(make_proxy("flops")->name() == "flops");
  CHECK(make_proxy("calibrated") == make_proxy("calibrated"));  // fitted once
  CHECK_THROWS_AS(make_proxy("params"), InputError);
  CHECK_THROWS_AS(proxy_recipe("params"), InputError);
}

// The must-show, computed by validate_proxy, the code `latnas proxy --report` prints.
TEST_CASE("proxy: must-show figures on the 21 reference rows, calibrated beside flops") {
  const auto& points = CalibrationSet::builtin().points();
  const ProxyValidation calibrated = validate_proxy(proxy_recipe("calibrated"), points);
  const ProxyValidation flops = validate_proxy(proxy_recipe("flops"), points);
  REQUIRE(calibrated.reference.rows == 21);
  REQUIRE(flops.reference.rows == 21);
  REQUIRE(calibrated.all.rows == points.size());
  MESSAGE("calibrated reference: LOO " << calibrated.reference.loo_mae << ", LOFO " << calibrated.reference.lofo_mae
                                       << ", tau " << calibrated.reference.tau_loo);
  MESSAGE("flops reference: LOO " << flops.reference.loo_mae << ", LOFO " << flops.reference.lofo_mae << ", tau "
                                  << flops.reference.tau_loo);
  CHECK(calibrated.reference.loo_mae <= 1.5);
  CHECK(calibrated.reference.lofo_mae <= 2.5);
  CHECK(calibrated.reference.tau_loo >= 0.85);
  // The same code reproduces the figures for a ln(MACs) line: about 2.8, 4.4 and 0.84.
  CHECK(flops.reference.loo_mae == doctest::Approx(2.8).epsilon(0.03));
  CHECK(flops.reference.lofo_mae == doctest::Approx(4.4).epsilon(0.03));
  CHECK(flops.reference.tau_loo == doctest::Approx(0.84).epsilon(0.03));
  // And the calibrated proxy is better on all 77 rows too, not only on the reference ones.
  CHECK(calibrated.all.loo_mae < flops.all.loo_mae);
  CHECK(calibrated.all.lofo_mae < flops.all.lofo_mae);
  CHECK(calibrated.all.tau_loo > flops.all.tau_loo);
}

// EfficientNet (arXiv:1905.11946) Table 7: B0 scaled to about 1.8 GFLOPs by depth (d=4), width (w=2)
// or resolution (r=2) alone reached 79.0 / 78.9 / 79.1 % top-1, compound scaling (d=1.4, w=1.2,
// r=1.3) 81.1 %. The calibrated proxy must rank compound scaling highest at equal MACs.
TEST_CASE("proxy: at equal MACs the compound scaling of B0 scores highest") {
  const auto calibrated = make_proxy("calibrated");
  const auto flops = make_proxy("flops");
  const NetworkSpec compound = scaled_b0(1.4, 1.2, 1.3);
  const std::uint64_t target = macs_of(compound);
  const double compound_top1 = predict(*calibrated, compound).top1;
  MESSAGE("compound (1.4, 1.2, 1.3): " << target << " MACs, calibrated " << compound_top1 << ", flops "
                                       << predict(*flops, compound).top1);
  const std::string names[] = {"depth", "width", "resolution"};
  for (int dim = 0; dim < 3; ++dim) {
    CAPTURE(names[dim]);
    double m = 0.0;
    const NetworkSpec single = matching_single_scaling(dim, target, m);
    const double ratio = static_cast<double>(macs_of(single)) / static_cast<double>(target);
    REQUIRE(ratio >= 0.95);
    REQUIRE(ratio <= 1.05);
    const double top1 = predict(*calibrated, single).top1;
    MESSAGE(names[dim] << " only (x" << m << "): " << macs_of(single) << " MACs, calibrated " << top1 << ", flops "
                       << predict(*flops, single).top1);
    CHECK(m > 1.5);                // a real scaling, like the paper's 4x / 2x / 2x
    CHECK(compound_top1 > top1);
    CHECK(top1 > predict(*calibrated, scaled_b0(1, 1, 1)).top1);  // scaling up one dimension still helps
  }
}

TEST_CASE("proxy: more depth, width or resolution alone never lowers the calibrated prediction") {
  const auto proxy = make_proxy("calibrated");
  const ModelZoo& zoo = ModelZoo::builtin();
  std::mt19937 rng(20240607);
  std::uniform_real_distribution<double> width(0.35, 2.0), depth(0.5, 3.0), step(1.01, 1.5);
  std::uniform_int_distribution<int> resolution(96, 600);
  const char* families[] = {"efficientnet", "mobilenetv2", "mnasnet_a1", "mnasnet_b1", "mobilenetv3_large",
                            "proxylessnas_mobile", "efficientnet_lite"};
  int checks = 0;
  for (const char* name : families) {
    const Family& f = zoo.family(name);
    for (int trial = 0; trial < 40; ++trial) {
      ArchOptions o;
      o.se_base = f.se_base;
      o.head_style = f.head_style;
      o.width = width(rng);
      o.depth = depth(rng);
      o.resolution = resolution(rng);
      const NetworkSpec base = resolve(f.stages, o);
      const double top1 = predict(*proxy, base).top1;
      CAPTURE(name);
      CAPTURE(canonical_string(base));

      ArchOptions wider = o;  // width alone (the head stays as built)
      wider.width = std::min(3.0, o.width * step(rng));
      CHECK(predict(*proxy, resolve(f.stages, wider)).top1 >= top1);

      ArchOptions deeper = o;  // depth multiplier alone
      deeper.depth = std::min(10.0, o.depth * step(rng));
      CHECK(predict(*proxy, resolve(f.stages, deeper)).top1 >= top1);

      NetworkSpec one_more = base;  // one more repeat of one block
      std::uniform_int_distribution<std::size_t> pick_stage(0, base.stages.size() - 1);
      Stage& st = one_more.stages[pick_stage(rng)];
      std::uniform_int_distribution<std::size_t> pick_block(0, st.size() - 1);
      st[pick_block(rng)].repeats += 1;
      CHECK(predict(*proxy, one_more).top1 >= top1);

      NetworkSpec sharper = base;  // resolution alone
      sharper.resolution = base.resolution + 1 + static_cast<int>(rng() % 200);
      CHECK(predict(*proxy, sharper).top1 >= top1);
      checks += 4;
    }
  }
  CHECK(checks == 7 * 40 * 4);
}

TEST_CASE("proxy: the monotone coefficients stay non-negative in every refit") {
  // Structural, not luck: they are constrained. Refit on many random subsets of the data.
  const auto& points = CalibrationSet::builtin().points();
  std::mt19937 rng(7);
  for (int trial = 0; trial < 25; ++trial) {
    std::vector<CalibrationPoint> subset;
    for (const CalibrationPoint& p : points)
      if (rng() % 3 != 0) subset.push_back(p);
    const CalibratedProxy c = CalibratedProxy::fit(subset, CalibratedHyper{0.25, 0.1, 8.0});
    for (std::size_t j = 0; j <= CalibratedProxy::knot_count; ++j) CHECK(c.coefficients()[j] >= 0.0);  // G
    CHECK(c.coefficients()[CalibratedProxy::knot_count + 3] >= 0.0);  // ln E
  }
}

TEST_CASE("proxy: in_range is the joint domain: true on the calibration data, false away from it") {
  const auto calibrated = make_proxy("calibrated");
  const auto flops = make_proxy("flops");
  const ModelZoo& zoo = ModelZoo::builtin();
  for (const CalibrationPoint& p : CalibrationSet::builtin().points()) {
    CAPTURE(p.name);
    const Prediction c = calibrated->predict(ProxyInput{p.spec, p.totals});
    CHECK(c.in_range);  // fitted on all rows: distance 0
    CHECK(c.domain_distance == 0.0);
    if (p.subset == "reference") CHECK(flops->predict(ProxyInput{p.spec, p.totals}).in_range);
  }
  // ResNets: outside the domain whatever their size, yet both proxies still return a number.
  for (const char* resnet : {"resnet18", "resnet34", "resnet50"}) {
    CAPTURE(resnet);
    const NetworkSpec spec = zoo.build(resnet);
    CHECK_FALSE(in_mbconv_domain(spec));
    CHECK_FALSE(predict(*calibrated, spec).in_range);
    CHECK_FALSE(predict(*flops, spec).in_range);
    CHECK(std::isfinite(predict(*calibrated, spec).top1));
    CHECK(predict(*calibrated, spec).domain_excess > 1e6);  // never feasible for a trust-region search
  }
  NetworkSpec odd_stem = zoo.build("efficientnet_b0");
  odd_stem.stem_kind = StemKind::resnet7x7;
  CHECK_FALSE(predict(*calibrated, odd_stem).in_range);

  NetworkSpec b0 = zoo.build("efficientnet_b0");
  CHECK(predict(*calibrated, b0).in_range);
  b0.resolution = 64;  // far below every calibrated resolution (96)
  CHECK_FALSE(predict(*calibrated, b0).in_range);
  b0.resolution = 900;
  CHECK_FALSE(predict(*calibrated, b0).in_range);
  CHECK_FALSE(predict(*calibrated, scaled_b0(1.0, 5.0, 1.0)).in_range);  // far wider than any calibrated network

  // Jointly outside although every per-axis span holds: MobileNetV1 (TF-slim, 569M MACs, 224 px,
  // 13 blocks, widths 64-1024) lies inside the calibration data's MACs, resolution, depth and width
  // ranges, but has no inverted residual (expansion 1) and no SE: no calibration network is near.
  const NetworkSpec v1 = parse_canonical(
      "res=224;stem=3x3:32;head=none;classes=1001;blocks=ds_r1_k3_s1_c64_nre|ds_r1_k3_s2_c128_nre "
      "ds_r1_k3_s1_c128_noskip_nre|ds_r1_k3_s2_c256_nre ds_r1_k3_s1_c256_noskip_nre|ds_r1_k3_s2_c512_nre "
      "ds_r5_k3_s1_c512_noskip_nre|ds_r1_k3_s2_c1024_nre ds_r1_k3_s1_c1024_noskip_nre");
  const NetworkShape v1s = measure_shape(v1);
  CHECK(v1s.mbconv);
  CHECK(v1s.depth >= 10);
  CHECK(v1s.depth <= 55);
  CHECK(v1s.resolution == 224);
  CHECK(macs_of(v1) > 100'000'000u);
  CHECK(macs_of(v1) < 1'000'000'000u);
  CHECK_FALSE(predict(*calibrated, v1).in_range);
  CHECK_FALSE(predict(*flops, v1).in_range);
  const auto& c = dynamic_cast<const CalibratedProxy&>(*calibrated);
  CHECK(c.domain().size() == CalibrationSet::builtin().points().size());
  CHECK(c.domain().radius() > 0.0);
  // Excess is relative to the radius and continuous at its edge.
  CHECK(c.domain().excess(c.domain().radius()) == 0.0);
  CHECK(c.domain().excess(2.0 * c.domain().radius()) == doctest::Approx(1.0));
}

TEST_CASE("proxy: the domain's nearest-neighbour search equals brute force") {
  const auto& points = CalibrationSet::builtin().points();
  std::vector<NetworkShape> shapes;
  std::vector<std::uint64_t> macs;
  for (const auto& p : points) {
    shapes.push_back(measure_shape(p.spec));
    macs.push_back(p.totals.macs);
  }
  const ProxyDomain d(shapes, macs);
  const ModelZoo& zoo = ModelZoo::builtin();
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> width(0.3, 2.5), depth(0.4, 3.5);
  std::uniform_int_distribution<int> res(80, 700);
  for (int t = 0; t < 200; ++t) {
    ArchOptions o;
    o.width = width(rng);
    o.depth = depth(rng);
    o.resolution = res(rng);
    const NetworkSpec n = resolve(zoo.family(t % 2 ? "mobilenetv2" : "efficientnet").stages, o);
    const NetworkShape s = measure_shape(n);
    const ProxyDomain::Point q = ProxyDomain::coordinates(s, macs_of(n));
    double best = INFINITY;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
      const ProxyDomain::Point c = ProxyDomain::coordinates(shapes[i], macs[i]);
      double d2 = 0.0;
      for (std::size_t j = 0; j < ProxyDomain::dimensions; ++j) {
        const double diff = (q[j] - c[j]) / d.scale()[j];
        d2 += diff * diff;
      }
      best = std::min(best, std::sqrt(d2));
    }
    CHECK(d.distance(s, macs_of(n)) == doctest::Approx(best).epsilon(1e-9));
  }
}

TEST_CASE("proxy: the shape the calibrated proxy reads") {
  const NetworkShape b0 = measure_shape(ModelZoo::builtin().build("efficientnet_b0"));
  CHECK(b0.depth == 16);
  CHECK(b0.kinds == 7);
  CHECK(b0.resolution == 224);
  CHECK(b0.se_share == 1.0);
  CHECK(b0.large_kernel_share == doctest::Approx(3.0 / 7.0));
  CHECK(b0.expansion == 6.0);
  CHECK(b0.width == doctest::Approx(std::exp((std::log(16.0) + std::log(24.0) + std::log(40.0) + std::log(80.0) +
                                              std::log(112.0) + std::log(192.0) + std::log(320.0)) / 7.0)));
  CHECK(b0.mbconv);
  // Adjacent identical blocks are one kind however they are written; repeats change only depth.
  NetworkSpec split = ModelZoo::builtin().build("efficientnet_b0");
  BlockSpec& last = split.stages.back().back();
  last.repeats = 3;
  const NetworkShape three = measure_shape(split);
  split.stages.back().push_back(split.stages.back().back());
  split.stages.back().back().repeats = 1;
  const NetworkShape four = measure_shape(split);
  CHECK(three.kinds == 7);
  CHECK(four.kinds == 7);
  CHECK(four.depth == three.depth + 1);
  CHECK(four.width == three.width);
  CHECK(four.large_kernel_share == three.large_kernel_share);
}

TEST_CASE("proxy: lineages group every family derived from the same blocks") {
  CHECK(family_group("efficientnet") == "efficientnet");
  CHECK(family_group("efficientnet_lite3") == "efficientnet");
  CHECK(family_group("tinynet_c") == "efficientnet");
  CHECK(family_group("mobilenetv3_small_minimal") == "mobilenetv3");
  CHECK(family_group("mnasnet_b1") == "mnasnet");
  CHECK(family_group("proxylessnas_gpu") == "proxylessnas");
  CHECK(family_group("mobilenetv2") == "mobilenetv2");
  // Every lineage carries the same total weight.
  const auto& points = CalibrationSet::builtin().points();
  const std::vector<double> w = lineage_weights(points);
  std::map<std::string_view, double> total;
  for (std::size_t i = 0; i < points.size(); ++i) total[family_group(points[i].family)] += w[i];
  CHECK(total.size() == 5);
  for (const auto& [group, sum] : total) CHECK(sum == doctest::Approx(1.0));
}

TEST_CASE("proxy: below the calibration data predictions fall smoothly and stay sane") {
  const auto proxy = make_proxy("calibrated");
  // The smallest network of a 4-stage toy space: outside the data, still between 0 and the
  // smallest calibration network's prediction, and more depth still predicts more.
  const NetworkSpec toy = parse_canonical(
      "res=128;stem=3x3:16;head=conv:512;classes=1000;blocks=ds_r1_k3_s1_c16|ir_r1_k3_s2_e3_c24|ir_r1_k3_s2_e3_c40|ir_r1_k3_s2_e3_c64");
  const NetworkSpec toy_deeper = parse_canonical(
      "res=128;stem=3x3:16;head=conv:512;classes=1000;blocks=ds_r1_k3_s1_c16|ir_r2_k3_s2_e3_c24|ir_r2_k3_s2_e3_c40|ir_r3_k3_s2_e3_c64");
  const Prediction p = predict(*proxy, toy);
  CHECK_FALSE(p.in_range);
  CHECK(p.top1 > 0.0);
  CHECK(predict(*proxy, toy_deeper).top1 > p.top1);
  // Below every calibration network with twice its MACs or more.
  const std::uint64_t toy_macs = macs_of(toy);
  int compared = 0;
  for (const auto& point : CalibrationSet::builtin().points())
    if (point.totals.macs >= 2 * toy_macs) {
      CAPTURE(point.name);
      CHECK(p.top1 < predict(*proxy, point.spec).top1);
      ++compared;
    }
  CHECK(compared > 70);
}

TEST_CASE("proxy: G is concave and non-decreasing in effective compute, with bounded credits") {
  const auto proxy = std::dynamic_pointer_cast<const CalibratedProxy>(make_proxy("calibrated"));
  REQUIRE(proxy);
  // The slope of G between knots is the sum of the coefficients of the knots above: it never rises.
  double slope_above = proxy->coefficients()[CalibratedProxy::knot_count];
  for (std::size_t j = CalibratedProxy::knot_count; j-- > 0;) {
    CHECK(proxy->coefficients()[j] >= 0.0);
    const double slope_below = slope_above + proxy->coefficients()[j];
    CHECK(slope_below >= slope_above);
    slope_above = slope_below;
  }
  // SE and large kernels together can add only a few points, whatever the network.
  const double se = proxy->coefficients()[CalibratedProxy::knot_count + 1];
  const double k = proxy->coefficients()[CalibratedProxy::knot_count + 2];
  CHECK(std::abs(se) + std::abs(k) < 8.0);
  // Lineage effects are recipe offsets of a few points, not whole predictions.
  for (const auto& [lineage, effect] : proxy->lineage_effects()) {
    CAPTURE(lineage);
    CHECK(std::abs(effect) < 5.0);
  }
}

TEST_CASE("proxy: no credit for an SE or large-kernel share beyond what the calibration networks reach") {
  const auto proxy = std::dynamic_pointer_cast<const CalibratedProxy>(make_proxy("calibrated"));
  REQUIRE(proxy);
  double se_max = 0.0, k_max = 0.0;
  for (const auto& p : CalibrationSet::builtin().points()) {
    const NetworkShape s = measure_shape(p.spec);
    se_max = std::max(se_max, s.se_share);
    k_max = std::max(k_max, s.large_kernel_share);
  }
  REQUIRE(k_max < 1.0);  // else the property below has nothing to show
  NetworkShape s = measure_shape(ModelZoo::builtin().build("efficientnet_b0"));
  const std::uint64_t macs = macs_of(ModelZoo::builtin().build("efficientnet_b0"));
  s.large_kernel_share = k_max;
  const double at_max = proxy->predict(s, macs).top1;
  s.large_kernel_share = 1.0;
  CHECK(proxy->predict(s, macs).top1 == at_max);
  // Inside the range the credit is real: fewer large kernels predict less (c_k > 0).
  s.large_kernel_share = 0.0;
  CHECK(proxy->predict(s, macs).top1 < at_max);
  s = measure_shape(ModelZoo::builtin().build("efficientnet_b0"));
  s.se_share = se_max;
  const double se_at_max = proxy->predict(s, macs).top1;
  s.se_share = se_max + 0.5;
  CHECK(proxy->predict(s, macs).top1 == se_at_max);
}

TEST_CASE("proxy: held-out published MBConv networks the proxy was never fitted on") {
  // data/calibration/heldout_accuracy.csv (sources in HELDOUT_SOURCES.md), compiled in: trained
  // from scratch without distillation or supernets; never read by the fit.
  const HeldOutSet& set = HeldOutSet::builtin();
  const auto proxy = make_proxy("calibrated");
  const HeldOutValidation v = validate_heldout(*proxy, set);
  REQUIRE(v.rows.size() == set.points().size());
  for (const HeldOutRow& r : v.rows) {
    CAPTURE(r.point->name);
    // MobileNetV1 and PP-LCNet: depthwise-separable only, no calibration network is like them.
    if (!r.point->inverted_residual) CHECK_FALSE(r.prediction.in_range);
    else CHECK(measure_shape(r.point->spec).mbconv);
  }
  MESSAGE("held-out MBConv results: " << v.mbconv.rows << ", MAE " << v.mbconv.mae << ", tau " << v.mbconv.tau
                                      << "; new architectures: " << v.new_architectures.rows << ", MAE "
                                      << v.new_architectures.mae << ", tau " << v.new_architectures.tau);
  REQUIRE(v.mbconv.rows >= 12);
  CHECK(v.separable_only.rows >= 20);
  CHECK(v.separable_only.in_range == 0);
  CHECK(v.mbconv.mae <= 1.5);
  CHECK(v.new_architectures.mae <= 1.5);
  // The bar, on networks never fitted on: MAE <= 1.5 points, Kendall tau >= 0.80.
  CHECK(v.mbconv.tau >= 0.80);
  CHECK(v.new_architectures.tau >= 0.80);
}

TEST_CASE("proxy: held-out rows are no calibration network unless they say which one they repeat") {
  const CalibrationSet& calibration = CalibrationSet::builtin();
  const HeldOutSet& set = HeldOutSet::builtin();
  for (const HeldOutPoint& p : set.points()) {
    CAPTURE(p.name);
    const CalibrationPoint* same = calibration.find(p.spec);
    if (p.same_arch_as.empty()) {
      CHECK(same == nullptr);
      continue;
    }
    // The named network has this architecture: a calibration row, or another held-out row.
    bool found = same != nullptr && same->name == p.same_arch_as;
    for (const HeldOutPoint& q : set.points())
      found = found || (q.name == p.same_arch_as && canonical_string(q.spec) == canonical_string(p.spec));
    CHECK(found);
  }
}

TEST_CASE("proxy: a held-out file with a bad row is refused with its line") {
  const std::string header = "name,arch,top1,macs_millions_published,params_millions_published,training,same_arch_as,source\n";
  CHECK_THROWS_WITH_AS(HeldOutSet(header + "x,res=224;blocks=zz_r1,70,,,plain,,s\n", "h.csv"),
                       doctest::Contains("h.csv:2"), InputError);
  CHECK_THROWS_WITH_AS(HeldOutSet(header + "x,res=224;stem=3x3:32;head=conv:1280;blocks=ds_r1_k3_s1_c16,170,,,plain,,s\n", "h.csv"),
                       doctest::Contains("top1"), InputError);
}

TEST_CASE("proxy: a network's prediction does not depend on how its string is written") {
  for (const char* name : {"calibrated", "flops"}) {
    const auto proxy = make_proxy(name);
    for (const auto& point : CalibrationSet::builtin().points()) {
      CAPTURE(point.name);
      // Written out one block string per repeat, each stage split after its first block.
      NetworkSpec flat = point.spec;
      flat.stages.clear();
      for (const Stage& st : point.spec.stages)
        for (const BlockSpec& b : st)
          for (int r = 0; r < b.repeats; ++r) {
            BlockSpec one = b;
            one.repeats = 1;
            one.stride = r == 0 ? b.stride : 1;
            flat.stages.push_back({one});
          }
      REQUIRE(canonical_string(flat) == canonical_string(point.spec));
      const Prediction a = predict(*proxy, point.spec), b = predict(*proxy, flat);
      CHECK(a.top1 == b.top1);
      CHECK(a.in_range == b.in_range);
    }
  }
}
