// SHA-256 of files, to identify a submission's exact content in results.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "util/expected.h"

namespace grade {

std::string sha256_hex(std::string_view data);
Expected<std::string> sha256_file(const std::filesystem::path& path);

}  // namespace grade
