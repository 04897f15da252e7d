// The importers on the real files (tests/data/validation/: copies of ../shared/validation/) and
// on malformed inputs; every imported scenario is written and loaded back.
#include "io/importers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "core/error.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "model/spatial.h"

namespace parley {
namespace {

const std::string kData = PARLEY_SOURCE_DIR "/tests/data/validation/";

// Writes the scenario, loads it back and checks that nothing was lost.
Scenario round_trip(const Scenario& s) {
  std::string yaml = scenario_to_yaml(s);
  Scenario b = load_scenario_text(yaml, s.id + ".yaml");
  EXPECT_EQ(scenario_to_yaml(b), yaml);
  return b;
}

template <class F>
std::string diagnostics_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += format_diagnostic(d) + "\n";
    return out;
  }
  return "";
}

const ContinuousPosition& position_of(const Scenario& s, const ContinuousIssue& c, const std::string& actor) {
  int a = s.actor_index(actor);
  auto it = std::find_if(c.positions.begin(), c.positions.end(), [&](const auto& p) { return p.actor == a; });
  EXPECT_NE(it, c.positions.end()) << actor;
  return *it;
}

// ---------------------------------------------------------------------------------------------

TEST(importers_test, actors_csv_emissions) {
  Scenario s = round_trip(import_actors_csv(kData + "ec-emissions-bdm94.csv"));
  EXPECT_EQ(s.id, "ec-emissions-bdm94");
  EXPECT_EQ(s.title.at("en"), "ec-emissions-bdm94");
  EXPECT_EQ(s.title.at("zh-TW"), "ec-emissions-bdm94");
  EXPECT_EQ(format_date(s.date), kImportDefaultDate);
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.sources[0].title.at("en"), "ec-emissions-bdm94.csv");
  ASSERT_EQ(s.actors.size(), 10u);
  EXPECT_TRUE(s.issues.empty());
  EXPECT_TRUE(s.preferences.empty());
  for (const auto& a : s.actors) EXPECT_EQ(a.role, Role::party);
  const Actor& be = s.actors[s.actor_index("Belgium")];
  EXPECT_EQ(be.capability.value, 0.08);  // no capability exceeds 100: as given
  EXPECT_EQ(be.name.at("zh-TW"), "Belgium");
  ASSERT_EQ(s.continuous.size(), 1u);
  const ContinuousIssue& c = s.continuous[0];
  EXPECT_EQ(c.id, "position");
  EXPECT_EQ(c.lo, 0);  // every position lies in 0..100
  EXPECT_EQ(c.hi, 100);
  EXPECT_FALSE(c.has_reference);
  EXPECT_FALSE(c.has_outcome);
  EXPECT_EQ(position_of(s, c, "Belgium").position.value, 7);
  EXPECT_EQ(position_of(s, c, "Belgium").salience.value, 40);
  EXPECT_FALSE(position_of(s, c, "Belgium").has_capability);
  // The README's oracle: capability × salience weighted mean 7.389955686853767.
  SpatialProblem p = spatial_problem(s);
  EXPECT_NEAR(weighted_mean(p.issues[0], p.issues[0].position), 7.389955686853767, 1e-12);
  EXPECT_NE(s.description.at("en").find("Capabilities as given"), std::string::npos);
}

