// Reader of the DEU data set's table (Decision-making in the European Union: Thomson et al.;
// Arregui & Perarnaud, DEU III) in the tab-separated layout of ../shared/validation/deu/: one
// row per controversial issue of a legislative proposal, for scoring the spatial models against
// recorded outcomes (`parley validate deu`) and for `parley import deu`.
//
// Layout (docs/validation.md, ../shared/validation/README.md):
//   line 1   header. Columns used: `isnr` (issue id, e.g. d00032i1), `prname` (short name of the
//            proposal), `intro` (date the proposal was introduced), `rp` (reference point, the
//            status quo), `out` (the outcome), and per actor X a position column `pX` and a
//            salience column `sX` (an actor is every X with both columns, in header order: com,
//            ep, at, be, ... uk). Other columns are ignored.
//   line 2   a capability proxy per actor (GDP-based; the Commission and Parliament set to
//            Germany's value) in the actors' position columns; `isnr` blank.
//   line 3+  one issue per row. Positions, saliences, rp and out lie in 0..100; blank = absent.
//
// Conventions: an actor takes part in an issue when its position is given (a salience without a
// position is ignored); a position without a salience gets salience 50 (46 of the file's
// positions; the figures of the README count them so). `intro` has one of two forms, the same in
// the whole file: yyyy-mm-dd (ISO), or the day first, dd-mm-yy (two-digit years: 90-99 → 19xx,
// else 20xx) or dd-mm-yyyy. The file of ../shared/validation/ has the day first and also holds 136
// values of the form NNNN-MM-YY, a spreadsheet's rewriting of dd-mm-yy with the day read as a
// year (19dd or 20dd): in a file whose dates have the day first, such a value is read back with
// day = the last two digits of NNNN when YY is the year in the issue id (a letter and the
// proposal's two-digit year, e.g. d04167i1: 2014-07-04 = 14 July 2004); any other yyyy-mm-dd
// value there makes the file mixed, which is refused (an ISO date cannot be told apart).
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "analyses/forecast/spatial.h"
#include "core/date.h"

namespace parley {

// The whole table, every row (with or without an outcome), numbers as written (NaN = blank).
struct DeuTable {
  std::string file;
  std::vector<std::string> actors;   // ids: the position columns' names without the leading p
  std::vector<double> capability;    // line 2's proxy per actor (NaN when blank)
  std::vector<int> capability_col;   // its 1-based character column on line 2
  struct Row {
    int line = 0;                    // 1-based line in the file
    std::string id;                  // isnr
    std::string proposal;            // prname (may be empty)
    Date intro;                      // introduced (see the conventions above)
    int year = 0;
    std::vector<double> position;    // per actor, NaN when absent
    std::vector<double> salience;    // per actor as written, NaN when blank
    double reference = std::numeric_limits<double>::quiet_NaN();  // NaN when blank
    double outcome = std::numeric_limits<double>::quiet_NaN();    // NaN when blank
    std::vector<int> position_col;   // 1-based column (character) of each actor's position cell
  };
  std::vector<Row> rows;             // file order
};

// Reads and checks the table. Throws InputError listing every problem as FILE:LINE:COL (COL =
// the 1-based character column of the offending cell): missing columns, non-numbers, numbers
// outside 0..100, bad dates, duplicate issue ids, rows with a wrong number of cells.
DeuTable read_deu_table(const std::string& path);
DeuTable read_deu_table_text(std::string_view text, const std::string& file);

struct DeuIssue {
  std::string id;          // the isnr column, e.g. "d00032i1"
  int year = 0;            // year the proposal was introduced (the `intro` column)
  int line = 0;            // 1-based line of the row in the file
  SpatialProblem problem;  // one issue; actors = the DEU actors with a position on it (file order)
};

// capability 1 for every actor, or line 2's GDP-based proxy.
enum class DeuWeights { salience, gdp_salience };

// The issues with an outcome (rows without one are skipped: 324 of the file's 331 rows have
// one), each as a one-issue problem on 0..100: positions, saliences / 100 (a missing salience:
// 50, i.e. 0.5), capabilities per `weights`, reference (NaN when blank) and outcome. Throws
// InputError (FILE:LINE:COL), also when `weights` is gdp_salience and line 2 has no proxy for an
// actor that takes part in an issue.
std::vector<DeuIssue> read_deu(const std::string& path, DeuWeights weights);
std::vector<DeuIssue> deu_issues(const DeuTable& table, DeuWeights weights);

}  // namespace parley
