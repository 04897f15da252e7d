// GENIUS XML and GeniusWeb JSON: the conversions on small files written for these tests
// (tests/data/genius/, utilities computed by hand below), the quirk repairs, every domain of
// ../shared/validation/genius-domains/ (read in place), and export → import round trips that
// give the same utilities for every package.
#include "io/genius.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <cmath>
#include <fmt/format.h>
#include <map>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "io/xml_repair.h"
#include "model/compiled.h"

namespace parley {
namespace {

const std::string kTiny = PARLEY_SOURCE_DIR "/tests/data/genius/";
const std::string kShared = PARLEY_SOURCE_DIR "/../shared/validation/genius-domains/";

bool have_shared() { return std::filesystem::exists(kShared + "negmas-reference.json"); }

// Writes the scenario, loads it back, and checks that nothing was lost.
Scenario round_trip(const Scenario& s) {
  std::string yaml = scenario_to_yaml(s);
  Scenario b = load_scenario_text(yaml, s.id + ".yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  return b;
}

template <class F>
std::vector<std::string> diagnostics_of(F&& f) {
  std::vector<std::string> out;
  try {
    f();
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back(format_diagnostic(d));
  }
  return out;
}

std::vector<double> scores(const Scenario& s, const std::string& actor, const std::string& issue) {
  const Preferences* p = s.preferences_of(s.actor_index(actor));
  EXPECT_NE(p, nullptr) << actor;
  for (const auto& ip : p->issues)
    if (s.issues[ip.issue].id == issue) {
      std::vector<double> out;
      for (const auto& sc : ip.scores) out.push_back(sc.value);
      return out;
    }
  ADD_FAILURE() << "no issue " << issue;
  return {};
}

double salience(const Scenario& s, const std::string& actor, const std::string& issue) {
  for (const auto& ip : s.preferences_of(s.actor_index(actor))->issues)
    if (s.issues[ip.issue].id == issue) return ip.salience.value;
  return -1;
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, double tol = 1e-12) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
}

// Utility on the 0..1 scale of party `p` (compiled order) for option indices x.
double utility(const CompiledModel& m, std::size_t p, const Choice& x) {
  const UtilityFn& u = m.utilities[m.parties[p]];
  return u.to_utility(m.utility(m.parties[p], x));
}

// Every package's utilities (and the reservations) of two scenarios over the same deal space
// agree within tol; returns the largest difference.
double compare_utilities(const Scenario& a, const Scenario& b, double tol) {
  CompiledModel ma = compile(a), mb = compile(b);
  EXPECT_EQ(ma.n_options, mb.n_options);
  EXPECT_EQ(ma.parties.size(), mb.parties.size());
  if (ma.n_options != mb.n_options || ma.parties.size() != mb.parties.size()) return 1;
  double worst = 0;
  for (std::size_t p = 0; p < ma.parties.size(); ++p) {
    const UtilityFn &ua = ma.utilities[ma.parties[p]], &ub = mb.utilities[mb.parties[p]];
    worst = std::max(worst, std::abs(ua.to_utility(ua.reservation) - ub.to_utility(ub.reservation)));
  }
  Choice x(ma.n_options.size(), 0);
  for (std::uint64_t n = 0, total = ma.package_count(); n < total; ++n) {
    for (std::size_t p = 0; p < ma.parties.size(); ++p) worst = std::max(worst, std::abs(utility(ma, p, x) - utility(mb, p, x)));
    for (std::size_t i = x.size(); i-- > 0;) {
      if (++x[i] < ma.n_options[i]) break;
      x[i] = 0;
    }
  }
  EXPECT_LE(worst, tol);
  return worst;
}

// Writes an export's files into a fresh directory under the build's temporary folder.
std::vector<std::string> write_export(const GeniusExport& ex, const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("parley-genius-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::vector<std::string> paths;
  for (const auto& f : ex.files) {
    paths.push_back((dir / f.name).string());
    std::ofstream(paths.back(), std::ios::binary) << f.text;
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// GENIUS semantics on hand-made files

TEST(genius_test, tiny_domain_issues_and_options) {
  GeniusImport im = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml"});
  const Scenario s = round_trip(im.scenario);
  EXPECT_TRUE(im.warnings.empty());
  EXPECT_EQ(s.id, "tiny-domain");
  EXPECT_EQ(s.title.at("en"), "Tiny");
  EXPECT_EQ(s.title.at("zh-TW"), "Tiny");
  ASSERT_EQ(s.issues.size(), 3u);
  EXPECT_EQ(s.issues[0].id, "Colour");
  ASSERT_EQ(s.issues[0].options.size(), 3u);
  EXPECT_EQ(s.issues[0].options[2].id, "blue");
  // Integer: one option per whole number; real: 21 evenly spaced values, both ends included.
  ASSERT_EQ(s.issues[1].options.size(), 4u);
  EXPECT_EQ(s.issues[1].options[0].name.at("en"), "1");
  EXPECT_EQ(s.issues[1].options[0].id, "v1");
  ASSERT_EQ(s.issues[2].options.size(), 21u);
  EXPECT_EQ(s.issues[2].options[1].name.at("en"), "0.5");
  EXPECT_EQ(s.issues[2].options[20].name.at("en"), "10");
  ASSERT_EQ(s.actors.size(), 2u);
  EXPECT_EQ(s.actors[0].id, "tiny-a");
  EXPECT_EQ(s.actors[1].name.at("zh-TW"), "tiny-b");
  ASSERT_EQ(s.sources.size(), 3u);
  EXPECT_EQ(s.sources[1].title.at("en"), "tiny-a.xml");
}

TEST(genius_test, tiny_evaluators) {
  const Scenario s = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml",
                                                               kTiny + "tiny-c.xml"}).scenario;
  // A: discrete 2, 8, 4 divided by 8; integer clamp(-0.25·(v − 1) + 1); real clamp(1.2 − 0.1·x).
  expect_near_all(scores(s, "tiny-a", "Colour"), {25, 100, 50});
  expect_near_all(scores(s, "tiny-a", "Days"), {100, 75, 50, 25});
  auto price = scores(s, "tiny-a", "Price");
  EXPECT_NEAR(price[0], 100, 1e-12);   // 1.2 clamped at 1
  EXPECT_NEAR(price[4], 100, 1e-12);   // x = 2
  EXPECT_NEAR(price[10], 70, 1e-9);    // x = 5
  EXPECT_NEAR(price[20], 20, 1e-9);    // x = 10
  EXPECT_EQ(salience(s, "tiny-a", "Colour"), 500000);
  EXPECT_EQ(salience(s, "tiny-a", "Days"), 300000);
  EXPECT_EQ(salience(s, "tiny-a", "Price"), 200000);
  const Preferences* a = s.preferences_of(0);
  EXPECT_EQ(a->reservation.value, 0.4);
  ASSERT_EQ(a->reservation.evidence.size(), 1u);
  EXPECT_NE(a->reservation.evidence[0].note.find("discount factor 0.9"), std::string::npos);
  EXPECT_EQ(a->reservation.evidence[0].source, "profile-1");
  // B: discrete 30, 10, 20 divided by 30; integer clamp(0.3·(v − 1) + 0.1); triangular 2 / 8 / 12.
  expect_near_all(scores(s, "tiny-b", "Colour"), {100, 100.0 / 3, 200.0 / 3});
  expect_near_all(scores(s, "tiny-b", "Days"), {10, 40, 70, 100}, 1e-9);
  price = scores(s, "tiny-b", "Price");
  EXPECT_EQ(price[0], 0);
  EXPECT_NEAR(price[10], 50, 1e-9);   // x = 5: (5 − 2) / (8 − 2)
  EXPECT_NEAR(price[16], 100, 1e-9);  // x = 8, the top
  EXPECT_NEAR(price[20], 50, 1e-9);   // x = 10: 1 − (10 − 8) / (12 − 8)
  EXPECT_EQ(s.preferences_of(1)->reservation.value, 0.3);
  // C: evaluations already 0..1, integer from the profile's own lowerbound 0, constant 0.6;
  // weights add up to 0.75: scores times 0.75 keep GENIUS's utility, the reservation stays.
  expect_near_all(scores(s, "tiny-c", "Colour"), {0, 37.5, 75});
  expect_near_all(scores(s, "tiny-c", "Days"), {37.5, 75, 75, 75});
  for (double x : scores(s, "tiny-c", "Price")) EXPECT_NEAR(x, 45, 1e-12);
  EXPECT_EQ(s.preferences_of(2)->reservation.value, 0.6);

  // Utilities: A of (green, 1 day, 2.0) = 0.5 + 0.3 + 0.2; of (red, 4 days, 10) = 0.125 + 0.075 + 0.04.
  CompiledModel m = compile(s);
  EXPECT_NEAR(utility(m, 0, {1, 0, 4}), 1.0, 1e-12);
  EXPECT_NEAR(utility(m, 0, {0, 3, 20}), 0.24, 1e-12);
  // C of (blue, 2 days, any): GENIUS's 0.25·1 + 0.25·1 + 0.25·0.6.
  EXPECT_NEAR(utility(m, 2, {2, 1, 7}), 0.65, 1e-12);
}

TEST(genius_test, weights_above_one_are_warned) {
  GeniusImport im = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-c.xml", kTiny + "tiny-d.xml"});
  ASSERT_EQ(im.warnings.size(), 1u);
  EXPECT_EQ(im.warnings[0].loc.file, kTiny + "tiny-d.xml");
  EXPECT_EQ(im.warnings[0].loc.line, 3);
  EXPECT_NE(im.warnings[0].message.find("add up to 1.2"), std::string::npos) << im.warnings[0].message;
  EXPECT_NE(im.warnings[0].message.find("written as 0.5 "), std::string::npos) << im.warnings[0].message;
  // D's utility is GENIUS's unclamped one divided by 1.2; its reservation 0.6 / 1.2.
  const Scenario& s = im.scenario;
  EXPECT_EQ(s.preferences_of(2)->reservation.value, 0.5);
  CompiledModel m = compile(s);
  EXPECT_NEAR(utility(m, 2, {1, 0, 4}), 1.0, 1e-12);                        // GENIUS: min(1, 1.2)
  EXPECT_NEAR(utility(m, 2, {0, 3, 20}), (0.125 + 0.1 + 0.06) / 1.2, 1e-12);  // GENIUS: 0.285
}

TEST(genius_test, real_steps_option) {
  GeniusOptions opt;
  opt.real_steps = 5;
  const Scenario s = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml"}, opt).scenario;
  ASSERT_EQ(s.issues[2].options.size(), 5u);
  EXPECT_EQ(s.issues[2].options[1].name.at("en"), "2.5");
  expect_near_all(scores(s, "tiny-a", "Price"), {100, 95, 70, 45, 20}, 1e-9);
}

TEST(genius_test, quirks_are_repaired_with_one_warning_each) {
  GeniusImport q = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-quirks.xml", kTiny + "tiny-b.xml"});
  ASSERT_EQ(q.warnings.size(), 3u);
  const std::string f = kTiny + "tiny-quirks.xml";
  EXPECT_EQ(format_diagnostic(q.warnings[0], "warning").rfind(f + ":2:1: warning: XML declaration", 0), 0u);
  EXPECT_EQ(format_diagnostic(q.warnings[1], "warning").rfind(f + ":4:73: warning: bare '&'", 0), 0u);
  EXPECT_EQ(format_diagnostic(q.warnings[2], "warning").rfind(f + ":5:54: warning: no space between two attributes", 0), 0u);
  // The repaired profile reads as the clean one.
  const Scenario a = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml"}).scenario;
  for (const char* issue : {"Colour", "Days", "Price"}) EXPECT_EQ(scores(q.scenario, "tiny-quirks", issue), scores(a, "tiny-a", issue));
}

TEST(genius_test, repair_leaves_well_formed_xml_alone) {
  const std::string ok =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?><a x=\"1 &amp; 2 &#38; &#x26; &lt;\" y='q'><!-- a & b --><![CDATA[ & ]]>"
      "<?pi & ?>t &amp; u</a>";
  XmlRepair r = repair_xml(ok);
  EXPECT_EQ(r.text, ok);
  EXPECT_TRUE(r.repairs.empty());
  XmlRepair bad = repair_xml("<!-- c --><?xml version=\"1.0\"?><a b='1'c=\"2\">x & y</a>");
  EXPECT_EQ(bad.text, "<!-- c --><a b='1' c=\"2\">x &amp; y</a>");
  ASSERT_EQ(bad.repairs.size(), 3u);
  EXPECT_EQ(bad.repairs[0].offset, 10u);
  EXPECT_EQ(bad.repairs[1].offset, 39u);
  EXPECT_EQ(bad.repairs[2].offset, 47u);
  // Offsets map back to the original text: 'x' is at 45 there, 25 after the repairs.
  EXPECT_EQ(bad.text.find('x'), 25u);
  EXPECT_EQ(bad.original_offset(bad.text.find('x')), 45u);
}

// ---------------------------------------------------------------------------------------------
// GeniusWeb

TEST(genius_test, tiny_geniusweb) {
  GeniusImport im = import_geniusweb(kTiny + "tiny-web-domain.json", {kTiny + "tiny-web-a.json", kTiny + "tiny-web-b.json"});
  const Scenario s = round_trip(im.scenario);
  EXPECT_EQ(s.id, "tiny-web-domain");
  EXPECT_EQ(s.title.at("en"), "tinyweb");
  ASSERT_EQ(s.issues.size(), 2u);
  ASSERT_EQ(s.issues[1].options.size(), 5u);
  EXPECT_EQ(s.issues[1].options[1].name.at("en"), "12.5");
  EXPECT_EQ(s.issues[1].options[0].name.at("en"), "10.0");
  EXPECT_EQ(s.actors[0].id, "buyer");
  EXPECT_EQ(s.actors[1].id, "seller");
  // Discrete utilities as given (newer key); number utilities interpolated (0 outside the range).
  expect_near_all(scores(s, "buyer", "colour"), {20, 100, 60}, 0);
  expect_near_all(scores(s, "buyer", "amount"), {0, 25, 50, 75, 100}, 0);
  expect_near_all(scores(s, "seller", "colour"), {100, 0, 50}, 0);
  expect_near_all(scores(s, "seller", "amount"), {0, 100, 73.333333, 46.666667, 20}, 1e-12);
  // The reservation is the utility of the reservation bid: 0.4·0.6 + 0.6·0.5.
  EXPECT_NEAR(s.preferences_of(0)->reservation.value, 0.54, 1e-15);
  EXPECT_EQ(s.preferences_of(1)->reservation.value, 0);
  EXPECT_EQ(salience(s, "buyer", "colour"), 400000);
}

TEST(genius_test, geniusweb_errors_are_located) {
  auto dup = diagnostics_of([] {
    import_geniusweb_text({"d.json", "{\"name\": \"x\", \"issuesValues\": {\"a\": {\"values\": [\"p\"]},\n \"a\": {}}}"},
                          {{"p.json", "{}"}, {"q.json", "{}"}});
  });
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup[0].rfind("d.json:2:2: error: key 'a' appears twice", 0), 0u) << dup[0];
  auto syntax = diagnostics_of([] { import_geniusweb_text({"d.json", "{\"name\": \"x\",\n  \"issuesValues\" {}}"}, {}); });
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0].rfind("d.json:2:18: error: not valid JSON", 0), 0u) << syntax[0];
  // Several problems of several profiles at once.
  const std::string domain = "{\"name\": \"x\", \"issuesValues\": {\"a\": {\"values\": [\"p\", \"q\"]}}}";
  auto many = diagnostics_of([&] {
    import_geniusweb_text(
        {"d.json", domain},
        {{"p.json", "{\"LinearAdditiveUtilitySpace\": {\"issueUtilities\": {\"a\": {\"discreteutils\": {\"valueUtilities\": "
                    "{\"p\": 2}}}}, \"issueWeights\": {\"a\": \"1\"}}}"},
         {"q.json", "{\"SumOfGroupsUtilitySpace\": {}}"}});
  });
  ASSERT_EQ(many.size(), 4u);
  EXPECT_NE(many[0].find("p.json:1:"), std::string::npos);
  EXPECT_NE(many[3].find("q.json:1:2: error: SumOfGroupsUtilitySpace profiles"), std::string::npos) << many[3];
}

