#include "core/file.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace parley {

std::string read_file_text(const std::string& path, std::size_t max_bytes, std::string_view expected) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError({path, 0, 0}, fmt::format("not a regular file; expected {}", expected));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, "cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > max_bytes)
    throw InputError({path, 1, 1}, fmt::format("file is {} bytes, larger than the {} MiB limit", text.size(),
                                               max_bytes >> 20));
  return text;
}

}  // namespace parley
