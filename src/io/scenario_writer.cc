#include "io/scenario_writer.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <fmt/format.h>

#include "scenario/distribution.h"

namespace parley {
namespace {

// A string that every YAML reader keeps as text: the words that YAML 1.1 readers take for a
// boolean or null (yes, No, ON, y, ~, ...; yaml-cpp writes them plain) are double-quoted, so
// that an actor `yes` and an actor `on` do not both become `true` there. Ids, names and every
// other string go through it.
void scalar(YAML::Emitter& e, const std::string& s) {
  static const std::set<std::string> words = {
      "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
      "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~"};
  if (words.count(s)) e << YAML::DoubleQuoted << s;
  else e << s;
}

struct Str {
  const std::string& s;
};
YAML::Emitter& operator<<(YAML::Emitter& e, const Str& x) {
  scalar(e, x.s);
  return e;
}

void text(YAML::Emitter& e, const LocalText& t) {
  if (t.size() == 1 && t.count("en")) {
    e << Str{t.at("en")};
    return;
  }
  e << YAML::Flow << YAML::BeginMap;
  for (const auto& [lang, value] : t) e << YAML::Key << Str{lang} << YAML::Value << Str{value};
  e << YAML::EndMap;
}

std::string number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

void evidence(YAML::Emitter& e, const std::vector<Evidence>& ev) {
  e << YAML::BeginSeq;
  for (const auto& x : ev) {
    e << YAML::BeginMap << YAML::Key << "source" << YAML::Value << Str{x.source} << YAML::Key << "locator"
      << YAML::Value << Str{x.locator} << YAML::Key << "note" << YAML::Value;
    if (x.note_zh.empty())
      e << Str{x.note};
    else
      text(e, LocalText{{"en", x.note}, {"zh-TW", x.note_zh}});
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

// A distribution as a flow mapping: {type: uniform, min: 0.25, max: 0.32}. A beta's support is
// always written (the loader filled in the parameter's range when the file gave none).
void distribution(YAML::Emitter& e, const Distribution& d) {
  e << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value << to_string(d.kind);
  auto key = [&](const char* k, double v) { e << YAML::Key << k << YAML::Value << number(v); };
  auto list = [&](const char* k, const std::vector<double>& xs) {
    e << YAML::Key << k << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double x : xs) e << number(x);
    e << YAML::EndSeq;
  };
  switch (d.kind) {
    case Distribution::Kind::uniform: key("min", d.min); key("max", d.max); break;
    case Distribution::Kind::triangular: key("min", d.min); key("mode", d.mode); key("max", d.max); break;
    case Distribution::Kind::normal: key("mean", d.mean); key("sd", d.sd); break;
    case Distribution::Kind::beta: key("alpha", d.alpha); key("beta", d.beta); key("min", d.min); key("max", d.max); break;
    case Distribution::Kind::choice:
      list("values", d.values);
      if (!d.weights.empty()) list("weights", d.weights);
      break;
  }
  e << YAML::EndMap;
}

// A number: bare, {value, evidence}, or {dist, value, evidence} (value only when it is not the
// distribution's central value).
void param(YAML::Emitter& e, const Param& p) {
  if (p.dist) {
    e << YAML::BeginMap << YAML::Key << "dist" << YAML::Value;
    distribution(e, *p.dist);
    if (p.value != central(*p.dist)) e << YAML::Key << "value" << YAML::Value << number(p.value);
    if (!p.evidence.empty()) {
      e << YAML::Key << "evidence" << YAML::Value;
      evidence(e, p.evidence);
    }
    e << YAML::EndMap;
    return;
  }
  if (p.evidence.empty()) {
    e << number(p.value);
    return;
  }
  e << YAML::BeginMap << YAML::Key << "value" << YAML::Value << number(p.value) << YAML::Key << "evidence"
    << YAML::Value;
  evidence(e, p.evidence);
  e << YAML::EndMap;
}

// The verification and lapse of an issue or an option, when stated.
void commitment(YAML::Emitter& e, const Commitment& c) {
  if (c.has_verification) {
    e << YAML::Key << "verification" << YAML::Value;
    param(e, c.verification);
  }
  if (c.lapses_after) e << YAML::Key << "lapses_after" << YAML::Value << format_duration(*c.lapses_after);
}

// A continuous issue: type, range, reference and outcome when known, evidence, then one
// position entry per actor (a flow mapping unless it carries evidence).
void continuous_issue(YAML::Emitter& e, const Scenario& s, const ContinuousIssue& is) {
  e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{is.id} << YAML::Key << "name" << YAML::Value;
  text(e, is.name);
  e << YAML::Key << "type" << YAML::Value << "continuous";
  e << YAML::Key << "range" << YAML::Value << YAML::Flow << YAML::BeginSeq << number(is.lo) << number(is.hi)
    << YAML::EndSeq;
  if (is.has_reference) {
    e << YAML::Key << "reference" << YAML::Value;
    param(e, is.reference);
  }
  if (is.has_outcome) {
    e << YAML::Key << "outcome" << YAML::Value;
    param(e, is.outcome);
  }
  if (!is.evidence.empty()) {
    e << YAML::Key << "evidence" << YAML::Value;
    evidence(e, is.evidence);
  }
  e << YAML::Key << "positions" << YAML::Value << YAML::BeginMap;
  for (const auto& p : is.positions) {
    bool plain = p.evidence.empty() && p.position.evidence.empty() && p.salience.evidence.empty() &&
                 (!p.has_capability || p.capability.evidence.empty());
    e << YAML::Key << Str{s.actors[p.actor].id} << YAML::Value;
    if (plain) e << YAML::Flow;
    e << YAML::BeginMap << YAML::Key << "position" << YAML::Value;
    param(e, p.position);
    e << YAML::Key << "salience" << YAML::Value;
    param(e, p.salience);
    if (p.has_capability) {
      e << YAML::Key << "capability" << YAML::Value;
      param(e, p.capability);
    }
    if (!p.evidence.empty()) {
      e << YAML::Key << "evidence" << YAML::Value;
      evidence(e, p.evidence);
    }
    e << YAML::EndMap;
  }
  e << YAML::EndMap << YAML::EndMap;
}

}  // namespace

std::string scenario_to_yaml(const Scenario& s) {
  YAML::Emitter e;
  e.SetIndent(2);
  e << YAML::BeginMap;
  e << YAML::Key << "parley" << YAML::Value << 1;
  e << YAML::Key << "id" << YAML::Value << Str{s.id};
  e << YAML::Key << "title" << YAML::Value;
  text(e, s.title);
  e << YAML::Key << "date" << YAML::Value << format_date(s.date);
  if (s.horizon) e << YAML::Key << "horizon" << YAML::Value << format_duration(*s.horizon);
  if (!s.description.empty()) {
    e << YAML::Key << "description" << YAML::Value;
    text(e, s.description);
  }
  if (!s.sources.empty()) {
    e << YAML::Key << "sources" << YAML::Value << YAML::BeginSeq;
    for (const auto& src : s.sources) {
      e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{src.id} << YAML::Key << "title" << YAML::Value;
      text(e, src.title);
      if (!src.author.empty()) e << YAML::Key << "author" << YAML::Value << Str{src.author};
      if (!src.date.empty()) e << YAML::Key << "date" << YAML::Value << Str{src.date};
      if (!src.locators.empty()) e << YAML::Key << "locators" << YAML::Value << Str{src.locators};
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  e << YAML::Key << "actors" << YAML::Value << YAML::BeginSeq;
  for (const auto& a : s.actors) {
    e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{a.id} << YAML::Key << "name" << YAML::Value;
    text(e, a.name);
    e << YAML::Key << "role" << YAML::Value << to_string(a.role) << YAML::Key << "capability" << YAML::Value;
    param(e, a.capability);
    if (!a.parent.empty()) e << YAML::Key << "parent" << YAML::Value << Str{a.parent};
    if (a.has_influence) {
      e << YAML::Key << "influence" << YAML::Value;
      param(e, a.influence);
    }
    if (!a.tactic.empty()) e << YAML::Key << "tactic" << YAML::Value << Str{a.tactic};
    if (!a.deadline.empty()) e << YAML::Key << "deadline" << YAML::Value << Str{a.deadline};
    if (!a.beliefs.empty()) {
      e << YAML::Key << "beliefs" << YAML::Value << YAML::BeginMap;
      for (const auto& b : a.beliefs) {
        e << YAML::Key << Str{b.about >= 0 ? s.actors[b.about].id : std::string()} << YAML::Value;
        distribution(e, b.dist);
      }
      e << YAML::EndMap;
    }
    if (!a.evidence.empty()) {
      e << YAML::Key << "evidence" << YAML::Value;
      evidence(e, a.evidence);
    }
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
  e << YAML::Key << "issues" << YAML::Value << YAML::BeginSeq;
  for (const auto& is : s.issues) {
    e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{is.id} << YAML::Key << "name" << YAML::Value;
    text(e, is.name);
    e << YAML::Key << "options" << YAML::Value << YAML::BeginSeq;
    for (const auto& o : is.options) {
      e << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value;
      scalar(e, o.id);
      e << YAML::Key << "name" << YAML::Value;
      text(e, o.name);
      if (o.commitment.has_clawback) {
        e << YAML::Key << "clawback" << YAML::Value;
        param(e, o.commitment.clawback);
      }
      commitment(e, o.commitment);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
    if (is.delivered_by >= 0) e << YAML::Key << "delivered_by" << YAML::Value << Str{s.actors[is.delivered_by].id};
    if (is.clawback.value != 0 || !is.clawback.evidence.empty() || is.clawback.dist) {
      e << YAML::Key << "clawback" << YAML::Value;
      param(e, is.clawback);
    }
    commitment(e, is.commitment);
    if (!is.evidence.empty()) {
      e << YAML::Key << "evidence" << YAML::Value;
      evidence(e, is.evidence);
    }
    e << YAML::EndMap;
  }
  for (const auto& is : s.continuous) continuous_issue(e, s, is);
  e << YAML::EndSeq;
  // A scenario whose issues are all continuous needs no preferences.
  if (!s.preferences.empty() || s.continuous.empty()) e << YAML::Key << "preferences" << YAML::Value << YAML::BeginMap;
  for (const auto& pref : s.preferences) {
    e << YAML::Key << Str{s.actors[pref.actor].id} << YAML::Value << YAML::BeginMap;
    if (pref.fallback >= 0) {
      e << YAML::Key << "fallback" << YAML::Value << Str{s.packages[pref.fallback].id};
    } else {
      e << YAML::Key << "reservation" << YAML::Value;
      param(e, pref.reservation);
    }
    // A condition: issue -> [options], or {from, to} for a range, as the file gives it.
    auto conditions = [&](const std::vector<Interaction::Condition>& cs) {
      e << YAML::BeginMap;
      for (const auto& c : cs) {
        const Issue& is = s.issues[c.issue];
        e << YAML::Key << Str{is.id} << YAML::Value << YAML::Flow;
        if (c.range && !c.options.empty()) {
          e << YAML::BeginMap << YAML::Key << "from" << YAML::Value << Str{is.options[c.options.front()].id}
            << YAML::Key << "to" << YAML::Value << Str{is.options[c.options.back()].id} << YAML::EndMap;
          continue;
        }
        e << YAML::BeginSeq;
        for (int o : c.options) scalar(e, is.options[o].id);
        e << YAML::EndSeq;
      }
      e << YAML::EndMap;
    };
    if (!pref.issues.empty() || !pref.has_boxes) e << YAML::Key << "issues" << YAML::Value << YAML::BeginMap;
    for (const auto& ip : pref.issues) {
      const Issue& is = s.issues[ip.issue];
      e << YAML::Key << Str{is.id} << YAML::Value << YAML::BeginMap << YAML::Key << "salience" << YAML::Value;
      param(e, ip.salience);
      e << YAML::Key << "scores" << YAML::Value << YAML::BeginMap;
      for (std::size_t o = 0; o < ip.scores.size(); ++o) {
        e << YAML::Key;
        scalar(e, is.options[o].id);
        e << YAML::Value;
        param(e, ip.scores[o]);
      }
      e << YAML::EndMap << YAML::EndMap;
    }
    if (!pref.issues.empty() || !pref.has_boxes) e << YAML::EndMap;
    if (!pref.interactions.empty()) {
      e << YAML::Key << "interactions" << YAML::Value << YAML::BeginSeq;
      for (const auto& in : pref.interactions) {
        e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{in.id};
        if (!in.name.empty()) {
          e << YAML::Key << "name" << YAML::Value;
          text(e, in.name);
        }
        e << YAML::Key << "when" << YAML::Value;
        conditions(in.when);
        e << YAML::Key << "bonus" << YAML::Value;
        param(e, in.bonus);
        if (!in.evidence.empty()) {
          e << YAML::Key << "evidence" << YAML::Value;
          evidence(e, in.evidence);
        }
        e << YAML::EndMap;
      }
      e << YAML::EndSeq;
    }
    if (pref.has_boxes) {
      const Boxes& b = pref.boxes;
      e << YAML::Key << "boxes" << YAML::Value << YAML::BeginMap;
      if (b.aggregate != Boxes::Aggregate::sum) e << YAML::Key << "aggregate" << YAML::Value << to_string(b.aggregate);
      if (b.scale.value != 1 || !b.scale.evidence.empty() || b.scale.dist) {
        e << YAML::Key << "scale" << YAML::Value;
        param(e, b.scale);
      }
      if (b.has_cap) {
        e << YAML::Key << "cap" << YAML::Value;
        param(e, b.cap);
      }
      e << YAML::Key << "terms" << YAML::Value << YAML::BeginSeq;
      for (const auto& box : b.terms) {
        e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{box.id};
        if (!box.name.empty()) {
          e << YAML::Key << "name" << YAML::Value;
          text(e, box.name);
        }
        if (!box.when.empty()) {
          e << YAML::Key << "when" << YAML::Value;
          conditions(box.when);
        }
        if (box.excludes) e << YAML::Key << "excludes" << YAML::Value << true;
        e << YAML::Key << "value" << YAML::Value;
        param(e, box.value);
        if (!box.evidence.empty()) {
          e << YAML::Key << "evidence" << YAML::Value;
          evidence(e, box.evidence);
        }
        e << YAML::EndMap;
      }
      e << YAML::EndSeq << YAML::EndMap;
    }
    if (!pref.requirements.empty()) {
      e << YAML::Key << "requirements" << YAML::Value << YAML::BeginSeq;
      for (const auto& q : pref.requirements) {
        e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{q.id};
        if (!q.name.empty()) {
          e << YAML::Key << "name" << YAML::Value;
          text(e, q.name);
        }
        if (q.kind == Requirement::Kind::state) {
          if (!q.when.empty()) {
            e << YAML::Key << "if" << YAML::Value;
            conditions(q.when);
          }
          e << YAML::Key << "then" << YAML::Value;
          conditions(q.then);
        } else {
          e << YAML::Key << "order" << YAML::Value << YAML::BeginMap << YAML::Key << "move" << YAML::Value;
          conditions(q.move);
          e << YAML::Key << "after" << YAML::Value;
          conditions(q.after);
          e << YAML::EndMap;
        }
        if (!q.evidence.empty()) {
          e << YAML::Key << "evidence" << YAML::Value;
          evidence(e, q.evidence);
        }
        e << YAML::EndMap;
      }
      e << YAML::EndSeq;
    }
    e << YAML::EndMap;
  }
  if (!s.preferences.empty() || s.continuous.empty()) e << YAML::EndMap;
  if (!s.packages.empty()) {
    e << YAML::Key << "packages" << YAML::Value << YAML::BeginSeq;
    for (const auto& p : s.packages) {
      e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{p.id};
      if (!p.name.empty()) {
        e << YAML::Key << "name" << YAML::Value;
        text(e, p.name);
      }
      e << YAML::Key << "options" << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (std::size_t i = 0; i < s.issues.size(); ++i) {
        e << YAML::Key << Str{s.issues[i].id} << YAML::Value;
        scalar(e, s.issues[i].options[p.options[i]].id);
      }
      e << YAML::EndMap;
      if (!p.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, p.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!s.ratification.empty()) {
    e << YAML::Key << "ratification" << YAML::Value << YAML::BeginMap;
    for (const auto& r : s.ratification) {
      e << YAML::Key << Str{s.actors[r.party].id} << YAML::Value << YAML::BeginMap;
      if (r.rule == Ratification::Rule::weighted_majority) {
        e << YAML::Key << "rule" << YAML::Value << "weighted-majority" << YAML::Key << "threshold" << YAML::Value;
        param(e, r.threshold);
      } else {
        e << YAML::Key << "rule" << YAML::Value << "audience-cost" << YAML::Key << "cost" << YAML::Value;
        param(e, r.cost);
      }
      if (!r.veto.empty()) {
        e << YAML::Key << "veto" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (int v : r.veto) e << Str{s.actors[v].id};
        e << YAML::EndSeq;
      }
      if (!r.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, r.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  if (!s.events.empty()) {
    e << YAML::Key << "events" << YAML::Value << YAML::BeginSeq;
    for (const auto& ev : s.events) {
      e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{ev.id};
      if (!ev.name.empty()) {
        e << YAML::Key << "name" << YAML::Value;
        text(e, ev.name);
      }
      e << YAML::Key << "date" << YAML::Value << format_date(ev.date) << YAML::Key << "changes" << YAML::Value
        << YAML::BeginSeq;
      for (const auto& ch : ev.changes) {
        e << YAML::BeginMap;
        if (ch.op == Change::Op::revert) {
          e << YAML::Key << "revert" << YAML::Value << Str{ch.reverts};
        } else {
          const char* op = ch.op == Change::Op::set ? "set" : ch.op == Change::Op::add ? "add" : "multiply";
          e << YAML::Key << "path" << YAML::Value << Str{ch.path} << YAML::Key << op << YAML::Value;
          param(e, ch.amount);
        }
        e << YAML::EndMap;
      }
      e << YAML::EndSeq;
      if (!ev.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, ev.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!s.deadlines.empty()) {
    e << YAML::Key << "deadlines" << YAML::Value << YAML::BeginSeq;
    for (const auto& d : s.deadlines) {
      e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{d.id};
      if (!d.name.empty()) {
        e << YAML::Key << "name" << YAML::Value;
        text(e, d.name);
      }
      const char* shape = d.shape == Deadline::Shape::step ? "step" : d.shape == Deadline::Shape::linear ? "linear" : "exponential";
      e << YAML::Key << "date" << YAML::Value << format_date(d.date) << YAML::Key << "path" << YAML::Value << Str{d.path}
        << YAML::Key << "shape" << YAML::Value << shape << YAML::Key << "change" << YAML::Value;
      param(e, d.change);
      if (d.horizon_days > 0) e << YAML::Key << "horizon_days" << YAML::Value << d.horizon_days;
      e << YAML::Key << "after" << YAML::Value << (d.release_after ? "release" : "hold");
      if (!d.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, d.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  // Trust and support are stored one entry per pair, grouped by truster and by patron.
  if (!s.trust.empty()) {
    e << YAML::Key << "trust" << YAML::Value << YAML::BeginMap;
    for (std::size_t i = 0; i < s.trust.size(); ++i) {
      const Trust& t = s.trust[i];
      if (i == 0 || s.trust[i - 1].actor != t.actor) {
        if (i > 0) e << YAML::EndMap;
        e << YAML::Key << Str{s.actors[t.actor].id} << YAML::Value << YAML::BeginMap;
      }
      e << YAML::Key << Str{s.actors[t.trustee].id} << YAML::Value;
      param(e, t.value);
    }
    e << YAML::EndMap << YAML::EndMap;
  }
  if (!s.support.empty()) {
    e << YAML::Key << "support" << YAML::Value << YAML::BeginMap;
    for (std::size_t i = 0; i < s.support.size(); ++i) {
      const Support& sp = s.support[i];
      if (i == 0 || s.support[i - 1].patron != sp.patron) {
        if (i > 0) e << YAML::EndMap;
        e << YAML::Key << Str{s.actors[sp.patron].id} << YAML::Value << YAML::BeginMap;
      }
      e << YAML::Key << Str{s.actors[sp.party].id} << YAML::Value << YAML::BeginMap << YAML::Key << "level" << YAML::Value;
      param(e, sp.level);
      e << YAML::Key << "effect" << YAML::Value;
      param(e, sp.effect);
      if (!sp.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, sp.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndMap << YAML::EndMap;
  }
  if (!s.actions.empty()) {
    e << YAML::Key << "actions" << YAML::Value << YAML::BeginSeq;
    for (const auto& a : s.actions) {
      e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{a.id};
      if (!a.name.empty()) {
        e << YAML::Key << "name" << YAML::Value;
        text(e, a.name);
      }
      e << YAML::Key << "by" << YAML::Value << Str{s.actors[a.by].id} << YAML::Key << "value" << YAML::Value << YAML::BeginMap;
      for (const auto& [actor, v] : a.value) {
        e << YAML::Key << Str{s.actors[actor].id} << YAML::Value;
        param(e, v);
      }
      e << YAML::EndMap;
      if (a.clawback.value != 0 || !a.clawback.evidence.empty() || a.clawback.dist) {
        e << YAML::Key << "clawback" << YAML::Value;
        param(e, a.clawback);
      }
      if (!a.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, a.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!s.plans.empty()) {
    e << YAML::Key << "plans" << YAML::Value << YAML::BeginSeq;
    for (const auto& p : s.plans) {
      e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{p.id};
      if (!p.name.empty()) {
        e << YAML::Key << "name" << YAML::Value;
        text(e, p.name);
      }
      // The start as a mapping of the issues not at their first option (a package id is not kept).
      bool status_quo = std::all_of(p.start.begin(), p.start.end(), [](int o) { return o == 0; });
      if (!status_quo) {
        e << YAML::Key << "start" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (std::size_t i = 0; i < s.issues.size(); ++i) {
          if (p.start[i] == 0) continue;
          e << YAML::Key << Str{s.issues[i].id} << YAML::Value;
          scalar(e, s.issues[i].options[p.start[i]].id);
        }
        e << YAML::EndMap;
      }
      if (p.cheat_rate.value != 1 || !p.cheat_rate.evidence.empty() || p.cheat_rate.dist) {
        e << YAML::Key << "cheat_rate" << YAML::Value;
        param(e, p.cheat_rate);
      }
      if (!p.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, p.evidence);
      }
      e << YAML::Key << "stages" << YAML::Value << YAML::BeginSeq;
      for (const auto& st : p.stages) {
        e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{st.id};
        if (!st.name.empty()) {
          e << YAML::Key << "name" << YAML::Value;
          text(e, st.name);
        }
        if (!st.order.empty()) {
          e << YAML::Key << "order" << YAML::Value << YAML::Flow << YAML::BeginSeq;
          for (int a : st.order) e << Str{s.actors[a].id};
          e << YAML::EndSeq;
        }
        if (st.verification.value != 0 || !st.verification.evidence.empty() || st.verification.dist) {
          e << YAML::Key << "verification" << YAML::Value;
          param(e, st.verification);
        }
        if (!st.evidence.empty()) {
          e << YAML::Key << "evidence" << YAML::Value;
          evidence(e, st.evidence);
        }
        e << YAML::Key << "items" << YAML::Value << YAML::BeginSeq;
        for (const auto& it : st.items) {
          e << YAML::BeginMap;
          if (it.action >= 0) {
            e << YAML::Key << "action" << YAML::Value << Str{s.actions[it.action].id};
          } else {
            const Issue& is = s.issues[it.issue];
            e << YAML::Key << "issue" << YAML::Value << Str{is.id} << YAML::Key << "option" << YAML::Value;
            scalar(e, is.options[it.option].id);
            if (it.share.value != 1 || !it.share.evidence.empty() || it.share.dist) {
              e << YAML::Key << "share" << YAML::Value;
              param(e, it.share);
            }
            if (it.has_clawback) {
              e << YAML::Key << "clawback" << YAML::Value;
              param(e, it.clawback);
            }
            if (it.by != is.delivered_by) e << YAML::Key << "by" << YAML::Value << Str{s.actors[it.by].id};
          }
          if (!it.after.empty()) {
            e << YAML::Key << "after" << YAML::Value << YAML::BeginSeq;
            for (const auto& c : it.after) {
              const Issue& is = s.issues[c.issue];
              e << YAML::Flow << YAML::BeginMap << YAML::Key << "issue" << YAML::Value << Str{is.id} << YAML::Key
                << "option" << YAML::Value << YAML::Flow << YAML::BeginSeq;
              for (int o : c.options) scalar(e, is.options[o].id);
              e << YAML::EndSeq << YAML::EndMap;
            }
            e << YAML::EndSeq;
          }
          e << YAML::EndMap;
        }
        e << YAML::EndSeq << YAML::EndMap;
      }
      e << YAML::EndSeq << YAML::EndMap;
    }
    e << YAML::EndSeq;
  }
  if (!s.mediation.empty()) {
    e << YAML::Key << "mediation" << YAML::Value << YAML::BeginMap;
    for (const Mediation& md : s.mediation) {
      e << YAML::Key << Str{s.actors[md.mediator].id} << YAML::Value << YAML::BeginMap;
      if (!md.bias.empty()) {
        e << YAML::Key << "bias" << YAML::Value << YAML::BeginMap;
        for (const auto& [party, w] : md.bias) {
          e << YAML::Key << Str{s.actors[party].id} << YAML::Value;
          param(e, w);
        }
        e << YAML::EndMap;
      }
      e << YAML::Key << "cost_of_failure" << YAML::Value;
      param(e, md.cost_of_failure);
      if (md.observes_given)
        e << YAML::Key << "observes_reservations" << YAML::Value << (md.observes_reservations ? "true" : "false");
      if (!md.inducements.empty()) {
        e << YAML::Key << "inducements" << YAML::Value << YAML::BeginSeq;
        for (const Inducement& ind : md.inducements) {
          e << YAML::BeginMap << YAML::Key << "id" << YAML::Value << Str{ind.id};
          if (!ind.name.empty()) {
            e << YAML::Key << "name" << YAML::Value;
            text(e, ind.name);
          }
          e << YAML::Key << "funder" << YAML::Value << Str{s.actors[ind.funder].id} << YAML::Key << "budget" << YAML::Value;
          param(e, ind.budget);
          e << YAML::Key << "value" << YAML::Value << YAML::BeginMap;
          for (const auto& [party, v] : ind.value) {
            e << YAML::Key << Str{s.actors[party].id} << YAML::Value;
            param(e, v);
          }
          e << YAML::EndMap;
          if (!ind.evidence.empty()) {
            e << YAML::Key << "evidence" << YAML::Value;
            evidence(e, ind.evidence);
          }
          e << YAML::EndMap;
        }
        e << YAML::EndSeq;
      }
      if (!md.evidence.empty()) {
        e << YAML::Key << "evidence" << YAML::Value;
        evidence(e, md.evidence);
      }
      e << YAML::EndMap;
    }
    e << YAML::EndMap;
  }
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace parley
