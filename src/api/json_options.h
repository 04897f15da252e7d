// One reader of a JSON request's keys and one parser per command, for both front ends that take
// JSON: the Python module (api/commands.h, the CLI's flag names in its messages) and `parley
// serve` (serve/api.h, "key 'x'" in its messages). The reader checks each value's type and range
// and collects every problem of the request, then throws them at once; a JsonWording says how a
// problem is worded and what is thrown, and the front end says which keys a command allows (the
// server sets threads and budgets from its own limits and does not take those keys).
//
// | parser                | keys read (those the command allows)                                          |
// |-----------------------|--------------------------------------------------------------------------------|
// | JsonOptions::what_if  | at set without without_requirements                                          |
// | read_analyze          | what-if, lang threads pareto max_listed disagreement method packages repair_changes verification robustness |
// | read_timeline         | what-if, lang threads from to step agreement signed bargain                   |
// | read_sequence         | what-if, lang threads plan search start max_stages verification robustness    |
// | read_sweep            | what-if, lang samples seed threads plan sensitivity_samples sobol_samples sobol_parameters |
// | read_bargain_process  | from to step protocol first mediator tactics (bargain's and sweep --bargain's) |
// | read_bargain          | what-if, lang, the process, seed                                               |
// | read_mediate          | what-if, lang mediator start method seed holdout_risk anneal                   |
// | read_report           | what-if, lang samples seed max_points threads                                  |
// request_keys(COMMAND) is the set those parsers read for a command, less threads and budgets.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "api/requests.h"
#include "core/cost.h"
#include "report/report.h"
#include "scenario/what_if.h"

namespace parley {

// What kind of value a key expects (each wording names it in its own words: Python's list,
// dict and True for the Python module, JSON's array, object and true for the server).
enum class JsonKind { string, number, integer, boolean, strings, parameters };

// One problem of a request, in the order found: a value of the wrong type (Python's TypeError)
// or any other.
struct JsonProblem {
  bool mistyped = false;
  std::string text;
};

// How a front end words a request's problems and what it throws.
class JsonWording {
 public:
  virtual ~JsonWording() = default;
  // The request is not an object: thrown at once.
  [[noreturn]] virtual void not_object() const = 0;
  // A key the command does not take (`allowed`: the keys it takes, comma separated).
  virtual std::string unknown_key(const std::string& key, const std::string& allowed) const = 0;
  // A value of the wrong type; `range` ("from 0 to 1", "of at least 0" or empty) is the range the
  // key's number must be in.
  virtual std::string mistyped(const std::string& key, const nlohmann::json& value, JsonKind kind,
                               const std::string& range) const = 0;
  // A value of the right type outside what the key takes (`expected`: "an integer from 0 to 3").
  virtual std::string out_of_range(const std::string& key, const nlohmann::json& value,
                                   const std::string& expected) const = 0;
  // A text the key cannot parse (`detail`: "'2019-13-01' is not a valid date; expected YYYY-MM-DD").
  virtual std::string invalid(const std::string& key, const std::string& detail) const = 0;
  // An entry of an object of numbers (set's PATH: VALUE) that is not a number, or not a finite one
  // (a mistyped problem unless `value` is a number).
  virtual std::string bad_entry(const std::string& key, const std::string& entry, const nlohmann::json& value) const = 0;
  // Throws the problems (never called with none).
  [[noreturn]] virtual void fail(const std::vector<JsonProblem>& problems) const = 0;
  // Whether one string stands for a list of one where a list of strings is expected.
  virtual bool one_string_is_a_list() const { return false; }

 protected:
  // The kind's name in Python's words ("True or False", "a list of strings") or JSON's.
  static const char* noun(JsonKind kind, bool python);
};

// Reads one request's keys. A key the command does not allow is reported once and then read as
// absent; a key given null is absent. Each reader returns the fallback on a problem.
class JsonOptions {
 public:
  // Throws through wording.not_object() unless `request` is an object. The wording must outlive
  // the reader.
  JsonOptions(const nlohmann::json& request, std::set<std::string> allowed, const JsonWording& wording);

  bool has(const std::string& k) const;
  std::string str(const std::string& k, std::string fallback = "");
  double num(const std::string& k, double fallback, double lo, double hi);
  // A number of any value (the request's parser checks it).
  double number(const std::string& k, double fallback);
  std::int64_t integer(const std::string& k, std::int64_t fallback, std::int64_t lo, std::int64_t hi);
  // An integer of at least 0 (seeds, sample counts: the request's parser checks the upper bound).
  std::uint64_t count(const std::string& k, std::uint64_t fallback);
  bool boolean(const std::string& k, bool fallback);
  std::vector<std::string> strings(const std::string& k);
  std::string one_of(const std::string& k, std::string fallback, const std::vector<std::string>& values);
  // at, set, without, without_requirements (those the command allows).
  WhatIf what_if();
  // budget_seconds and budget_memory (docs/budgets.md).
  Budget budget();
  // Throws every problem found so far at once, through the wording.
  void done() const;

 private:
  // The key's value as given (null when absent or not allowed).
  const nlohmann::json& raw(const std::string& k) const;
  void mistyped(const std::string& k, JsonKind kind, const std::string& range = "");
  void out_of_range(const std::string& k, const std::string& expected);
  const nlohmann::json& j_;
  std::set<std::string> allowed_;
  const JsonWording& wording_;
  std::set<std::string> reported_;  // keys with a problem: each is reported once
  std::vector<JsonProblem> problems_;
};

// The keys the parsers below read for `command` (analyze, params, timeline, sequence, sweep,
// bargain, mediate, report), less threads and the process keys of timeline and sweep (bargain,
// by and the process's) and report's max_points: the keys `parley serve` takes.
std::set<std::string> request_keys(const std::string& command);

// The parsers: each reads its command's keys (see the table above) with the flags' defaults.
AnalyzeRequest read_analyze(JsonOptions& q);
TimelineRequest read_timeline(JsonOptions& q);
SequenceRequest read_sequence(JsonOptions& q);  // not its budget
SweepRequest read_sweep(JsonOptions& q, std::uint64_t default_samples = 10000);
void read_bargain_process(JsonOptions& q, BargainRequest& req);
BargainRequest read_bargain(JsonOptions& q);
MediateRequest read_mediate(JsonOptions& q);
ReportOptions read_report(JsonOptions& q, std::uint64_t default_samples, std::uint64_t max_samples);

}  // namespace parley
