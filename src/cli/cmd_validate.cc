// parley validate deu FILE --model NAME: forecast every issue of a DEU-format table of EU
// decisions and score the forecasts against the recorded outcomes, beside the compromise model.
#include <charconv>
#include <fmt/format.h>

#include "analyses/forecast/spatial.h"
#include "analyses/forecast/validate.h"
#include "cli/command.h"
#include "io/deu.h"
#include "render/forecast_render.h"

namespace parley::cli {

const SpatialModel& model_or_throw(const std::string& name);
std::map<std::string, double> split_model_sets(std::vector<std::string>& sets);

namespace {

// The issues of one proposal share a problem (actors: the union, in order of appearance).
std::vector<ValidationCase> cases_of(const std::vector<DeuIssue>& issues, bool group) {
  std::vector<ValidationCase> out;
  if (!group) {
    for (const auto& d : issues) out.push_back({d.id, d.year, d.problem, 0, d.problem.issues[0].outcome});
    return out;
  }
  auto proposal = [](const std::string& id) { return id.substr(0, id.rfind('i')); };
  std::map<std::string, SpatialProblem> merged;
  for (const auto& d : issues) {
    SpatialProblem& p = merged[proposal(d.id)];
    p.id = proposal(d.id);
    std::vector<std::size_t> index;
    for (const auto& a : d.problem.actors) {
      auto it = std::find(p.actors.begin(), p.actors.end(), a);
      if (it == p.actors.end()) {
        p.actors.push_back(a);
        for (auto& is : p.issues) {
          is.position.push_back(std::nan(""));
          is.salience.push_back(0);
          is.capability.push_back(0);
        }
        index.push_back(p.actors.size() - 1);
      } else {
        index.push_back(static_cast<std::size_t>(it - p.actors.begin()));
      }
    }
    SpatialIssue is = d.problem.issues[0];
    SpatialIssue wide = is;
    wide.position.assign(p.actors.size(), std::nan(""));
    wide.salience.assign(p.actors.size(), 0);
    wide.capability.assign(p.actors.size(), 0);
    for (std::size_t k = 0; k < index.size(); ++k) {
      wide.position[index[k]] = is.position[k];
      wide.salience[index[k]] = is.salience[k];
      wide.capability[index[k]] = is.capability[k];
    }
    p.issues.push_back(std::move(wide));
  }
  for (const auto& d : issues) {
    const SpatialProblem& p = merged[proposal(d.id)];
    for (std::size_t k = 0; k < p.issues.size(); ++k)
      if (p.issues[k].id == d.problem.issues[0].id) out.push_back({d.id, d.year, p, k, d.problem.issues[0].outcome});
  }
  return out;
}

// YEAR, FROM-TO, FROM- or -TO; 0 = no bound. Strict: the whole text must parse.
std::pair<int, int> parse_years(const std::string& text) {
  if (text.empty()) return {0, 0};
  auto bad = [&] {
    return UsageError(fmt::format("--years '{}': expected YEAR, FROM-TO, FROM- or -TO with four-digit years (e.g. "
                                  "1996-2003)",
                                  text));
  };
  auto year = [&](std::string_view part) {
    int y = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), y);
    if (ec != std::errc() || ptr != part.data() + part.size() || y < 1000 || y > 9999) throw bad();
    return y;
  };
  std::string_view t = text;
  auto dash = t.find('-');
  if (dash == std::string_view::npos) return {year(t), year(t)};
  if (dash == 0 && dash + 1 == t.size()) throw bad();
  int a = dash == 0 ? 0 : year(t.substr(0, dash));
  int b = dash + 1 == t.size() ? 0 : year(t.substr(dash + 1));
  if (a && b && a > b)
    throw UsageError(fmt::format("--years '{}': the first year is after the last", text));
  return {a, b};
}

}  // namespace

Runner add_validate(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "Score a forecasting model against recorded outcomes (DEU data set of "
                                             "EU decisions), beside the compromise model");
  struct Opts {
    std::string dataset, file, model, preset, format, weights, years;
    std::vector<std::string> sets;
    int threads = 0;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("DATASET", o->dataset, "Data set format: deu")->required()->check(CLI::IsMember({"deu"}));
  cmd->add_option("FILE", o->file, "The data file (e.g. the DEU table, tab separated)")->required();
  cmd->add_option("--model", o->model, "Model: mean, median, eum, exchange")->required();
  cmd->add_option("--preset", o->preset, "Named parameter set of the model");
  cmd->add_option("--set", o->sets, "Model parameter model.NAME=VALUE; repeatable")->take_all()->allow_extra_args(false);
  cmd->add_option("--weights", o->weights, "Capability weights: gdp-salience (the data's GDP proxy) or salience "
                                           "(capability 1)")
      ->check(CLI::IsMember({"gdp-salience", "salience"}))
      ->default_val("gdp-salience");
  cmd->add_option("--years", o->years, "Only proposals introduced in these years: YEAR, FROM-TO, FROM- or -TO");
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->default_val(0);
  add_format_flag(*cmd, o->format);
  return [o] {
    const SpatialModel& model = model_or_throw(o->model);
    auto sets = o->sets;
    auto model_sets = split_model_sets(sets);
    if (!sets.empty()) throw UsageError(fmt::format("--set {}: validate takes only model parameters (model.NAME=VALUE)", sets[0]));
    auto [from, to] = parse_years(o->years);
    auto issues = read_deu(o->file, o->weights == "salience" ? DeuWeights::salience : DeuWeights::gdp_salience);
    std::vector<DeuIssue> chosen;
    ValidationReport r;
    bool in_years = false;
    for (auto& d : issues) {
      if ((from && d.year < from) || (to && d.year > to)) continue;
      in_years = true;
      // An issue no model can forecast (e.g. every salience 0) is left out of the scores and
      // listed; it is also left out of its proposal's joint problem.
      if (std::string why = unscorable_reason(d.problem.issues[0]); !why.empty()) {
        fmt::print(stderr, "{}:{}:1: warning: issue '{}' skipped: {}\n", o->file, d.line, d.id, why);
        r.skipped.push_back({d.id, d.year, why});
        continue;
      }
      chosen.push_back(std::move(d));
    }
    if (!in_years)
      throw UsageError(fmt::format("--years '{}': no issue of {} was introduced in those years", o->years, o->file));
    if (chosen.empty())
      throw UsageError(fmt::format("{}: no issue{} can be scored: all {} were skipped (see the warnings)", o->file,
                                   o->years.empty() ? "" : fmt::format(" introduced in {}", o->years), r.skipped.size()));
    r.dataset = o->dataset;
    r.file = o->file;
    r.model = model.name();
    r.preset = o->preset;
    r.weights = o->weights;
    r.from_year = from;
    r.to_year = to;
    r.params = resolve_params(model, o->preset, model_sets);
    r.issues = score_cases(cases_of(chosen, model.multi_issue()), model, r.params, o->threads);
    if (model.multi_issue()) r.notes.push_back("The issues of one proposal are forecast jointly (one problem per proposal).");
    if (o->format == "json") print(validation_json(r).dump(2) + "\n");
    else print_text(validation_text(r));
    return 0;
  };
}

}  // namespace parley::cli