// Many names that make the same id: x, x-2, x-3, ... in row order, skipping an id another row
// already has (x-3 here); the import loads back with every actor (10^4 rows).
TEST(importers_test, actors_csv_many_rows_with_repeated_ids) {
  const int n = 10000;
  std::string csv = "actor,capability,position,salience\nx-3,1,50,50\n";
  const char marks[] = "!@#$%^&*";
  for (int k = 0; k < n - 1; ++k) {
    std::string name = "x";
    for (int v = k; v > 0; v /= 8) name += marks[v % 8];  // unique text, all made into id x
    csv += "\"" + name + "\"," + std::to_string(k % 100) + "," + std::to_string(k % 97) + ",50\n";
  }
  Scenario s = import_actors_csv_text(csv, "many.csv");
  ASSERT_EQ(s.actors.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(s.actors[0].id, "x-3");
  EXPECT_EQ(s.actors[1].id, "x");
  EXPECT_EQ(s.actors[2].id, "x-2");
  EXPECT_EQ(s.actors[3].id, "x-4");
  EXPECT_EQ(s.actors[n - 1].id, "x-" + std::to_string(n));
  Scenario b = round_trip(s);
  ASSERT_EQ(b.actors.size(), static_cast<std::size_t>(n));
  ASSERT_EQ(b.continuous.at(0).positions.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(b.actor_index("x-" + std::to_string(n)), n - 1);
  EXPECT_EQ(b.continuous[0].positions[n - 1].position.value, (n - 2) % 97);
}

TEST(importers_test, actors_csv_options_and_ranges) {
  const std::string csv = "Actor,Position,Salience,Capability\nA,-3.5,50,200\nB,140,100,50\n";
  Scenario s = round_trip(import_actors_csv_text(csv, "dir/my file.csv"));
  EXPECT_EQ(s.id, "my_file");
  EXPECT_EQ(s.continuous[0].lo, -4);  // floor(min), ceil(max)
  EXPECT_EQ(s.continuous[0].hi, 140);
  EXPECT_EQ(s.actors[0].capability.value, 100);  // rescaled: 200 is the largest
  EXPECT_EQ(s.actors[1].capability.value, 25);
  EXPECT_NE(s.description.at("en").find("divided by 200"), std::string::npos);
  ImportOptions opt;
  opt.issue = "years";
  opt.range = std::pair{-10.0, 200.0};
  Scenario t = round_trip(import_actors_csv_text(csv, "x.csv", opt));
  EXPECT_EQ(t.continuous[0].id, "years");
  EXPECT_EQ(t.continuous[0].lo, -10);
  EXPECT_EQ(t.continuous[0].hi, 200);
  opt.range = std::pair{0.0, 100.0};
  EXPECT_EQ(diagnostics_of([&] { import_actors_csv_text(csv, "x.csv", opt); }),
            "x.csv:2:3: error: position -3.5 lies outside --range 0,100\n"
            "x.csv:3:3: error: position 140 lies outside --range 0,100\n");
  // Equal positions outside 0..100 still get a range of positive width.
  Scenario u = round_trip(import_actors_csv_text("actor,capability,position,salience\nA,1,150,5\nB,1,150,5\n", "u.csv"));
  EXPECT_EQ(u.continuous[0].lo, 150);
  EXPECT_EQ(u.continuous[0].hi, 151);
}

// A capability that rescaling to 0..100 would turn into 0 (1e-308 next to 1e308) is refused at
// its field, in every format; 1e-300 times the largest is still kept.
TEST(importers_test, capabilities_lost_in_rescaling_are_refused) {
  const std::string msg = " is less than 1e-300 times the largest, 1e+308: rescaled to 0..100 it would become 0; "
                          "expected at least 1e-300 times the largest, or 0\n";
  EXPECT_EQ(diagnostics_of([] {
              import_actors_csv_text("actor,capability,position,salience\nA,1e-308,10,5\nB,1e308,20,5\nC,0,30,5\n",
                                     "c.csv");
            }),
            "c.csv:2:3: error: capability 1e-308" + msg);
  EXPECT_EQ(diagnostics_of([] {
              import_ktab_text("s,d,2,1\nActor,Description,Capability,xPosition,xSalience\nA,a,1e-308,2,5\n"
                               "B,b,1e308,2,5\n",
                               "k.csv");
            }),
            "k.csv:3:5: error: capability 1e-308" + msg);
  EXPECT_EQ(diagnostics_of([] {
              import_decide_text("#A A\n#A B\n#P x\n#M x 0\n#M x 10\n#D A x 1 50 1e-308\n#D B x 2 20 1e308\n", "d.txt");
            }),
            "d.txt:6:13: error: power 1e-308" + msg);
  Scenario kept = round_trip(
      import_actors_csv_text("actor,capability,position,salience\nA,1e-290,10,5\nB,1e8,20,5\n", "k.csv"));
  EXPECT_GT(kept.actors[0].capability.value, 0);
  EXPECT_EQ(kept.actors[1].capability.value, 100);
}

// A field longer than 1 MiB (it would be written twice, en and zh-TW, into a file of at most
// 16 MiB) is refused where it stands, before any scenario is built.
TEST(importers_test, over_long_fields_are_refused) {
  const std::string name(std::size_t{1} << 20, 'n');
  EXPECT_EQ(diagnostics_of([&] {
              import_actors_csv_text("actor,capability,position,salience\n" + name + "x,1,10,5\nB,1,20,5\n", "n.csv");
            }),
            "n.csv:2:1: error: field is 1048577 bytes long; expected at most 1048576 bytes (1 MiB) per field: "
            "imported text is written into a scenario file of at most 16 MiB\n");
  EXPECT_EQ(diagnostics_of([&] {
              import_decide_text("#A A\n#A B '" + name + "y'\n#P x\n#M x 0\n#M x 10\n#D A x 1 50 1\n", "d.txt");
            }),
            "d.txt:2:6: error: field is 1048577 bytes long; expected at most 1048576 bytes (1 MiB) per field: "
            "imported text is written into a scenario file of at most 16 MiB\n");
  Scenario fits = round_trip(import_actors_csv_text("actor,capability,position,salience\n" + name + ",1,10,5\nB,1,20,5\n",
                                                    "f.csv"));
  EXPECT_EQ(fits.actors[0].name.at("en").size(), name.size());
}

// Positions and bounds beyond ±1e15 are refused (a range of ±1e308 overflowed the weighted
// means into NaN); a made range never leaves ±1e15 (lo + 1 at the top end).
TEST(importers_test, positions_and_bounds_are_bounded) {
  EXPECT_EQ(diagnostics_of([] {
              import_actors_csv_text("actor,capability,position,salience\nA,1,-1e308,5\nB,1,1e308,5\nC,1,1e15,5\n",
                                     "big.csv");
            }),
            "big.csv:2:5: error: position is -1e+308, out of range; expected a number from -1000000000000000 to "
            "1000000000000000\n"
            "big.csv:3:5: error: position is 1e+308, out of range; expected a number from -1000000000000000 to "
            "1000000000000000\n");
  Scenario top = round_trip(import_actors_csv_text("actor,capability,position,salience\nA,1,1e15,5\nB,1,1e15,5\n",
                                                   "top.csv"));
  EXPECT_EQ(top.continuous[0].lo, 1e15 - 1);
  EXPECT_EQ(top.continuous[0].hi, 1e15);
  EXPECT_EQ(diagnostics_of([] {
              import_ktab_text("s,d,2,1\nActor,Description,Capability,xPosition,xSalience\nA,a,1,2e15,5\nB,b,1,2,5\n",
                               "k.csv");
            }),
            "k.csv:3:7: error: 'xPosition' is 2000000000000000, out of range; expected a number from "
            "-1000000000000000 to 1000000000000000\n");
  EXPECT_EQ(diagnostics_of([] {
              import_decide_text("#A A\n#A B\n#P x\n#M x -1e300\n#M x 10\n#D A x 1 50 1\n#D B x 1e16 20 1\n", "d.txt");
            }),
            "d.txt:3:1: error: issue 'x' has 1 #M line(s); expected two (lower, then upper bound)\n"
            "d.txt:4:6: error: the bound of issue 'x' is -1e+300, out of range; expected a number from "
            "-1000000000000000 to 1000000000000000\n"
            "d.txt:7:8: error: position is 1e+16, out of range; expected a number from -1000000000000000 to "
            "1000000000000000\n");
}

// Ids and names that YAML 1.1 readers take for booleans or null are written quoted, so that
// such readers keep actors `yes`, `on` and `true` apart; they load back unchanged.
TEST(importers_test, boolean_like_ids_are_quoted) {
  Scenario s = import_actors_csv_text("actor,capability,position,salience\nyes,1,10,50\nno,1,20,50\non,1,30,50\n"
                                      "true,1,40,50\nOff,1,45,50\nN,1,50,50\nnull,1,60,50\nyesterday,1,70,50\n",
                                      "true.csv");
  Scenario b = round_trip(s);
  ASSERT_EQ(b.actors.size(), 8u);
  EXPECT_EQ(b.id, "true");
  EXPECT_EQ(b.actors[0].id, "yes");
  EXPECT_EQ(b.actors[3].id, "true");
  EXPECT_EQ(b.actors[6].id, "null_");  // reserved
  std::string yaml = scenario_to_yaml(s);
  for (std::string w : {"yes", "no", "on", "true", "Off", "N"}) {
    EXPECT_NE(yaml.find("id: \"" + w + "\"\n"), std::string::npos) << w;      // the actor's id
    EXPECT_NE(yaml.find("name: {en: \"" + w + "\", zh-TW: \"" + w + "\"}"), std::string::npos) << w;  // its name
    EXPECT_NE(yaml.find("\"" + w + "\": {position:"), std::string::npos) << w;  // its position key
    EXPECT_EQ(yaml.find("id: " + w + "\n"), std::string::npos) << w;
  }
  EXPECT_NE(yaml.find("id: yesterday\n"), std::string::npos);  // other words stay plain
}

TEST(importers_test, actors_csv_malformed) {
  auto diags = [](const std::string& text) {
    return diagnostics_of([&] { import_actors_csv_text(text, "a.csv"); });
  };
  EXPECT_EQ(diags("actor,capability,position,weight\nA,1,2,3\n"),
            "a.csv:1:1: error: the header has no column 'salience'; expected actor,capability,position,salience\n"
            "a.csv:1:27: error: unknown column 'weight'; expected the columns actor, capability, position and salience\n");
  EXPECT_EQ(diags("actor,capability,position,salience\n"
                  "A,x,2,3\n"
                  "B,-1,2,300\n"
                  "A,1,,3\n"
                  "C,1,2\n"
                  ",1,2,3\n"
                  "D,1,2,3,4\n"
                  "\"E, Inc.\",1,2,3\n"
                  "\"F,1,2,3\n"),
            "a.csv:2:3: error: capability 'x' is not a number\n"
            "a.csv:3:3: error: capability is -1; expected a number >= 0\n"
            "a.csv:3:8: error: salience is 300, out of range; expected a number from 0 to 100\n"
            "a.csv:4:1: error: duplicate actor 'A' (first on line 2)\n"
            "a.csv:4:5: error: position is missing\n"
            "a.csv:5:1: error: row has 3 fields; expected 4 (actor, capability, position, salience)\n"
            "a.csv:6:1: error: actor name is missing\n"
            "a.csv:7:1: error: row has 5 fields; expected 4 (actor, capability, position, salience)\n"
            "a.csv:9:1: error: unterminated quoted field\n");
  EXPECT_EQ(diags("actor,capability,position,salience\n\n"),
            "a.csv:1:1: error: no actor rows after the header\n");
  // Trailing commas in the header name no column: rows with or without them are read, and a bad
  // row is one error (it was two: "row has 4 fields; expected 5" and "no actor rows").
  for (const char* header : {"actor,capability,position,salience,\n", "actor,capability,position,salience,,\n"}) {
    Scenario t = round_trip(import_actors_csv_text(std::string(header) + "A,1,10,50\nB,1,20,50,\n", "t.csv"));
    ASSERT_EQ(t.actors.size(), 2u) << header;
    EXPECT_EQ(t.continuous[0].positions[1].position.value, 20) << header;
  }
  EXPECT_EQ(diags("actor,capability,position,salience,\nA,1,10\n"),
            "a.csv:2:1: error: row has 3 fields; expected 4 (actor, capability, position, salience)\n");
  EXPECT_EQ(diags(" \n"), "a.csv:1:1: error: file is empty; expected a CSV file with the header "
                          "actor,capability,position,salience and one row per actor\n");
  EXPECT_EQ(diags("actor,capability,position,salience\nA\xe9,1,2,3\n"),
            "a.csv:2:1: error: file is not UTF-8 text (byte 0xE9); expected a CSV file with the header "
            "actor,capability,position,salience and one row per actor\n");
  EXPECT_THROW(import_actors_csv("/nonexistent/a.csv"), InputError);
  // Quoted fields and ids made from names.
  Scenario s = round_trip(import_actors_csv_text("actor,capability,position,salience\n\"E, Inc.\",1,2,3\n"
                                                 "9 lives,1,2,3\nissue,1,2,3\nE; Inc,1,2,3\n", "q.csv"));
  EXPECT_EQ(s.actors[0].id, "E_Inc");
  EXPECT_EQ(s.actors[0].name.at("en"), "E, Inc.");
  EXPECT_EQ(s.actors[1].id, "a9_lives");
  EXPECT_EQ(s.actors[2].id, "issue_");  // reserved
  EXPECT_EQ(s.actors[3].id, "E_Inc-2");
}

// ---------------------------------------------------------------------------------------------

TEST(importers_test, ktab_soe) {
  Scenario s = round_trip(import_ktab(kData + "SOE-Pol-Comp.csv"));
  EXPECT_EQ(s.id, "SOE-Pol-Comp");
  EXPECT_EQ(s.title.at("en"), "China Policy/Competitive; scen 2");
  ASSERT_EQ(s.actors.size(), 13u);
  EXPECT_EQ(s.actors[0].id, "XJ");
  EXPECT_EQ(s.actors[0].name.at("en"), "Xi Jinping");
  EXPECT_EQ(s.actors[0].capability.value, 100);
  EXPECT_EQ(s.actors[1].capability.value, 60.2);
  ASSERT_EQ(s.continuous.size(), 2u);
  EXPECT_EQ(s.continuous[0].id, "Policy");
  EXPECT_EQ(s.continuous[1].id, "Competitive");
  const ContinuousIssue& comp = s.continuous[1];
  EXPECT_EQ(comp.lo, 0);
  EXPECT_EQ(comp.hi, 100);
  EXPECT_EQ(position_of(s, comp, "WY").position.value, 60);  // CNOOC
  EXPECT_EQ(position_of(s, comp, "WY").salience.value, 46);
  EXPECT_EQ(position_of(s, s.continuous[0], "LK").salience.value, 44.7);
}

TEST(importers_test, ktab_dummy_rescales_capabilities) {
  Scenario s = round_trip(import_ktab(kData + "dummyData_3Dim.csv"));
  EXPECT_EQ(s.title.at("en"), "DummyData_3Dim");
  ASSERT_EQ(s.actors.size(), 7u);
  ASSERT_EQ(s.continuous.size(), 3u);
  EXPECT_EQ(s.continuous[2].id, "Pstn3");
  // 129.643 is the largest power: it becomes 100, the others keep their ratio to it.
  EXPECT_EQ(s.actors[2].capability.value, 100);
  EXPECT_DOUBLE_EQ(s.actors[0].capability.value, 102.543 / 129.643 * 100);
  EXPECT_EQ(s.actors[0].name.at("en"), "SActor-00 (Random Spatial Actor)");  // descriptions repeat
  EXPECT_NE(s.description.at("en").find("divided by 129.643"), std::string::npos);
  EXPECT_EQ(s.continuous[0].positions[0].position.value, 75.79);
}

TEST(importers_test, ktab_malformed) {
  auto diags = [](const std::string& text) {
    return diagnostics_of([&] { import_ktab_text(text, "k.csv"); });
  };
  EXPECT_EQ(diags("Name,Desc,two,1\n"), "k.csv:1:11: error: the number of actors 'two' is not a number\n");
  EXPECT_EQ(diags("Name,Desc\n"),
            "k.csv:1:1: error: line 1 has 2 fields; expected the scenario name, a description, the number of actors "
            "and the number of dimensions\n");
  EXPECT_EQ(diags("Name,Desc,2,1\nActor,Description,Power,Pos\n"),
            "k.csv:2:1: error: the header has 4 named columns; expected 5 (actor, description, capability, then a "
            "position and a salience column for each of the 1 dimensions line 1 declares)\n");
  EXPECT_EQ(diags("Name,Desc,3,1,\n"
                  "Actor,Description,Power,X Position,X Salience,\n"
                  "A,a,10,50,101,\n"
                  "B,b,ten,50,50\n"),
            "k.csv:1:11: error: line 1 declares 3 actors; the file has 2 actor rows\n"
            "k.csv:3:11: error: 'X Salience' is 101, out of range; expected a number from 0 to 100\n"
            "k.csv:4:5: error: capability 'ten' is not a number\n");
  EXPECT_EQ(diags("Name,Desc,1,1\nActor,Description,Power,X Position,X Salience,Extra\nA,a,10,50,50\n"),
            "k.csv:2:47: error: column 'Extra' is more than line 1's 1 dimensions need\n");
  ImportOptions opt;
  opt.range = std::pair{0.0, 10.0};
  EXPECT_EQ(diagnostics_of([&] {
              import_ktab_text("N,D,1,1\nActor,Description,Power,X Position,X Salience\nA,a,10,50,50\n", "k.csv", opt);
            }),
            "k.csv:3:8: error: position 50 lies outside --range 0,10\n");
}

// ---------------------------------------------------------------------------------------------

TEST(importers_test, decide_sample) {
  Scenario s = round_trip(import_decide(kData + "sample_data.txt"));
  EXPECT_EQ(s.id, "sample_data");
  ASSERT_EQ(s.actors.size(), 10u);
  ASSERT_EQ(s.continuous.size(), 6u);
  EXPECT_EQ(s.continuous[0].id, "tolheffing-binnenstad");
  const ContinuousIssue& hoogte = s.continuous[s.continuous_index("tol-hoogte")];
  EXPECT_EQ(hoogte.lo, 0.5);  // from the #M lines
  EXPECT_EQ(hoogte.hi, 7);
  for (const auto& c : s.continuous) EXPECT_EQ(c.positions.size(), 10u);
  // Saliences were all at most 1: multiplied by 100 (exactly, as written).
  const ContinuousPosition& gl = position_of(s, hoogte, "GL");
  EXPECT_EQ(gl.position.value, 5);
  EXPECT_EQ(gl.salience.value, 90);
  EXPECT_TRUE(gl.has_capability);
  EXPECT_EQ(gl.capability.value, 0.6);  // the power (none exceeds 100)
  EXPECT_EQ(s.actors[s.actor_index("GL")].capability.value, 0.6);
  EXPECT_EQ(s.actors[s.actor_index("Wcentr")].capability.value, 0.9);
  for (const auto& c : s.continuous)
    for (const auto& p : c.positions) EXPECT_EQ(p.salience.value, std::round(p.salience.value * 100) / 100);
  EXPECT_NE(s.description.at("en").find("multiplied by 100"), std::string::npos);
  // The stored oracle's round-0 compromise of extra-investering is 49.49 (README); it weighs
  // positions by power × salience, as the weighted mean does.
  SpatialProblem p = spatial_problem(s);
  const SpatialIssue& extra = p.issues[static_cast<std::size_t>(s.continuous_index("extra-investering"))];
  EXPECT_NEAR(weighted_mean(extra, extra.position), 49.49, 0.005);
  // tol-hoogte's range is 0.5..7; the README gives its compromise on a 0-100 scale: 27.25.
  const SpatialIssue& toll = p.issues[static_cast<std::size_t>(s.continuous_index("tol-hoogte"))];
  EXPECT_NEAR((weighted_mean(toll, toll.position) - 0.5) / 6.5 * 100, 27.25, 0.005);
}

TEST(importers_test, decide_copenhagen_names) {
  Scenario s = round_trip(import_decide(kData + "copenhagen.csv"));
  ASSERT_EQ(s.actors.size(), 11u);
  EXPECT_EQ(s.continuous.size(), 7u);
  EXPECT_EQ(s.actors[1].id, "EU_incl_Norway");
  EXPECT_EQ(s.actors[1].name.at("en"), "EU (incl Norway)");
  // The README's round-0 compromise (power × salience weighted mean) of two issues.
  SpatialProblem p = spatial_problem(s);
  auto mean_of = [&](const char* id) {
    const SpatialIssue& is = p.issues[static_cast<std::size_t>(s.continuous_index(id))];
    return weighted_mean(is, is.position);
  };
  EXPECT_NEAR(mean_of("Newtreaty"), 61.58, 0.005);
  EXPECT_NEAR(mean_of("Extra"), 64.62, 0.005);
}

TEST(importers_test, decide_malformed) {
  auto diags = [](const std::string& text) {
    return diagnostics_of([&] { import_decide_text(text, "d.txt"); });
  };
  EXPECT_EQ(diags("'#A'\t'A'\t'A'\n"
                  "'#A'\t'A'\t'Again'\n"
                  "'#P'\t'x'\t'x'\n"
                  "'#M'\t'x'\t10\n"
                  "'#M'\t'x'\t0\n"
                  "'#M'\t'x'\t5\n"
                  "'#M'\t'y'\t5\n"
                  "'#P'\t'z'\t'z'\n"
                  "'#D'\t'A'\t'x'\t50\t0.5\t1\n"
                  "'#D'\t'B'\t'x'\t50\t0.5\n"
                  "'#D'\t'B'\t'w'\tfifty\t0.5\t1\n"
                  "'#Q'\t'A'\n"
                  "'#A\n"),
            "d.txt:2:6: error: duplicate actor 'A' (first on line 1)\n"
            "d.txt:5:10: error: the bounds of issue 'x' are 10 then 0; expected the lower bound first and lower < upper\n"
            "d.txt:6:1: error: third #M line for issue 'x'; expected two (lower, then upper)\n"
            "d.txt:7:6: error: #M line for unknown issue 'y'; declare it with a #P line\n"
            "d.txt:8:1: error: issue 'z' has 0 #M line(s); expected two (lower, then upper bound)\n"
            "d.txt:8:1: error: issue 'z' has no #D lines\n"
            "d.txt:10:1: error: #D line has 5 fields; expected #D ACTOR ISSUE POSITION SALIENCE POWER\n"
            "d.txt:11:6: error: #D line for unknown actor 'B'; declare it with an #A line\n"
            "d.txt:11:10: error: #D line for unknown issue 'w'; declare it with a #P line\n"
            "d.txt:11:14: error: position 'fifty' is not a number\n"
            "d.txt:12:1: error: unknown line type '#Q'; expected #A (actor), #P (issue), #M (issue bound) or #D "
            "(actor-issue data)\n"
            "d.txt:13:1: error: unterminated quoted field (no closing ')\n");
  // Positions outside the bounds; saliences above 100 once they are not all fractions.
  EXPECT_EQ(diags("#A A\n#A B\n#P x\n#M x 0\n#M x 10\n#D A x 11 50 1\n#D B x 5 150 1\n"),
            "d.txt:6:8: error: position 11 of 'A' lies outside the bounds of issue 'x', 0 to 10\n"
            "d.txt:7:10: error: salience is 150; expected saliences from 0 to 1 (all of them) or from 0 to 100\n");
  // Unquoted fields with spaces work; saliences above 1 are taken as 0..100; powers above 100
  // are rescaled.
  Scenario s = round_trip(import_decide_text("#A A\n#A B\n#P x\n#M x 0\n#M x 10\n#D A x 1 50 400\n#D B x 5 20 100\n", "ok.txt"));
  EXPECT_EQ(s.continuous[0].positions[0].salience.value, 50);
  EXPECT_EQ(s.continuous[0].positions[0].capability.value, 100);
  EXPECT_EQ(s.continuous[0].positions[1].capability.value, 25);
  EXPECT_EQ(s.actors[1].capability.value, 25);
}

// ---------------------------------------------------------------------------------------------

TEST(importers_test, deu_one_scenario_per_issue) {
  auto all = import_deu(kData + "deu-1996-2008.tsv");
  ASSERT_EQ(all.size(), 331u);
  int with_outcome = 0, with_reference = 0;
  for (const auto& s : all) {
    ASSERT_EQ(s.continuous.size(), 1u);
    with_outcome += s.continuous[0].has_outcome;
    with_reference += s.continuous[0].has_reference;
  }
  EXPECT_EQ(with_outcome, 324);
  EXPECT_GT(with_reference, 0);
  Scenario s = round_trip(all.front());
  EXPECT_EQ(s.id, "d00032i1");
  EXPECT_EQ(format_date(s.date), "2000-01-26");
  EXPECT_EQ(s.title.at("en"), "DEU d00032i1: documents");
  ASSERT_EQ(s.actors.size(), 17u);  // those with a position
  EXPECT_EQ(s.actors[0].id, "com");
  EXPECT_EQ(s.actors[0].name.at("en"), "European Commission");
  EXPECT_EQ(s.actors[0].name.at("zh-TW"), "歐盟執委會");
  EXPECT_EQ(s.actors[0].capability.value, 4.1);  // line 2's proxy
  const ContinuousIssue& c = s.continuous[0];
  EXPECT_EQ(c.id, "d00032i1");
  EXPECT_TRUE(c.has_reference);
  EXPECT_EQ(c.reference.value, 0);
  EXPECT_TRUE(c.has_outcome);
  EXPECT_EQ(c.outcome.value, 100);
  EXPECT_EQ(position_of(s, c, "de").position.value, 0);
  EXPECT_EQ(position_of(s, c, "de").salience.value, 80);
  // Every scenario loads back, and the read_deu view of the same row agrees with it.
  for (const auto& x : all) round_trip(x);
  // A position without a salience gets 50, and the description says so.
  int defaulted = 0;
  for (const auto& x : all)
    if (x.description.at("en").find("salience 50") != std::string::npos) ++defaulted;
  EXPECT_EQ(defaulted, 11);  // the 46 positions without salience lie in 11 issues
  // Dates: the spreadsheet-mangled intro 2014-07-04 of d04167i1 is 14 July 2004.
  auto it = std::find_if(all.begin(), all.end(), [](const Scenario& x) { return x.id == "d04167i1"; });
  ASSERT_NE(it, all.end());
  EXPECT_EQ(format_date(it->date), "2004-07-14");
  // An issue without an outcome is imported without one.
  auto none = std::find_if(all.begin(), all.end(), [](const Scenario& x) { return x.id == "d95341i2"; });
  ASSERT_NE(none, all.end());
  EXPECT_FALSE(none->continuous[0].has_outcome);
}

// Issue ids that become the same id (and file name) after sanitising, after cutting to 60
// characters, or when case is ignored get distinct scenario ids; the description keeps the
// original id.
TEST(importers_test, deu_scenario_ids_are_unique) {
  const std::string long_id = "x" + std::string(70, 'y');
  std::string text = "isnr\tintro\tpa\tsa\trp\tout\n\t\t1\n";
  for (const std::string& id : std::vector<std::string>{"a b", "a_b", "a,b", "A_B", long_id + "1", long_id + "2", "c"})
    text += id + "\t01-02-03\t40\t50\t0\t60\n";
  auto all = import_deu_text(text, "d.tsv");
  ASSERT_EQ(all.size(), 7u);
  std::set<std::string> folded;
  for (const auto& s : all) {
    std::string f = s.id;
    for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(folded.insert(f).second) << s.id;
    EXPECT_LE(s.id.size(), 64u);
    round_trip(s);
  }
  EXPECT_EQ(all[0].id, "a_b");
  EXPECT_EQ(all[1].id, "a_b-2");
  EXPECT_EQ(all[2].id, "a_b-3");
  EXPECT_EQ(all[3].id, "A_B-4");
  EXPECT_EQ(all[6].id, "c");
  EXPECT_EQ(all[0].title.at("en"), "DEU a b");
  EXPECT_NE(all[2].description.at("en").find("made from the issue id 'a,b'"), std::string::npos);
  EXPECT_EQ(all[6].description.at("en").find("made from the issue id"), std::string::npos);
}

TEST(importers_test, deu_malformed) {
  EXPECT_EQ(diagnostics_of([] {
              import_deu_text("isnr\tintro\tpa\tsa\tpb\tsb\trp\tout\n\t\t1\t\t\t\t\t\nx1\t01-02-03\t1\t1\t2\t2\t\t\n", "d.tsv");
            }),
            "d.tsv:2:1: error: line 2 gives no capability proxy for 'b', which takes part in issues\n");
  EXPECT_EQ(diagnostics_of([] { import_deu_text("isnr\n", "d.tsv"); }),
            "d.tsv:1:1: error: the header has no column 'intro'\n"
            "d.tsv:1:1: error: the header has no column 'rp'\n"
            "d.tsv:1:1: error: the header has no column 'out'\n"
            "d.tsv:1:1: error: the header names no actor; expected a position column pX and a salience column sX "
            "per actor X (pcom and scom, pep and sep, ...)\n");
}

// Corrupting one byte at a time never crashes an importer, and whatever an importer accepts
// is a valid scenario (it loads back).
TEST(importers_test, mutated_inputs_never_crash) {
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string junk = ",;'\"\t\n\r -.e9x#";
  struct Case {
    std::string file;
    std::function<Scenario(const std::string&)> import;
  };
  std::vector<Case> cases = {
      {"ec-emissions-bdm94.csv", [](const std::string& t) { return import_actors_csv_text(t, "m.csv"); }},
      {"dummyData_3Dim.csv", [](const std::string& t) { return import_ktab_text(t, "m.csv"); }},
      {"sample_data.txt", [](const std::string& t) { return import_decide_text(t, "m.txt"); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string base = read(kData + c.file);
    const std::size_t stride = std::max<std::size_t>(1, base.size() / 150);
    for (std::size_t i = 0; i < base.size(); i += stride) {
      for (char j : junk) {
        std::string t = base;
        t[i] = j;
        try {
          Scenario s = c.import(t);
          EXPECT_NO_THROW(load_scenario_text(scenario_to_yaml(s), "out.yaml")) << "byte " << i << " -> " << j;
        } catch (const InputError& e) {
          ASSERT_FALSE(e.diagnostics().empty());
          for (const auto& d : e.diagnostics()) EXPECT_EQ(d.loc.file.substr(0, 2), "m.");
        }
      }
    }
  }
}

TEST(importers_test, formats) {
  EXPECT_EQ(import_formats(), (std::vector<std::string>{"actors-csv", "ktab", "decide", "deu", "genius", "geniusweb"}));
}

}  // namespace
}  // namespace parley
