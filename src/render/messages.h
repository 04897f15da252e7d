// The words of the terminal renderers in English and Traditional Chinese: one table per renderer,
// key → {en, zh-TW}, so a sentence exists in both languages by construction and
// messages_test.cc walks every table (both texts non-empty, the same placeholders, no Chinese in
// the English, full-width punctuation and no stray English in the Chinese). Texts with values are
// fmt format strings ({} in order, or {0} {1} ... when the Chinese reorders them); format them
// with fmt::runtime. The report's labels (src/report/labels.cc) are the same kind of table.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

struct Message {
  std::string_view key, en, zh;
};

class MessageTable {
 public:
  MessageTable(std::string_view name, std::initializer_list<Message> messages);
  std::string_view name() const { return name_; }
  // The text of `key` in `lang` ("zh-TW": Chinese, otherwise English); throws std::out_of_range
  // on an unknown key (a bug, caught by the tests that run every command).
  std::string_view operator()(std::string_view key, std::string_view lang) const;
  // The same, or nothing when the table has no `key` (for words named by data, with a fallback).
  std::optional<std::string_view> find(std::string_view key, std::string_view lang) const;
  const std::vector<Message>& entries() const { return messages_; }

 private:
  std::string_view name_;
  std::vector<Message> messages_;  // sorted by key
};

// The renderers' tables, each defined in its renderer.
const MessageTable& why_messages();       // why_render.cc: why a package is rejected, repairs
const MessageTable& forecast_messages();  // forecast_render.cc: parley forecast
const MessageTable& bargain_messages();   // bargain_render.cc: parley bargain, sweep --bargain
const MessageTable& levers_messages();    // levers_render.cc: parley levers, the robustness line
const MessageTable& sweep_messages();     // sweep_render.cc: parley sweep

// Every renderer's table (for the catalogue test); a renderer that adds a table lists it here.
std::vector<const MessageTable*> message_tables();

}  // namespace parley
