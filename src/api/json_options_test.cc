// The JSON request reader shared by the Python module and `parley serve` (src/api/json_options.h),
// with a wording that shows every part of a problem, so the tests see what the reader passes on.
#include "api/json_options.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace parley {
namespace {

using json = nlohmann::json;

const char* kind_name(JsonKind k) {
  switch (k) {
    case JsonKind::string: return "string";
    case JsonKind::number: return "number";
    case JsonKind::integer: return "integer";
    case JsonKind::boolean: return "boolean";
    case JsonKind::strings: return "strings";
    case JsonKind::parameters: return "parameters";
  }
  return "?";
}

struct Thrown {
  std::vector<JsonProblem> problems;
};

class PlainWording : public JsonWording {
 public:
  explicit PlainWording(bool lenient = false) : lenient_(lenient) {}
  [[noreturn]] void not_object() const override { throw std::runtime_error("not an object"); }
  std::string unknown_key(const std::string& k, const std::string& allowed) const override {
    return "unknown " + k + " [" + allowed + "]";
  }
  std::string mistyped(const std::string& k, const json& v, JsonKind kind, const std::string& range) const override {
    return "type " + k + " " + v.dump() + " " + kind_name(kind) + (range.empty() ? "" : " " + range);
  }
  std::string out_of_range(const std::string& k, const json& v, const std::string& expected) const override {
    return "range " + k + " " + v.dump() + ": " + expected;
  }
  std::string invalid(const std::string& k, const std::string& detail) const override { return "invalid " + k + ": " + detail; }
  std::string bad_entry(const std::string& k, const std::string& entry, const json& v) const override {
    return "entry " + k + "." + entry + " " + v.dump();
  }
  [[noreturn]] void fail(const std::vector<JsonProblem>& problems) const override { throw Thrown{problems}; }
  bool one_string_is_a_list() const override { return lenient_; }

