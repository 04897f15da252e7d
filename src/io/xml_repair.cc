#include "io/xml_repair.h"

#include <algorithm>
#include <cctype>

namespace parley {
namespace {

bool name_start(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || c == ':' || u >= 0x80;
}
bool name_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return name_start(c) || std::isdigit(u) || c == '.' || c == '-';
}
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Whether the '&' at `at` starts an entity (&name;) or character reference (&#N; / &#xH;).
bool reference_at(std::string_view in, std::size_t at) {
  std::size_t j = at + 1, n = in.size();
  if (j < n && in[j] == '#') {
    ++j;
    bool hex = j < n && in[j] == 'x';
    if (hex) ++j;
    std::size_t first = j;
    while (j < n && (hex ? std::isxdigit(static_cast<unsigned char>(in[j])) : std::isdigit(static_cast<unsigned char>(in[j]))))
      ++j;
    return j > first && j < n && in[j] == ';';
  }
  if (j >= n || !name_start(in[j])) return false;
  while (j < n && name_char(in[j])) ++j;
  return j < n && in[j] == ';';
}

}  // namespace

std::size_t XmlRepair::original_offset(std::size_t offset) const {
  long delta = 0;
  for (const Shift& s : shifts) {
    if (s.at > offset) break;
    delta = s.delta;
  }
  long o = static_cast<long>(offset) - delta;
  return o < 0 ? 0 : static_cast<std::size_t>(o);
}

XmlRepair repair_xml(std::string_view in) {
  XmlRepair out;
  std::string& o = out.text;
  o.reserve(in.size() + 64);
  const std::size_t n = in.size();
  long delta = 0;
  auto shifted = [&] { out.shifts.push_back({o.size(), delta}); };
  std::size_t i = 0, start = 0;
  if (in.substr(0, 3) == "\xEF\xBB\xBF") {
    o.append(in.substr(0, 3));
    i = start = 3;
  }
  auto ampersand = [&](std::size_t at) {
    if (reference_at(in, at)) {
      o += '&';
      return;
    }
    out.repairs.push_back({at, "bare '&' escaped as '&amp;' (GENIUS reads it as a literal '&'); expected '&amp;' in XML"});
    o += "&amp;";
    delta += 4;
    shifted();
  };
  // Copies in[i, end) unchanged (end clamped to the text).
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, n);
    o.append(in.substr(i, end - i));
    i = end;
  };
  auto past = [&](std::string_view close, std::size_t from) {
    std::size_t e = in.find(close, from);
    return e == std::string_view::npos ? n : e + close.size();
  };

  while (i < n) {
    const char c = in[i];
    if (c == '&') {
      ampersand(i++);
      continue;
    }
    if (c != '<') {
      o += c;
      ++i;
      continue;
    }
    if (in.compare(i, 4, "<!--") == 0) {
      copy_to(past("-->", i + 4));
      continue;
    }
    if (in.compare(i, 9, "<![CDATA[") == 0) {
      copy_to(past("]]>", i + 9));
      continue;
    }
    if (in.compare(i, 2, "<?") == 0) {
      std::size_t stop = past("?>", i + 2);
      bool declaration = in.compare(i, 5, "<?xml") == 0 && i + 5 < n && (space(in[i + 5]) || in[i + 5] == '?');
      if (declaration && i != start) {
        out.repairs.push_back({i, "XML declaration after other content removed (GENIUS ignores it); expected it at the "
                                  "very start of the file or not at all"});
        delta -= static_cast<long>(stop - i);
        i = stop;
        shifted();
        continue;
      }
      copy_to(stop);
      continue;
    }
    if (in.compare(i, 2, "<!") == 0) {  // DOCTYPE and the like: up to the next '>'
      copy_to(past(">", i + 2));
      continue;
    }
    // A start or end tag: attribute values are quoted; a closing quote must be followed by a
    // space, '/', '>' or '?'.
    o += '<';
    ++i;
    while (i < n && in[i] != '>' && in[i] != '<') {
      const char t = in[i];
      if (t != '"' && t != '\'') {
        o += t;
        ++i;
        continue;
      }
      o += t;
      ++i;
      while (i < n && in[i] != t) {
        if (in[i] == '&') ampersand(i);
        else o += in[i];
        ++i;
      }
      if (i >= n) break;
      o += t;
      ++i;
      if (i < n && name_start(in[i])) {
        out.repairs.push_back({i, "no space between two attributes; inserted one (GENIUS reads them as two)"});
        o += ' ';
        delta += 1;
        shifted();
      }
    }
    if (i < n && in[i] == '>') {
      o += '>';
      ++i;
    }
  }
  return out;
}

}  // namespace parley
