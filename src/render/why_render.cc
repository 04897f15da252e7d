#include "render/why_render.h"

#include <cmath>
#include <fmt/format.h>

#include "render/deal_space_render.h"
#include "render/messages.h"

namespace parley {

using json = nlohmann::ordered_json;

const MessageTable& why_messages() {
  static const MessageTable t{
      "why",
      {
          {"list_sep", ", ", "、"},
          {"term_boxes", "the boxes", "區域項"},
          {"term_audience_cost", "the audience cost", "觀眾成本"},
          {"requirement_fails", "its requirement {} fails", "其要求「{}」未獲滿足"},
          {"requirements_fail", "its requirements {} fail", "其要求「{}」未獲滿足"},
          {"loss_and", " and ", " 與"},
          {"short_loss", "short by {}{}: the largest loss is {}", "差 {}{}，損失最大的是{}"},
          {"short_losses", "short by {}{}: the largest losses are {}", "差 {}{}，損失最大的是{}"},
          {"short", "short by {}{}", "差 {}{}"},
          {"opposer_requirement", "requirement {} fails", "要求「{}」未獲滿足"},
          {"opposer_veto", "a veto", "否決"},
          {"opposer_veto_more", ", a veto", "，否決"},
          {"opposer_weight", ", weight {}", "，權重 {}"},
          {"opposer", "{} ({})", "{}（{}）"},
          {"blocked_at_home", "blocked at home (approving share {}): opposed by {}", "國內無法批准（支持比例 {}）：{}反對"},
          {"rejects", "{} rejects: {}", "{}拒絕：{}"},
          {"clause_sep", "; ", "；"},
          {"no_repair_empty", "no repair: no package is acceptable to every party", "無法調整：沒有任何方案能讓所有當事方都接受"},
          {"no_repair_searched_one", "no repair within {} change (more were too many to search)",
           "變更 {} 處以內找不到可行的調整（更多處變更的組合太多，未搜尋）"},
          {"no_repair_searched", "no repair within {} changes (more were too many to search)",
           "變更 {} 處以內找不到可行的調整（更多處變更的組合太多，未搜尋）"},
          {"no_repair_one", "no repair within {} change", "變更 {} 處以內找不到可行的調整"},
          {"no_repair", "no repair within {} changes", "變更 {} 處以內找不到可行的調整"},
          {"change_sep", ", ", "，"},
          {"repair_one", "smallest repair: {} ({} change; costs the others {})", "最小調整：{}（變更 {} 處；其他當事方損失 {}）"},
          {"repair", "smallest repair: {} ({} changes; costs the others {})", "最小調整：{}（變更 {} 處；其他當事方損失 {}）"},
      }};
  return t;
}

namespace {

bool zh(const std::string& lang) { return lang == "zh-TW"; }

// The message `key` in `lang`, formatted with `args`.
template <typename... Args>
std::string msg(const std::string& lang, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(why_messages()(key, lang)), std::forward<Args>(args)...);
}

std::string actor_name(const Scenario& s, int actor, const std::string& lang) {
  return pick(s.actors[actor].name, lang, s.actors[actor].id);
}

const Requirement& requirement_at(const Scenario& s, int actor, int k) { return s.preferences_of(actor)->requirements[k]; }

// Requirement names (their id when unnamed), joined for prose.
std::string requirement_names(const Scenario& s, int actor, const std::vector<int>& positions, const std::string& lang) {
  std::string out;
  for (int k : positions) {
    const Requirement& q = requirement_at(s, actor, k);
    out += (out.empty() ? "" : msg(lang, "list_sep")) + pick(q.name, lang, q.id);
  }
  return out;
}

std::string term_name(const Scenario& s, const LossTerm& t, const std::string& lang) {
  switch (t.kind) {
    case LossTerm::Kind::issue: return pick(s.issues[t.issue].name, lang, s.issues[t.issue].id);
    case LossTerm::Kind::interaction: {
      const Interaction& in = s.preferences_of(t.actor)->interactions[t.index];
      return pick(in.name, lang, in.id);
    }
    case LossTerm::Kind::boxes: return msg(lang, "term_boxes");
    case LossTerm::Kind::audience_cost: return msg(lang, "term_audience_cost");
  }
  return "";
}

const char* kind_name(LossTerm::Kind k) {
  switch (k) {
    case LossTerm::Kind::issue: return "issue";
    case LossTerm::Kind::interaction: return "interaction";
    case LossTerm::Kind::boxes: return "boxes";
    case LossTerm::Kind::audience_cost: return "audience_cost";
  }
  return "?";
}

std::string num(double x) { return fmt::format("{:.3f}", x); }
// A loss shown as a negative number with a true minus sign: "−0.210".
std::string minus(double x) { return "\u2212" + num(x); }

// A share of the way between two options in words: the common fractions by name, others in
// percent (rounded to whole percent).
std::string fraction_words(double f, bool z) {
  const long pct = std::lround(100 * f);
  // (zh-TW: a number set off by spaces from the Chinese around it, "移動 7% 的距離".)
  if (pct < 1) return z ? "不到 1% " : "less than 1%";
  switch (pct) {
    case 25: return z ? "四分之一" : "a quarter";
    case 33: return z ? "三分之一" : "a third";
    case 50: return z ? "一半" : "half";
    case 67: return z ? "三分之二" : "two thirds";
    case 75: return z ? "四分之三" : "three quarters";
    default: return z ? fmt::format(" {}% ", pct) : fmt::format("{}%", pct);
  }
}

}  // namespace

