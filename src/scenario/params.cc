#include "scenario/params.h"

#include "core/suggest.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <unordered_map>

namespace parley {

std::vector<ParamRef> list_params(Scenario& s) {
  std::vector<ParamRef> out;
  for (auto& a : s.actors) out.push_back({a.id + ".capability", &a.capability});
  for (auto& pref : s.preferences) {
    const std::string& actor = s.actors[pref.actor].id;
    if (pref.fallback < 0) out.push_back({actor + ".reservation", &pref.reservation});
    for (auto& ip : pref.issues) {
      const Issue& issue = s.issues[ip.issue];
      out.push_back({actor + "." + issue.id + ".salience", &ip.salience});
      for (std::size_t o = 0; o < ip.scores.size(); ++o)
        out.push_back({actor + "." + issue.id + "." + issue.options[o].id, &ip.scores[o]});
    }
    for (auto& in : pref.interactions) out.push_back({actor + "." + in.id + ".bonus", &in.bonus});
    if (pref.has_boxes) {
      out.push_back({actor + ".boxes.scale", &pref.boxes.scale});
      if (pref.boxes.has_cap) out.push_back({actor + ".boxes.cap", &pref.boxes.cap});
      for (auto& b : pref.boxes.terms) out.push_back({actor + "." + b.id + ".value", &b.value});
    }
  }
  for (auto& a : s.actors)
    if (a.has_influence) out.push_back({a.id + ".influence", &a.influence});
  for (auto& r : s.ratification) {
    const std::string& party = s.actors[r.party].id;
    if (r.rule == Ratification::Rule::weighted_majority) out.push_back({party + ".ratification.threshold", &r.threshold});
    else out.push_back({party + ".ratification.cost", &r.cost});
  }
  for (auto& e : s.events)
    for (std::size_t c = 0; c < e.changes.size(); ++c)
      if (e.changes[c].op != Change::Op::revert)
        out.push_back({"event." + e.id + "." + std::to_string(c + 1), &e.changes[c].amount});
  for (auto& d : s.deadlines) out.push_back({"deadline." + d.id + ".change", &d.change});
  for (auto& t : s.trust) out.push_back({s.actors[t.actor].id + ".trust." + s.actors[t.trustee].id, &t.value});
  for (auto& sp : s.support) {
    const std::string base = s.actors[sp.patron].id + ".support." + s.actors[sp.party].id;
    out.push_back({base, &sp.level});
    out.push_back({base + ".effect", &sp.effect});
  }
  for (auto& md : s.mediation) {
    const std::string& mid = s.actors[md.mediator].id;
    for (auto& [party, w] : md.bias) out.push_back({mid + ".bias." + s.actors[party].id, &w});
    out.push_back({mid + ".cost_of_failure", &md.cost_of_failure});
    for (auto& ind : md.inducements) {
      const std::string base = mid + ".inducement." + ind.id;
      out.push_back({base + ".budget", &ind.budget});
      for (auto& [party, v] : ind.value) out.push_back({base + "." + s.actors[party].id, &v});
    }
  }
  for (auto& i : s.issues) {
    if (i.delivered_by >= 0 || i.clawback.loc.line > 0) out.push_back({"issue." + i.id + ".clawback", &i.clawback});
    if (i.commitment.has_verification) out.push_back({"issue." + i.id + ".verification", &i.commitment.verification});
    for (auto& o : i.options) {
      // An option's own values, when it states them (otherwise the issue's apply).
      if (o.commitment.has_clawback) out.push_back({"issue." + i.id + "." + o.id + ".clawback", &o.commitment.clawback});
      if (o.commitment.has_verification)
        out.push_back({"issue." + i.id + "." + o.id + ".verification", &o.commitment.verification});
    }
  }
  for (auto& c : s.continuous) {
    if (c.has_reference) out.push_back({"issue." + c.id + ".reference", &c.reference});
    if (c.has_outcome) out.push_back({"issue." + c.id + ".outcome", &c.outcome});
    for (auto& p : c.positions) {
      const std::string base = s.actors[p.actor].id + "." + c.id;
      out.push_back({base + ".position", &p.position});
      out.push_back({base + ".salience", &p.salience});
      if (p.has_capability) out.push_back({base + ".capability", &p.capability});
    }
  }
  for (auto& a : s.actions) {
    for (auto& [actor, v] : a.value) out.push_back({"action." + a.id + "." + s.actors[actor].id, &v});
    out.push_back({"action." + a.id + ".clawback", &a.clawback});
  }
  for (auto& p : s.plans) {
    out.push_back({"plan." + p.id + ".cheat_rate", &p.cheat_rate});
    for (auto& st : p.stages) {
      out.push_back({"plan." + p.id + "." + st.id + ".verification", &st.verification});
      for (std::size_t k = 0; k < st.items.size(); ++k) {
        auto& it = st.items[k];
        const std::string base = "plan." + p.id + "." + st.id + "." + std::to_string(k + 1);
        if (it.issue >= 0 && it.share.loc.line > 0) out.push_back({base + ".share", &it.share});
        if (it.has_clawback) out.push_back({base + ".clawback", &it.clawback});
      }
    }
  }
  return out;
}

Param* find_param(Scenario& s, std::string_view path) {
  // One lookup: a scan of list_params keeps one source of truth. Many paths: apply_overrides
  // indexes the list once.
  for (auto& ref : list_params(s))
    if (ref.path == path) return ref.param;
  return nullptr;
}

Override parse_override(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw UsageError(fmt::format("--set expects PATH=VALUE (e.g. US.reservation=0.5), got '{}'", text));
  Override o;
  o.path = std::string(text.substr(0, eq));
  std::string_view num = text.substr(eq + 1);
  const char* end = num.data() + num.size();
  auto [ptr, ec] = std::from_chars(num.data(), end, o.value);
  if (ec != std::errc() || ptr != end || !std::isfinite(o.value))
    throw UsageError(fmt::format("--set {}: '{}' is not a number", o.path, num));
  return o;
}

void apply_overrides(Scenario& s, const std::vector<Override>& overrides) {
  if (overrides.empty()) return;
  std::vector<Diagnostic> diags;
  // The paths indexed once (the first of equal paths, as find_param), so n overrides cost
  // O(parameters + n), not O(parameters · n).
  const auto refs = list_params(s);
  std::unordered_map<std::string_view, Param*> at;
  at.reserve(refs.size());
  for (const auto& ref : refs) at.emplace(ref.path, ref.param);
  for (const auto& o : overrides) {
    SourceLoc loc{fmt::format("--set {}", o.path), 0, 0};
    auto it = at.find(o.path);
    Param* p = it == at.end() ? nullptr : it->second;
    if (!p) {
      std::vector<std::string> paths;
      paths.reserve(refs.size());
      for (const auto& ref : refs) paths.push_back(ref.path);
      std::string hint = did_you_mean(o.path, paths);
      diags.push_back({loc, fmt::format("unknown parameter path '{}'{}", o.path,
                                        hint.empty() ? "; run `parley params FILE` to list the paths of this scenario"
                                                     : hint)});
      continue;
    }
    if (o.value < p->lo || o.value > p->hi) {
      diags.push_back({loc, fmt::format("value {} is out of range; expected {} to {}", o.value, p->lo,
                                        std::isinf(p->hi) ? std::string("infinity") : fmt::format("{}", p->hi))});
      continue;
    }
    p->value = o.value;
  }
  if (!diags.empty()) throw InputError(std::move(diags));
}

}  // namespace parley
