// The DEU reader on the real table (tests/data/validation/deu-1996-2008.tsv, a copy of
// ../shared/validation/deu/; reference numbers from ../shared/validation/README.md) and on
// malformed inputs.
#include "io/deu.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace parley {
namespace {

const std::string kDeu = PARLEY_SOURCE_DIR "/tests/data/validation/deu-1996-2008.tsv";

std::string diagnostics_of(const std::string& text) {
  try {
    read_deu_table_text(text, "deu.tsv");
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += format_diagnostic(d) + "\n";
    return out;
  }
  return "";
}

double round2(double x) { return std::round(x * 100) / 100; }

struct Errors {
  double mean = 0, median = 0;
};

// Absolute errors of the capability × salience weighted mean against the outcomes.
Errors weighted_mean_errors(const std::vector<DeuIssue>& issues) {
  std::vector<double> e;
  for (const auto& d : issues) {
    const SpatialIssue& is = d.problem.issues[0];
    double m = weighted_mean(is, is.position);
    EXPECT_FALSE(std::isnan(m)) << d.id;
    e.push_back(std::fabs(m - is.outcome));
  }
  Errors out;
  for (double x : e) out.mean += x;
  out.mean /= static_cast<double>(e.size());
  std::sort(e.begin(), e.end());
  std::size_t n = e.size();
  out.median = n % 2 ? e[n / 2] : (e[n / 2 - 1] + e[n / 2]) / 2;
  return out;
}

TEST(deu_test, table) {
  DeuTable t = read_deu_table(kDeu);
  EXPECT_EQ(t.actors.size(), 30u);
  EXPECT_EQ(t.actors.front(), "com");
  EXPECT_EQ(t.actors[1], "ep");
  EXPECT_EQ(t.actors.back(), "uk");
  EXPECT_EQ(t.capability.front(), 4.1);  // the Commission: Germany's value
  EXPECT_EQ(t.capability[t.actors.size() - 1], 2.64);
  EXPECT_EQ(t.rows.size(), 331u);
  const auto& first = t.rows.front();
  EXPECT_EQ(first.id, "d00032i1");
  EXPECT_EQ(first.line, 3);
  EXPECT_EQ(first.proposal, "documents");
  EXPECT_EQ(format_date(first.intro), "2000-01-26");
  EXPECT_EQ(first.year, 2000);
  EXPECT_EQ(first.reference, 0);
  EXPECT_EQ(first.outcome, 100);
  // 6,253 positions, 46 of them without a salience (the README's counts).
  int positions = 0, without_salience = 0;
  for (const auto& r : t.rows)
    for (std::size_t a = 0; a < t.actors.size(); ++a)
      if (!std::isnan(r.position[a])) {
        ++positions;
        without_salience += std::isnan(r.salience[a]);
      }
  EXPECT_EQ(positions, 6253);
  EXPECT_EQ(without_salience, 46);
}

// The intro column: dd-mm-yy, dd-mm-yyyy, and a spreadsheet's NNNN-MM-YY (day = NNNN's last
// two digits); the year then agrees with the proposal number (d04167 → 2004).
TEST(deu_test, intro_dates) {
  DeuTable t = read_deu_table(kDeu);
  auto row = [&](const std::string& id) {
    return *std::find_if(t.rows.begin(), t.rows.end(), [&](const auto& r) { return r.id == id; });
  };
  EXPECT_EQ(format_date(row("n99276i5").intro), "1999-12-14");  // 14-12-1999
  EXPECT_EQ(format_date(row("d04167i1").intro), "2004-07-14");  // 2014-07-04
  EXPECT_EQ(format_date(row("n05099i1").intro), "2005-05-30");  // 1930-05-05
  EXPECT_EQ(row("d95341i1").year, 1996);                        // 07-02-96
  for (const auto& r : t.rows) {
    int proposal_year = std::stoi(r.id.substr(1, 2));
    proposal_year += proposal_year >= 90 ? 1900 : 2000;
    EXPECT_TRUE(r.year == proposal_year || r.year == proposal_year + 1) << r.id << " " << r.year;
  }
}

// ISO dates (yyyy-mm-dd) are read as written: the spreadsheet reading of NNNN-MM-YY applies only
// in a file whose dates have the day first, and a file mixing the forms is refused.
TEST(deu_test, iso_dates_and_mixed_forms) {
  const std::string head = "isnr\tintro\tpa\tsa\trp\tout\n\t\t1\n";
  DeuTable iso = read_deu_table_text(head + "d07001i1\t2007-11-15\t40\t50\t0\t60\n"
                                            "x2\t1999-01-31\t40\t50\t0\t60\n"
                                            "x3\t2004-7-4\t40\t50\t0\t60\n",
                                     "iso.tsv");
  ASSERT_EQ(iso.rows.size(), 3u);
  EXPECT_EQ(format_date(iso.rows[0].intro), "2007-11-15");
  EXPECT_EQ(iso.rows[0].year, 2007);
  EXPECT_EQ(format_date(iso.rows[1].intro), "1999-01-31");
  EXPECT_EQ(format_date(iso.rows[2].intro), "2004-07-04");
  auto issues = deu_issues(iso, DeuWeights::salience);
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].year, 2007);
  // Day first: dd-mm-yy and dd-mm-yyyy together, and the spreadsheet's NNNN-MM-YY when the id's
  // year digits confirm it (d04: 2014-07-04 = 14 July 2004).
  DeuTable day = read_deu_table_text(head + "x1\t15-11-07\t40\t50\t0\t60\n"
                                            "x2\t15-11-2007\t40\t50\t0\t60\n"
                                            "d04167i1\t2014-07-04\t40\t50\t0\t60\n",
                                     "day.tsv");
  EXPECT_EQ(format_date(day.rows[0].intro), "2007-11-15");
  EXPECT_EQ(format_date(day.rows[1].intro), "2007-11-15");
  EXPECT_EQ(format_date(day.rows[2].intro), "2004-07-14");
  // Mixed: an ISO date beside day-first dates is refused, also when the id has year digits that
  // do not confirm the spreadsheet reading.
  EXPECT_EQ(diagnostics_of(head + "x1\t15-11-07\t40\t50\t0\t60\n"
                                  "x2\t2007-11-15\t40\t50\t0\t60\n"
                                  "d07001i1\t2007-11-15\t40\t50\t0\t60\n"
                                  "x4\t2007-13-15\t40\t50\t0\t60\n"),
            "deu.tsv:4:4: error: intro '2007-11-15' is yyyy-mm-dd, but line 3 has the day first ('15-11-07'); "
            "expected one date form in the whole file (yyyy-mm-dd, or dd-mm-yy and dd-mm-yyyy)\n"
            "deu.tsv:5:10: error: intro '2007-11-15' is yyyy-mm-dd, but line 3 has the day first ('15-11-07'); "
            "expected one date form in the whole file (yyyy-mm-dd, or dd-mm-yy and dd-mm-yyyy)\n"
            "deu.tsv:6:4: error: intro '2007-13-15' is yyyy-mm-dd, but line 3 has the day first ('15-11-07'); "
            "expected one date form in the whole file (yyyy-mm-dd, or dd-mm-yy and dd-mm-yyyy)\n");
  EXPECT_EQ(diagnostics_of(head + "x1\t2007-02-30\t40\t50\t0\t60\nx2\t07-11\t40\t50\t0\t60\n"),
            "deu.tsv:3:4: error: intro '2007-02-30' is not a date; expected dd-mm-yy (e.g. 26-01-00), dd-mm-yyyy or "
            "yyyy-mm-dd\n"
            "deu.tsv:4:4: error: intro '07-11' is not a date; expected dd-mm-yy (e.g. 26-01-00), dd-mm-yyyy or "
            "yyyy-mm-dd\n");
  // Parts with more digits than an int holds are located errors, not an escaped std::stoi
  // failure ("parley: stoi", exit 1).
  std::string many;
  std::string expected;
  int line = 3;
  for (const char* intro : {"99999999999-01-00", "01-99999999999-00", "01-01-99999999999", "00001-01-00"}) {
    many += fmt::format("x{}\t{}\t40\t50\t0\t60\n", line, intro);
    expected += fmt::format("deu.tsv:{}:4: error: intro '{}' is not a date; expected dd-mm-yy (e.g. 26-01-00), "
                            "dd-mm-yyyy or yyyy-mm-dd\n",
                            line, intro);
    ++line;
  }
  EXPECT_EQ(diagnostics_of(head + many), expected);
}