json gap_json(const Scenario& s, const std::optional<IssueGap>& g) {
  if (!g) return nullptr;
  const Issue& is = s.issues[g->issue];
  return json{{"issue", is.id},
              {"from", is.options[g->from].id},
              {"lo", is.options[g->lo].id},
              {"hi", is.options[g->hi].id},
              {"fraction", round9(g->fraction)},
              {"steps", round9(g->steps)}};
}

std::string gap_text(const Scenario& s, const std::optional<IssueGap>& g, const std::string& lang) {
  if (!g) return "";
  const bool z = zh(lang);
  const Issue& is = s.issues[g->issue];
  auto opt = [&](int o) { return pick(is.options[o].name, lang, is.options[o].id); };
  const std::string issue = pick(is.name, lang, is.id);
  const bool whole = std::lround(100 * g->fraction) >= 100;  // shown as the whole step
  if (whole)
    return z ? fmt::format("相當於將「{}」從「{}」改為「{}」", issue, opt(g->from), opt(g->hi))
             : fmt::format("as much as moving {} from {} to {}", issue, opt(g->from), opt(g->hi));
  const std::string part = fraction_words(g->fraction, z);
  if (g->lo == g->from)
    return z ? fmt::format("相當於「{}」從「{}」往「{}」移動{}的距離", issue, opt(g->lo), opt(g->hi), part)
             : fmt::format("as much as {} of the way from {} to {} on {}", part, opt(g->lo), opt(g->hi), issue);
  return z ? fmt::format("相當於將「{}」從「{}」改為「{}」，再往「{}」移動{}的距離", issue, opt(g->from), opt(g->lo), opt(g->hi), part)
           : fmt::format("as much as moving {} from {} to {} and {} of the way on to {}", issue, opt(g->from), opt(g->lo),
                         part, opt(g->hi));
}

std::vector<std::string> requirement_ids(const Scenario& s, int actor, const std::vector<int>& positions) {
  std::vector<std::string> out;
  for (int k : positions) out.push_back(requirement_at(s, actor, k).id);
  return out;
}

std::vector<std::string> broken_ids(const Scenario& s, const CompiledModel& m, int fn, const std::vector<int>& broken) {
  std::vector<int> positions;
  for (int k : broken) positions.push_back(m.utilities[fn].requirements[k].index);
  return requirement_ids(s, m.utilities[fn].actor, positions);
}

json failed_requirements_json(const Scenario& s, const CompiledModel& m, const PackageValue& v) {
  json out = json::object();
  if (v.broken.empty()) return out;
  for (int fn : m.parties)
    if (!v.broken[fn].empty()) out[s.actors[m.utilities[fn].actor].id] = broken_ids(s, m, fn, v.broken[fn]);
  return out;
}

json why_json(const Scenario& s, const CompiledModel& m, const std::vector<PartyWhy>& why) {
  json out = json::object();
  for (const auto& w : why) {
    const int actor = m.utilities[m.parties[w.party]].actor;
    json terms = json::array();
    for (const auto& t : w.terms) {
      json tj{{"term", term_id(s, t)}, {"kind", kind_name(t.kind)}};
      if ((t.kind == LossTerm::Kind::interaction || t.kind == LossTerm::Kind::boxes) && t.actor != actor)
        tj["of"] = s.actors[t.actor].id;
      tj["value"] = round9(t.value);
      terms.push_back(std::move(tj));
    }
    json opposed = json::array();
    for (const auto& o : w.opposed_by)
      opposed.push_back(json{{"actor", s.actors[o.actor].id},
                             {"weight", round9(o.weight)},
                             {"shortfall", round9(o.shortfall)},
                             {"failed_requirements", requirement_ids(s, o.actor, o.broken)},
                             {"blocks", o.blocks}});
    json j{{"shortfall", round9(w.shortfall)},
           {"failed_requirements", requirement_ids(s, actor, w.broken)},
           {"terms", terms},
           {"opposed_by", opposed},
           {"ideal", round9(w.ideal)},
           {"utility", round9(w.utility)},
           {"reservation", round9(w.reservation)},
           {"in_issue_terms", gap_json(s, w.in_issue_terms)}};
    if (w.ratification) {
      j["ratified"] = w.ratified;
      j["approval"] = round9(w.approval);
    }
    out[s.actors[actor].id] = std::move(j);
  }
  return out;
}

