// Reading a whole input file with the checks every reader needs: not a directory, readable,
// and below a size limit; problems are InputErrors naming the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parley {

// `expected` completes "not a regular file; expected ..." (e.g. "the DEU table").
std::string read_file_text(const std::string& path, std::size_t max_bytes, std::string_view expected);

}  // namespace parley
