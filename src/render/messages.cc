#include "render/messages.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace parley {

MessageTable::MessageTable(std::string_view name, std::initializer_list<Message> messages)
    : name_(name), messages_(messages) {
  std::sort(messages_.begin(), messages_.end(), [](const Message& a, const Message& b) { return a.key < b.key; });
}

std::optional<std::string_view> MessageTable::find(std::string_view key, std::string_view lang) const {
  auto it = std::lower_bound(messages_.begin(), messages_.end(), key,
                             [](const Message& m, std::string_view k) { return m.key < k; });
  if (it == messages_.end() || it->key != key) return std::nullopt;
  return lang == "zh-TW" ? it->zh : it->en;
}

std::string_view MessageTable::operator()(std::string_view key, std::string_view lang) const {
  auto text = find(key, lang);
  if (!text) throw std::out_of_range("message table " + std::string(name_) + ": no message '" + std::string(key) + "'");
  return *text;
}

std::vector<const MessageTable*> message_tables() {
  return {&why_messages(), &forecast_messages(), &bargain_messages(), &levers_messages(), &sweep_messages()};
}

}  // namespace parley
