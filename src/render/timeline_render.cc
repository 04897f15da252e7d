#include "render/timeline_render.h"

#include <fmt/format.h>

#include "core/version.h"
#include "model/compiled.h"
#include "render/table.h"
#include "scenario/names.h"

namespace parley {

using json = nlohmann::ordered_json;

namespace {

// The issues of the agreement whose moves lapse, with the date each reverts, in issue order.
std::vector<std::pair<int, Date>> lapse_dates(const Scenario& s, const TimelineAgreement& a) {
  std::vector<std::pair<int, Date>> out;
  for (std::size_t i = 0; i < a.package.size(); ++i)
    if (auto lapse = lapse_of(s.issues[i], a.package[i]))
      out.emplace_back(static_cast<int>(i), add_duration(a.signed_on, *lapse));
  return out;
}

}  // namespace

TimelineProcess timeline_process(const Scenario& s, const BargainResult& b) {
  TimelineProcess tp;
  tp.result = to_string(b.outcome.kind);
  tp.from = b.from;
  tp.to = b.to;
  tp.step = fmt::format("{}{}", b.step.count, b.step.unit);
  if (b.outcome.kind != ProcessOutcome::Kind::no_agreement) {
    tp.date = b.dates[b.outcome.round];
    tp.round = b.outcome.round;
  }
  if (b.outcome.kind == ProcessOutcome::Kind::agreement) tp.package = b.packages.back();
  if (b.outcome.kind == ProcessOutcome::Kind::breakdown) {
    tp.party = s.actors[b.parties[b.outcome.walked].actor].id;
    tp.reason = b.outcome.why;
  }
  return tp;
}

json timeline_json(const Scenario& s, const TimelineResult& t, const RunInfo& info, const std::optional<TimelineProcess>& process) {
  json j = run_header(s, info);
  j.erase("date");
  CompiledModel m = compile(s);  // names of the utility functions, for the Nash utilities
  json rows = json::array();
  for (const auto& row : t.rows) {
    json ws = json::object();
    for (std::size_t p = 0; p < t.parties.size(); ++p)
      ws[s.actors[t.parties[p]].id] = p < row.win_set_size.size() ? row.win_set_size[p] : 0;
    json nash = nullptr;
    if (row.nash) nash = json{{"package", package_json(s, row.nash->choice)}, {"utilities", utilities_json(s, m, *row.nash)}};
    json r{{"date", format_date(row.date)}, {"zopa_size", row.zopa_size}, {"nash", nash}, {"win_set_size", ws}};
    if (!row.zopa_exact) r["zopa_exact"] = false;  // zopa_size is then a lower bound
    if (t.agreement) {
      json in_force = nullptr;
      if (row.in_force) {
        json lapsed = json::array(), acc = json::array();
        for (int i : row.lapsed) lapsed.push_back(s.issues[i].id);
        for (std::size_t p = 0; p < m.parties.size(); ++p)
          if (row.in_force->accepted[p]) acc.push_back(s.actors[m.utilities[m.parties[p]].actor].id);
        in_force = json{{"package", package_json(s, row.in_force->choice)},
                        {"lapsed", lapsed},
                        {"utilities", utilities_json(s, m, *row.in_force)},
                        {"accepted_by", acc}};
      }
      r["in_force"] = in_force;
    }
    rows.push_back(std::move(r));
  }
  j["from"] = t.rows.empty() ? json(nullptr) : json(format_date(t.rows.front().date));
  j["to"] = t.rows.empty() ? json(nullptr) : json(format_date(t.rows.back().date));
  j["first_zopa_date"] = t.first_zopa_date ? json(format_date(*t.first_zopa_date)) : json(nullptr);
  j["zopa_close_date"] = t.zopa_close_date ? json(format_date(*t.zopa_close_date)) : json(nullptr);
  if (t.agreement) {
    json lapses = json::array();
    for (const auto& [issue, date] : lapse_dates(s, *t.agreement))
      lapses.push_back(json{{"issue", s.issues[issue].id}, {"date", format_date(date)}});
    j["agreement"] = json{{"package", t.agreement->id},
                          {"signed", format_date(t.agreement->signed_on)},
                          {"lapses", lapses}};
  }
  json events = json::array();
  for (const auto& e : s.events)
    events.push_back(json{{"id", e.id}, {"date", format_date(e.date)},
                          {"removed", std::find(info.without.begin(), info.without.end(), e.id) != info.without.end()}});
  j["events"] = events;
  json deadlines = json::array();
  for (const auto& d : s.deadlines) deadlines.push_back(json{{"id", d.id}, {"date", format_date(d.date)}, {"path", d.path}});
  j["deadlines"] = deadlines;
  j["timeline"] = rows;
  if (process) {
    j["process"] = json{{"result", process->result},
                        {"date", process->date ? json(format_date(*process->date)) : json(nullptr)},
                        {"round", process->round >= 0 ? json(process->round) : json(nullptr)},
                        {"package", process->package ? package_json(s, *process->package) : json(nullptr)},
                        {"party", process->party.empty() ? json(nullptr) : json(process->party)},
                        {"reason", process->reason.empty() ? json(nullptr) : json(process->reason)},
                        {"from", format_date(process->from)},
                        {"to", format_date(process->to)},
                        {"step", process->step}};
  }
  if (t.cancelled) j["partial"] = true;
  return j;
}

std::string timeline_text(const Scenario& s, const TimelineResult& t, const RunInfo& info,
                          const std::optional<TimelineProcess>& process) {
  const bool z = info.lang == "zh-TW";
  std::string out = fmt::format("parley {} · timeline · {}\n{}\n\n", kVersion, s.id, pick(s.title, info.lang, s.id));
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  for (const auto& e : info.without_requirements) out += fmt::format("  --without-requirement {}\n", e);
  const std::string issue_order = issue_names(s, info.lang);
  out += z ? fmt::format("納許方案依議題順序列出選項：{}\n\n", issue_order)
           : fmt::format("Nash packages list options in issue order: {}\n\n", issue_order);
  std::vector<std::string> header{z ? "日期" : "date", "ZOPA"};
  std::vector<TextTable::Align> align{TextTable::Align::left, TextTable::Align::right};
  for (int p : t.parties) {
    header.push_back((z ? "贏集：" : "win-set ") + pick(s.actors[p].name, info.lang, s.actors[p].id));
    align.push_back(TextTable::Align::right);
  }
  header.push_back(z ? "納許議價解" : "Nash package");
  align.push_back(TextTable::Align::left);
  if (t.agreement) {
    header.push_back(z ? "生效中的協議" : "in force");
    align.push_back(TextTable::Align::left);
  }
  header.push_back(z ? "事件" : "events");
  align.push_back(TextTable::Align::left);
  TextTable table(header, align);
  for (std::size_t k = 0; k < t.rows.size(); ++k) {
    const auto& row = t.rows[k];
    std::vector<std::string> cells{format_date(row.date), fmt::format("{}{}", row.zopa_exact ? "" : ">= ", row.zopa_size)};
    for (std::size_t p = 0; p < t.parties.size(); ++p)
      cells.push_back(fmt::format("{}", p < row.win_set_size.size() ? row.win_set_size[p] : 0));
    cells.push_back(row.nash ? package_names(s, row.nash->choice, info.lang) : "-");
    if (t.agreement) {
      std::string cell = "-";
      if (row.in_force) {
        cell = package_names(s, row.in_force->choice, info.lang);
        bool all = true;
        for (bool a : row.in_force->accepted) all = all && a;
        if (!all) cell += z ? "（有當事方不接受）" : " (not accepted by all)";
      }
      cells.push_back(cell);
    }
    std::string marks;
    Date prev{k == 0 ? row.date.days - 1 : t.rows[k - 1].date.days};
    for (const auto& e : s.events)
      if (e.date > prev && e.date <= row.date) marks += (marks.empty() ? "" : (z ? "、" : "; ")) + pick(e.name, info.lang, e.id);
    for (const auto& d : s.deadlines)
      if (d.date > prev && d.date <= row.date)
        marks += (marks.empty() ? "" : (z ? "、" : "; ")) + pick(d.name, info.lang, d.id) + (z ? "（期限）" : " (deadline)");
    // The simulated agreement or breakdown, on the first row on or after its date.
    if (process && process->date && *process->date > prev && *process->date <= row.date)
      marks += (marks.empty() ? "" : (z ? "、" : "; ")) +
               std::string(process->result == "agreement" ? (z ? "模擬協議" : "simulated agreement")
                                                          : (z ? "模擬破裂" : "simulated breakdown"));
    cells.push_back(marks);
    table.add_row(cells);
  }
  out += table.render();
  out += "\n";
  // A ZOPA already there on the first date did not "become" non-empty within the range.
  const bool from_start = t.first_zopa_date && !t.rows.empty() && *t.first_zopa_date == t.rows.front().date;
  if (from_start)
    out += z ? fmt::format("可達成協議區間自期間起點（{}）即已存在。\n", format_date(*t.first_zopa_date))
             : fmt::format("The ZOPA is non-empty from the start of the range ({}).\n", format_date(*t.first_zopa_date));
  else
    out += t.first_zopa_date
               ? (z ? fmt::format("可達成協議區間首次出現於 {}。\n", format_date(*t.first_zopa_date))
                    : fmt::format("The ZOPA first becomes non-empty on {}.\n", format_date(*t.first_zopa_date)))
               : (z ? "此期間可達成協議區間始終為空。\n" : "The ZOPA stays empty over the whole period.\n");
  if (t.zopa_close_date)
    out += z ? fmt::format("可達成協議區間於 {} 關閉（自該日起為空）。\n", format_date(*t.zopa_close_date))
             : fmt::format("The ZOPA closes on {} (empty from that date).\n", format_date(*t.zopa_close_date));
  else if (t.first_zopa_date && !t.rows.empty())
    out += z ? fmt::format("可達成協議區間至期間終點（{}）仍未關閉。\n", format_date(t.rows.back().date))
             : fmt::format("The ZOPA is still open at the end of the range ({}).\n", format_date(t.rows.back().date));
  if (t.agreement) {
    const auto lapses = lapse_dates(s, *t.agreement);
    std::string list;
    for (const auto& [issue, date] : lapses) {
      const Issue& is = s.issues[issue];
      list += (list.empty() ? "" : (z ? "；" : "; ")) +
              (z ? fmt::format("{}於 {} 回到「{}」", pick(is.name, info.lang, is.id), format_date(date),
                               pick(is.options[0].name, info.lang, is.options[0].id))
                 : fmt::format("{} on {} (back to {})", pick(is.name, info.lang, is.id), format_date(date),
                               pick(is.options[0].name, info.lang, is.options[0].id)));
    }
    const std::string agreement = package_display_name(s, t.agreement->id, info.lang);
    out += z ? fmt::format("協議「{}」於 {} 簽署；{}\n", agreement, format_date(t.agreement->signed_on),
                           lapses.empty() ? "其中沒有會失效的措施。" : "失效的措施：" + list + "。")
             : fmt::format("Agreement “{}” signed on {}; {}\n", agreement, format_date(t.agreement->signed_on),
                           lapses.empty() ? "none of its moves lapses." : "its moves lapse: " + list + ".");
  }
  if (process) {
    std::string party = process->party;  // an actor id: its name
    for (const auto& a : s.actors)
      if (a.id == process->party) party = pick(a.name, info.lang, a.id);
    const std::string range = fmt::format("{} – {}", format_date(process->from), format_date(process->to));
    if (process->result == "agreement")
      out += z ? fmt::format("模擬談判（parley bargain，{}，每 {} 一回合）：於 {} 就 {} 達成協議。\n", range, process->step,
                             format_date(*process->date), package_names(s, *process->package, info.lang))
               : fmt::format("Simulated talks (parley bargain, {}, a round every {}): agreement on {} on {}.\n", range,
                             process->step, package_names(s, *process->package, info.lang), format_date(*process->date));
    else if (process->result == "breakdown")
      out += z ? fmt::format("模擬談判（parley bargain，{}，每 {} 一回合）：{} 於 {} 退出（{}），談判破裂。\n", range, process->step,
                             party, format_date(*process->date), process->reason)
               : fmt::format("Simulated talks (parley bargain, {}, a round every {}): breakdown, {} walks away on {} ({}).\n",
                             range, process->step, party, format_date(*process->date), process->reason);
    else
      out += z ? fmt::format("模擬談判（parley bargain，{}，每 {} 一回合）：至 {} 仍未達成協議。\n", range, process->step,
                             format_date(process->to))
               : fmt::format("Simulated talks (parley bargain, {}, a round every {}): no agreement by {}.\n", range,
                             process->step, format_date(process->to));
  }
  if (t.cancelled) out += z ? "（已中斷：結果不完整）\n" : "(interrupted: partial result)\n";
  return out;
}

}  // namespace parley
