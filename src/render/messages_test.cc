// Every message table of the renderers (render/messages.h) and the report's labels: each text
// exists in English and Traditional Chinese, with the same placeholders; the English has no
// Chinese; the Chinese is Chinese (a text with words has Chinese characters and is not the
// English copied), with full-width punctuation next to Chinese characters and no English word but
// the proper names, units and program words listed below.
#include "render/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "report/labels.h"

namespace parley {
namespace {

struct Entry {
  std::string where, en, zh;
};

// Code points of a UTF-8 text (valid UTF-8 assumed: the tables are source literals).
std::u32string decode(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

bool han(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF); }
// Chinese characters and the full-width punctuation written between them.
bool chinese(char32_t c) { return han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF); }

std::vector<Entry> all_entries() {
  std::vector<Entry> out;
  for (const MessageTable* t : message_tables())
    for (const Message& m : t->entries())
      out.push_back({std::string(t->name()) + "." + std::string(m.key), std::string(m.en), std::string(m.zh)});
  const auto en = Labels("en").all(), zh = Labels("zh-TW").all();
  for (const auto& [key, v] : en.items())
    out.push_back({"report." + key, v.get<std::string>(), zh.contains(key) ? zh[key].get<std::string>() : ""});
  return out;
}

// The placeholders of a format string, without positional indices ({0:.3f} → {:.3f}), sorted:
// a translation may reorder the values but must show the same ones in the same formats.
std::vector<std::string> placeholders(const std::string& text) {
  static const std::regex re(R"(\{(\d*)(:[^}]*)?\})");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back("{" + (*it)[2].str() + "}");
  std::sort(out.begin(), out.end());
  return out;
}

// English words a Chinese text may keep: proper names of methods and people, program and file
// words, units and symbols.
const std::set<std::string>& allowed_words() {
  static const std::set<std::string> w{
      "parley", "bargain", "sweep", "forecast", "mediate", "report", "serve", "ZOPA", "Kalai", "Smorodinsky", "Putnam",
      "Kydd", "Sobol", "Wilson", "ECharts", "Apache", "License", "JavaScript", "FILE", "N", "A", "B", "p", "P", "docs",
      "md", "mean", "median", "eum", "exchange", "anchored", "PATH", "VALUE", "ID", "DATE", "validate", "DEU"};
  return w;
}

TEST(messages_test, tables_are_found_and_keys_unique) {
  ASSERT_GE(message_tables().size(), 3u);
  for (const MessageTable* t : message_tables()) {
    std::set<std::string_view> keys;
    for (const Message& m : t->entries()) EXPECT_TRUE(keys.insert(m.key).second) << t->name() << ": key " << m.key << " twice";
  }
}

TEST(messages_test, lookup_by_language_and_unknown_key) {
  const MessageTable& t = why_messages();
  EXPECT_EQ(t("clause_sep", "en"), "; ");
  EXPECT_EQ(t("clause_sep", "zh-TW"), "；");
  EXPECT_EQ(t("clause_sep", "fr"), "; ");  // any other language: English
  EXPECT_FALSE(t.find("no-such-key", "en"));
  EXPECT_THROW(t("no-such-key", "en"), std::out_of_range);
}

TEST(messages_test, every_text_in_both_languages) {
  const auto entries = all_entries();
  ASSERT_GT(entries.size(), 250u);
  static const std::regex word(R"([A-Za-z][A-Za-z']*)");  // ASCII only: std::regex reads bytes
  static const std::regex skip(R"(\{[^}]*\}|--[A-Za-z][\w-]*|\S+\.(md|yaml|json|html))");
  for (const Entry& e : entries) {
    SCOPED_TRACE(e.where + ": " + e.en + " / " + e.zh);
    EXPECT_FALSE(e.en.empty());
    EXPECT_FALSE(e.zh.empty());
    EXPECT_EQ(placeholders(e.en), placeholders(e.zh)) << "the two languages show different values";
    const std::u32string en = decode(e.en), zh = decode(e.zh);
    EXPECT_TRUE(std::none_of(en.begin(), en.end(), han)) << "Chinese in the English text";
    // Every English word of the Chinese text is an allowed name.
    const std::string bare = std::regex_replace(e.zh, skip, " ");
    for (auto it = std::sregex_iterator(bare.begin(), bare.end(), word); it != std::sregex_iterator(); ++it)
      EXPECT_TRUE(allowed_words().count(it->str())) << "English word '" << it->str() << "' in the Chinese text";
    // An English text with words other than those names is translated: its Chinese has Chinese.
    const std::string words_en = std::regex_replace(e.en, skip, " ");
    bool translatable = false;
    for (auto it = std::sregex_iterator(words_en.begin(), words_en.end(), word); it != std::sregex_iterator(); ++it)
      translatable = translatable || !allowed_words().count(it->str());
    if (translatable) {
      EXPECT_TRUE(std::any_of(zh.begin(), zh.end(), han)) << "no Chinese in the Chinese text";
    }
  }
}

TEST(messages_test, chinese_punctuation_next_to_chinese) {
  for (const Entry& e : all_entries()) {
    const std::u32string zh = decode(e.zh);
    for (std::size_t i = 0; i < zh.size(); ++i) {
      const char32_t c = zh[i];
      if (c != U',' && c != U';' && c != U':' && c != U'(' && c != U')') continue;
      // The nearest non-space neighbours on each side.
      std::size_t l = i, r = i + 1;
      while (l > 0 && zh[l - 1] == U' ') --l;
      while (r < zh.size() && zh[r] == U' ') ++r;
      const bool left = l > 0 && chinese(zh[l - 1]), right = r < zh.size() && chinese(zh[r]);
      EXPECT_FALSE(left || right) << e.where << ": ASCII '" << static_cast<char>(c) << "' next to Chinese in: " << e.zh;
    }
  }
}

// The test above can fail: a table entry with an English word left in the Chinese, or a value
// missing from one language, is caught by the same checks.
TEST(messages_test, checks_catch_bad_entries) {
  EXPECT_NE(placeholders("short by {}"), placeholders("差"));
  EXPECT_EQ(placeholders("{} of {:.3f}"), placeholders("{1:.3f} 中的 {0}"));
}

}  // namespace
}  // namespace parley
