#include "render/forecast_render.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/count.h"
#include "core/version.h"
#include "render/messages.h"
#include "render/table.h"

namespace parley {

using json = nlohmann::ordered_json;

const MessageTable& forecast_messages() {
  // The English names of models and stopping rules are the ids the user types and the JSON holds.
  static const MessageTable t{
      "forecast",
      {
          {"line", "\nIssue {}, model {}{}: forecast {} (baselines: weighted mean {}, weighted median {}; stopped by: {})\n\n",
           "\n議題{}，模型：{}{}；預測 {}（基準：加權平均 {}，加權中位數 {}；停止原因：{}）\n\n"},
          {"issue", "“{}” ({})", "「{}」（{}）"},
          {"preset", " ({})", "（參數組 {}）"},
          {"model_mean", "mean", "妥協模型（加權平均，mean）"},
          {"model_median", "median", "加權中位數（median）"},
          {"model_eum", "eum", "期望效用模型（eum）"},
          {"model_exchange", "exchange", "交換模型（exchange）"},
          {"model_anchored", "anchored", "錨定妥協模型（anchored）"},
          {"stop_rounds", "rounds", "達到回合上限"},
          {"stop_tolerance", "tolerance", "變動小於容許值"},
          {"stop_converged", "converged", "已收斂"},
          {"stop_single-shot", "single-shot", "一次計算"},
          {"stop_cancelled", "cancelled", "已取消"},
          {"col_round", "round", "回合"},
          {"col_median", "median", "中位數"},
          {"col_mean", "mean", "平均"},
          {"col_moved", "moved", "改變立場者"},
          {"col_actor", "actor", "行為者"},
          {"col_start", "start", "初始立場"},
          {"col_end", "end", "最終立場"},
      }};
  return t;
}

namespace {

// The message `key` in `lang`, formatted with `args`.
template <typename... Args>
std::string msg(const std::string& lang, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(forecast_messages()(key, lang)), std::forward<Args>(args)...);
}

// A model's or stopping rule's name: its message, or the id for one the table does not know
// (a model registered elsewhere).
std::string word(const std::string& lang, std::string_view prefix, const std::string& id) {
  auto text = forecast_messages().find(std::string(prefix) + id, lang);
  return text ? std::string(*text) : id;
}

json number_or_null(double x) { return std::isnan(x) ? json(nullptr) : json(round9(x)); }

json positions_json(const SpatialProblem& p, const std::vector<double>& x) {
  json j = json::object();
  for (std::size_t a = 0; a < x.size() && a < p.actors.size(); ++a)
    if (!std::isnan(x[a])) j[p.actors[a]] = round9(x[a]);
  return j;
}

std::string num(double x) { return std::isnan(x) ? "-" : fmt::format("{:.3f}", x); }

}  // namespace

json forecast_json(const SpatialProblem& p, const ForecastResult& r, json header) {
  json j = std::move(header);
  j["model"] = r.model;
  j["preset"] = r.preset.empty() ? json(nullptr) : json(r.preset);
  j["issue"] = r.issue;
  j["forecast"] = number_or_null(r.forecast);
  j["baseline"] = json{{"mean", number_or_null(r.baseline_mean)}, {"median", number_or_null(r.baseline_median)}};
  json params = json::object();
  for (const auto& [k, v] : r.params) params[k] = round9(v);
  j["params"] = params;
  j["stopped_by"] = r.stopped_by;
  if (!r.all_issues.empty()) {
    json all = json::object();
    for (const auto& [k, v] : r.all_issues) all[k] = number_or_null(v);
    j["all_issues"] = all;
  }
  json rounds = json::array();
  for (const auto& round : r.rounds) {
    json row{{"round", round.round},
             {"median", number_or_null(round.median)},
             {"mean", number_or_null(round.mean)},
             {"positions", positions_json(p, round.positions)}};
    for (const auto& [k, v] : round.per_actor) row[k] = positions_json(p, v);
    for (const auto& [k, v] : round.stats) row[k] = number_or_null(v);
    rounds.push_back(row);
  }
  j["rounds"] = rounds;
  j["notes"] = r.notes;
  return j;
}