// ---------------------------------------------------------------------------------------------
// The shared domains, read in place

struct Case {
  std::string format, dir, domain;
  std::vector<std::string> profiles;
  std::uint64_t outcomes;
};

std::vector<Case> shared_cases() {
  std::vector<Case> out = {
      {"genius", "genius-xml/laptop", "Laptop-C-domain.xml", {"Laptop-C-prof1.xml", "Laptop-C-prof2.xml"}, 27},
      {"genius", "genius-xml/anac2010-ItexvsCypress", "ItexvsCypress_domain.xml",
       {"ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"}, 180},
      {"genius", "genius-xml/anac2013-SmartPhone", "SmartPhone.xml", {"SmartPhone_util1.xml", "SmartPhone_util2.xml"}, 12000},
      {"genius", "genius-xml/anac2015-politics", "Politics.xml",
       {"Politics_util1.xml", "Politics_util2.xml", "Politics_util3.xml"}, 23040},
      {"genius", "genius-xml/anac2012-TravelB", "Travel-B-domain.xml", {"Travel-B-prof1.xml", "Travel-B-prof2.xml"}, 188160},
      {"genius", "genius-xml/anac2012-EnergyA", "Energy-A-domain.xml", {"Energy-A-prof1.xml", "Energy-A-prof2.xml"}, 390625},
      {"genius", "genius-xml/anac2015-killer_robot", "KillerRobot.xml",
       {"KillerRobot_util1.xml", "KillerRobot_util2.xml", "KillerRobot_util3.xml", "KillerRobot_util4.xml",
        "KillerRobot_util5.xml"}, 240000},
      {"genius", "genius-xml/anac2016-AgentHp2", "energy_grid_domain.xml", {"consumer.xml", "producer.xml", "provider.xml"},
       5764801},
      {"geniusweb", "geniusweb-json/FlightBooking", "flightbooking.json", {"flightbooking1.json", "flightbooking2.json"}, 36},
  };
  for (int k = 0; k < 50; ++k) {
    std::string d = fmt::format("domain{:02}", k);
    std::ifstream sp(kShared + "geniusweb-json/anl2023/" + d + "/specials.json");
    std::stringstream ss;
    ss << sp.rdbuf();
    std::string t = ss.str();
    auto at = t.find("\"size\":");
    std::uint64_t size = at == std::string::npos ? 0 : std::stoull(t.substr(at + 7));
    out.push_back({"geniusweb", "geniusweb-json/anl2023/" + d, d + ".json", {"profileA.json", "profileB.json"}, size});
  }
  return out;
}