TEST(deu_test, issues_with_an_outcome) {
  auto issues = read_deu(kDeu, DeuWeights::salience);
  EXPECT_EQ(issues.size(), 324u);
  const DeuIssue& d = issues.front();
  EXPECT_EQ(d.id, "d00032i1");
  EXPECT_EQ(d.year, 2000);
  ASSERT_EQ(d.problem.issues.size(), 1u);
  const SpatialIssue& is = d.problem.issues[0];
  EXPECT_EQ(d.problem.actors.size(), 17u);  // the actors with a position
  EXPECT_EQ(d.problem.actors.front(), "com");
  EXPECT_EQ(is.position.size(), 17u);
  EXPECT_EQ(is.lo, 0);
  EXPECT_EQ(is.hi, 100);
  EXPECT_EQ(is.reference, 0);
  EXPECT_EQ(is.outcome, 100);
  EXPECT_DOUBLE_EQ(is.salience[0], 0.5);  // scom 50
  for (double c : is.capability) EXPECT_EQ(c, 1);
  for (const auto& x : issues)
    for (std::size_t a = 0; a < x.problem.actors.size(); ++a) EXPECT_TRUE(x.problem.issues[0].has(a));

  auto gdp = read_deu(kDeu, DeuWeights::gdp_salience);
  ASSERT_EQ(gdp.size(), 324u);
  EXPECT_EQ(gdp.front().problem.issues[0].capability[0], 4.1);
}

