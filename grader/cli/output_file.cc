#include "cli/output_file.h"

#include <fmt/format.h>

#include "util/error.h"
#include "util/private_file.h"

namespace grade::cli {

std::ofstream open_output_file(const std::filesystem::path& path) {
  // Made private before anything is written, so the grades are never readable by others,
  // not even for a moment. The file stays in place, so the stream below keeps its mode.
  (void)make_private_file(path, PrivateFileCreate::kIfMissing)
      .value_or_throw(ErrorKind::kInternal, "cannot write the output");
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) {
    throw Error(ErrorKind::kInternal, fmt::format("cannot write to {}", path.string()));
  }
  return file;
}

}  // namespace grade::cli
