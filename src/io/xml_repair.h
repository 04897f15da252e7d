// A tolerant pre-pass over XML text for the known quirks of real GENIUS files (GENIUS reads them
// with its own lenient parser): an XML declaration that is not at the start of the file (ANAC
// 2014 profiles put a comment before it) is removed; a bare `&` that starts no entity or
// character reference (ANAC 2015 movie, 2013 SmartPhone) becomes `&amp;`; a missing space
// between an attribute's closing quote and the next attribute (ANAC 2011 Car) is inserted.
// Comments, CDATA sections and processing instructions are left alone. Every repair is reported
// at its offset in the original text; the result is then parsed by a real XML parser (pugixml),
// which reports anything else.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

struct XmlRepair {
  std::string text;  // the repaired text
  struct Note {
    std::size_t offset = 0;  // in the original text
    std::string message;
  };
  std::vector<Note> repairs;  // in text order
  // The offset in the original text of byte `offset` of the repaired text.
  std::size_t original_offset(std::size_t offset) const;

  // Edits: from `at` (an offset in the repaired text) on, original = repaired - delta.
  struct Shift {
    std::size_t at = 0;
    long delta = 0;
  };
  std::vector<Shift> shifts;
};

XmlRepair repair_xml(std::string_view text);

}  // namespace parley
