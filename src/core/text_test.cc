#include "core/text.h"

#include <gtest/gtest.h>

#include "core/count.h"
#include "core/date.h"
#include "core/wrap.h"

namespace parley {
namespace {

TEST(text_test, east_asian_characters_take_two_columns) {
  EXPECT_EQ(display_width("US"), 2);
  EXPECT_EQ(display_width("美國"), 4);
  EXPECT_EQ(display_width("北韓 DPRK"), 9);
  EXPECT_EQ(display_width("Kalai–Smorodinsky"), 17);  // en dash is narrow
  EXPECT_EQ(display_width("（）"), 4);                 // fullwidth parentheses
}

TEST(text_test, saturated_counts_are_written_as_a_bound_in_both_languages) {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(count_text(12), "12");
  EXPECT_EQ(count_text(12, true), "12");
  EXPECT_EQ(count_text(max), "more than 1.8·10^19");
  EXPECT_EQ(count_text(max, false), "more than 1.8·10^19");
  EXPECT_EQ(count_text(max, true), "超過 1.8·10^19");
  EXPECT_EQ(plural(max, "package"), "more than 1.8·10^19 packages");
}

TEST(text_test, padding_aligns_mixed_scripts) {
  EXPECT_EQ(pad_right("美國", 6), "美國  ");
  EXPECT_EQ(pad_left("US", 6), "    US");
  EXPECT_EQ(display_width(pad_right("中華人民共和國", 20)), 20);
}

TEST(text_test, invalid_utf8_is_located) {
  EXPECT_EQ(find_invalid_utf8("abc"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("美國"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xe7\xbe"), 0u);  // truncated sequence
}

TEST(text_test, pick_falls_back_to_english) {
  LocalText t{{"en", "United States"}, {"zh-TW", "美國"}};
  EXPECT_EQ(pick(t, "zh-TW"), "美國");
  EXPECT_EQ(pick(t, "fr"), "United States");
  EXPECT_EQ(pick({}, "en", "US"), "US");
}

TEST(text_test, dates_parse_and_format) {
  auto d = parse_date("2019-02-28");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_date(*d), "2019-02-28");
  EXPECT_EQ(parse_date("2020-03-01")->days - parse_date("2020-02-28")->days, 2);  // leap year
  EXPECT_FALSE(parse_date("2019-02-29"));
  EXPECT_FALSE(parse_date("2019-2-28"));
  EXPECT_FALSE(parse_date("28/02/2019"));
}

// Durations ("36m", "2y", ...): parsed, printed back, added to dates, and compared as shares.
TEST(text_test, durations_parse_add_and_divide) {
  auto m36 = parse_duration("36m"), y10 = parse_duration("10y"), d90 = parse_duration("90d");
  ASSERT_TRUE(m36 && y10 && d90);
  EXPECT_EQ(format_duration(*m36), "36m");
  EXPECT_EQ(format_duration(*y10), "10y");
  for (const char* bad : {"", "m", "0m", "-3m", "3", "3h", "1.5y", "3 m", "100001d"}) EXPECT_FALSE(parse_duration(bad)) << bad;
  EXPECT_EQ(format_date(add_duration(*parse_date("2019-02-28"), *m36)), "2022-02-28");
  EXPECT_EQ(format_date(add_duration(*parse_date("2020-02-29"), *parse_duration("1y"))), "2021-02-28");
  EXPECT_EQ(format_date(add_duration(*parse_date("2019-02-28"), *parse_duration("2w"))), "2019-03-14");
  EXPECT_EQ(format_date(add_duration(*parse_date("2019-02-28"), *d90)), "2019-05-29");
  EXPECT_DOUBLE_EQ(duration_ratio(*m36, *y10), 0.3);                       // months against months
  EXPECT_DOUBLE_EQ(duration_ratio(*parse_duration("2w"), *parse_duration("28d")), 0.5);  // days
  EXPECT_DOUBLE_EQ(duration_ratio(*d90, *parse_duration("1y")), 90 / 365.2425);         // mixed: days
}

// Control characters are found (C0, DEL, C1; tab always allowed, newline only in multi-line
// texts) and shown as visible marks in terminal output, with bidirectional controls.
TEST(text_test, control_characters_are_found_and_shown_visibly) {
  EXPECT_FALSE(find_control("plain 中文\ttab", false));
  auto esc = find_control("ab\x1b]0;x\a", false);
  ASSERT_TRUE(esc);
  EXPECT_EQ(esc->offset, 2u);
  EXPECT_EQ(esc->code, U'\x1b');
  EXPECT_TRUE(find_control("two\nlines", false));
  EXPECT_FALSE(find_control("two\nlines", true));
  auto nel = find_control("中\u0085", true);  // C1, after a three-byte character
  ASSERT_TRUE(nel);
  EXPECT_EQ(nel->offset, 3u);
  EXPECT_EQ(nel->code, U'\u0085');
  EXPECT_TRUE(find_control(std::string("a\0b", 3), true));
  EXPECT_TRUE(find_control("del\x7f", true));
  EXPECT_EQ(terminal_safe("\x1b[31mRED\x1b[0m"), "<U+001B>[31mRED<U+001B>[0m");
  EXPECT_EQ(terminal_safe("B\u202Eevil\u2066x"), "B<U+202E>evil<U+2066>x");
  EXPECT_EQ(terminal_safe("keep\ttab\nand 中文"), "keep\ttab\nand 中文");
  EXPECT_FALSE(is_bidi_control(U'\u202F'));
  auto lines = control_characters_in_lines({"ok,line", "name,\"中\x07\""}, 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].line, 2);
  EXPECT_EQ(lines[0].col, 8);
}

// Every line of a wrapped text fits the width (display columns, a Chinese character counts two).
void expect_fits(const std::string& wrapped, int width) {
  std::size_t pos = 0;
  while (pos <= wrapped.size()) {
    const std::size_t nl = std::min(wrapped.find('\n', pos), wrapped.size());
    EXPECT_LE(display_width(std::string_view(wrapped).substr(pos, nl - pos)), width) << wrapped;
    pos = nl + 1;
  }
}

TEST(text_test, wrap_breaks_english_at_spaces_with_a_hanging_indent) {
  const std::string w = wrap_line("the quick brown fox jumps over the lazy dog", 16, 2);
  EXPECT_EQ(w, "the quick brown\n  fox jumps over\n  the lazy dog");
  expect_fits(w, 16);
  EXPECT_EQ(wrap_line("short", 16), "short");
  EXPECT_EQ(wrap_line("abcdefghijkl", 5), "abcde\nfghij\nkl");  // a word longer than a line is cut
}

TEST(text_test, wrap_breaks_chinese_between_characters_but_not_before_closing_punctuation) {
  // 10 columns: five characters a line; the comma and the full stop never start a line, and an
  // opening bracket never ends one.
  const std::string w = wrap_line("北韓拒絕方案，美國也拒絕。（國內批准）失敗", 10);
  expect_fits(w, 10);
  for (const std::string bad : {"\n，", "\n。", "\n）", "（\n"}) EXPECT_EQ(w.find(bad), std::string::npos) << w;
  std::string joined;
  for (char ch : w)
    if (ch != '\n') joined += ch;
  EXPECT_EQ(joined, "北韓拒絕方案，美國也拒絕。（國內批准）失敗");
  // The same line of the README's tour: the colon stays on the line before.
  const std::string t = wrap_line("觀眾成本規則不會否決方案：國內反對只讓領導人付出成本", 24);
  EXPECT_EQ(t.find("\n："), std::string::npos) << t;
  // An id in brackets after Chinese text is one word: never cut inside.
  const std::string id = wrap_line("最近的槓桿是美國的加成（US.interactions.bonus）與其他", 30);
  expect_fits(id, 30);
  EXPECT_NE(id.find("（US.interactions.bonus）"), std::string::npos) << id;
}

}  // namespace
}  // namespace parley