json repair_json(const Scenario& s, const Choice& from, const Repair& r) {
  json changes = json::array();
  for (const auto& c : r.changes) {
    const Issue& is = s.issues[c.issue];
    changes.push_back(json{{"issue", is.id}, {"from", is.options[from[c.issue]].id}, {"to", is.options[c.option].id}});
  }
  return json{{"found", r.found},
              {"zopa_empty", r.zopa_empty},
              {"changes", changes},
              {"package", r.found ? package_json(s, r.package) : json(nullptr)},
              {"loss", r.found ? json(round9(r.loss)) : json(nullptr)},
              {"max_changes", r.max_changes},
              {"complete", r.complete}};
}

// " (as much as …)" / "（相當於…）" after a shortfall, or nothing.
static std::string gap_paren(const Scenario& s, const PartyWhy& w, const std::string& lang) {
  const std::string g = gap_text(s, w.in_issue_terms, lang);
  if (g.empty()) return "";
  return zh(lang) ? "（" + g + "）" : " (" + g + ")";
}

std::string why_text(const Scenario& s, const CompiledModel& m, const PartyWhy& w, const std::string& lang) {
  const int actor = m.utilities[m.parties[w.party]].actor;
  std::vector<std::string> clauses;
  if (!w.broken.empty()) {
    const std::string names = requirement_names(s, actor, w.broken, lang);
    clauses.push_back(msg(lang, w.broken.size() == 1 ? "requirement_fails" : "requirements_fail", names));
  }
  if (w.shortfall > 0 && !w.terms.empty()) {
    std::string losses;
    const std::size_t shown = std::min<std::size_t>(2, w.terms.size());
    for (std::size_t k = 0; k < shown; ++k) {
      if (k > 0) losses += msg(lang, "loss_and");
      losses += term_name(s, w.terms[k], lang) + " " + minus(w.terms[k].value);
    }
    clauses.push_back(msg(lang, shown == 1 ? "short_loss" : "short_losses", num(w.shortfall), gap_paren(s, w, lang), losses));
  } else if (w.shortfall > 0) {
    clauses.push_back(msg(lang, "short", num(w.shortfall), gap_paren(s, w, lang)));
  }
  if (w.at_home) {
    std::string who;
    for (const auto& o : w.opposed_by) {
      std::string detail;
      if (!o.broken.empty())
        detail = msg(lang, "opposer_requirement", requirement_names(s, o.actor, o.broken, lang));
      else if (o.shortfall > 0)
        detail = msg(lang, "short", num(o.shortfall), "");
      if (o.blocks) detail += msg(lang, detail.empty() ? "opposer_veto" : "opposer_veto_more");
      else detail += msg(lang, "opposer_weight", num(o.weight));
      who += (who.empty() ? "" : msg(lang, "list_sep")) + msg(lang, "opposer", actor_name(s, o.actor, lang), detail);
    }
    clauses.push_back(msg(lang, "blocked_at_home", num(w.approval), who));
  }
  std::string all;
  for (std::size_t k = 0; k < clauses.size(); ++k) all += (k ? msg(lang, "clause_sep") : "") + clauses[k];
  return msg(lang, "rejects", actor_name(s, actor, lang), all);
}

std::string repair_text(const Scenario& s, const Choice& from, const Repair& r, const std::string& lang) {
  if (r.zopa_empty) return msg(lang, "no_repair_empty");
  if (!r.found) {
    if (!r.complete)
      return msg(lang, r.searched_changes == 1 ? "no_repair_searched_one" : "no_repair_searched", r.searched_changes);
    return msg(lang, r.max_changes == 1 ? "no_repair_one" : "no_repair", r.max_changes);
  }
  std::string what;
  for (const auto& c : r.changes) {
    const Issue& is = s.issues[c.issue];
    what += (what.empty() ? "" : msg(lang, "change_sep")) + pick(is.name, lang, is.id) + " " +
            pick(is.options[from[c.issue]].name, lang, is.options[from[c.issue]].id) + " → " +
            pick(is.options[c.option].name, lang, is.options[c.option].id);
  }
  const std::size_t n = r.changes.size();
  return msg(lang, n == 1 ? "repair_one" : "repair", what, n, num(r.loss));
}

}  // namespace parley