// Missing saliences count as 50: a position whose salience is blank gets 0.5.
TEST(deu_test, missing_salience_is_50) {
  DeuTable t = read_deu_table(kDeu);
  auto issues = deu_issues(t, DeuWeights::salience);
  int defaulted = 0;
  for (const auto& r : t.rows) {
    if (std::isnan(r.outcome)) continue;
    auto it = std::find_if(issues.begin(), issues.end(), [&](const DeuIssue& d) { return d.id == r.id; });
    ASSERT_NE(it, issues.end());
    std::size_t k = 0;
    for (std::size_t a = 0; a < t.actors.size(); ++a) {
      if (std::isnan(r.position[a])) continue;
      if (std::isnan(r.salience[a])) {
        EXPECT_EQ(it->problem.issues[0].salience[k], 0.5) << r.id << " " << t.actors[a];
        ++defaulted;
      }
      ++k;
    }
  }
  EXPECT_EQ(defaulted, 46);
}

// The README's figures for the compromise model (capability × salience weighted mean):
// salience-weighted MAE 23.64; GDP × salience MAE 23.60, median absolute error 19.11.
TEST(deu_test, weighted_mean_reproduces_the_readme) {
  Errors sal = weighted_mean_errors(read_deu(kDeu, DeuWeights::salience));
  EXPECT_EQ(round2(sal.mean), 23.64);
  Errors gdp = weighted_mean_errors(read_deu(kDeu, DeuWeights::gdp_salience));
  EXPECT_EQ(round2(gdp.mean), 23.60);
  EXPECT_EQ(round2(gdp.median), 19.11);
}

