#include "run/program_path.h"

#include <string>
#include <system_error>
#include <vector>

#include <boost/filesystem/path.hpp>
#include <boost/process/search_path.hpp>
#include <unistd.h>

namespace grade::run {

std::filesystem::path find_on_path(std::string_view name, std::string_view path_value) {
  std::vector<boost::filesystem::path> dirs;
  for (std::size_t start = 0;;) {
    const std::size_t colon = path_value.find(':', start);
    const std::string_view dir = path_value.substr(
        start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (!dir.empty() && dir.front() == '/') {
      dirs.emplace_back(std::string(dir));
    }
    if (colon == std::string_view::npos) {
      break;
    }
    start = colon + 1;
  }
  const boost::filesystem::path found =
      boost::process::search_path(boost::filesystem::path(std::string(name)), dirs);
  return std::filesystem::path(found.string());
}

Expected<std::filesystem::path> resolve_program(std::string_view name, std::string_view path_value,
                                                const std::filesystem::path& cwd) {
  if (name.empty()) {
    return unexpected("the command is empty");
  }
  if (name.find('/') != std::string_view::npos) {
    const std::filesystem::path given(name);
    return given.is_absolute() ? given : cwd / given;
  }
  std::filesystem::path found = find_on_path(name, path_value);
  if (found.empty()) {
    return unexpected("\"" + std::string(name) + "\" was not found on PATH (" +
                      std::string(path_value) + ")");
  }
  return found;
}

bool is_absolute_executable_file(const std::filesystem::path& file) {
  std::error_code ec;
  return file.is_absolute() && std::filesystem::is_regular_file(file, ec) &&
         ::access(file.c_str(), X_OK) == 0;
}

}  // namespace grade::run
