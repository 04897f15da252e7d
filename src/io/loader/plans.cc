// Phased agreements: the `actions` and `plans` sections (start, cheat rate, stages with order
// and verification, issue and action items with their `after` constraints) and the moves the
// items make.

#include "io/loader/builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace parley::loader_detail {

void ScenarioBuilder::actions(const YAML::Node& n) {
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

void ScenarioBuilder::plans(const YAML::Node& n) {
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
    plan_order(p);
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
void ScenarioBuilder::plan_start(const YAML::Node& n, Plan& p) {
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

void ScenarioBuilder::plan_stage(const YAML::Node& n, Plan& p) {
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
PlanItem ScenarioBuilder::plan_item(const YAML::Node& n, const std::string& ctx, bool& share_ok) {
  std::string what = fmt::format("an item of {}", ctx);
  auto k = r_.keys(n, what, {"issue", "option", "share", "clawback", "reversible", "by", "action", "after"}, {});
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
  if (k.count("after")) plan_after(k["after"], ctx, it);
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

// `after` of a plan item: {issue: ISSUE, option: OPTION or [OPTIONS]}, or a list of them.
void ScenarioBuilder::plan_after(const YAML::Node& n, const std::string& ctx, PlanItem& it) {
  std::string what = fmt::format("the 'after' of an item of {}", ctx);
  if (!n.IsMap() && !n.IsSequence()) {
    r_.error(n, fmt::format("{} must be a mapping {{issue: ISSUE, option: OPTION}} or a list of them, found {}", what,
                            Reader::kind(n)));
    return;
  }
  if (n.IsSequence() && n.size() == 0)
    r_.error(n, fmt::format("{} is an empty list; expected at least one {{issue: ISSUE, option: OPTION}}", what));
  auto one = [&](const YAML::Node& e) {
    if (!r_.expect_map(e, what)) return;
    auto k = r_.keys(e, what, {"issue", "option"}, {"issue", "option"});
    if (!k.count("issue")) return;
    int i = issue_of(k["issue"], what);
    if (i < 0 || !k.count("option")) return;
    for (const auto& c : it.after)
      if (c.issue == i) {
        r_.error(k["issue"], fmt::format("duplicate issue '{}' in {}", s_.issues[i].id, what));
        return;
      }
    Interaction::Condition c;
    c.issue = i;
    const YAML::Node& o = k["option"];
    if (o.IsSequence()) {
      for (const auto& x : o) {
        int oi = option_of(i, x, what);
        if (oi >= 0) c.options.push_back(oi);
      }
      if (o.size() == 0) r_.error(o, fmt::format("empty option list in {}; expected at least one option", what));
    } else {
      int oi = option_of(i, o, what);
      if (oi >= 0) c.options.push_back(oi);
    }
    std::sort(c.options.begin(), c.options.end());
    c.options.erase(std::unique(c.options.begin(), c.options.end()), c.options.end());
    if (!c.options.empty()) it.after.push_back(std::move(c));
  };
  if (n.IsMap()) one(n);
  else
    for (const auto& e : n) one(e);
  std::sort(it.after.begin(), it.after.end(), [](auto& a, auto& b) { return a.issue < b.issue; });
}

// Items' `after`: each condition must hold, its moves completed, at the end of the stage before
// the item's (in the start for the first stage). A move is completed at the stage of its last
// item (consecutive items moving an issue to the same option form one move).
void ScenarioBuilder::plan_order(const Plan& p) {
  const std::size_t T = p.stages.size();
  // done[t]: the package with every move completed by the end of stage t.
  std::vector<std::vector<int>> done(T, p.start);
  for (std::size_t i = 0; i < s_.issues.size(); ++i) {
    int option = -1;
    std::size_t last = 0;
    auto close = [&] {
      if (option < 0) return;
      for (std::size_t t = last; t < T; ++t) done[t][i] = option;
    };
    for (std::size_t t = 0; t < T; ++t)
      for (const auto& it : p.stages[t].items) {
        if (it.issue != static_cast<int>(i) || it.option < 0) continue;
        if (it.option != option) close();
        option = it.option;
        last = t;
      }
    close();
  }
  for (std::size_t t = 0; t < T; ++t)
    for (std::size_t k = 0; k < p.stages[t].items.size(); ++k) {
      const PlanItem& it = p.stages[t].items[k];
      const std::vector<int>& before = t == 0 ? p.start : done[t - 1];
      for (const auto& c : it.after) {
        if (std::binary_search(c.options.begin(), c.options.end(), before[c.issue])) continue;
        const Issue& issue = s_.issues[c.issue];
        std::string want;
        for (int o : c.options) want += (want.empty() ? "'" : ", '") + issue.options[o].id + "'";
        r_.error(it.loc, fmt::format("item {} of stage '{}' of plan '{}' must come after '{}' is at {}, but {} it is at "
                                     "'{}'; move the item to a later stage, or the move of '{}' to an earlier one",
                                     k + 1, p.stages[t].id, p.id, issue.id, want,
                                     t == 0 ? std::string("in the plan's start")
                                            : fmt::format("at the end of stage '{}'", p.stages[t - 1].id),
                                     issue.options[before[c.issue]].id, issue.id));
      }
    }
}

// Walks each issue's items in plan order: consecutive items moving it to the same option form
// one move, whose shares must sum to 1, and a move must change the issue's option.
void ScenarioBuilder::plan_moves(const Plan& p) {
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

}  // namespace parley::loader_detail
