// The `issues` section: ordinal issues (options, delivered_by, the commitment properties clawback,
// verification and lapses_after, per issue and per option) and continuous issues
// (range, reference, outcome, positions), one id namespace; and the lookups other sections
// use to name an issue or one of its options.

#include "io/loader/builder.h"

#include <cmath>
#include <set>

#include "core/suggest.h"

namespace parley::loader_detail {

// The value of an issue's `type` key when it is text, else "" (read before the keys, which
// depend on the type).
std::string ScenarioBuilder::issue_type(const YAML::Node& e) {
  for (auto it = e.begin(); it != e.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == "type" && it->second.IsScalar()) return it->second.Scalar();
  return "";
}

// Issues: ordinal ones (options) go to Scenario::issues, continuous ones (type: continuous, a
// range and positions) to Scenario::continuous. Both kinds share one id namespace.
void ScenarioBuilder::issues(const YAML::Node& n) {
  if (!r_.expect_seq(n, "issues")) return;
  for (const auto& e : n) {
    if (!r_.expect_map(e, "an issue")) continue;
    if (issue_type(e) == "continuous") {
      continuous_issue(e);
      continue;
    }
    auto k = r_.keys(e, "an issue",
                     {"id", "name", "type", "options", "delivered_by", "clawback", "reversible", "verification",
                      "lapses_after", "evidence"},
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
        auto ok = r_.keys(o, "an option",
                          {"id", "name", "clawback", "reversible", "verification", "lapses_after", "evidence"},
                          {"id", "name"});
        Option opt;
        opt.loc = r_.loc(o);
        if (ok.count("id")) r_.id(ok["id"], "option id", opt.id);
        if (ok.count("name")) opt.name = r_.text(ok["name"], "option name");
        opt.commitment.has_clawback = r_.clawback(ok, opt.commitment.clawback);
        commitment(ok, opt.commitment);
        if (opt.commitment.lapses_after && is.options.empty())
          r_.error(opt.commitment.lapses_loc,
                   fmt::format("option '{}' is the first option of issue '{}', the status quo that a lapse reverts "
                               "to; it cannot lapse itself (give lapses_after to the options that move away from it)",
                               opt.id, is.id));
        if (ok.count("evidence")) opt.evidence = r_.evidence(ok["evidence"]);
        is.options.push_back(std::move(opt));
      }
      if (k["options"].size() == 0) r_.error(k["options"], fmt::format("issue '{}' has no options; expected at least one", is.id));
      option_at_.push_back(check_unique(r_, is.options, fmt::format("option (of issue '{}')", is.id)));
    }
    r_.clawback(k, is.clawback);
    commitment(k, is.commitment);
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

// The verification and lapse of an issue or an option (its clawback is read with Reader::clawback).
void ScenarioBuilder::commitment(Reader::Keys& k, Commitment& c) {
  c.verification.hi = 1;
  if (k.count("verification")) {
    c.verification = r_.param(k["verification"], "verification", 0, 1);
    c.has_verification = true;
  }
  if (k.count("lapses_after")) {
    c.lapses_loc = r_.loc(k["lapses_after"]);
    Duration d;
    if (r_.duration(k["lapses_after"], "lapses_after", d)) c.lapses_after = d;
    lapse_locs_.push_back(c.lapses_loc);
  }
}

// A continuous issue: range (default [0, 100]), optional reference and outcome, and the
// actors' positions, saliences and (optionally) capabilities.
void ScenarioBuilder::continuous_issue(const YAML::Node& e) {
  auto k = r_.keys(e, "a continuous issue", {"id", "name", "type", "range", "reference", "outcome", "positions", "evidence"},
                   {"id", "name", "positions"},
                   {"options", "delivered_by", "clawback", "reversible", "verification", "lapses_after"});
  ContinuousIssue is;
  is.loc = r_.loc(e);
  if (k.count("id") && r_.id(k["id"], "issue id", is.id)) reserved_path_word(k["id"], "issue id", is.id);
  for (const char* key : {"options", "delivered_by", "clawback", "reversible", "verification", "lapses_after"})
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
bool ScenarioBuilder::continuous_only() const { return s_.issues.empty() && !s_.continuous.empty(); }

// Resolves an option id of an issue, reporting an error at `n` when unknown.
int ScenarioBuilder::option_of(int i, const YAML::Node& n, std::string_view context) {
  const Issue& issue = s_.issues[i];
  std::string oid;
  if (!r_.string(n, "an option id", oid)) return -1;
  int o = find_id(option_at_[i], oid);
  if (o < 0 && !r_.full()) {
    std::string list;
    std::vector<std::string> ids;
    for (const auto& op : issue.options) {
      list += (list.empty() ? "" : ", ") + op.id;
      ids.push_back(op.id);
    }
    auto near = closest(oid, ids);
    r_.error(n, fmt::format("unknown option '{}' of issue '{}' in {}{}; expected one of: {}", oid, issue.id, context,
                            near ? fmt::format(" (did you mean '{}'?)", *near) : std::string(), list));
  }
  return o;
}

int ScenarioBuilder::issue_of(const YAML::Node& keynode, std::string_view context) {
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

// Issue and interaction ids sit where the trust and support parameter paths have their second
// part (ACTOR.ISSUE.OPTION, ACTOR.INTERACTION.bonus vs ACTOR.trust.OTHER, PATRON.support.PARTY).
void ScenarioBuilder::reserved_path_word(const YAML::Node& n, std::string_view what, const std::string& id) {
  if (id == "trust" || id == "support")
    r_.error(n, fmt::format("{} '{}' is reserved (parameter paths of {}, {}, use it as their second part); choose "
                            "another id", what, id, id, id == "trust" ? "ACTOR.trust.OTHER" : "PATRON.support.PARTY"));
  else if (id == "boxes" && what == "issue id")
    r_.error(n, "issue id 'boxes' is reserved (the parameter paths ACTOR.boxes.scale and ACTOR.boxes.cap use it as "
                "their second part); choose another id");
}

}  // namespace parley::loader_detail
