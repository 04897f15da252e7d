// Parameters (a number, or {value, dist, evidence}), clawbacks and the distributions of
// parameters (uniform, triangular, normal, beta, choice), checked against their ranges.

#include "io/loader/reader.h"

#include <algorithm>
#include <cmath>

#include "scenario/distribution.h"

namespace parley::loader_detail {

std::string Reader::range_text(double lo, double hi) {
  if (hi == kInf) return fmt::format("a number >= {}", lo);
  return fmt::format("a number from {} to {}", lo, hi);
}

// A share that can be undone: `clawback: 0..1`, or `reversible: true|false` (1 or 0). Leaves
// `out` at 0 (range 0..1) and returns false when neither is given.
bool Reader::clawback(Keys& k, Param& out) {
  out.lo = 0;
  out.hi = 1;
  if (k.count("clawback") && k.count("reversible"))
    error(k["reversible"], "give either clawback (a share, 0 to 1) or reversible (true or false), not both");
  if (k.count("clawback")) {
    out = param(k["clawback"], "clawback", 0, 1);
    return true;
  }
  if (!k.count("reversible")) return false;
  const YAML::Node& n = k["reversible"];
  out.loc = loc(n);
  const std::string s = n.IsScalar() ? n.Scalar() : std::string();
  if (s == "true") out.value = 1;
  else if (s == "false") out.value = 0;
  else error(n, fmt::format("reversible must be true or false (or give clawback, a share from 0 to 1), found {}",
                            n.IsScalar() ? "'" + s + "'" : kind(n)));
  return true;
}

// A parameter: a bare number, or a mapping with `value`, `dist` (a distribution; then `value`
// is optional and defaults to the distribution's central value) and `evidence`. `lo`..`hi`
// is the parameter's range; every number of a distribution must lie in it, and a given
// `value` in the distribution's support.
Param Reader::param(const YAML::Node& n, std::string_view what, double lo, double hi) {
  Param p;
  p.lo = lo;
  p.hi = hi;
  p.loc = loc(n);
  YAML::Node value_node = n;
  if (n.IsMap()) {
    auto k = keys(n, what, {"value", "dist", "evidence"}, {});
    if (k.count("evidence")) p.evidence = evidence(k["evidence"]);
    if (k.count("dist")) {
      p.dist = distribution(k["dist"], what, lo, hi);
      if (p.dist) p.value = central(*p.dist);
      if (!k.count("value")) {
        p.loc = loc(k["dist"]);
        return p;
      }
    } else if (!k.count("value")) {
      error(n, fmt::format("{} is missing required key 'value' (or 'dist', a distribution)", what));
      return p;
    }
    value_node = k["value"];
    p.loc = loc(value_node);
  }
  double v = 0;
  if (!number(value_node, what, v)) return p;
  if (v < lo || v > hi) {
    error(value_node, fmt::format("{} is {}, out of range; expected {}", what, fmt::format("{}", v),
                                  range_text(lo, hi)));
    return p;
  }
  if (p.dist) {
    auto [s_lo, s_hi] = support(*p.dist, lo, hi);
    bool inside = p.dist->kind == Distribution::Kind::choice
                      ? std::find(p.dist->values.begin(), p.dist->values.end(), v) != p.dist->values.end()
                      : v >= s_lo && v <= s_hi;
    if (!inside) {
      error(value_node, fmt::format("{} is {}, outside its distribution {}; expected {}", what, v,
                                    describe(*p.dist),
                                    p.dist->kind == Distribution::Kind::choice
                                        ? std::string("one of its values")
                                        : fmt::format("a number from {} to {}", s_lo, s_hi)));
      return p;
    }
  }
  p.value = v;
  return p;
}

// A distribution (`dist`) of parameter `what` with range lo..hi; nullopt after an error.
std::optional<Distribution> Reader::distribution(const YAML::Node& n, std::string_view what, double lo, double hi) {
  static constexpr const char* kTypes = "uniform, triangular, normal, beta or choice";
  const std::string ctx = fmt::format("the distribution of {}", what);
  if (!n.IsMap()) {
    error(n, fmt::format("{} must be a mapping such as {{type: uniform, min: 0.2, max: 0.3}} (type: {}), found {}",
                         ctx, kTypes, kind(n)));
    return std::nullopt;
  }
  // The type decides the other keys, so it is read first.
  YAML::Node type_node;
  bool has_type = false;
  for (auto it = n.begin(); it != n.end() && !has_type; ++it)
    if (it->first.IsScalar() && it->first.Scalar() == "type") {
      type_node = it->second;
      has_type = true;
    }
  if (!has_type) {
    error(n, fmt::format("{} is missing required key 'type'; expected {}", ctx, kTypes));
    return std::nullopt;
  }
  std::string type;
  if (!string(type_node, fmt::format("the type of {}", ctx), type)) return std::nullopt;
  auto kind_of = distribution_kind_from_string(type);
  if (!kind_of) {
    error(type_node, fmt::format("unknown distribution type '{}' for {}; expected {}", type, what, kTypes));
    return std::nullopt;
  }
  Distribution d;
  d.kind = *kind_of;
  d.loc = loc(n);
  const std::string dctx = fmt::format("a {} distribution of {}", type, what);
  bool ok = true;
  // A number of the distribution that must lie in the parameter's range.
  auto in_range = [&](const YAML::Node& node, std::string_view key, double& out) {
    std::string name = fmt::format("{} of the distribution of {}", key, what);
    if (!number(node, name, out)) return ok = false;
    if (out < lo || out > hi) {
      error(node, fmt::format("{} is {}, out of range; expected {}", name, out, range_text(lo, hi)));
      return ok = false;
    }
    return true;
  };
  // A number that must be positive (sd, alpha, beta, weights).
  auto positive = [&](const YAML::Node& node, std::string_view key, double& out) {
    std::string name = fmt::format("{} of the distribution of {}", key, what);
    if (!number(node, name, out)) return ok = false;
    if (!(out > 0)) {
      error(node, fmt::format("{} is {}; expected a number > 0", name, out));
      return ok = false;
    }
    return true;
  };
  switch (d.kind) {
    case Distribution::Kind::uniform: {
      auto k = keys(n, dctx, {"type", "min", "max"}, {"min", "max"});
      if (!k.count("min") || !k.count("max")) return std::nullopt;
      if (in_range(k["min"], "min", d.min) && in_range(k["max"], "max", d.max) && !(d.min < d.max)) {
        error(n, fmt::format("{} has min {} and max {}; expected min < max", dctx, d.min, d.max));
        ok = false;
      }
      break;
    }
    case Distribution::Kind::triangular: {
      auto k = keys(n, dctx, {"type", "min", "mode", "max"}, {"min", "mode", "max"});
      if (!k.count("min") || !k.count("mode") || !k.count("max")) return std::nullopt;
      bool read = in_range(k["min"], "min", d.min);
      read = in_range(k["mode"], "mode", d.mode) && read;
      read = in_range(k["max"], "max", d.max) && read;
      if (read && !(d.min <= d.mode && d.mode <= d.max && d.min < d.max)) {
        error(n, fmt::format("{} has min {}, mode {} and max {}; expected min <= mode <= max with min < max", dctx,
                             d.min, d.mode, d.max));
        ok = false;
      }
      break;
    }
    case Distribution::Kind::normal: {
      auto k = keys(n, dctx, {"type", "mean", "sd"}, {"mean", "sd"});
      if (!k.count("mean") || !k.count("sd")) return std::nullopt;
      in_range(k["mean"], "mean", d.mean);
      positive(k["sd"], "sd", d.sd);
      break;
    }
    case Distribution::Kind::beta: {
      auto k = keys(n, dctx, {"type", "alpha", "beta", "min", "max"}, {"alpha", "beta"});
      if (!k.count("alpha") || !k.count("beta")) return std::nullopt;
      // Shapes above kMaxBetaShape (distribution.h) are refused: the exact quantile is fast and
      // accurate up to it, and a larger shape is a point at the mean to within 1e-3 of the
      // support (its sd is at most 0.5/√(α + β + 1)).
      auto shape = [&](const YAML::Node& node, std::string_view key, double& out) {
        if (!positive(node, key, out)) return;
        if (out > kMaxBetaShape) {
          error(node, fmt::format("{} of the distribution of {} is {}, too large; expected a number > 0 and at "
                                  "most {}", key, what, out, kMaxBetaShape));
          ok = false;
        }
      };
      shape(k["alpha"], "alpha", d.alpha);
      shape(k["beta"], "beta", d.beta);
      d.min = lo;
      d.max = hi;
      bool read = true;
      if (k.count("min")) read = in_range(k["min"], "min", d.min) && read;
      if (k.count("max")) read = in_range(k["max"], "max", d.max) && read;
      if (!read) break;
      if (!std::isfinite(d.min) || !std::isfinite(d.max)) {
        error(n, fmt::format("{} needs 'min' and 'max' (its support): {} has no bounded range to default to", dctx,
                             what));
        ok = false;
      } else if (!(d.min < d.max)) {
        error(n, fmt::format("{} has min {} and max {}; expected min < max", dctx, d.min, d.max));
        ok = false;
      }
      break;
    }
    case Distribution::Kind::choice: {
      auto k = keys(n, dctx, {"type", "values", "weights"}, {"values"});
      if (!k.count("values")) return std::nullopt;
      const YAML::Node& vn = k["values"];
      if (!vn.IsSequence()) {
        error(vn, fmt::format("the values of {} must be a list of numbers, found {}", dctx, kind(vn)));
        return std::nullopt;
      }
      if (vn.size() == 0) {
        error(vn, fmt::format("the values of {} are an empty list; expected at least one number", dctx));
        return std::nullopt;
      }
      for (const auto& v : vn) {
        double x = 0;
        if (in_range(v, "a value", x)) d.values.push_back(x);
      }
      if (k.count("weights")) {
        const YAML::Node& wn = k["weights"];
        if (!wn.IsSequence()) {
          error(wn, fmt::format("the weights of {} must be a list of positive numbers, found {}", dctx, kind(wn)));
          return std::nullopt;
        }
        if (wn.size() != vn.size()) {
          error(wn, fmt::format("{} has {} value{} and {} weight{}; expected one weight per value", dctx, vn.size(),
                                vn.size() == 1 ? "" : "s", wn.size(), wn.size() == 1 ? "" : "s"));
          ok = false;
        }
        for (const auto& w : wn) {
          double x = 0;
          if (positive(w, "a weight", x)) d.weights.push_back(x);
        }
      }
      break;
    }
  }
  if (!ok) return std::nullopt;
  return d;
}

}  // namespace parley::loader_detail