std::string forecast_text(const SpatialProblem& p, const ForecastResult& r, const std::vector<std::string>& names,
                          const std::string& title, const RunInfo& info, const std::string& issue_name) {
  const std::string& lang = info.lang;
  std::string out = fmt::format("parley {} · forecast · {}\n{}\n", kVersion, p.id, title);
  for (const auto& o : info.overrides) out += fmt::format("  --set {}={}\n", o.path, o.value);
  for (const auto& e : info.without) out += fmt::format("  --without {}\n", e);
  for (const auto& e : info.without_requirements) out += fmt::format("  --without-requirement {}\n", e);
  out += msg(lang, "line", issue_name.empty() ? r.issue : msg(lang, "issue", issue_name, r.issue), word(lang, "model_", r.model),
             r.preset.empty() ? std::string() : msg(lang, "preset", r.preset), num(r.forecast), num(r.baseline_mean),
             num(r.baseline_median), word(lang, "stop_", r.stopped_by));
  TextTable rounds({msg(lang, "col_round"), msg(lang, "col_median"), msg(lang, "col_mean"), msg(lang, "col_moved")},
                   {TextTable::Align::right, TextTable::Align::right, TextTable::Align::right, TextTable::Align::right});
  for (std::size_t k = 0; k < r.rounds.size(); ++k) {
    int moved = 0;
    if (k > 0)
      for (std::size_t a = 0; a < r.rounds[k].positions.size(); ++a)
        moved += !std::isnan(r.rounds[k].positions[a]) && std::abs(r.rounds[k].positions[a] - r.rounds[k - 1].positions[a]) > 1e-9;
    rounds.add_row({fmt::format("{}", r.rounds[k].round), num(r.rounds[k].median), num(r.rounds[k].mean),
                    k == 0 ? "-" : fmt::format("{}", moved)});
  }
  out += rounds.render();
  if (!r.rounds.empty()) {
    const auto& first = r.rounds.front().positions;
    const auto& last = r.rounds.back().positions;
    TextTable actors({msg(lang, "col_actor"), msg(lang, "col_start"), msg(lang, "col_end")},
                     {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
    for (std::size_t a = 0; a < first.size(); ++a) {
      if (std::isnan(first[a])) continue;
      actors.add_row({a < names.size() ? names[a] : p.actors[a], num(first[a]), num(last[a])});
    }
    out += fmt::format("\n{}", actors.render());
  }
  for (const auto& n : r.notes) out += fmt::format("\n{}", n);
  if (!r.notes.empty()) out += "\n";
  return out;
}

json validation_json(const ValidationReport& r) {
  json j{{"engine", "parley"}, {"version", kVersion}, {"command", "validate"}, {"dataset", r.dataset},
         {"file", r.file},     {"model", r.model},     {"preset", r.preset.empty() ? json(nullptr) : json(r.preset)},
         {"weights", r.weights}};
  json params = json::object();
  for (const auto& [k, v] : r.params) params[k] = round9(v);
  j["params"] = params;
  j["years"] = json{{"from", r.from_year ? json(r.from_year) : json(nullptr)}, {"to", r.to_year ? json(r.to_year) : json(nullptr)}};
  j["issues"] = r.issues.size();
  j["mae"] = number_or_null(mean_abs_error(r.issues, false));
  j["median_ae"] = number_or_null(median_abs_error(r.issues, false));
  j["baseline"] = json{{"model", "mean"},
                       {"mae", number_or_null(mean_abs_error(r.issues, true))},
                       {"median_ae", number_or_null(median_abs_error(r.issues, true))}};
  json per = json::array();
  for (const auto& s : r.issues)
    per.push_back(json{{"id", s.id}, {"year", s.year}, {"forecast", round9(s.forecast)}, {"outcome", round9(s.outcome)},
                       {"baseline", round9(s.baseline)}});
  j["per_issue"] = per;
  json skipped = json::array();
  for (const auto& s : r.skipped) skipped.push_back(json{{"id", s.id}, {"year", s.year}, {"reason", s.reason}});
  j["skipped"] = skipped;
  j["notes"] = r.notes;
  return j;
}

std::string validation_text(const ValidationReport& r) {
  std::string out = fmt::format("parley {} · validate {} · {}\n", kVersion, r.dataset, r.file);
  out += fmt::format("model {}{} on {} ({} weights{})\n\n", r.model, r.preset.empty() ? std::string() : fmt::format(" ({})", r.preset),
                     plural(r.issues.size(), "issue"), r.weights,
                     r.from_year || r.to_year ? fmt::format(", years {}-{}", r.from_year ? std::to_string(r.from_year) : "",
                                                            r.to_year ? std::to_string(r.to_year) : "")
                                              : "");
  TextTable t({"", "mean abs. error", "median abs. error"},
              {TextTable::Align::left, TextTable::Align::right, TextTable::Align::right});
  t.add_row({r.model, fmt::format("{:.2f}", mean_abs_error(r.issues, false)), fmt::format("{:.2f}", median_abs_error(r.issues, false))});
  t.add_row({"mean (baseline)", fmt::format("{:.2f}", mean_abs_error(r.issues, true)),
             fmt::format("{:.2f}", median_abs_error(r.issues, true))});
  out += t.render();
  for (const auto& n : r.notes) out += fmt::format("\n{}", n);
  if (!r.notes.empty()) out += "\n";
  if (!r.skipped.empty()) {
    out += fmt::format("\nSkipped (not scored) {} issue{}:\n", r.skipped.size(), r.skipped.size() == 1 ? "" : "s");
    for (const auto& s : r.skipped) out += fmt::format("  {}: {}\n", s.id, s.reason);
  }
  return out;
}

}  // namespace parley
