// parley validate deu FILE --model NAME: forecast every issue of a DEU-format table of EU
// decisions and score the forecasts against the recorded outcomes, beside the compromise model
// (run_validate_request in src/api/requests.cc, which the Python module calls too).
#include <fmt/format.h>

#include "api/requests.h"
#include "cli/command.h"
#include "render/forecast_render.h"

namespace parley::cli {

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
    ValidateRequest req;
    req.dataset = o->dataset;
    req.file = o->file;
    req.model = o->model;
    req.preset = o->preset;
    req.weights = o->weights;
    req.years = o->years;
    req.threads = o->threads;
    spatial_model_or_throw(req.model);  // an unknown model first, then the sets
    for (const auto& text : o->sets) {
      if (text.rfind("model.", 0) != 0)
        throw UsageError(fmt::format("--set {}: validate takes only model parameters (model.NAME=VALUE)", text));
      req.sets.push_back(parse_override(text));
    }
    const ValidationReport r = run_validate_request(req, [](const std::string& w) { fmt::print(stderr, "{}\n", w); });
    if (o->format == "json") print(validation_json(r).dump(2) + "\n");
    else print_text(validation_text(r));
    return 0;
  };
}

}  // namespace parley::cli
