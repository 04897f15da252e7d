// The `preferences` section (reservation or fallback, issue saliences and scores,
// interactions, requirements) and the named `packages`; fallbacks are resolved once packages
// are read.

#include "io/loader/builder.h"

#include <algorithm>
#include <set>

#include "model/compiled.h"

namespace parley::loader_detail {

void ScenarioBuilder::preferences(const YAML::Node& n) {
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
    auto k = r_.keys(body, ctx, {"reservation", "fallback", "issues", "interactions", "boxes", "requirements"}, {});
    if (!k.count("issues") && !k.count("boxes"))
      r_.error(it->first, fmt::format("the preferences of '{}' are missing required key 'issues' (saliences and "
                                      "scores) or 'boxes' (regions of the deal space worth a value)",
                                      aid));
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
    if (k.count("boxes")) boxes(k["boxes"], pref, aid);
    if (k.count("requirements")) requirements(k["requirements"], pref, aid);
    pref_at_[a] = static_cast<int>(s_.preferences.size());
    s_.preferences.push_back(std::move(pref));
  }
}

void ScenarioBuilder::issue_prefs(const YAML::Node& n, Preferences& pref, const std::string& aid) {
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

void ScenarioBuilder::interactions(const YAML::Node& n, Preferences& pref, const std::string& aid) {
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
    if (k.count("when")) in.when = conditions(k["when"], "when", fmt::format("interaction '{}'", in.id));
    pref.interactions.push_back(std::move(in));
  }
  check_unique(r_, pref.interactions, fmt::format("interaction (of '{}')", aid));
}

// `{from: A, to: B}`: the options of issue i from A to B in the issue's order, both included.
void ScenarioBuilder::range(const YAML::Node& n, int i, const std::string& ctx, std::vector<int>& out) {
  auto k = r_.keys(n, fmt::format("a range of issue '{}' in {}", s_.issues[i].id, ctx), {"from", "to"}, {"from", "to"});
  if (!k.count("from") || !k.count("to")) return;
  const int from = option_of(i, k["from"], ctx), to = option_of(i, k["to"], ctx);
  if (from < 0 || to < 0) return;
  if (from > to) {
    r_.error(n, fmt::format("the range of issue '{}' in {} runs from '{}' to '{}', backwards; expected 'from' at or "
                            "before 'to' in the issue's option order ({})",
                            s_.issues[i].id, ctx, s_.issues[i].options[from].id, s_.issues[i].options[to].id,
                            id_list(s_.issues[i].options)));
    return;
  }
  for (int o = from; o <= to; ++o) out.push_back(o);
}

// `boxes`: regions of the deal space worth a value, and how their values combine.
void ScenarioBuilder::boxes(const YAML::Node& n, Preferences& pref, const std::string& aid) {
  const std::string ctx = fmt::format("the boxes of '{}'", aid);
  if (!r_.expect_map(n, ctx)) return;
  auto k = r_.keys(n, ctx, {"aggregate", "scale", "cap", "terms"}, {"terms"});
  Boxes& b = pref.boxes;
  pref.has_boxes = true;
  b.loc = r_.loc(n);
  if (k.count("aggregate")) {
    std::string a;
    if (r_.string(k["aggregate"], "aggregate", a)) {
      if (a == "sum") b.aggregate = Boxes::Aggregate::sum;
      else if (a == "min") b.aggregate = Boxes::Aggregate::min;
      else if (a == "max") b.aggregate = Boxes::Aggregate::max;
      else r_.error(k["aggregate"], fmt::format("unknown aggregate '{}' in {}; expected sum, min or max", a, ctx));
    }
  }
  if (k.count("scale")) b.scale = r_.param(k["scale"], "scale", kMinBoxScale, kMaxBoxNumber);
  else b.scale = Param{1, kMinBoxScale, kMaxBoxNumber, r_.loc(n), {}, std::nullopt};
  if (k.count("cap")) {
    b.cap = r_.param(k["cap"], "cap", -kMaxBoxNumber, kMaxBoxNumber);
    b.has_cap = true;
  }
  if (!k.count("terms") || !r_.expect_seq(k["terms"], fmt::format("the terms of {}", ctx))) return;
  if (k["terms"].size() == 0) r_.error(k["terms"], fmt::format("{} list no term; expected at least one box", ctx));
  for (const auto& e : k["terms"]) {
    if (!r_.expect_map(e, "a box")) continue;
    auto bk = r_.keys(e, "a box", {"id", "name", "when", "excludes", "value", "evidence"}, {"id", "value"});
    Box box;
    box.loc = r_.loc(e);
    if (bk.count("id")) r_.id(bk["id"], "box id", box.id);
    if (bk.count("name")) box.name = r_.text(bk["name"], "box name");
    if (bk.count("value")) box.value = r_.param(bk["value"], "value", -kMaxBoxNumber, kMaxBoxNumber);
    if (bk.count("evidence")) box.evidence = r_.evidence(bk["evidence"]);
    if (bk.count("when")) box.when = conditions(bk["when"], "when", fmt::format("box '{}'", box.id));
    if (bk.count("excludes")) {
      const YAML::Node& x = bk["excludes"];
      const bool ok = x.IsScalar() && (x.Scalar() == "true" || x.Scalar() == "false");
      if (ok) box.excludes = x.Scalar() == "true";
      else
        r_.error(x, fmt::format("'excludes' of box '{}' must be true or false, found {}", box.id,
                                x.IsScalar() ? "'" + x.Scalar() + "'" : std::string(Reader::kind(x))));
      if (ok && box.excludes && box.when.empty() && !bk.count("when"))
        r_.error(x, fmt::format("box '{}' excludes but lists no issue; expected 'when' (the ranges the package must "
                                "fall outside of)",
                                box.id));
    }
    b.terms.push_back(std::move(box));
  }
  check_unique(r_, b.terms, fmt::format("box (of '{}')", aid));
}

