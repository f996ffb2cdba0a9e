#include "cli/submission_files.h"

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "util/error.h"

namespace grade::cli {

std::vector<const spec::Language*> accepted_languages(const spec::Course& course,
                                                      const spec::Exercise& exercise) {
  std::vector<const spec::Language*> languages;
  if (exercise.languages.empty()) {
    for (const spec::Language& language : course.languages) {
      languages.push_back(&language);
    }
    return languages;
  }
  for (const std::string& id : exercise.languages) {
    if (const spec::Language* language = course.find_language(id)) {
      languages.push_back(language);
    }
  }
  return languages;
}

std::string describe_languages(const std::vector<const spec::Language*>& languages) {
  std::string text;
  for (const spec::Language* language : languages) {
    text += fmt::format("{}{} ({})", text.empty() ? "" : ", ", language->id,
                        fmt::join(language->extensions, ", "));
  }
  return text;
}

std::vector<std::filesystem::path> submission_candidates(const spec::Course& course,
                                                         const spec::Exercise& exercise,
                                                         const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> found;
  for (const spec::Language* language : accepted_languages(course, exercise)) {
    for (const std::string& extension : language->extensions) {
      std::filesystem::path candidate = folder / (exercise.id + extension);
      std::error_code ec;
      const auto status = std::filesystem::symlink_status(candidate, ec);
      if (std::filesystem::is_regular_file(status) || std::filesystem::is_symlink(status)) {
        found.push_back(std::move(candidate));
      }
    }
  }
  return found;
}

const spec::Language& language_of(const spec::Course& course, const spec::Exercise& exercise,
                                  const std::filesystem::path& file) {
  const std::vector<const spec::Language*> accepted = accepted_languages(course, exercise);
  const std::string extension = file.extension().string();
  for (const spec::Language* language : accepted) {
    const auto& extensions = language->extensions;
    if (std::find(extensions.begin(), extensions.end(), extension) != extensions.end()) {
      return *language;
    }
  }
  throw Error(ErrorKind::kUsage,
              fmt::format("{}: {} takes programs in {}; this file is none of them",
                          file.filename().string(), exercise.id, describe_languages(accepted)));
}

}  // namespace grade::cli