GeniusImport import_case(const Case& c) {
  std::vector<std::string> profiles;
  for (const auto& p : c.profiles) profiles.push_back(kShared + c.dir + "/" + p);
  return c.format == "genius" ? import_genius(kShared + c.dir + "/" + c.domain, profiles)
                              : import_geniusweb(kShared + c.dir + "/" + c.domain, profiles);
}

TEST(genius_test, every_shared_domain_imports) {
  if (!have_shared()) GTEST_SKIP() << "no " << kShared;
  for (const Case& c : shared_cases()) {
    SCOPED_TRACE(c.dir);
    GeniusImport im = import_case(c);
    const Scenario s = round_trip(im.scenario);
    EXPECT_EQ(s.actors.size(), c.profiles.size());
    EXPECT_EQ(compile(s).package_count(), c.outcomes);
    // Only the laptop's weights (1.000052) are more than 1e-9 away from 1.
    EXPECT_EQ(im.warnings.size(), c.dir == "genius-xml/laptop" ? 2u : 0u);
    for (const auto& a : s.actors) EXPECT_EQ(a.name.at("en"), a.name.at("zh-TW"));
  }
}

TEST(genius_test, shared_quirk_folders) {
  if (!have_shared()) GTEST_SKIP() << "no " << kShared;
  const std::string movie = kShared + "genius-xml/quirks/anac2015-movie-genius-template/";
  GeniusImport m = import_genius(movie + "movie.xml", {movie + "movie-profile1.xml", movie + "movie-profile2.xml",
                                                       movie + "movie-profile3.xml"});
  ASSERT_EQ(m.warnings.size(), 4u);
  EXPECT_EQ(format_diagnostic(m.warnings[0], "warning").rfind(movie + "movie.xml:13:42: warning: bare '&'", 0), 0u);
  EXPECT_EQ(format_diagnostic(m.warnings[1], "warning").rfind(movie + "movie-profile1.xml:12:57: warning: bare '&'", 0), 0u);
  EXPECT_EQ(format_diagnostic(m.warnings[2], "warning").rfind(movie + "movie-profile2.xml:12:58: warning: bare '&'", 0), 0u);
  EXPECT_EQ(format_diagnostic(m.warnings[3], "warning").rfind(movie + "movie-profile3.xml:12:57: warning: bare '&'", 0), 0u);
  EXPECT_EQ(round_trip(m.scenario).issues[0].options.size() * m.scenario.issues[1].options.size(), 4u);
  bool amp = false;
  for (const auto& is : m.scenario.issues)
    for (const auto& o : is.options) amp = amp || o.name.at("en") == "the good, the bad & the ugly";
  EXPECT_TRUE(amp);
  const std::string car = kShared + "genius-xml/quirks/anac2011-Car-genius-template/";
  GeniusImport c = import_genius(car + "adg.xml", {car + "adg_deal.xml", car + "adg_deal2.xml"});
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(format_diagnostic(c.warnings[0], "warning").rfind(car + "adg_deal.xml:46:58: warning: no space", 0), 0u);
  EXPECT_EQ(compile(round_trip(c.scenario)).package_count(), 15625u);
}

