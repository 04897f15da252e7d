#include "io/scenario_loader.h"

#include "core/text.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "model/compiled.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxDiagnostics = 200;

// Collects diagnostics while walking the YAML tree.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  SourceLoc loc(const YAML::Node& n) const {
    auto m = n.Mark();
    if (m.is_null()) return {file_, 0, 0};
    return {file_, m.line + 1, m.column + 1};
  }
  SourceLoc loc(const YAML::Mark& m) const { return {file_, m.line + 1, m.column + 1}; }

  void error(const SourceLoc& l, std::string msg) {
    if (diags_.size() < kMaxDiagnostics) diags_.push_back({l, std::move(msg)});
  }
  void error(const YAML::Node& n, std::string msg) { error(loc(n), std::move(msg)); }
  std::vector<Diagnostic>& diagnostics() { return diags_; }
  // True once no further diagnostic is kept: callers skip building long messages (id lists).
  bool full() const { return diags_.size() >= kMaxDiagnostics; }

  static const char* kind(const YAML::Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Scalar: return n.Tag() == "!" ? "a string" : "a scalar";
      case YAML::NodeType::Null: return "nothing (null)";
      default: return "nothing";
    }
  }

  bool expect_map(const YAML::Node& n, std::string_view what) {
    if (n.IsMap()) return true;
    error(n, fmt::format("{} must be a mapping, found {}", what, kind(n)));
    return false;
  }
  bool expect_seq(const YAML::Node& n, std::string_view what) {
    if (n.IsSequence()) return true;
    error(n, fmt::format("{} must be a list, found {}", what, kind(n)));
    return false;
  }

  // Checks a mapping's keys: scalar, unique, known; reports missing required keys. Returns the
  // value nodes by key for the caller to read.
  // Keys in `deferred` are not in `allowed` but are returned without an error: the caller
  // reports them with a better message (e.g. a key that belongs to another kind of issue).
  std::map<std::string, YAML::Node> keys(const YAML::Node& map, std::string_view what,
                                         std::initializer_list<std::string_view> allowed,
                                         std::initializer_list<std::string_view> required,
                                         std::initializer_list<std::string_view> deferred = {}) {
    std::map<std::string, YAML::Node> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      YAML::Node k = it->first;  // a copy: it-> yields a temporary
      if (!k.IsScalar()) {
        error(k, fmt::format("keys of {} must be plain names, found {}", what, kind(k)));
        continue;
      }
      std::string key = k.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end() &&
          std::find(deferred.begin(), deferred.end(), key) == deferred.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(k, fmt::format("unknown key '{}' in {}; expected one of: {}", key, what, list));
        continue;
      }
      if (out.count(key)) {
        error(k, fmt::format("duplicate key '{}' in {}", key, what));
        continue;
      }
      out.emplace(key, it->second);
    }
    for (auto r : required)
      if (!out.count(std::string(r))) error(map, fmt::format("{} is missing required key '{}'", what, r));
    return out;
  }

  // A plain (unquoted or quoted) scalar string. Control characters (an escape such as "\e" in
  // a quoted string) are refused: shown in a terminal they could retitle it or hide text; a
  // newline only where a text may span lines (`multiline`).
  bool string(const YAML::Node& n, std::string_view what, std::string& out, bool multiline = false) {
    if (!n.IsScalar()) {
      error(n, fmt::format("{} must be text, found {}", what, kind(n)));
      return false;
    }
    out = n.Scalar();
    if (auto c = find_control(out, multiline)) {
      error(n, fmt::format("{} holds the control character {} at byte {}; expected printable text{}", what,
                           code_point_name(c->code), c->offset + 1, multiline ? " (newlines and tabs are allowed)"
                                                                                : " on one line (tabs are allowed)"));
    }
    return true;  // (the text is kept, so that no second error follows from a missing one)
  }

  bool id(const YAML::Node& n, std::string_view what, std::string& out) {
    if (!string(n, what, out)) return false;
    bool ok = !out.empty() && out.size() <= 64 &&
              std::isalpha(static_cast<unsigned char>(out[0])) &&
              std::all_of(out.begin(), out.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
              });
    if (!ok) {
      error(n, fmt::format("{} '{}' is not a valid id; expected a letter followed by letters, digits, "
                           "'_' or '-' (at most 64 characters)",
                           what, out));
      return false;
    }
    return true;
  }

  // A bare number (an unquoted scalar).
  bool number(const YAML::Node& n, std::string_view what, double& out) {
    if (!n.IsScalar() || n.Tag() == "!") {
      error(n, fmt::format("{} must be a number, found {}", what, kind(n)));
      return false;
    }
    double v = 0;
    const std::string& s = n.Scalar();
    bool parsed = YAML::convert<double>::decode(n, v);
    if (!parsed || !std::isfinite(v) || s.empty()) {
      error(n, fmt::format("{} must be a number, found '{}'", what, s));
      return false;
    }
    out = v;
    return true;
  }

  static std::string range_text(double lo, double hi) {
    if (hi == kInf) return fmt::format("a number >= {}", lo);
    return fmt::format("a number from {} to {}", lo, hi);
  }

  // A share that can be undone: `clawback: 0..1`, or `reversible: true|false` (1 or 0). Leaves
  // `out` at 0 (range 0..1) and returns false when neither is given.
  template <typename Keys>
  bool clawback(Keys& k, Param& out) {
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
  Param param(const YAML::Node& n, std::string_view what, double lo, double hi) {
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
  std::optional<Distribution> distribution(const YAML::Node& n, std::string_view what, double lo, double hi) {
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

  std::vector<Evidence> evidence(const YAML::Node& n) {
    std::vector<Evidence> out;
    if (!expect_seq(n, "evidence")) return out;
    for (const auto& e : n) {
      if (!expect_map(e, "an evidence entry")) continue;
      auto k = keys(e, "evidence entry", {"source", "locator", "note"}, {"source", "locator", "note"});
      Evidence ev;
      ev.loc = loc(e);
      if (k.count("source")) {
        if (id(k["source"], "evidence source", ev.source)) pending_sources.push_back({ev.source, loc(k["source"])});
      }
      if (k.count("locator")) string(k["locator"], "evidence locator", ev.locator);
      if (k.count("note")) string(k["note"], "evidence note", ev.note, true);
      out.push_back(std::move(ev));
    }
    return out;
  }

  // Names: a string (English) or a map language -> text with at least `en`.
  LocalText text(const YAML::Node& n, std::string_view what, bool require_zh = false, bool multiline = false) {
    LocalText out;
    if (n.IsScalar()) {
      string(n, what, out["en"], multiline);
      if (require_zh) error(n, fmt::format("{} must give both 'en' and 'zh-TW' texts", what));
      return out;
    }
    if (!n.IsMap()) {
      error(n, fmt::format("{} must be text or a mapping from language to text, found {}", what, kind(n)));
      return out;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string lang, value;
      if (!string(it->first, "a language tag", lang)) continue;
      if (out.count(lang)) {
        error(it->first, fmt::format("duplicate language '{}' in {}", lang, what));
        continue;
      }
      if (!string(it->second, fmt::format("{} ({})", what, lang), value, multiline)) continue;
      out[lang] = value;
    }
    if (!out.count("en")) error(n, fmt::format("{} has no 'en' text", what));
    if (require_zh && !out.count("zh-TW")) error(n, fmt::format("{} has no 'zh-TW' text", what));
    return out;
  }

  struct PendingSource {
    std::string id;
    SourceLoc loc;
  };
  std::vector<PendingSource> pending_sources;

 private:
  std::string file_;
  std::vector<Diagnostic> diags_;
};

// Ids to positions: the loader's lookups, built once per list so that resolving n references
// costs O(n) in all (Scenario's own lookups scan the list).
using IdIndex = std::unordered_map<std::string, int>;

// Reports duplicate ids in a list of items with id and loc; returns each id's first position.
template <class T>
IdIndex check_unique(Reader& r, const std::vector<T>& items, std::string_view what) {
  IdIndex seen;
  seen.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const T& it = items[i];
    if (it.id.empty()) continue;
    auto [pos, inserted] = seen.emplace(it.id, static_cast<int>(i));
    if (!inserted)
      r.error(it.loc, fmt::format("duplicate {} id '{}' (first defined at line {})", what, it.id,
                                  items[pos->second].loc.line));
  }
  return seen;
}

// The position of `id` in `index`, or -1.
int find_id(const IdIndex& index, const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}

class ScenarioBuilder {
 public:
  ScenarioBuilder(Reader& r, Scenario& s) : r_(r), s_(s) {}

  void build(const YAML::Node& root) {
    if (!r_.expect_map(root, "a scenario file (top level)")) return;
    auto k = r_.keys(root, "the scenario",
                     {"parley", "id", "title", "date", "description", "sources", "actors", "issues",
                      "preferences", "packages", "ratification", "events", "deadlines", "trust", "support",
                      "actions", "plans"},
                     {"parley", "id", "title", "date", "actors", "issues"});
    if (k.count("parley")) {
      double v = 0;
      if (r_.number(k["parley"], "the format version 'parley'", v) && v != 1)
        r_.error(k["parley"], fmt::format("unsupported format version {}; this parley reads version 1", v));
    }
    if (k.count("id")) r_.id(k["id"], "scenario id", s_.id);
    if (k.count("title")) s_.title = r_.text(k["title"], "title", true);
    if (k.count("description")) s_.description = r_.text(k["description"], "description", false, true);
    if (k.count("date")) {
      std::string d;
      if (r_.string(k["date"], "date", d)) {
        if (auto date = parse_date(d)) s_.date = *date;
        else r_.error(k["date"], fmt::format("date '{}' is not a valid date; expected YYYY-MM-DD", d));
      }
    }
    if (k.count("sources")) sources(k["sources"]);
    if (k.count("actors")) actors(k["actors"]);
    if (k.count("issues")) issues(k["issues"]);
    // Preferences are required for the deal space, i.e. unless every issue is continuous.
    if (!k.count("preferences") && !continuous_only())
      r_.error(root, "the scenario is missing required key 'preferences'");
    if (k.count("preferences")) preferences(k["preferences"]);
    if (k.count("packages")) packages(k["packages"]);
    resolve_fallbacks();
    if (k.count("ratification")) ratification(k["ratification"]);
    if (k.count("events")) events(k["events"]);
    if (k.count("deadlines")) deadlines(k["deadlines"]);
    if (k.count("trust")) trust(k["trust"]);
    if (k.count("support")) support(k["support"]);
    if (k.count("actions")) actions(k["actions"]);
    if (k.count("plans")) plans(k["plans"]);
    cross_checks(root);
    resolve_paths();
  }

 private:
  void sources(const YAML::Node& n) {
    if (!r_.expect_seq(n, "sources")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "a source")) continue;
      auto k = r_.keys(e, "a source", {"id", "title", "author", "date", "locators"}, {"id", "title"});
      Source src;
      src.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "source id", src.id);
      if (k.count("title")) src.title = r_.text(k["title"], "source title");
      if (k.count("author")) r_.string(k["author"], "source author", src.author);
      if (k.count("date")) r_.string(k["date"], "source date", src.date);
      if (k.count("locators")) r_.string(k["locators"], "source locators", src.locators, true);
      s_.sources.push_back(std::move(src));
    }
    source_at_ = check_unique(r_, s_.sources, "source");
  }

  void actors(const YAML::Node& n) {
    if (!r_.expect_seq(n, "actors")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an actor")) continue;
      auto k = r_.keys(e, "an actor", {"id", "name", "role", "capability", "parent", "influence", "evidence"},
                       {"id", "name", "role", "capability"});
      Actor a;
      a.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "actor id", a.id);
      if (k.count("name")) a.name = r_.text(k["name"], "actor name");
      if (k.count("role")) {
        std::string role;
        if (r_.string(k["role"], "role", role)) {
          if (auto rr = role_from_string(role)) a.role = *rr;
          else {
            a.role = Role::constituent;  // keep it out of the party checks; the error is reported
            r_.error(k["role"], fmt::format("unknown role '{}'; expected party, mediator, patron or constituent", role));
          }
        }
      }
      if (k.count("capability")) a.capability = r_.param(k["capability"], "capability", 0, 100);
      if (k.count("parent")) {
        if (r_.id(k["parent"], "parent", a.parent)) parent_locs_.push_back(r_.loc(k["parent"]));
        else parent_locs_.push_back(r_.loc(k["parent"]));
      } else {
        parent_locs_.push_back({});
      }
      if (k.count("influence")) {
        a.influence = r_.param(k["influence"], "influence", 0, 1);
        a.has_influence = true;
        if (!k.count("parent"))
          r_.error(k["influence"], fmt::format("actor '{}' has an influence but no parent to influence", a.id));
      } else {
        a.influence.hi = 1;
      }
      if (k.count("evidence")) a.evidence = r_.evidence(k["evidence"]);
      if (a.id == "event" || a.id == "deadline" || a.id == "issue" || a.id == "action" || a.id == "plan")
        r_.error(k["id"], fmt::format("'{}' is reserved (parameter paths of events, deadlines, issues, actions and plans "
                                      "start with it)", a.id));
      s_.actors.push_back(std::move(a));
    }
    actor_at_ = check_unique(r_, s_.actors, "actor");
    const std::size_t n_actors = s_.actors.size();
    parent_of_.assign(n_actors, -1);
    for (std::size_t i = 0; i < n_actors; ++i) {
      const Actor& a = s_.actors[i];
      if (a.parent.empty()) continue;
      parent_of_[i] = find_id(actor_at_, a.parent);
      if (parent_of_[i] < 0)
        r_.error(parent_locs_[i], fmt::format("parent '{}' of actor '{}' is not a declared actor", a.parent, a.id));
    }
    // Parents must not form a loop: every actor whose parent chain reaches a cycle is reported.
    // Each chain is walked once (0 = not seen, 1 = on the chain being walked, 2 = done), so
    // long chains cost O(n) in all.
    std::vector<char> state(n_actors, 0), loops(n_actors, 0);
    std::vector<int> chain;
    for (std::size_t i = 0; i < n_actors; ++i) {
      if (state[i]) continue;
      chain.clear();
      int cur = static_cast<int>(i);
      while (cur >= 0 && state[cur] == 0) {
        state[cur] = 1;
        chain.push_back(cur);
        cur = parent_of_[cur];
      }
      // cur: the end of the chain (-1), a node on it (a cycle) or a node walked before.
      char looped = cur >= 0 && (state[cur] == 1 || loops[cur]);
      for (int c : chain) {
        state[c] = 2;
        loops[c] = looped;
      }
    }
    for (std::size_t i = 0; i < n_actors; ++i)
      if (loops[i]) r_.error(parent_locs_[i], fmt::format("parent chain of actor '{}' loops back on itself", s_.actors[i].id));
    // Constituents of each actor (role constituent, parent resolved), in file order.
    constituents_.assign(n_actors, {});
    for (std::size_t i = 0; i < n_actors; ++i)
      if (s_.actors[i].role == Role::constituent && parent_of_[i] >= 0)
        constituents_[parent_of_[i]].push_back(static_cast<int>(i));
    pref_at_.assign(n_actors, -1);
  }

  // The value of an issue's `type` key when it is text, else "" (read before the keys, which
  // depend on the type).
  static std::string issue_type(const YAML::Node& e) {
    for (auto it = e.begin(); it != e.end(); ++it)
      if (it->first.IsScalar() && it->first.Scalar() == "type" && it->second.IsScalar()) return it->second.Scalar();
    return "";
  }

  // Issues: ordinal ones (options) go to Scenario::issues, continuous ones (type: continuous, a
  // range and positions) to Scenario::continuous. Both kinds share one id namespace.
  void issues(const YAML::Node& n) {
    if (!r_.expect_seq(n, "issues")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an issue")) continue;
      if (issue_type(e) == "continuous") {
        continuous_issue(e);
        continue;
      }
      auto k = r_.keys(e, "an issue", {"id", "name", "type", "options", "delivered_by", "clawback", "reversible", "evidence"},
                       {"id", "name", "options"}, {"range", "reference", "outcome", "positions"});
      Issue is;
      is.loc = r_.loc(e);
      if (k.count("id") && r_.id(k["id"], "issue id", is.id)) reserved_path_word(k["id"], "issue id", is.id);
      for (const char* key : {"range", "reference", "outcome", "positions"})
        if (k.count(key))
          r_.error(k[key], fmt::format("'{}' belongs to continuous issues (type: continuous); ordinal issue '{}' has "
                                       "options instead", key, is.id));
      if (k.count("name")) is.name = r_.text(k["name"], "issue name");
      if (k.count("type")) {
        std::string t;
        if (r_.string(k["type"], "issue type", t) && t != "ordinal")
          r_.error(k["type"], fmt::format("unknown issue type '{}'; expected 'ordinal' or 'continuous'", t));
      }
      if (k.count("options") && r_.expect_seq(k["options"], "options")) {
        for (const auto& o : k["options"]) {
          if (!r_.expect_map(o, "an option")) continue;
          auto ok = r_.keys(o, "an option", {"id", "name", "evidence"}, {"id", "name"});
          Option opt;
          opt.loc = r_.loc(o);
          if (ok.count("id")) r_.id(ok["id"], "option id", opt.id);
          if (ok.count("name")) opt.name = r_.text(ok["name"], "option name");
          if (ok.count("evidence")) opt.evidence = r_.evidence(ok["evidence"]);
          is.options.push_back(std::move(opt));
        }
        if (k["options"].size() == 0) r_.error(k["options"], fmt::format("issue '{}' has no options; expected at least one", is.id));
        option_at_.push_back(check_unique(r_, is.options, fmt::format("option (of issue '{}')", is.id)));
      }
      r_.clawback(k, is.clawback);
      delivered_by_given_.push_back(k.count("delivered_by") > 0);
      if (k.count("delivered_by")) {  // actors are read before issues
        std::string pid;
        if (r_.string(k["delivered_by"], "delivered_by", pid)) {
          is.delivered_by = party_of(pid);
          if (is.delivered_by < 0)
            r_.error(k["delivered_by"], fmt::format("issue '{}' is delivered by '{}', which is not a declared party", is.id, pid));
        }
      }
      if (k.count("evidence")) is.evidence = r_.evidence(k["evidence"]);
      if (option_at_.size() < s_.issues.size() + 1) option_at_.emplace_back();
      issue_ids_.push_back({is.id, is.loc});
      s_.issues.push_back(std::move(is));
    }
    if (n.size() == 0) r_.error(n, "issues is empty; expected at least one issue");
    check_unique(r_, issue_ids_, "issue");
    for (std::size_t i = 0; i < s_.issues.size(); ++i)
      if (!s_.issues[i].id.empty()) issue_at_.emplace(s_.issues[i].id, static_cast<int>(i));
    for (std::size_t i = 0; i < s_.continuous.size(); ++i)
      if (!s_.continuous[i].id.empty()) continuous_at_.emplace(s_.continuous[i].id, static_cast<int>(i));
  }

  // A continuous issue: range (default [0, 100]), optional reference and outcome, and the
  // actors' positions, saliences and (optionally) capabilities.
  void continuous_issue(const YAML::Node& e) {
    auto k = r_.keys(e, "a continuous issue", {"id", "name", "type", "range", "reference", "outcome", "positions", "evidence"},
                     {"id", "name", "positions"}, {"options", "delivered_by", "clawback", "reversible"});
    ContinuousIssue is;
    is.loc = r_.loc(e);
    if (k.count("id") && r_.id(k["id"], "issue id", is.id)) reserved_path_word(k["id"], "issue id", is.id);
    for (const char* key : {"options", "delivered_by", "clawback", "reversible"})
      if (k.count(key))
        r_.error(k[key], fmt::format("'{}' belongs to ordinal issues; continuous issue '{}' has a range and positions "
                                     "instead", key, is.id));
    if (k.count("name")) is.name = r_.text(k["name"], "issue name");
    if (k.count("range")) {
      const YAML::Node& rn = k["range"];
      bool ok = rn.IsSequence() && rn.size() == 2;
      double lo = 0, hi = 0;
      if (ok) {
        bool lo_ok = r_.number(rn[0], "the lower end of the range", lo);
        bool hi_ok = r_.number(rn[1], "the upper end of the range", hi);
        ok = lo_ok && hi_ok;
        // Ends beyond ±kMaxRangeMagnitude would overflow the models' sums (scenario.h).
        auto too_large = [&](const YAML::Node& node, bool read, double v) {
          if (!read || std::fabs(v) <= kMaxRangeMagnitude) return false;
          r_.error(node, fmt::format("the range of issue '{}' ends at {}, too large; expected numbers from {:g} to {:g}",
                                     is.id, v, -kMaxRangeMagnitude, kMaxRangeMagnitude));
          return true;
        };
        bool large = too_large(rn[0], lo_ok, lo);
        large = too_large(rn[1], hi_ok, hi) || large;
        ok = ok && !large;
        if (ok && !(lo < hi)) {
          r_.error(rn, fmt::format("the range of issue '{}' is [{}, {}]; expected [LO, HI] with LO < HI", is.id, lo, hi));
          ok = false;
        }
      } else {
        r_.error(rn, fmt::format("the range of issue '{}' must be a list of two numbers [LO, HI] with LO < HI, found {}",
                                 is.id, rn.IsSequence() ? fmt::format("a list of {} item{}", rn.size(), rn.size() == 1 ? "" : "s")
                                                       : Reader::kind(rn)));
      }
      if (ok) {
        is.lo = lo;
        is.hi = hi;
      } else {  // unknown range: check nothing against it
        is.lo = -kInf;
        is.hi = kInf;
      }
    }
    is.reference.lo = is.outcome.lo = is.lo;
    is.reference.hi = is.outcome.hi = is.hi;
    if (k.count("reference")) {
      is.reference = r_.param(k["reference"], "reference", is.lo, is.hi);
      is.has_reference = true;
    }
    if (k.count("outcome")) {
      is.outcome = r_.param(k["outcome"], "outcome", is.lo, is.hi);
      is.has_outcome = true;
    }
    if (k.count("evidence")) is.evidence = r_.evidence(k["evidence"]);
    if (k.count("positions") && r_.expect_map(k["positions"], fmt::format("the positions of issue '{}'", is.id))) {
      const YAML::Node& pn = k["positions"];
      std::set<int> seen;
      for (auto it = pn.begin(); it != pn.end(); ++it) {
        std::string aid;
        if (!r_.string(it->first, "an actor id", aid)) continue;
        int a = find_id(actor_at_, aid);
        if (a < 0) {
          r_.error(it->first, fmt::format("position on issue '{}' given for unknown actor '{}'", is.id, aid));
          continue;
        }
        if (!seen.insert(a).second) {
          r_.error(it->first, fmt::format("duplicate position of actor '{}' on issue '{}'", aid, is.id));
          continue;
        }
        YAML::Node body = it->second;  // a copy: it-> yields a temporary
        std::string ctx = fmt::format("the position of '{}' on issue '{}'", aid, is.id);
        if (!r_.expect_map(body, ctx)) continue;
        auto pk = r_.keys(body, ctx, {"position", "salience", "capability", "evidence"}, {"position", "salience"});
        ContinuousPosition cp;
        cp.actor = a;
        cp.loc = r_.loc(it->first);
        cp.position.lo = is.lo;
        cp.position.hi = is.hi;
        cp.salience.hi = cp.capability.hi = 100;
        if (pk.count("position")) cp.position = r_.param(pk["position"], "position", is.lo, is.hi);
        if (pk.count("salience")) cp.salience = r_.param(pk["salience"], "salience", 0, 100);
        if (pk.count("capability")) {
          cp.capability = r_.param(pk["capability"], "capability", 0, 100);
          cp.has_capability = true;
        }
        if (pk.count("evidence")) cp.evidence = r_.evidence(pk["evidence"]);
        is.positions.push_back(std::move(cp));
      }
      if (pn.size() == 0)
        r_.error(pn, fmt::format("issue '{}' has no positions; expected at least one actor's position", is.id));
    }
    issue_ids_.push_back({is.id, is.loc});
    s_.continuous.push_back(std::move(is));
  }

  // True when every issue is continuous: the deal space (ordinal issues, parties with
  // preferences) is then not required.
  bool continuous_only() const { return s_.issues.empty() && !s_.continuous.empty(); }

  // Resolves an option id of an issue, reporting an error at `n` when unknown.
  int option_of(int i, const YAML::Node& n, std::string_view context) {
    const Issue& issue = s_.issues[i];
    std::string oid;
    if (!r_.string(n, "an option id", oid)) return -1;
    int o = find_id(option_at_[i], oid);
    if (o < 0 && !r_.full()) {
      std::string list;
      for (const auto& op : issue.options) list += (list.empty() ? "" : ", ") + op.id;
      r_.error(n, fmt::format("unknown option '{}' of issue '{}' in {}; expected one of: {}", oid, issue.id,
                              context, list));
    }
    return o;
  }

  int issue_of(const YAML::Node& keynode, std::string_view context) {
    std::string iid;
    if (!r_.string(keynode, "an issue id", iid)) return -1;
    int i = find_id(issue_at_, iid);
    if (i < 0 && find_id(continuous_at_, iid) >= 0)
      r_.error(keynode, fmt::format("issue '{}' in {} is continuous; preferences, packages, interactions and plans are "
                                    "for ordinal issues (a continuous issue takes the actors' positions under its "
                                    "'positions')", iid, context));
    else if (i < 0)
      r_.error(keynode, fmt::format("unknown issue '{}' in {}", iid, context));
    return i;
  }

  void preferences(const YAML::Node& n) {
    if (!r_.expect_map(n, "preferences")) return;
    std::set<int> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string aid;
      if (!r_.string(it->first, "an actor id", aid)) continue;
      int a = find_id(actor_at_, aid);
      if (a < 0) {
        r_.error(it->first, fmt::format("preferences given for unknown actor '{}'", aid));
        continue;
      }
      if (!seen.insert(a).second) {
        r_.error(it->first, fmt::format("duplicate preferences for actor '{}'", aid));
        continue;
      }
      YAML::Node body = it->second;  // a copy: it-> yields a temporary
      std::string ctx = fmt::format("preferences of '{}'", aid);
      if (!r_.expect_map(body, ctx)) continue;
      auto k = r_.keys(body, ctx, {"reservation", "fallback", "issues", "interactions"}, {"issues"});
      Preferences pref;
      pref.actor = a;
      pref.loc = r_.loc(it->first);
      if (k.count("reservation")) pref.reservation = r_.param(k["reservation"], "reservation", 0, 1);
      if (k.count("reservation") && k.count("fallback"))
        r_.error(k["fallback"], fmt::format("the preferences of '{}' give both 'reservation' and 'fallback'; give one: "
                                            "a number (the value of no deal) or the package no deal leaves it at",
                                            aid));
      else if (!k.count("reservation") && !k.count("fallback"))
        r_.error(it->first, fmt::format("the preferences of '{}' are missing required key 'reservation' (the value of "
                                        "no deal, 0..1) or 'fallback' (the package no deal leaves it at)",
                                        aid));
      if (k.count("fallback")) {
        std::string pid;
        pref.fallback_loc = r_.loc(k["fallback"]);
        if (r_.string(k["fallback"], "fallback", pid)) fallback_ids_.push_back({s_.preferences.size(), pid});
      }
      if (k.count("issues")) issue_prefs(k["issues"], pref, aid);
      if (k.count("interactions")) interactions(k["interactions"], pref, aid);
      pref_at_[a] = static_cast<int>(s_.preferences.size());
      s_.preferences.push_back(std::move(pref));
    }
  }

  void issue_prefs(const YAML::Node& n, Preferences& pref, const std::string& aid) {
    std::string ctx = fmt::format("issues of the preferences of '{}'", aid);
    if (!r_.expect_map(n, ctx)) return;
    std::set<int> seen;
    bool any_positive = false, any_invalid = false;
    for (auto it = n.begin(); it != n.end(); ++it) {
      int i = issue_of(it->first, fmt::format("the preferences of '{}'", aid));
      if (i < 0) continue;
      if (!seen.insert(i).second) {
        r_.error(it->first, fmt::format("duplicate issue '{}' in the preferences of '{}'", s_.issues[i].id, aid));
        continue;
      }
      const Issue& issue = s_.issues[i];
      std::string ictx = fmt::format("the preferences of '{}' on issue '{}'", aid, issue.id);
      if (!r_.expect_map(it->second, ictx)) continue;
      auto k = r_.keys(it->second, ictx, {"salience", "scores"}, {"salience", "scores"});
      IssuePreference ip;
      ip.issue = i;
      ip.loc = r_.loc(it->first);
      if (k.count("salience")) {
        std::size_t before = r_.diagnostics().size();
        ip.salience = r_.param(k["salience"], "salience", 0, kMaxSalience);
        if (ip.salience.value > 0) any_positive = true;
        if (r_.diagnostics().size() != before) any_invalid = true;
      }
      ip.scores.resize(issue.options.size());
      for (auto& sc : ip.scores) {
        sc.lo = 0;
        sc.hi = 100;
      }
      if (k.count("scores") && r_.expect_map(k["scores"], "scores")) {
        std::vector<bool> given(issue.options.size(), false);
        for (auto sit = k["scores"].begin(); sit != k["scores"].end(); ++sit) {
          int o = option_of(i, sit->first, fmt::format("the scores of '{}'", aid));
          if (o < 0) continue;
          if (given[o]) {
            r_.error(sit->first, fmt::format("duplicate score for option '{}'", issue.options[o].id));
            continue;
          }
          given[o] = true;
          ip.scores[o] = r_.param(sit->second, "score", 0, 100);
        }
        for (std::size_t o = 0; o < given.size(); ++o)
          if (!given[o])
            r_.error(k["scores"], fmt::format("no score for option '{}' of issue '{}' in the preferences of '{}'",
                                              issue.options[o].id, issue.id, aid));
      }
      pref.issues.push_back(std::move(ip));
    }
    if (!seen.empty() && !any_positive && !any_invalid)
      r_.error(n, fmt::format("every salience in the preferences of '{}' is 0; expected at least one positive", aid));
    if (n.size() == 0) r_.error(n, fmt::format("the preferences of '{}' list no issue", aid));
  }

  void interactions(const YAML::Node& n, Preferences& pref, const std::string& aid) {
    if (!r_.expect_seq(n, "interactions")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an interaction")) continue;
      auto k = r_.keys(e, "an interaction", {"id", "name", "when", "bonus", "evidence"}, {"id", "when", "bonus"});
      Interaction in;
      in.loc = r_.loc(e);
      if (k.count("id") && r_.id(k["id"], "interaction id", in.id)) reserved_path_word(k["id"], "interaction id", in.id);
      if (k.count("name")) in.name = r_.text(k["name"], "interaction name");
      if (k.count("bonus")) in.bonus = r_.param(k["bonus"], "bonus", -1, 1);
      if (k.count("evidence")) in.evidence = r_.evidence(k["evidence"]);
      if (k.count("when") && r_.expect_map(k["when"], "when")) {
        std::set<int> seen;
        for (auto it = k["when"].begin(); it != k["when"].end(); ++it) {
          int i = issue_of(it->first, fmt::format("interaction '{}'", in.id));
          if (i < 0) continue;
          if (!seen.insert(i).second) {
            r_.error(it->first, fmt::format("duplicate issue '{}' in interaction '{}'", s_.issues[i].id, in.id));
            continue;
          }
          Interaction::Condition c;
          c.issue = i;
          std::string ctx = fmt::format("interaction '{}'", in.id);
          if (it->second.IsSequence()) {
            YAML::Node list = it->second;  // a copy: it-> yields a temporary
            for (const auto& o : list) {
              int oi = option_of(i, o, ctx);
              if (oi >= 0) c.options.push_back(oi);
            }
            if (it->second.size() == 0)
              r_.error(it->second, fmt::format("empty option list in interaction '{}'; expected at least one option", in.id));
          } else {
            int oi = option_of(i, it->second, ctx);
            if (oi >= 0) c.options.push_back(oi);
          }
          std::sort(c.options.begin(), c.options.end());
          c.options.erase(std::unique(c.options.begin(), c.options.end()), c.options.end());
          in.when.push_back(std::move(c));
        }
        if (k["when"].size() == 0) r_.error(k["when"], fmt::format("interaction '{}' has an empty condition", in.id));
        std::sort(in.when.begin(), in.when.end(), [](auto& a, auto& b) { return a.issue < b.issue; });
      }
      pref.interactions.push_back(std::move(in));
    }
    check_unique(r_, pref.interactions, fmt::format("interaction (of '{}')", aid));
  }

  void packages(const YAML::Node& n) {
    if (!r_.expect_seq(n, "packages")) return;
    if (continuous_only() && n.size() > 0) {
      r_.error(n, "packages pick an option of every ordinal issue, and this scenario has only continuous issues");
      return;
    }
    for (const auto& e : n) {
      if (!r_.expect_map(e, "a package")) continue;
      auto k = r_.keys(e, "a package", {"id", "name", "options", "evidence"}, {"id", "options"});
      Package p;
      p.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "package id", p.id);
      if (k.count("name")) p.name = r_.text(k["name"], "package name");
      if (k.count("evidence")) p.evidence = r_.evidence(k["evidence"]);
      p.options.assign(s_.issues.size(), -1);
      if (k.count("options") && r_.expect_map(k["options"], fmt::format("the options of package '{}'", p.id))) {
        std::string ctx = fmt::format("package '{}'", p.id);
        for (auto it = k["options"].begin(); it != k["options"].end(); ++it) {
          int i = issue_of(it->first, ctx);
          if (i < 0) continue;
          if (p.options[i] >= 0) {
            r_.error(it->first, fmt::format("duplicate issue '{}' in package '{}'", s_.issues[i].id, p.id));
            continue;
          }
          if (!it->second.IsScalar()) {
            r_.error(it->second, fmt::format("package '{}' must pick one option of issue '{}', found {}", p.id,
                                             s_.issues[i].id, Reader::kind(it->second)));
            p.options[i] = -2;
            continue;
          }
          int o = option_of(i, it->second, ctx);
          p.options[i] = o < 0 ? -2 : o;
        }
        for (std::size_t i = 0; i < s_.issues.size(); ++i)
          if (p.options[i] == -1)
            r_.error(k["options"], fmt::format("package '{}' gives no option for issue '{}'", p.id, s_.issues[i].id));
      }
      s_.packages.push_back(std::move(p));
    }
    package_at_ = check_unique(r_, s_.packages, "package");
  }

  void ratification(const YAML::Node& n) {
    if (!r_.expect_map(n, "ratification")) return;
    std::set<int> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string pid;
      if (!r_.string(it->first, "a party id", pid)) continue;
      int p = find_id(actor_at_, pid);
      if (p < 0 || s_.actors[p].role != Role::party) {
        r_.error(it->first, fmt::format("ratification given for '{}', which is not a declared party", pid));
        continue;
      }
      if (!seen.insert(p).second) {
        r_.error(it->first, fmt::format("duplicate ratification for party '{}'", pid));
        continue;
      }
      std::string ctx = fmt::format("the ratification of '{}'", pid);
      if (!r_.expect_map(it->second, ctx)) continue;
      auto k = r_.keys(it->second, ctx, {"rule", "threshold", "cost", "veto", "evidence"}, {"rule"});
      Ratification rat;
      rat.party = p;
      rat.loc = r_.loc(it->first);
      rat.threshold.hi = rat.cost.hi = 1;
      std::string rule;
      if (k.count("rule") && r_.string(k["rule"], "rule", rule)) {
        if (rule == "weighted-majority") {
          rat.rule = Ratification::Rule::weighted_majority;
          if (k.count("threshold")) rat.threshold = r_.param(k["threshold"], "threshold", 0, 1);
          else r_.error(it->second, fmt::format("{} uses rule weighted-majority but gives no 'threshold'", ctx));
          if (k.count("cost")) r_.error(k["cost"], "'cost' belongs to rule audience-cost, not weighted-majority");
        } else if (rule == "audience-cost") {
          rat.rule = Ratification::Rule::audience_cost;
          if (k.count("cost")) rat.cost = r_.param(k["cost"], "cost", 0, 1);
          else r_.error(it->second, fmt::format("{} uses rule audience-cost but gives no 'cost'", ctx));
          if (k.count("threshold")) r_.error(k["threshold"], "'threshold' belongs to rule weighted-majority, not audience-cost");
        } else {
          r_.error(k["rule"], fmt::format("unknown ratification rule '{}'; expected weighted-majority or audience-cost", rule));
        }
      }
      const std::vector<int>& constituents = constituents_[p];
      if (constituents.empty())
        r_.error(it->first, fmt::format("party '{}' has a ratification rule but no constituents (actors with role "
                                        "constituent and parent '{}')", pid, pid));
      for (int c : constituents)
        if (pref_at_[c] < 0)
          r_.error(it->first, fmt::format("constituent '{}' of '{}' has no preferences; a ratification vote needs them",
                                          s_.actors[c].id, pid));
      if (k.count("veto") && r_.expect_seq(k["veto"], "veto")) {
        for (const auto& v : k["veto"]) {
          std::string vid;
          if (!r_.string(v, "a veto player", vid)) continue;
          int c = find_id(actor_at_, vid);
          if (c < 0 || s_.actors[c].role != Role::constituent || parent_of_[c] != p)
            r_.error(v, fmt::format("veto player '{}' is not a constituent of '{}'", vid, pid));
          else
            rat.veto.push_back(c);
        }
      }
      if (k.count("evidence")) rat.evidence = r_.evidence(k["evidence"]);
      s_.ratification.push_back(std::move(rat));
    }
  }

  Date date_of(const YAML::Node& n, std::string_view what, bool& ok) {
    std::string d;
    ok = false;
    if (!r_.string(n, what, d)) return {};
    auto date = parse_date(d);
    if (!date) {
      r_.error(n, fmt::format("{} '{}' is not a valid date; expected YYYY-MM-DD", what, d));
      return {};
    }
    ok = true;
    return *date;
  }

  void events(const YAML::Node& n) {
    if (!r_.expect_seq(n, "events")) return;
    bool have_prev = false;
    Date prev;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an event")) continue;
      auto k = r_.keys(e, "an event", {"id", "name", "date", "changes", "evidence"}, {"id", "date", "changes"});
      Event ev;
      ev.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "event id", ev.id);
      if (k.count("name")) ev.name = r_.text(k["name"], "event name");
      if (k.count("evidence")) ev.evidence = r_.evidence(k["evidence"]);
      bool ok = false;
      if (k.count("date")) ev.date = date_of(k["date"], "event date", ok);
      if (ok) {
        if (have_prev && ev.date < prev)
          r_.error(k["date"], fmt::format("event '{}' on {} is listed after an event on {}; list events in date order",
                                          ev.id, format_date(ev.date), format_date(prev)));
        prev = ev.date;
        have_prev = true;
      }
      if (k.count("changes") && r_.expect_seq(k["changes"], "changes")) {
        for (const auto& c : k["changes"]) {
          if (!r_.expect_map(c, "a change")) continue;
          auto ck = r_.keys(c, "a change", {"path", "set", "add", "multiply", "revert"}, {});
          Change ch;
          ch.loc = r_.loc(c);
          int ops = static_cast<int>(ck.count("set") + ck.count("add") + ck.count("multiply") + ck.count("revert"));
          if (ops != 1) {
            r_.error(c, "a change needs exactly one of set, add, multiply or revert");
            continue;
          }
          if (ck.count("revert")) {
            ch.op = Change::Op::revert;
            if (ck.count("path")) r_.error(ck["path"], "a revert change takes no path (it restores every parameter the event changed)");
            if (r_.id(ck["revert"], "reverted event", ch.reverts)) {
              int target = find_id(event_at_, ch.reverts);
              if (target < 0) r_.error(ck["revert"], fmt::format("event '{}' reverts unknown or later event '{}'; "
                                                                 "an event can only revert one listed before it",
                                                                 ev.id, ch.reverts));
            }
          } else {
            if (!ck.count("path")) {
              r_.error(c, "a change needs a parameter 'path' (see `parley params FILE`)");
              continue;
            }
            r_.string(ck["path"], "path", ch.path);
            const char* op = ck.count("set") ? "set" : ck.count("add") ? "add" : "multiply";
            ch.op = ck.count("set") ? Change::Op::set : ck.count("add") ? Change::Op::add : Change::Op::multiply;
            // Ranges are checked against the target parameter once paths are resolved.
            ch.amount = r_.param(ck[op], op, -kInf, kInf);
            path_locs_.push_back(r_.loc(ck["path"]));
          }
          ev.changes.push_back(std::move(ch));
        }
      }
      if (!ev.id.empty()) event_at_.emplace(ev.id, static_cast<int>(s_.events.size()));
      s_.events.push_back(std::move(ev));
    }
    check_unique(r_, s_.events, "event");
  }

  void deadlines(const YAML::Node& n) {
    if (!r_.expect_seq(n, "deadlines")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "a deadline")) continue;
      auto k = r_.keys(e, "a deadline", {"id", "name", "date", "path", "shape", "change", "horizon_days", "after", "evidence"},
                       {"id", "date", "path", "shape", "change"});
      Deadline d;
      d.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "deadline id", d.id);
      if (k.count("name")) d.name = r_.text(k["name"], "deadline name");
      if (k.count("evidence")) d.evidence = r_.evidence(k["evidence"]);
      bool ok = false;
      if (k.count("date")) d.date = date_of(k["date"], "deadline date", ok);
      if (k.count("path") && r_.string(k["path"], "path", d.path)) deadline_locs_.push_back(r_.loc(k["path"]));
      else deadline_locs_.push_back(r_.loc(e));
      if (k.count("change")) d.change = r_.param(k["change"], "change", -kInf, kInf);
      std::string shape;
      if (k.count("shape") && r_.string(k["shape"], "shape", shape)) {
        if (shape == "step") d.shape = Deadline::Shape::step;
        else if (shape == "linear") d.shape = Deadline::Shape::linear;
        else if (shape == "exponential") d.shape = Deadline::Shape::exponential;
        else r_.error(k["shape"], fmt::format("unknown deadline shape '{}'; expected step, linear or exponential", shape));
      }
      if (k.count("horizon_days")) {
        double h = 0;
        if (r_.number(k["horizon_days"], "horizon_days", h)) {
          if (h < 1 || h > 36500 || h != std::floor(h))
            r_.error(k["horizon_days"], fmt::format("horizon_days is {}; expected a whole number of days from 1 to 36500", h));
          else
            d.horizon_days = static_cast<int>(h);
        }
      } else if (d.shape != Deadline::Shape::step && !shape.empty()) {
        r_.error(e, fmt::format("deadline '{}' has shape {} but no 'horizon_days'", d.id, shape));
      }
      if (k.count("after")) {
        std::string after;
        if (r_.string(k["after"], "after", after)) {
          if (after == "release") d.release_after = true;
          else if (after != "hold") r_.error(k["after"], fmt::format("unknown value '{}' for after; expected hold or release", after));
        }
      }
      s_.deadlines.push_back(std::move(d));
    }
    check_unique(r_, s_.deadlines, "deadline");
  }

  // Index of actor `id` when it has role party, else -1.
  int party_of(const std::string& id) const {
    int a = find_id(actor_at_, id);
    return a >= 0 && s_.actors[a].role == Role::party ? a : -1;
  }

  // Issue and interaction ids sit where the trust and support parameter paths have their second
  // part (ACTOR.ISSUE.OPTION, ACTOR.INTERACTION.bonus vs ACTOR.trust.OTHER, PATRON.support.PARTY).
  void reserved_path_word(const YAML::Node& n, std::string_view what, const std::string& id) {
    if (id == "trust" || id == "support")
      r_.error(n, fmt::format("{} '{}' is reserved (parameter paths of {}, {}, use it as their second part); choose "
                              "another id", what, id, id, id == "trust" ? "ACTOR.trust.OTHER" : "PATRON.support.PARTY"));
  }

  template <class T>
  static std::string id_list(const std::vector<T>& items) {
    std::string list;
    for (const auto& x : items) list += (list.empty() ? "" : ", ") + x.id;
    return list;
  }

  // trust: truster (a party) -> trustee (another party) -> value 0..1.
  void trust(const YAML::Node& n) {
    if (!r_.expect_map(n, "trust")) return;
    std::set<int> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string aid;
      if (!r_.string(it->first, "a party id", aid)) continue;
      int a = party_of(aid);
      if (a < 0) {
        r_.error(it->first, fmt::format("trust given by '{}', which is not a declared party", aid));
        continue;
      }
      if (!seen.insert(a).second) {
        r_.error(it->first, fmt::format("duplicate trust for party '{}'", aid));
        continue;
      }
      YAML::Node body = it->second;  // a copy: it-> yields a temporary
      std::string ctx = fmt::format("the trust of '{}'", aid);
      if (!r_.expect_map(body, ctx)) continue;
      if (body.size() == 0) r_.error(body, fmt::format("{} names no party; expected at least one", ctx));
      std::set<int> trustees;
      for (auto jt = body.begin(); jt != body.end(); ++jt) {
        std::string tid;
        if (!r_.string(jt->first, "a party id", tid)) continue;
        int t = party_of(tid);
        if (t < 0) {
          r_.error(jt->first, fmt::format("'{}' trusts '{}', which is not a declared party", aid, tid));
          continue;
        }
        if (t == a) {
          r_.error(jt->first, fmt::format("'{}' trusts itself; expected trust in another party", aid));
          continue;
        }
        if (!trustees.insert(t).second) {
          r_.error(jt->first, fmt::format("duplicate trust of '{}' in '{}'", aid, tid));
          continue;
        }
        Trust tr;
        tr.actor = a;
        tr.trustee = t;
        tr.loc = r_.loc(jt->first);
        tr.value = r_.param(jt->second, "trust", 0, 1);
        s_.trust.push_back(std::move(tr));
      }
    }
  }

  // support: patron -> party -> {level, effect, evidence}.
  void support(const YAML::Node& n) {
    if (!r_.expect_map(n, "support")) return;
    std::set<int> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string pid;
      if (!r_.string(it->first, "a patron id", pid)) continue;
      int p = find_id(actor_at_, pid);
      if (p < 0 || s_.actors[p].role != Role::patron) {
        r_.error(it->first, fmt::format("support given by '{}', which is not a declared patron (an actor with role patron)", pid));
        continue;
      }
      if (!seen.insert(p).second) {
        r_.error(it->first, fmt::format("duplicate support by patron '{}'", pid));
        continue;
      }
      YAML::Node body = it->second;  // a copy: it-> yields a temporary
      std::string ctx = fmt::format("the support of '{}'", pid);
      if (!r_.expect_map(body, ctx)) continue;
      if (body.size() == 0) r_.error(body, fmt::format("{} names no party; expected at least one", ctx));
      std::set<int> backed;
      for (auto jt = body.begin(); jt != body.end(); ++jt) {
        std::string aid;
        if (!r_.string(jt->first, "a party id", aid)) continue;
        int a = party_of(aid);
        if (a < 0) {
          r_.error(jt->first, fmt::format("'{}' supports '{}', which is not a declared party", pid, aid));
          continue;
        }
        if (pref_at_[a] < 0) {
          r_.error(jt->first, fmt::format("'{}' supports '{}', which has no preferences (support raises a party's "
                                          "reservation)", pid, aid));
          continue;
        }
        if (!backed.insert(a).second) {
          r_.error(jt->first, fmt::format("duplicate support of '{}' for '{}'", pid, aid));
          continue;
        }
        std::string ictx = fmt::format("the support of '{}' for '{}'", pid, aid);
        YAML::Node entry = jt->second;  // a copy: jt-> yields a temporary
        if (!r_.expect_map(entry, ictx)) continue;
        auto k = r_.keys(entry, ictx, {"level", "effect", "evidence"}, {"level", "effect"});
        Support sp;
        sp.patron = p;
        sp.party = a;
        sp.loc = r_.loc(jt->first);
        sp.level.hi = sp.effect.hi = 1;
        if (k.count("level")) sp.level = r_.param(k["level"], "level", 0, 1);
        if (k.count("effect")) sp.effect = r_.param(k["effect"], "effect", 0, 1);
        if (k.count("evidence")) sp.evidence = r_.evidence(k["evidence"]);
        s_.support.push_back(std::move(sp));
      }
    }
  }

  void actions(const YAML::Node& n) {
    if (!r_.expect_seq(n, "actions")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an action")) continue;
      auto k = r_.keys(e, "an action", {"id", "name", "by", "value", "clawback", "reversible", "evidence"}, {"id", "by", "value"});
      Action a;
      a.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "action id", a.id);
      if (k.count("name")) a.name = r_.text(k["name"], "action name");
      if (k.count("by")) {
        std::string pid;
        if (r_.string(k["by"], "by", pid)) {
          a.by = party_of(pid);
          if (a.by < 0) r_.error(k["by"], fmt::format("action '{}' is taken by '{}', which is not a declared party", a.id, pid));
        }
      }
      if (k.count("value") && r_.expect_map(k["value"], fmt::format("the value of action '{}'", a.id))) {
        std::set<int> seen;
        for (auto it = k["value"].begin(); it != k["value"].end(); ++it) {
          std::string aid;
          if (!r_.string(it->first, "an actor id", aid)) continue;
          int x = find_id(actor_at_, aid);
          if (x < 0) {
            r_.error(it->first, fmt::format("value of action '{}' given for unknown actor '{}'", a.id, aid));
            continue;
          }
          if (aid == "clawback") {
            r_.error(it->first, fmt::format("actor 'clawback' cannot be given a value of action '{}' (the parameter "
                                            "path action.{}.clawback is the action's clawback)", a.id, a.id));
            continue;
          }
          if (!seen.insert(x).second) {
            r_.error(it->first, fmt::format("duplicate value for actor '{}' in action '{}'", aid, a.id));
            continue;
          }
          a.value.emplace_back(x, r_.param(it->second, "value", -1, 1));
        }
        if (k["value"].size() == 0)
          r_.error(k["value"], fmt::format("action '{}' gives no value; expected a value for at least one actor", a.id));
      }
      r_.clawback(k, a.clawback);
      if (k.count("evidence")) a.evidence = r_.evidence(k["evidence"]);
      s_.actions.push_back(std::move(a));
    }
    action_at_ = check_unique(r_, s_.actions, "action");
  }

  void plans(const YAML::Node& n) {
    if (!r_.expect_seq(n, "plans")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "a plan")) continue;
      auto k = r_.keys(e, "a plan", {"id", "name", "start", "cheat_rate", "stages", "evidence"}, {"id", "stages"});
      Plan p;
      p.loc = r_.loc(e);
      bad_shares_.clear();
      if (k.count("id")) r_.id(k["id"], "plan id", p.id);
      if (k.count("name")) p.name = r_.text(k["name"], "plan name");
      p.start.assign(s_.issues.size(), 0);
      if (k.count("start")) plan_start(k["start"], p);
      if (k.count("cheat_rate")) {
        p.cheat_rate = r_.param(k["cheat_rate"], "cheat_rate", 0, 1);
      } else {
        p.cheat_rate.value = 1;
        p.cheat_rate.hi = 1;
      }
      if (k.count("evidence")) p.evidence = r_.evidence(k["evidence"]);
      if (k.count("stages") && r_.expect_seq(k["stages"], "stages")) {
        for (const auto& st : k["stages"]) plan_stage(st, p);
        if (k["stages"].size() == 0) r_.error(k["stages"], fmt::format("plan '{}' has no stages; expected at least one", p.id));
        check_unique(r_, p.stages, fmt::format("stage (of plan '{}')", p.id));
      }
      plan_moves(p);
      // An action is delivered once per plan.
      std::map<int, std::string> delivered;  // action -> stage id
      for (const auto& st : p.stages)
        for (const auto& it : st.items) {
          if (it.action < 0) continue;
          auto [pos, inserted] = delivered.emplace(it.action, st.id);
          if (!inserted)
            r_.error(it.loc, fmt::format("action '{}' is delivered twice in plan '{}' (first in stage '{}'); an action "
                                         "is delivered once", s_.actions[it.action].id, p.id, pos->second));
        }
      s_.plans.push_back(std::move(p));
    }
    check_unique(r_, s_.plans, "plan");
  }

  // start: a package id, or a mapping issue -> option (unlisted issues: their first option).
  void plan_start(const YAML::Node& n, Plan& p) {
    std::string ctx = fmt::format("the start of plan '{}'", p.id);
    if (n.IsScalar()) {
      const std::string& pid = n.Scalar();
      int pk = find_id(package_at_, pid);
      if (pk < 0) {
        if (r_.full()) return;
        if (s_.packages.empty())
          r_.error(n, fmt::format("unknown package '{}' as {}; the scenario declares no packages (give a mapping from "
                                  "issue to option instead)", pid, ctx));
        else
          r_.error(n, fmt::format("unknown package '{}' as {}; expected one of the packages: {}", pid, ctx,
                                  id_list(s_.packages)));
        return;
      }
      const auto& options = s_.packages[pk].options;
      for (std::size_t i = 0; i < p.start.size() && i < options.size(); ++i)
        if (options[i] >= 0) p.start[i] = options[i];
      return;
    }
    if (!n.IsMap()) {
      r_.error(n, fmt::format("{} must be a package id or a mapping from issue to option, found {}", ctx, Reader::kind(n)));
      return;
    }
    std::vector<bool> given(s_.issues.size(), false);
    for (auto it = n.begin(); it != n.end(); ++it) {
      int i = issue_of(it->first, ctx);
      if (i < 0) continue;
      if (given[i]) {
        r_.error(it->first, fmt::format("duplicate issue '{}' in {}", s_.issues[i].id, ctx));
        continue;
      }
      given[i] = true;
      if (!it->second.IsScalar()) {
        r_.error(it->second, fmt::format("{} must pick one option of issue '{}', found {}", ctx, s_.issues[i].id,
                                         Reader::kind(it->second)));
        continue;
      }
      int o = option_of(i, it->second, ctx);
      if (o >= 0) p.start[i] = o;
    }
  }

  void plan_stage(const YAML::Node& n, Plan& p) {
    if (!r_.expect_map(n, "a stage")) return;
    auto k = r_.keys(n, "a stage", {"id", "name", "order", "verification", "items", "evidence"}, {"id", "items"});
    PlanStage st;
    st.loc = r_.loc(n);
    if (k.count("id")) r_.id(k["id"], "stage id", st.id);
    if (k.count("name")) st.name = r_.text(k["name"], "stage name");
    std::string ctx = fmt::format("stage '{}' of plan '{}'", st.id, p.id);
    if (k.count("order")) {
      const YAML::Node& o = k["order"];
      if (o.IsScalar()) {
        if (o.Scalar() != "simultaneous")
          r_.error(o, fmt::format("unknown order '{}' in {}; expected simultaneous or a list of parties in move order",
                                  o.Scalar(), ctx));
      } else if (o.IsSequence()) {
        for (const auto& x : o) {
          std::string aid;
          if (!r_.string(x, "a party id", aid)) continue;
          int a = party_of(aid);
          if (a < 0)
            r_.error(x, fmt::format("the order of {} names '{}', which is not a declared party", ctx, aid));
          else if (std::find(st.order.begin(), st.order.end(), a) != st.order.end())
            r_.error(x, fmt::format("party '{}' is listed twice in the order of {}", aid, ctx));
          else
            st.order.push_back(a);
        }
        if (o.size() == 0)
          r_.error(o, fmt::format("the order of {} is empty; expected simultaneous or a list of parties in move order", ctx));
      } else {
        r_.error(o, fmt::format("the order of {} must be simultaneous or a list of parties in move order, found {}", ctx,
                                Reader::kind(o)));
      }
    }
    if (k.count("verification")) st.verification = r_.param(k["verification"], "verification", 0, 1);
    else st.verification.hi = 1;
    if (k.count("evidence")) st.evidence = r_.evidence(k["evidence"]);
    if (k.count("items") && r_.expect_seq(k["items"], fmt::format("the items of {}", ctx))) {
      for (const auto& it : k["items"]) {
        if (!r_.expect_map(it, fmt::format("an item of {}", ctx))) continue;
        bool share_ok = true;
        st.items.push_back(plan_item(it, ctx, share_ok));
        if (!share_ok) bad_shares_.insert({p.stages.size(), st.items.size() - 1});
      }
      if (k["items"].size() == 0) r_.error(k["items"], fmt::format("{} has no items; expected at least one", ctx));
    }
    p.stages.push_back(std::move(st));
  }

  // Reads one stage item; `share_ok` becomes false when its share was reported as invalid.
  PlanItem plan_item(const YAML::Node& n, const std::string& ctx, bool& share_ok) {
    std::string what = fmt::format("an item of {}", ctx);
    auto k = r_.keys(n, what, {"issue", "option", "share", "clawback", "reversible", "by", "action"}, {});
    PlanItem it;
    it.loc = r_.loc(n);
    it.share.value = 1;
    it.share.hi = 1;
    it.clawback.hi = 1;
    bool is_issue = k.count("issue") > 0, is_action = k.count("action") > 0;
    if (is_issue && is_action) {
      r_.error(n, fmt::format("{} has both 'issue' and 'action'; expected exactly one of them", what));
      return it;
    }
    if (!is_issue && !is_action) {
      r_.error(n, fmt::format("{} has neither 'issue' nor 'action'; expected exactly one of them", what));
      return it;
    }
    if (is_action) {
      for (const char* key : {"option", "share", "by", "clawback", "reversible"})
        if (k.count(key))
          r_.error(k[key], fmt::format("'{}' belongs to issue items, not action items (an action is delivered whole, by "
                                       "the party and with the clawback its declaration gives)", key));
      std::string aid;
      if (r_.string(k["action"], "an action id", aid)) {
        it.action = find_id(action_at_, aid);
        if (it.action >= 0)
          it.by = s_.actions[it.action].by;
        else if (s_.actions.empty() || r_.full())
          r_.error(k["action"], fmt::format("unknown action '{}' in {}; the scenario declares no actions", aid, ctx));
        else
          r_.error(k["action"], fmt::format("unknown action '{}' in {}; expected one of the actions: {}", aid, ctx,
                                            id_list(s_.actions)));
      }
      return it;
    }
    it.issue = issue_of(k["issue"], ctx);
    if (!k.count("option")) r_.error(n, fmt::format("{} is missing required key 'option'", what));
    else if (it.issue >= 0) it.option = option_of(it.issue, k["option"], ctx);
    if (k.count("share")) {
      std::size_t before = r_.diagnostics().size();
      it.share = r_.param(k["share"], "share", 0, 1);
      if (r_.diagnostics().size() != before) {
        share_ok = false;
      } else if (it.share.value <= 0) {
        r_.error(it.share.loc, fmt::format("share is {}; expected a number above 0 and at most 1 (the part of the "
                                           "move this item delivers)", it.share.value));
        share_ok = false;
      }
    }
    it.has_clawback = r_.clawback(k, it.clawback);
    if (k.count("by")) {
      std::string pid;
      if (r_.string(k["by"], "by", pid)) {
        it.by = party_of(pid);
        if (it.by < 0) r_.error(k["by"], fmt::format("an item of {} is delivered by '{}', which is not a declared party", ctx, pid));
      }
    } else if (it.issue >= 0) {
      it.by = s_.issues[it.issue].delivered_by;
      if (it.by < 0 && !delivered_by_given_[it.issue])
        r_.error(n, fmt::format("{} moves issue '{}' but names no party to deliver it; expected 'by' in the item or "
                                "'delivered_by' in the issue", ctx, s_.issues[it.issue].id));
    }
    return it;
  }

  // Walks each issue's items in plan order: consecutive items moving it to the same option form
  // one move, whose shares must sum to 1, and a move must change the issue's option.
  void plan_moves(const Plan& p) {
    for (std::size_t i = 0; i < s_.issues.size(); ++i) {
      const Issue& issue = s_.issues[i];
      int at = p.start[i];
      const PlanItem* first = nullptr;
      int option = -1;
      double sum = 0;
      bool check = true;
      auto close = [&] {
        if (!first) return;
        if (check && std::fabs(sum - 1) > 1e-9) {
          // Nine decimals, unless they would show 0 for shares of 1e-300.
          double shown = std::round(sum * 1e9) / 1e9;
          if (shown == 0) shown = sum;
          r_.error(first->loc, fmt::format("the shares of the move of '{}' to '{}' in plan '{}' sum to {}; expected 1",
                                           issue.id, issue.options[option].id, p.id, shown));
        }
        at = option;
        first = nullptr;
      };
      for (std::size_t si = 0; si < p.stages.size(); ++si) {
        const PlanStage& st = p.stages[si];
        for (std::size_t ii = 0; ii < st.items.size(); ++ii) {
          const PlanItem& it = st.items[ii];
          if (it.issue != static_cast<int>(i) || it.option < 0) continue;
          bool ok = !bad_shares_.count({si, ii});
          if (first && it.option == option) {
            sum += it.share.value;
            check = check && ok;
            continue;
          }
          close();
          first = &it;
          option = it.option;
          sum = it.share.value;
          check = ok;
          // A move never repeats the previous one (they would be one move), so only the start can
          // already be there.
          if (it.option == at) {
            r_.error(it.loc, fmt::format("stage '{}' of plan '{}' moves '{}' to '{}', where the plan's start already has "
                                         "it; expected another option", st.id, p.id, issue.id, issue.options[it.option].id));
            check = false;
          }
        }
      }
      close();
    }
  }

  // Whether an amount's distribution has a number outside the amount's range (set once the
  // target is known): its support's ends, or the mean of a normal (sampled values are truncated
  // to the range).
  static bool dist_out_of_range(const Param& p) {
    if (!p.dist) return false;
    auto [a, b] = p.dist->kind == Distribution::Kind::normal ? std::pair{p.dist->mean, p.dist->mean}
                                                             : parley::support(*p.dist, p.lo, p.hi);
    return a < p.lo || b > p.hi;
  }

  // Resolves the parameter paths of event changes and deadlines; checks amounts (and their
  // distributions) against the target's range (set: within it; add: at most its width;
  // multiply: 0..1000).
  void resolve_paths() {
    if (s_.events.empty() && s_.deadlines.empty()) return;
    auto refs = list_params(s_);
    std::unordered_map<std::string_view, int> path_at;
    path_at.reserve(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) path_at.emplace(refs[i].path, static_cast<int>(i));
    auto resolve = [&](const std::string& path, const SourceLoc& loc) -> int {
      if (path.rfind("event.", 0) == 0 || path.rfind("deadline.", 0) == 0) {
        r_.error(loc, fmt::format("'{}' is the amount of another event or deadline; events and deadlines change "
                                  "scenario parameters only", path));
        return -1;
      }
      if (auto it = path_at.find(path); it != path_at.end()) return it->second;
      r_.error(loc, fmt::format("unknown parameter path '{}'; run `parley params FILE` to list the paths", path));
      return -1;
    };
    std::size_t next_loc = 0;
    for (auto& ev : s_.events)
      for (auto& ch : ev.changes) {
        if (ch.op == Change::Op::revert) continue;
        ch.param = resolve(ch.path, path_locs_[next_loc++]);
        if (ch.param < 0) continue;
        const Param& target = *refs[ch.param].param;
        double width = target.hi - target.lo;
        if (ch.op == Change::Op::set) { ch.amount.lo = target.lo; ch.amount.hi = target.hi; }
        else if (ch.op == Change::Op::add) { ch.amount.lo = -width; ch.amount.hi = width; }
        else { ch.amount.lo = 0; ch.amount.hi = 1000; }
        if (dist_out_of_range(ch.amount))
          r_.error(ch.amount.dist->loc, fmt::format("event '{}' changes '{}' by {}, out of range; expected {} to {}",
                                                    ev.id, ch.path, describe(*ch.amount.dist), ch.amount.lo,
                                                    ch.amount.hi));
        else if (ch.amount.value < ch.amount.lo || ch.amount.value > ch.amount.hi)
          r_.error(ch.amount.loc, fmt::format("event '{}' changes '{}' by {}, out of range; expected {} to {}", ev.id,
                                              ch.path, ch.amount.value, ch.amount.lo, ch.amount.hi));
      }
    for (std::size_t i = 0; i < s_.deadlines.size(); ++i) {
      auto& d = s_.deadlines[i];
      if (d.path.empty()) continue;
      d.param = resolve(d.path, deadline_locs_[i]);
      if (d.param < 0) continue;
      const Param& target = *refs[d.param].param;
      double width = target.hi - target.lo;
      d.change.lo = -width;
      d.change.hi = width;
      if (dist_out_of_range(d.change))
        r_.error(d.change.dist->loc, fmt::format("deadline '{}' changes '{}' by {}, out of range; expected {} to {}",
                                                 d.id, d.path, describe(*d.change.dist), -width, width));
      else if (d.change.value < -width || d.change.value > width)
        r_.error(d.change.loc, fmt::format("deadline '{}' changes '{}' by {}, out of range; expected {} to {}", d.id,
                                           d.path, d.change.value, -width, width));
    }
  }

  void cross_checks(const YAML::Node& root) {
    // Evidence must cite declared sources.
    for (const auto& ps : r_.pending_sources) {
      bool found = source_at_.count(ps.id) > 0;
      if (!found) r_.error(ps.loc, fmt::format("evidence cites unknown source '{}'; declare it under 'sources'", ps.id));
    }
    if (s_.actors.empty()) return;
    // An influence needs both utilities to mix: the adviser's and its parent's.
    for (std::size_t i = 0; i < s_.actors.size(); ++i) {
      const Actor& a = s_.actors[i];
      if (!a.has_influence || a.parent.empty()) continue;
      int parent = parent_of_[i];
      if (pref_at_[i] < 0)
        r_.error(a.influence.loc, fmt::format("actor '{}' has an influence but no preferences to pull its parent towards", a.id));
      else if (parent >= 0 && pref_at_[parent] < 0)
        r_.error(a.influence.loc, fmt::format("actor '{}' influences '{}', which has no preferences", a.id, a.parent));
    }
    // The deal space needs at least two parties with preferences; a scenario whose issues are
    // all continuous has no deal space.
    if (continuous_only()) return;
    auto parties = s_.parties();
    if (parties.size() < 2 && root["actors"] && root["actors"].IsSequence())
      r_.error(r_.loc(root["actors"]),
               fmt::format("a scenario needs at least two actors with role 'party', found {}", parties.size()));
    for (int p : parties)
      if (pref_at_[p] < 0 && root["preferences"] && root["preferences"].IsMap())
        r_.error(r_.loc(root["preferences"]), fmt::format("party '{}' has no preferences", s_.actors[p].id));
  }

  // `fallback: PACKAGE` of preferences, resolved once the packages are read.
  void resolve_fallbacks() {
    for (const auto& [k, pid] : fallback_ids_) {
      Preferences& pref = s_.preferences[k];
      pref.fallback = find_id(package_at_, pid);
      if (pref.fallback >= 0 || r_.full()) continue;
      if (s_.packages.empty())
        r_.error(pref.fallback_loc, fmt::format("unknown package '{}' as the fallback of '{}'; the scenario declares no "
                                                "packages (name one under 'packages')",
                                                pid, s_.actors[pref.actor].id));
      else
        r_.error(pref.fallback_loc, fmt::format("unknown package '{}' as the fallback of '{}'; expected one of the "
                                                "packages: {}",
                                                pid, s_.actors[pref.actor].id, id_list(s_.packages)));
    }
  }

  Reader& r_;
  Scenario& s_;
  std::vector<std::pair<std::size_t, std::string>> fallback_ids_;  // (preferences index, package id)
  std::vector<SourceLoc> parent_locs_;
  std::vector<SourceLoc> path_locs_;  // event change paths, in order
  std::vector<SourceLoc> deadline_locs_;
  std::vector<bool> delivered_by_given_;  // per issue: whether `delivered_by` was written
  struct IssueId {
    std::string id;
    SourceLoc loc;
  };
  std::vector<IssueId> issue_ids_;  // ordinal and continuous issues, in file order (one namespace)
  // Lookups by id (first position of each id) and per actor, filled as the sections are read.
  IdIndex source_at_, actor_at_, issue_at_, continuous_at_, package_at_, event_at_, action_at_;
  std::vector<IdIndex> option_at_;          // per ordinal issue
  std::vector<int> parent_of_;              // per actor: its parent's index, -1 when none or unknown
  std::vector<std::vector<int>> constituents_;  // per actor: constituents with it as parent
  std::vector<int> pref_at_;                // per actor: index into Scenario::preferences, -1 when none
  std::set<std::pair<std::size_t, std::size_t>> bad_shares_;  // (stage, item) of the plan being read
};

