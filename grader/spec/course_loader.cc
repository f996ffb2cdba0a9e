#include "spec/course_loader.h"

#include <set>
#include <system_error>

#include <fmt/format.h>

#include "spec/map_reader.h"
#include "spec/settings_reader.h"

namespace grade::spec {

namespace {

Language read_language(const YamlReader& reader, const std::string& id, const YAML::Node& node) {
  const MapReader map(reader, node, fmt::format("language '{}'", id),
                      {"extensions", "interpreter", "build", "run"});
  Language language;
  language.id = id;
  language.extensions = reader.string_list(map.required("extensions"), "extensions");
  // One dot, first: Course::language_for compares a file's last extension ("x.tar.gz" has
  // ".gz"), so ".tar.gz" or ".py/x" would never match a file.
  for (const std::string& extension : language.extensions) {
    if (extension.size() < 2 || extension.front() != '.' ||
        extension.find_first_of("./", 1) != std::string::npos) {
      reader.fail(
          node, fmt::format("extension '{}' of language '{}' must look like '.py'", extension, id));
    }
  }
  if (auto interpreter = map.optional("interpreter")) {
    language.interpreter = reader.string(*interpreter, "interpreter");
  }
  if (auto build = map.optional("build")) {
    language.build = reader.string_list(*build, "build");
  }
  const YAML::Node run = map.required("run");
  language.run = reader.string_list(run, "run");
  if (language.run.empty()) {
    reader.fail(run, fmt::format("run command of language '{}' is empty", id));
  }
  return language;
}

std::vector<Language> read_languages(const YamlReader& reader, const YAML::Node& node) {
  std::vector<Language> languages;
  for (const auto& [key, value] : reader.entries(node, "languages")) {
    languages.push_back(read_language(reader, reader.identifier(key, "language id"), value));
  }
  if (languages.empty()) {
    reader.fail(node, "the course needs at least one language");
  }
  return languages;
}

// exercises/<id>.yaml, which must be a file. The error_code overload of status() so that a
// folder the grader may not read is a spec error naming the file, not an internal exception.
std::filesystem::path spec_file(const YamlReader& reader, const std::filesystem::path& root,
                                const std::string& id, const YAML::Node& item) {
  std::filesystem::path spec = root / "exercises" / (id + ".yaml");
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(spec, error);
  if (status.type() == std::filesystem::file_type::none) {  // not "not found": a real failure
    reader.fail(item, fmt::format("cannot check the spec file {} of exercise '{}': {}",
                                  spec.string(), id, error.message()));
  }
  if (!std::filesystem::is_regular_file(status)) {
    reader.fail(item, fmt::format("exercise '{}' has no spec file {}", id, spec.string()));
  }
  return spec;
}

std::vector<ExerciseEntry> read_exercises(const YamlReader& reader,
                                          const std::filesystem::path& root,
                                          const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    reader.fail(node, "exercises must be a non-empty list of exercise ids");
  }
  std::vector<ExerciseEntry> exercises;
  std::set<std::string> seen;
  for (const YAML::Node& item : node) {
    const std::string id = reader.identifier(item, "exercise id");
    if (!seen.insert(id).second) {
      reader.fail(item, fmt::format("exercise '{}' is listed twice", id));
    }
    exercises.push_back(ExerciseEntry{id, spec_file(reader, root, id, item)});
  }
  return exercises;
}

}  // namespace

Course load_course(const std::filesystem::path& course_file) {
  const YamlReader reader(course_file.string());
  const YAML::Node document = load_yaml_file(course_file.string());
  const MapReader map(reader, document, "the course manifest",
                      {"id", "title", "repeat", "limits", "languages", "exercises"});

  Course course;
  std::error_code error;
  course.manifest = std::filesystem::absolute(course_file, error);
  course.root = course.manifest.parent_path();
  if (error) {
    reader.fail(document, fmt::format("cannot tell the folder of the course: {}", error.message()));
  }
  course.id = reader.identifier(map.required("id"), "course id");
  course.title = reader.string(map.required("title"), "title");
  if (auto repeat = map.optional("repeat")) {
    course.repeat = read_repeat(reader, *repeat);
  }
  if (auto limits = map.optional("limits")) {
    course.limits = read_limits(reader, *limits).apply_to(course.limits);
  }
  course.languages = read_languages(reader, map.required("languages"));
  course.exercises = read_exercises(reader, course.root, map.required("exercises"));
  return course;
}

}  // namespace grade::spec
