#include "io/scenario_loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include "model/compiled.h"

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
  std::map<std::string, YAML::Node> keys(const YAML::Node& map, std::string_view what,
                                         std::initializer_list<std::string_view> allowed,
                                         std::initializer_list<std::string_view> required) {
    std::map<std::string, YAML::Node> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node& k = it->first;
      if (!k.IsScalar()) {
        error(k, fmt::format("keys of {} must be plain names, found {}", what, kind(k)));
        continue;
      }
      std::string key = k.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
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

  // A plain (unquoted or quoted) scalar string.
  bool string(const YAML::Node& n, std::string_view what, std::string& out) {
    if (!n.IsScalar()) {
      error(n, fmt::format("{} must be text, found {}", what, kind(n)));
      return false;
    }
    out = n.Scalar();
    return true;
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

  // A parameter: a bare number or {value, evidence}.
  Param param(const YAML::Node& n, std::string_view what, double lo, double hi) {
    Param p;
    p.lo = lo;
    p.hi = hi;
    p.loc = loc(n);
    YAML::Node value_node = n;
    if (n.IsMap()) {
      auto k = keys(n, what, {"value", "evidence"}, {"value"});
      if (!k.count("value")) return p;
      value_node = k["value"];
      p.loc = loc(value_node);
      if (k.count("evidence")) p.evidence = evidence(k["evidence"]);
    }
    double v = 0;
    if (!number(value_node, what, v)) return p;
    if (v < lo || v > hi) {
      error(value_node, fmt::format("{} is {}, out of range; expected {}", what, fmt::format("{}", v),
                                    range_text(lo, hi)));
      return p;
    }
    p.value = v;
    return p;
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
      if (k.count("note")) string(k["note"], "evidence note", ev.note);
      out.push_back(std::move(ev));
    }
    return out;
  }

  // Names: a string (English) or a map language -> text with at least `en`.
  LocalText text(const YAML::Node& n, std::string_view what, bool require_zh = false) {
    LocalText out;
    if (n.IsScalar()) {
      out["en"] = n.Scalar();
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
      if (!string(it->second, fmt::format("{} ({})", what, lang), value)) continue;
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

// Reports duplicate ids in a list of items with id and loc.
template <class T>
void check_unique(Reader& r, const std::vector<T>& items, std::string_view what) {
  std::map<std::string, const T*> seen;
  for (const auto& it : items) {
    if (it.id.empty()) continue;
    auto [pos, inserted] = seen.emplace(it.id, &it);
    if (!inserted)
      r.error(it.loc, fmt::format("duplicate {} id '{}' (first defined at line {})", what, it.id,
                                  pos->second->loc.line));
  }
}

class ScenarioBuilder {
 public:
  ScenarioBuilder(Reader& r, Scenario& s) : r_(r), s_(s) {}

  void build(const YAML::Node& root) {
    if (!r_.expect_map(root, "a scenario file (top level)")) return;
    auto k = r_.keys(root, "the scenario",
                     {"parley", "id", "title", "date", "description", "sources", "actors", "issues",
                      "preferences", "packages"},
                     {"parley", "id", "title", "date", "actors", "issues", "preferences"});
    if (k.count("parley")) {
      double v = 0;
      if (r_.number(k["parley"], "the format version 'parley'", v) && v != 1)
        r_.error(k["parley"], fmt::format("unsupported format version {}; this parley reads version 1", v));
    }
    if (k.count("id")) r_.id(k["id"], "scenario id", s_.id);
    if (k.count("title")) s_.title = r_.text(k["title"], "title", true);
    if (k.count("description")) s_.description = r_.text(k["description"], "description");
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
    if (k.count("preferences")) preferences(k["preferences"]);
    if (k.count("packages")) packages(k["packages"]);
    cross_checks(root);
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
      if (k.count("locators")) r_.string(k["locators"], "source locators", src.locators);
      s_.sources.push_back(std::move(src));
    }
    check_unique(r_, s_.sources, "source");
  }

  void actors(const YAML::Node& n) {
    if (!r_.expect_seq(n, "actors")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an actor")) continue;
      auto k = r_.keys(e, "an actor", {"id", "name", "role", "capability", "parent", "evidence"},
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
      if (k.count("evidence")) a.evidence = r_.evidence(k["evidence"]);
      s_.actors.push_back(std::move(a));
    }
    check_unique(r_, s_.actors, "actor");
    // Parents: must exist, not be the actor itself, and not form a loop.
    for (std::size_t i = 0; i < s_.actors.size(); ++i) {
      const Actor& a = s_.actors[i];
      if (a.parent.empty()) continue;
      int p = s_.actor_index(a.parent);
      if (p < 0) {
        r_.error(parent_locs_[i], fmt::format("parent '{}' of actor '{}' is not a declared actor", a.parent, a.id));
        continue;
      }
      std::set<int> seen{static_cast<int>(i)};
      for (int cur = p; cur >= 0; cur = s_.actor_index(s_.actors[cur].parent)) {
        if (!seen.insert(cur).second) {
          r_.error(parent_locs_[i], fmt::format("parent chain of actor '{}' loops back on itself", a.id));
          break;
        }
        if (s_.actors[cur].parent.empty()) break;
      }
    }
  }

  void issues(const YAML::Node& n) {
    if (!r_.expect_seq(n, "issues")) return;
    for (const auto& e : n) {
      if (!r_.expect_map(e, "an issue")) continue;
      auto k = r_.keys(e, "an issue", {"id", "name", "type", "options", "evidence"}, {"id", "name", "options"});
      Issue is;
      is.loc = r_.loc(e);
      if (k.count("id")) r_.id(k["id"], "issue id", is.id);
      if (k.count("name")) is.name = r_.text(k["name"], "issue name");
      if (k.count("type")) {
        std::string t;
        if (r_.string(k["type"], "issue type", t)) {
          if (t == "continuous")
            r_.error(k["type"], "continuous issues are not supported by format version 1; expected 'ordinal'");
          else if (t != "ordinal")
            r_.error(k["type"], fmt::format("unknown issue type '{}'; expected 'ordinal'", t));
        }
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
        check_unique(r_, is.options, fmt::format("option (of issue '{}')", is.id));
      }
      if (k.count("evidence")) is.evidence = r_.evidence(k["evidence"]);
      s_.issues.push_back(std::move(is));
    }
    if (n.size() == 0) r_.error(n, "issues is empty; expected at least one issue");
    check_unique(r_, s_.issues, "issue");
  }

  // Resolves an option id of an issue, reporting an error at `n` when unknown.
  int option_of(const Issue& issue, const YAML::Node& n, std::string_view context) {
    std::string oid;
    if (!r_.string(n, "an option id", oid)) return -1;
    int o = option_index(issue, oid);
    if (o < 0) {
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
    int i = s_.issue_index(iid);
    if (i < 0) r_.error(keynode, fmt::format("unknown issue '{}' in {}", iid, context));
    return i;
  }

  void preferences(const YAML::Node& n) {
    if (!r_.expect_map(n, "preferences")) return;
    std::set<int> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string aid;
      if (!r_.string(it->first, "an actor id", aid)) continue;
      int a = s_.actor_index(aid);
      if (a < 0) {
        r_.error(it->first, fmt::format("preferences given for unknown actor '{}'", aid));
        continue;
      }
      if (!seen.insert(a).second) {
        r_.error(it->first, fmt::format("duplicate preferences for actor '{}'", aid));
        continue;
      }
      const YAML::Node& body = it->second;
      std::string ctx = fmt::format("preferences of '{}'", aid);
      if (!r_.expect_map(body, ctx)) continue;
      auto k = r_.keys(body, ctx, {"reservation", "issues", "interactions"}, {"reservation", "issues"});
      Preferences pref;
      pref.actor = a;
      pref.loc = r_.loc(it->first);
      if (k.count("reservation")) pref.reservation = r_.param(k["reservation"], "reservation", 0, 1);
      if (k.count("issues")) issue_prefs(k["issues"], pref, aid);
      if (k.count("interactions")) interactions(k["interactions"], pref, aid);
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
          int o = option_of(issue, sit->first, fmt::format("the scores of '{}'", aid));
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
      if (k.count("id")) r_.id(k["id"], "interaction id", in.id);
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
            for (const auto& o : it->second) {
              int oi = option_of(s_.issues[i], o, ctx);
              if (oi >= 0) c.options.push_back(oi);
            }
            if (it->second.size() == 0)
              r_.error(it->second, fmt::format("empty option list in interaction '{}'; expected at least one option", in.id));
          } else {
            int oi = option_of(s_.issues[i], it->second, ctx);
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
          int o = option_of(s_.issues[i], it->second, ctx);
          p.options[i] = o < 0 ? -2 : o;
        }
        for (std::size_t i = 0; i < s_.issues.size(); ++i)
          if (p.options[i] == -1)
            r_.error(k["options"], fmt::format("package '{}' gives no option for issue '{}'", p.id, s_.issues[i].id));
      }
      s_.packages.push_back(std::move(p));
    }
    check_unique(r_, s_.packages, "package");
  }

  void cross_checks(const YAML::Node& root) {
    // Evidence must cite declared sources.
    for (const auto& ps : r_.pending_sources) {
      bool found = std::any_of(s_.sources.begin(), s_.sources.end(), [&](const Source& s) { return s.id == ps.id; });
      if (!found) r_.error(ps.loc, fmt::format("evidence cites unknown source '{}'; declare it under 'sources'", ps.id));
    }
    if (s_.actors.empty()) return;
    auto parties = s_.parties();
    if (parties.size() < 2 && root["actors"] && root["actors"].IsSequence())
      r_.error(r_.loc(root["actors"]),
               fmt::format("a scenario needs at least two actors with role 'party', found {}", parties.size()));
    for (int p : parties)
      if (!s_.preferences_of(p) && root["preferences"] && root["preferences"].IsMap())
        r_.error(r_.loc(root["preferences"]), fmt::format("party '{}' has no preferences", s_.actors[p].id));
  }

  Reader& r_;
  Scenario& s_;
  std::vector<SourceLoc> parent_locs_;
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