// Where a second YAML document starts, if any. yaml-cpp 0.7's LoadAll can loop forever on some
// malformed input (upstream issue #1040), so documents are counted with a bounded parser loop.
struct DocumentCounter : YAML::EventHandler {
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& m) override { starts.push_back(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::optional<YAML::Mark> second_document(std::string_view text) {
  // A second document starts after a line beginning (after a byte-order mark, if any) with a
  // marker, `---` or `...`; without one, the text is a single document and the second parse (as
  // long as the first) is skipped.
  bool marker = false;
  for (std::size_t at = 0; at < text.size() && !marker;) {
    if (text.compare(at, 3, "\xEF\xBB\xBF") == 0) at += 3;
    marker = text.compare(at, 3, "---") == 0 || text.compare(at, 3, "...") == 0;
    std::size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  if (!marker) return std::nullopt;
  std::stringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  DocumentCounter counter;
  for (int calls = 0; calls < 2 && parser.HandleNextDocument(counter); ++calls) {
  }
  if (counter.starts.size() >= 2) return counter.starts[1];
  return std::nullopt;
}

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::string& file) {
  Reader r(file);
  if (text.size() > kMaxScenarioBytes)
    throw InputError({file, 1, 1}, fmt::format("file is {} bytes, larger than the {} MiB limit for scenarios",
                                                text.size(), kMaxScenarioBytes >> 20));
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) { ++col; }
    }
    throw InputError({file, line, col},
                     fmt::format("file is not UTF-8 text (byte 0x{:02X}); expected a YAML scenario",
                                 static_cast<unsigned char>(text[bad])));
  }
  if (text.find('\0') != std::string_view::npos)
    throw InputError({file, 1, 1}, "file contains NUL bytes; expected a YAML scenario");
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw InputError({file, 1, 1}, "file is empty; expected a YAML scenario (a mapping with parley, id, title, "
                                   "date, actors, issues, preferences)");
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
    if (root.IsDefined() && !root.IsNull()) {
      if (auto second = second_document(text))
        throw InputError(r.loc(*second), "file holds more than one YAML document; expected one scenario per file");
    }
  } catch (const YAML::Exception& e) {
    SourceLoc loc = e.mark.is_null() ? SourceLoc{file, 1, 1} : r.loc(e.mark);
    std::string msg = e.msg;
    if (dynamic_cast<const YAML::DeepRecursion*>(&e)) msg = "nesting is too deep";
    throw InputError(loc, fmt::format("not valid YAML: {}", msg));
  }
  Scenario s;
  s.file = file;
  try {
    ScenarioBuilder(r, s).build(root);
  } catch (const YAML::Exception& e) {  // defensive: yaml-cpp may throw on odd nodes
    r.error({file, e.mark.line + 1, e.mark.column + 1}, fmt::format("unreadable YAML: {}", e.msg));
  }
  auto& diags = r.diagnostics();
  if (!diags.empty()) {
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
    });
    diags.erase(std::unique(diags.begin(), diags.end(),
                            [](const Diagnostic& a, const Diagnostic& b) {
                              return a.loc.line == b.loc.line && a.loc.col == b.loc.col && a.message == b.message;
                            }),
                diags.end());
    throw InputError(std::move(diags));
  }
  return s;
}

Scenario load_scenario_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError({path, 0, 0}, "not a regular file; expected a YAML scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, "cannot open file");
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size < 0) throw InputError({path, 0, 0}, "cannot read file (is it a directory?)");
  if (static_cast<std::size_t>(size) > kMaxScenarioBytes)
    throw InputError({path, 1, 1}, fmt::format("file is {} bytes, larger than the {} MiB limit for scenarios",
                                               static_cast<long long>(size), kMaxScenarioBytes >> 20));
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) throw InputError({path, 0, 0}, "cannot read file (is it a directory?)");
  return load_scenario_text(text, path);
}

}  // namespace parley