// A condition: a mapping from issue to one option or a list of options (at least one issue).
// `what` names the mapping ("when"), `ctx` its owner in messages ("interaction 'x'").
std::vector<Interaction::Condition> ScenarioBuilder::conditions(const YAML::Node& n, const std::string& what,
                                                                const std::string& ctx) {
  std::vector<Interaction::Condition> out;
  if (!r_.expect_map(n, what)) return out;
  std::set<int> seen;
  for (auto it = n.begin(); it != n.end(); ++it) {
    int i = issue_of(it->first, ctx);
    if (i < 0) continue;
    if (!seen.insert(i).second) {
      r_.error(it->first, fmt::format("duplicate issue '{}' in {}", s_.issues[i].id, ctx));
      continue;
    }
    Interaction::Condition c;
    c.issue = i;
    if (it->second.IsMap()) {
      c.range = true;
      range(it->second, i, ctx, c.options);
    } else if (it->second.IsSequence()) {
      YAML::Node list = it->second;  // a copy: it-> yields a temporary
      for (const auto& o : list) {
        int oi = option_of(i, o, ctx);
        if (oi >= 0) c.options.push_back(oi);
      }
      if (it->second.size() == 0)
        r_.error(it->second, fmt::format("empty option list in {}; expected at least one option", ctx));
    } else {
      int oi = option_of(i, it->second, ctx);
      if (oi >= 0) c.options.push_back(oi);
    }
    std::sort(c.options.begin(), c.options.end());
    c.options.erase(std::unique(c.options.begin(), c.options.end()), c.options.end());
    out.push_back(std::move(c));
  }
  if (n.size() == 0) r_.error(n, fmt::format("{} has an empty condition", ctx));
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.issue < b.issue; });
  return out;
}

// `requirements`: hard constraints of a party or a constituent (a state requirement `then`,
// with an optional `if`, or an order requirement `order: {move, after}`).
void ScenarioBuilder::requirements(const YAML::Node& n, Preferences& pref, const std::string& aid) {
  if (!r_.expect_seq(n, "requirements")) return;
  const Role role = s_.actors[pref.actor].role;
  if (role != Role::party && role != Role::constituent)
    r_.error(n, fmt::format("'{}' has role {}, whose requirements nothing reads; requirements belong to parties "
                            "(which never accept a package breaking one) and constituents (a veto at home)",
                            aid, to_string(role)));
  for (const auto& e : n) {
    if (!r_.expect_map(e, "a requirement")) continue;
    auto k = r_.keys(e, "a requirement", {"id", "name", "if", "then", "order", "evidence"}, {"id"});
    Requirement q;
    q.loc = r_.loc(e);
    if (k.count("id")) r_.id(k["id"], "requirement id", q.id);
    if (k.count("name")) q.name = r_.text(k["name"], "requirement name");
    if (k.count("evidence")) q.evidence = r_.evidence(k["evidence"]);
    const bool then = k.count("then") > 0, order = k.count("order") > 0;
    if (then && order)
      r_.error(k["order"], fmt::format("requirement '{}' has both 'then' and 'order'; expected one of them (a "
                                       "condition every package must meet, or an order of moves in plans)",
                                       q.id));
    else if (!then && !order && !k.count("if"))
      r_.error(e, fmt::format("requirement '{}' has neither 'then' nor 'order'; expected 'then' (with an optional "
                              "'if') or 'order: {{move, after}}'",
                              q.id));
    if (k.count("if") && !then && !order)
      r_.error(k["if"], fmt::format("requirement '{}' has 'if' without 'then'; expected 'then': what must hold "
                                    "whenever 'if' does",
                                    q.id));
    else if (k.count("if") && order && !then)
      r_.error(k["if"], fmt::format("requirement '{}' has 'if' with 'order'; 'if' goes with 'then', and an order "
                                    "requirement has 'move' and 'after' only",
                                    q.id));
    if (then) {
      q.kind = Requirement::Kind::state;
      q.then = conditions(k["then"], "then", fmt::format("the 'then' of requirement '{}'", q.id));
      if (k.count("if")) q.when = conditions(k["if"], "if", fmt::format("the 'if' of requirement '{}'", q.id));
    } else if (order && r_.expect_map(k["order"], fmt::format("the order of requirement '{}'", q.id))) {
      q.kind = Requirement::Kind::order;
      std::string ctx = fmt::format("the order of requirement '{}'", q.id);
      auto o = r_.keys(k["order"], ctx, {"move", "after"}, {"move", "after"});
      if (o.count("move")) q.move = conditions(o["move"], "move", fmt::format("the 'move' of requirement '{}'", q.id));
      if (o.count("after")) q.after = conditions(o["after"], "after", fmt::format("the 'after' of requirement '{}'", q.id));
    }
    pref.requirements.push_back(std::move(q));
  }
  check_unique(r_, pref.requirements, fmt::format("requirement (of '{}')", aid));
}

void ScenarioBuilder::packages(const YAML::Node& n) {
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

// `fallback: PACKAGE` of preferences, resolved once the packages are read.
void ScenarioBuilder::resolve_fallbacks() {
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

}  // namespace parley::loader_detail
