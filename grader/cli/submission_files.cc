#include "cli/submission_files.h"

#include <algorithm>
#include <cctype>
#include <optional>
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

namespace {

constexpr std::size_t kMaxEntriesRead = 4096;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The names of the regular files (or links) directly in `folder`, at most kMaxEntriesRead.
std::vector<std::string> file_names(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  std::filesystem::directory_iterator it(folder, ec);
  for (; !ec && it != std::filesystem::directory_iterator() && names.size() < kMaxEntriesRead;
       it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) || it->is_symlink(type_ec)) {
      names.push_back(it->path().filename().string());
    }
  }
  return names;
}

// A subfolder of `folder` whose name is `id` whatever the case, if any.
std::optional<std::string> folder_named(const std::filesystem::path& folder,
                                        const std::string& id) {
  std::error_code ec;
  std::filesystem::directory_iterator it(folder, ec);
  for (std::size_t read = 0;
       !ec && it != std::filesystem::directory_iterator() && read < kMaxEntriesRead;
       it.increment(ec), ++read) {
    std::error_code type_ec;
    if (it->is_directory(type_ec) && lower(it->path().filename().string()) == lower(id)) {
      return it->path().filename().string();
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::filesystem::path> near_submissions(const spec::Course& course,
                                                    const spec::Exercise& exercise,
                                                    const std::filesystem::path& folder,
                                                    std::size_t limit) {
  std::vector<std::filesystem::path> near;
  const std::string id = lower(exercise.id);
  for (const std::string& name : file_names(folder)) {
    if (lower(name).starts_with(id)) {
      near.emplace_back(name);
    }
  }
  if (const auto sub = folder_named(folder, exercise.id)) {
    for (const auto& file : submission_candidates(course, exercise, folder / *sub)) {
      near.push_back(std::filesystem::path(*sub) / file.filename());
    }
  }
  std::sort(near.begin(), near.end());
  if (near.size() > limit) {
    near.resize(limit);
  }
  return near;
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