// GENIUS's non-linear utility, computed here from the XML by FORMAT.md's rules (and GENIUS 10.4's
// NonlinearUtilitySpace, UtilityFunction, Inclusive/ExclusiveHyperRectangle), independently of
// parley's reader: a rectangle scores utility × weight when every INCLUDES bound holds (EXCLUDES:
// when some bound fails; with both, only the EXCLUDES ones count; no bound: always); a ufun
// aggregates its rectangles, then its nested ufuns times their weights, by sum, min (starting
// from 2^31 − 1) or max (from −(2^31 − 1)); U = min(1, F / maxutility) of the first ufun.
struct GeniusNonlinear {
  pugi::xml_document doc;
  pugi::xml_node ufun;
  double max_utility = 1;
  std::map<int, std::size_t> position;  // issue index -> position in the domain
  std::vector<long long> lower;          // per domain issue: its lowerbound

  GeniusNonlinear(const std::string& domain, const std::string& profile) {
    pugi::xml_document d;
    EXPECT_TRUE(d.load_file(domain.c_str()));
    for (pugi::xml_node is : d.child("negotiation_template").child("utility_space").child("objective").children("issue")) {
      position[is.attribute("index").as_int()] = lower.size();
      lower.push_back(is.attribute("lowerbound").as_llong());
    }
    EXPECT_TRUE(doc.load_file(profile.c_str()));
    pugi::xml_node utility = doc.child("utility_space").child("objective").child("utility");
    max_utility = utility.attribute("maxutility").as_double();
    ufun = utility.child("ufun");
  }
  double rectangle(pugi::xml_node r, const Choice& x) const {
    const bool excludes = static_cast<bool>(r.child("EXCLUDES"));
    const double score = r.attribute("utility").as_double() * r.attribute("weight").as_double(1.0);
    bool all = true;
    for (pugi::xml_node b : r.children(excludes ? "EXCLUDES" : "INCLUDES")) {
      const std::size_t i = position.at(b.attribute("index").as_int());
      const long long v = lower[i] + x[i];
      all = all && b.attribute("min").as_llong() <= v && v <= b.attribute("max").as_llong();
    }
    return excludes ? (all ? 0.0 : score) : (all ? score : 0.0);
  }
  double aggregate(pugi::xml_node u, const Choice& x) const {
    std::string a = u.attribute("aggregation").value();
    for (char& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    double f = a == "min" ? 2147483647.0 : a == "max" ? -2147483647.0 : 0.0;
    auto add = [&](double v) { f = a == "min" ? std::min(f, v) : a == "max" ? std::max(f, v) : f + v; };
    for (pugi::xml_node r : u.children("hyperRectangle")) add(rectangle(r, x));
    for (pugi::xml_node inner : u.children("ufun")) add(aggregate(inner, x) * inner.attribute("weight").as_double(1.0));
    return f;
  }
  double utility(const Choice& x) const { return std::min(1.0, aggregate(ufun, x) / max_utility); }
};

TEST(genius_test, nonlinear_profiles_on_small_files) {
  const std::string d = kTiny + "int-domain.xml";
  const std::vector<std::string> profiles = {kTiny + "int-sum.xml", kTiny + "int-min.xml", kTiny + "int-max.xml"};
  GeniusImport im = import_genius(d, profiles);
  // One warning: int-sum.xml's rectangle with both INCLUDES and EXCLUDES (the EXCLUDES ones count).
  ASSERT_EQ(im.warnings.size(), 1u);
  EXPECT_NE(format_diagnostic(im.warnings[0], "warning").find("int-sum.xml:15:9: warning: this hyperRectangle has both"),
            std::string::npos);
  const Scenario s = round_trip(im.scenario);
  const Preferences& sum = s.preferences[0];
  ASSERT_TRUE(sum.has_boxes);
  EXPECT_EQ(sum.boxes.aggregate, Boxes::Aggregate::sum);
  EXPECT_EQ(sum.boxes.scale.value, 40);
  EXPECT_TRUE(sum.boxes.has_cap);
  EXPECT_EQ(sum.boxes.cap.value, 1);
  EXPECT_EQ(sum.boxes.terms.size(), 7u);  // six rectangles and the nested ufun's
  EXPECT_EQ(sum.reservation.value, 0.4);
  EXPECT_EQ(s.preferences[1].boxes.aggregate, Boxes::Aggregate::min);
  EXPECT_EQ(s.preferences[2].boxes.aggregate, Boxes::Aggregate::max);
  CompiledModel m = compile(s);
  ASSERT_EQ(m.package_count(), 48u);
  for (std::size_t p = 0; p < profiles.size(); ++p) {
    GeniusNonlinear g(d, profiles[p]);
    for (std::uint64_t n = 0; n < m.package_count(); ++n) {
      const Choice x = m.choice_of(n);
      EXPECT_NEAR(utility(m, p, x), g.utility(x), 1e-12) << profiles[p] << " package " << n;
    }
  }
  // A few values by hand: int-sum at a = 2, b = 3, c = 2 (values 2, 3, 2): 8·1.5 + 5 (a ≠ 0) + 3
  // − 4 (a = 2) + 6·2 (c = 2) = 28, over 40.
  EXPECT_NEAR(utility(m, 0, {2, 2, 2}), 28.0 / 40, 1e-15);
  // int-min at a = 0, b = 2, c = 0: min(9, 7, 16·0.5, 18·0.5) = 7, over 10.
  EXPECT_NEAR(utility(m, 1, {0, 1, 0}), 0.7, 1e-15);
  // int-max at a = 0, b = 1, c = 2: max(10, 1) = 10, over 8, capped at 1.
  EXPECT_EQ(utility(m, 2, {0, 0, 2}), 1.0);
}

TEST(genius_test, nonlinear_anac2014_profiles_give_genius_utilities) {
  if (!have_shared()) GTEST_SKIP() << "no " << kShared;
  const std::string d = kShared + "genius-xml/anac2014-10issuesDiscountedwithRV/";
  const std::string domain = d + "10issuesDiscountedwithRV-domain.xml";
  const std::vector<std::string> profiles = {d + "profile-1.xml", d + "profile-2.xml"};
  GeniusImport im = import_genius(domain, profiles);
  EXPECT_TRUE(im.warnings.empty());
  const Scenario s = round_trip(im.scenario);
  ASSERT_EQ(s.preferences.size(), 2u);
  for (const auto& pref : s.preferences) {
    EXPECT_EQ(pref.boxes.terms.size(), 20u);
    EXPECT_EQ(pref.reservation.value, 0.75);
  }
  CompiledModel m = compile(s);
  ASSERT_EQ(m.package_count(), 10'000'000'000u);
  ASSERT_EQ(m.blocks.size(), 1u);  // the boxes link every issue
  std::vector<GeniusNonlinear> g;
  for (const auto& p : profiles) g.emplace_back(domain, p);
  EXPECT_EQ(g[0].max_utility, 635);
  std::uint64_t seed = 0x414E4143;
  auto next = [&] {
    seed += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  int ones = 0;  // utilities above 0.5
  for (int k = 0; k < 20000; ++k) {
    const Choice x = m.choice_of(k == 0 ? 0 : k == 1 ? m.package_count() - 1 : next() % m.package_count());
    for (std::size_t p = 0; p < 2; ++p) {
      const double want = g[p].utility(x);
      ones += want > 0.5;
      ASSERT_NEAR(utility(m, p, x), want, 1e-12) << "party " << p << " package " << m.index_of(x);
    }
  }
  // Every rectangle of the files is reached by some sampled package (the comparison is not vacuous).
  EXPECT_GT(ones, 0);
}

TEST(genius_test, nonlinear_export_round_trip) {
  std::vector<std::pair<std::string, GeniusImport>> cases;
  cases.emplace_back("int", import_genius(kTiny + "int-domain.xml",
                                          {kTiny + "int-sum.xml", kTiny + "int-min.xml", kTiny + "int-max.xml"}));
  if (have_shared()) {
    const std::string d = kShared + "genius-xml/anac2014-10issuesDiscountedwithRV/";
    cases.emplace_back("anac2014", import_genius(d + "10issuesDiscountedwithRV-domain.xml",
                                                 {d + "profile-1.xml", d + "profile-2.xml"}));
  }
  for (const auto& [name, im] : cases) {
    SCOPED_TRACE(name);
    const Scenario s = load_scenario_text(scenario_to_yaml(im.scenario), name + ".yaml");
    GeniusExport ex = export_genius(s);
    auto files = write_export(ex, name + "-nonlinear");
    GeniusImport back = import_genius(files[0], std::vector<std::string>(files.begin() + 1, files.end()));
    const Scenario b = round_trip(back.scenario);
    ASSERT_EQ(b.preferences.size(), s.preferences.size());
    for (std::size_t k = 0; k < s.preferences.size(); ++k) {
      const Boxes &x = s.preferences[k].boxes, &y = b.preferences[k].boxes;
      EXPECT_EQ(x.aggregate, y.aggregate);
      EXPECT_EQ(x.scale.value, y.scale.value);
      ASSERT_EQ(x.terms.size(), y.terms.size());
      for (std::size_t t = 0; t < x.terms.size(); ++t) {
        EXPECT_EQ(x.terms[t].value.value, y.terms[t].value.value);
        EXPECT_EQ(x.terms[t].excludes, y.terms[t].excludes);
        ASSERT_EQ(x.terms[t].when.size(), y.terms[t].when.size());
        for (std::size_t c = 0; c < x.terms[t].when.size(); ++c) EXPECT_EQ(x.terms[t].when[c].options, y.terms[t].when[c].options);
      }
    }
    CompiledModel ma = compile(s), mb = compile(b);
    for (std::uint64_t n = 0; n < std::min<std::uint64_t>(ma.package_count(), 5000); ++n) {
      const Choice x = ma.choice_of(n * (ma.package_count() / std::min<std::uint64_t>(ma.package_count(), 5000)));
      for (std::size_t p = 0; p < ma.parties.size(); ++p) EXPECT_EQ(utility(ma, p, x), utility(mb, p, x));
    }
  }
}

TEST(genius_test, nonlinear_errors_are_located) {
  // A profile whose bound sits on a discrete issue: GENIUS's rectangles bound integer issues.
  auto errors = diagnostics_of([&] {
    import_genius(kTiny + "tiny-domain.xml", {PARLEY_SOURCE_DIR "/tests/data/bad/import-104-genius-nonlinear.xml",
                                              kTiny + "tiny-b.xml"});
  });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("import-104-genius-nonlinear.xml:12:21: error: bound on issue 1 'Colour', a discrete issue"),
            std::string::npos)
      << errors[0];
}

// ---------------------------------------------------------------------------------------------
// Export

TEST(genius_test, export_import_round_trip_gives_the_same_utilities) {
  std::vector<std::pair<std::string, GeniusImport>> cases;
  cases.emplace_back("tiny", import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml",
                                                                       kTiny + "tiny-c.xml", kTiny + "tiny-d.xml"}));
  cases.emplace_back("tinyweb", import_geniusweb(kTiny + "tiny-web-domain.json", {kTiny + "tiny-web-a.json", kTiny + "tiny-web-b.json"}));
  if (have_shared())
    for (const Case& c : shared_cases())
      if (c.outcomes <= 400000 && (c.dir.find("anl2023") == std::string::npos || c.dir.find("domain0") != std::string::npos))
        cases.emplace_back(c.dir, import_case(c));
  for (const auto& [name, im] : cases) {
    SCOPED_TRACE(name);
    // The scenario as a file, as `parley export` reads it.
    const Scenario s = load_scenario_text(scenario_to_yaml(im.scenario), name + ".yaml");
    std::string tag = name;
    for (char& ch : tag) ch = std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    auto genius = write_export(export_genius(s), tag + "-xml");
    Scenario back = import_genius(genius.front(), std::vector<std::string>(genius.begin() + 1, genius.end())).scenario;
    EXPECT_LE(compare_utilities(s, back, 1e-12), 1e-12) << "GENIUS round trip";
    std::filesystem::remove_all(std::filesystem::path(genius.front()).parent_path());
    // GeniusWeb gives a reservation as a bid: exported when some package is worth it (within
    // 1e-9), refused otherwise.
    GeniusExport wex;
    auto refused = diagnostics_of([&] { wex = export_geniusweb(s); });
    if (!refused.empty()) {
      for (const auto& e : refused) EXPECT_NE(e.find("is no package's utility"), std::string::npos) << e;
      continue;
    }
    auto web = write_export(wex, tag + "-json");
    Scenario back_web = import_geniusweb(web.front(), std::vector<std::string>(web.begin() + 1, web.end())).scenario;
    compare_utilities(s, back_web, 1e-9);
    std::filesystem::remove_all(std::filesystem::path(web.front()).parent_path());
  }
}