TEST(deu_test, malformed_tables) {
  const std::string header = "isnr\tprname\tintro\tpa\tpb\tsa\tsb\trp\tout\n";
  const std::string caps = "\t\t\t1\t2\t\t\t\t\n";
  EXPECT_EQ(diagnostics_of(header + caps + "x1\tp\t01-02-03\t10\t20\t50\t50\t0\t30\n"), "");
  // Bad numbers, out of range, bad date, duplicate id, no positions, too many cells, blank id.
  EXPECT_EQ(diagnostics_of(header + caps +
                           "x1\tp\t01-02-03\tten\t120\t50\t50\t0\t30\n"
                           "x1\tp\t31-02-03\t10\t20\t50\t-5\t0\t101\n"
                           "x2\tp\t01-02-03\t\t\t50\t50\t0\t30\n"
                           "x3\tp\t01-02-03\t10\t20\t50\t50\t0\t30\t7\n"
                           "\tp\t01-02-03\t10\t20\t50\t50\t0\t30\n"),
            "deu.tsv:3:15: error: the position of 'a' 'ten' is not a number\n"
            "deu.tsv:3:19: error: the position of 'b' is 120, out of range; expected a number from 0 to 100\n"
            "deu.tsv:4:1: error: duplicate issue id 'x1' (first on line 3)\n"
            "deu.tsv:4:6: error: intro '31-02-03' is not a date; expected dd-mm-yy (e.g. 26-01-00), dd-mm-yyyy or "
            "yyyy-mm-dd\n"
            "deu.tsv:4:24: error: the salience of 'b' is -5, out of range; expected a number from 0 to 100\n"
            "deu.tsv:4:29: error: the outcome out is 101, out of range; expected a number from 0 to 100\n"
            "deu.tsv:5:1: error: issue 'x2' gives no actor's position\n"
            "deu.tsv:6:32: error: line has 10 cells, more than the header's 9\n"
            "deu.tsv:7:1: error: issue without an id (the isnr cell is blank)\n");
  // Missing columns, no actors.
  EXPECT_EQ(diagnostics_of("isnr\tpa\n\t1\n"),
            "deu.tsv:1:1: error: the header has no column 'intro'\n"
            "deu.tsv:1:1: error: the header has no column 'rp'\n"
            "deu.tsv:1:1: error: the header has no column 'out'\n"
            "deu.tsv:1:1: error: the header names no actor; expected a position column pX and a salience column sX "
            "per actor X (pcom and scom, pep and sep, ...)\n");
  // Line 2 is not the capability line.
  EXPECT_EQ(diagnostics_of(header + "x1\tp\t01-02-03\t10\t20\t50\t50\t0\t30\n"),
            "deu.tsv:2:1: error: line 2 must hold the capability proxy per actor (isnr blank), found issue 'x1'\n");
  EXPECT_EQ(diagnostics_of(""), "deu.tsv:1:1: error: file is empty; expected the DEU table: a header line (isnr, "
                                "intro, rp, out, pX and sX per actor X), a capability line, then one issue per line\n");
  EXPECT_EQ(diagnostics_of("isnr\t\xff\n"),
            "deu.tsv:1:1: error: file is not UTF-8 text (byte 0xFF); expected the DEU table (tab-separated)\n");
  // A missing proxy matters only with GDP weights, for an actor that takes part.
  DeuTable t = read_deu_table_text(header + "\t\t\t1\t\t\t\t\t\n" + "x1\tp\t01-02-03\t10\t20\t50\t50\t0\t30\n", "deu.tsv");
  EXPECT_EQ(deu_issues(t, DeuWeights::salience).size(), 1u);
  try {
    deu_issues(t, DeuWeights::gdp_salience);
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(format_diagnostic(e.diagnostics()[0]),
              "deu.tsv:2:1: error: line 2 gives no capability proxy for 'b', which takes part in issue 'x1' (line 3)");
  }
  EXPECT_THROW(read_deu("/nonexistent/deu.tsv", DeuWeights::salience), InputError);
}

TEST(deu_test, line_ends_and_short_rows) {
  // CRLF line ends, a byte-order mark, rows without their trailing blank cells.
  std::string text = "\xEF\xBB\xBFisnr\tintro\tpa\tsa\trp\tout\r\n\t\t3\r\n"
                     "x1\t26-01-00\t40\t\t\t60\r\n"
                     "x2\t26-01-00\t40\r\n";
  DeuTable t = read_deu_table_text(text, "crlf.tsv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_TRUE(std::isnan(t.rows[0].reference));
  EXPECT_EQ(t.rows[0].outcome, 60);
  EXPECT_TRUE(std::isnan(t.rows[1].outcome));
  auto issues = deu_issues(t, DeuWeights::gdp_salience);
  ASSERT_EQ(issues.size(), 1u);  // x2 has no outcome
  EXPECT_EQ(issues[0].problem.issues[0].salience[0], 0.5);
  EXPECT_EQ(issues[0].problem.issues[0].capability[0], 3);
}

}  // namespace
}  // namespace parley