 private:
  bool lenient_;
};

// The problems `read` finds in `request` (allowed: `allowed`), as "T:text" (mistyped) or "V:text".
template <typename F>
std::vector<std::string> problems(const json& request, std::set<std::string> allowed, F&& read,
                                  const PlainWording& w = PlainWording()) {
  JsonOptions q(request, std::move(allowed), w);
  read(q);
  try {
    q.done();
  } catch (const Thrown& t) {
    std::vector<std::string> out;
    for (const auto& p : t.problems) out.push_back((p.mistyped ? "T:" : "V:") + p.text);
    return out;
  }
  return {};
}

TEST(JsonOptions, EveryProblemInReadOrderWithItsKindAndRange) {
  const json request = {{"lang", 5}, {"max_listed", -1}, {"seed", -2}, {"verification", "x"}, {"pareto", 1}};
  const auto got = problems(request, {"lang", "max_listed", "seed", "verification", "pareto"}, [](JsonOptions& q) {
    EXPECT_EQ(q.one_of("lang", "en", {"en", "zh-TW"}), "en");
    EXPECT_EQ(q.integer("max_listed", 1000, 0, 10), 1000);
    EXPECT_EQ(q.count("seed", 1), 1u);
    EXPECT_EQ(q.num("verification", 0.5, 0, 1), 0.5);
    EXPECT_TRUE(q.boolean("pareto", true));
  });
  const std::vector<std::string> want = {"T:type lang 5 string", "V:range max_listed -1: an integer from 0 to 10",
                                         "V:range seed -2: an integer of at least 0",
                                         "T:type verification \"x\" number from 0 to 1", "T:type pareto 1 boolean"};
  EXPECT_EQ(got, want);
}

TEST(JsonOptions, AKeyNotAllowedIsReportedOnceAndReadAsAbsent) {
  const json request = {{"threads", "many"}, {"at", "2019-13-45"}};
  const auto got = problems(request, {"set", "without"}, [](JsonOptions& q) {
    EXPECT_FALSE(q.has("threads"));
    EXPECT_EQ(q.integer("threads", 7, 0, 1024), 7);
    EXPECT_FALSE(q.what_if().at.has_value());
  });
  const std::vector<std::string> want = {"V:unknown at [set, without]", "V:unknown threads [set, without]"};
  EXPECT_EQ(got, want);
}

TEST(JsonOptions, AKeyReadTwiceIsReportedOnce) {
  const auto got = problems({{"at", 3}}, {"at"}, [](JsonOptions& q) {
    q.what_if();
    EXPECT_EQ(q.str("at"), "");
  });
  EXPECT_EQ(got, std::vector<std::string>{"T:type at 3 string"});
}

TEST(JsonOptions, HugeIntegersAreOutOfRangeNotWrapped) {
  const json request = {{"top", std::numeric_limits<std::uint64_t>::max()}, {"big", std::uint64_t{1} << 40}};
  const auto got = problems(request, {"top", "big"}, [](JsonOptions& q) {
    EXPECT_EQ(q.integer("top", 3, 0, 100), 3);
    EXPECT_EQ(q.count("big", 1), std::uint64_t{1} << 40);
  });
  EXPECT_EQ(got, std::vector<std::string>{"V:range top 18446744073709551615: an integer from 0 to 100"});
}

TEST(JsonOptions, WhatIfEntriesDatesAndTheOneStringLeniency) {
  const json request = {{"at", "2019-13-45"},
                        {"set", {{"US.reservation", "high"}, {"DPRK.reservation", std::nan("")}, {"X.weight", 0.25}}},
                        {"without", "summit"}};
  const std::set<std::string> what_if = {"at", "set", "without", "without_requirements"};
  WhatIf strict_w, lenient_w;
  const auto strict = problems(request, what_if, [&](JsonOptions& q) { strict_w = q.what_if(); });
  const std::vector<std::string> want = {"V:invalid at: '2019-13-45' is not a valid date; expected YYYY-MM-DD",
                                         "V:entry set.DPRK.reservation null", "T:entry set.US.reservation \"high\"",
                                         "T:type without \"summit\" strings"};
  EXPECT_EQ(strict, want);
  ASSERT_EQ(strict_w.overrides.size(), 1u);
  EXPECT_EQ(strict_w.overrides[0].path, "X.weight");
  const auto lenient = problems(request, what_if, [&](JsonOptions& q) { lenient_w = q.what_if(); }, PlainWording(true));
  EXPECT_EQ(lenient.size(), 3u);
  EXPECT_EQ(lenient_w.without, std::vector<std::string>{"summit"});
}

TEST(JsonOptions, BooleansAreNotNumbers) {
  const json request = {{"a", true}, {"b", false}, {"set", {{"X.y", true}}}};
  const auto got = problems(request, {"a", "b", "set"}, [](JsonOptions& q) {
    EXPECT_EQ(q.num("a", 0.5, 0, 1), 0.5);
    EXPECT_EQ(q.number("b", 2.0), 2.0);
    EXPECT_TRUE(q.what_if().overrides.empty());
  });
  EXPECT_EQ(got, (std::vector<std::string>{"T:type a true number from 0 to 1", "T:type b false number", "T:entry set.X.y true"}));
}

TEST(JsonOptions, NotAnObjectGoesToTheWording) {
  const PlainWording w;
  EXPECT_THROW(JsonOptions(json::array(), {}, w), std::runtime_error);
}

TEST(JsonOptions, TheParsersReadTheCommandsKeysWithTheFlagsDefaults) {
  const json request = {{"max_listed", 5}, {"method", "classes"}, {"packages", {"a=b"}}, {"threads", 4}};
  std::set<std::string> allowed = request_keys("analyze");
  EXPECT_FALSE(allowed.count("threads"));  // the server's keys: its own limits set the threads
  allowed.insert("threads");
  AnalyzeRequest req;
  EXPECT_TRUE(problems(request, allowed, [&](JsonOptions& q) { req = read_analyze(q); }).empty());
  EXPECT_EQ(req.max_listed, 5u);
  EXPECT_EQ(req.method, DealSpaceMethod::classes);
  EXPECT_EQ(req.packages, std::vector<std::string>{"a=b"});
  EXPECT_EQ(req.threads, 4);
  EXPECT_EQ(req.repair_changes, 2);
  MediateRequest m;
  EXPECT_TRUE(problems({{"holdout_risk", 7}}, request_keys("mediate"), [&](JsonOptions& q) { m = read_mediate(q); }).empty());
  EXPECT_EQ(m.holdout_risk, 7);  // any number: mediate_options checks it with the flag's wording
  ReportOptions r;
  EXPECT_TRUE(problems(json::object(), request_keys("report"), [&](JsonOptions& q) { r = read_report(q, 0, 100); }).empty());
  EXPECT_EQ(r.samples, 0u);
  EXPECT_EQ(problems({{"samples", 101}}, request_keys("report"), [&](JsonOptions& q) { read_report(q, 0, 100); }),
            std::vector<std::string>{"V:range samples 101: an integer from 0 to 100"});
}

}  // namespace
}  // namespace parley