TEST(genius_test, export_keeps_the_discount_factor) {
  const Scenario s = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml"}).scenario;
  GeniusExport ex = export_genius(load_scenario_text(scenario_to_yaml(s), "tiny.yaml"));
  ASSERT_EQ(ex.files.size(), 3u);
  EXPECT_EQ(ex.files[0].name, "tiny-domain-domain.xml");
  EXPECT_EQ(ex.files[1].name, "tiny-a.xml");
  EXPECT_NE(ex.files[1].text.find("<discount_factor value=\"0.9\""), std::string::npos) << ex.files[1].text;
  EXPECT_NE(ex.files[1].text.find("<reservation value=\"0.4\""), std::string::npos);
  EXPECT_EQ(ex.files[2].text.find("discount_factor"), std::string::npos);
}

TEST(genius_test, export_refuses_what_it_cannot_express) {
  auto errors = diagnostics_of([] { export_genius(load_scenario_file(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml")); });
  ASSERT_FALSE(errors.empty());
  bool interaction = false, ratification = false;
  for (const auto& e : errors) {
    EXPECT_EQ(e.rfind(PARLEY_SOURCE_DIR "/scenarios/hanoi-2019.yaml:", 0), 0u) << e;
    interaction = interaction || e.find("interaction '") != std::string::npos;
    ratification = ratification || e.find("ratification rule") != std::string::npos;
  }
  EXPECT_TRUE(interaction);
  EXPECT_TRUE(ratification);
  // GeniusWeb gives a reservation as a bid: one that no package is worth is refused.
  Scenario tiny = import_genius(kTiny + "tiny-domain.xml", {kTiny + "tiny-a.xml", kTiny + "tiny-b.xml"}).scenario;
  tiny.preferences[1].reservation.value = 0.123456789;
  const Scenario t = load_scenario_text(scenario_to_yaml(tiny), "tiny.yaml");
  EXPECT_EQ(export_genius(t).files.size(), 3u);
  auto web = diagnostics_of([&] { export_geniusweb(t); });
  ASSERT_EQ(web.size(), 1u);
  EXPECT_NE(web[0].find("the reservation 0.123456789 of 'tiny-b' is no package's utility"), std::string::npos) << web[0];
  EXPECT_EQ(web[0].rfind("tiny.yaml:", 0), 0u) << web[0];
  // Boxes: GENIUS's non-linear profiles need boxes only for every party, ranges and cap 1;
  // GeniusWeb has no such profile.
  const Scenario boxes = load_scenario_text(R"(parley: 1
id: boxes
title: {en: Boxes, zh-TW: 區域}
date: 2020-01-01
actors:
  - {id: A, name: Alpha, role: party, capability: 50}
  - {id: B, name: Beta, role: party, capability: 50}
issues:
  - id: x
    name: X
    options: [{id: x0, name: "0"}, {id: x1, name: "1"}, {id: x2, name: "2"}]
preferences:
  A:
    reservation: 0.3
    boxes:
      scale: 10
      terms:
        - {id: a1, when: {x: [x0, x2]}, value: 5}
  B:
    reservation: 0.2
    issues:
      x: {salience: 1, scores: {x0: 100, x1: 50, x2: 0}}
)",
                                            "boxes.yaml");
  auto refused = diagnostics_of([&] { export_genius(boxes); });
  ASSERT_EQ(refused.size(), 3u);
  EXPECT_NE(refused[0].find("boxes.yaml:16:7: error: the boxes of 'A' have no cap"), std::string::npos) << refused[0];
  EXPECT_NE(refused[1].find("boxes.yaml:18:11: error: box 'a1' of 'A' lists options of issue 'x' that are not a range"),
            std::string::npos)
      << refused[1];
  EXPECT_NE(refused[2].find("boxes.yaml:19:3: error: the additive preferences of 'B' cannot be expressed next to "
                            "non-linear profiles"),
            std::string::npos)
      << refused[2];
  auto web_boxes = diagnostics_of([&] { export_geniusweb(boxes); });
  ASSERT_EQ(web_boxes.size(), 1u);
  EXPECT_NE(web_boxes[0].find("the boxes of 'A' cannot be expressed in GeniusWeb"), std::string::npos) << web_boxes[0];
}

}  // namespace
}  // namespace parley
