// The file named by -o/--output: a report or an export, which holds grades.
#pragma once

#include <filesystem>
#include <fstream>

namespace grade::cli {

// Opens `path` for writing, truncated. A regular file is created 0600 whatever the umask, and
// an existing one is made 0600 (util/private_file.h); a device or a pipe such as /dev/stdout
// is written as it is. Throws grade::Error(kInternal) naming the file when it cannot be
// opened or made private.
std::ofstream open_output_file(const std::filesystem::path& path);

}  // namespace grade::cli
