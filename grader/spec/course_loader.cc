#include "spec/course_loader.h"

#include <fmt/format.h>
#include <set>

#include "spec/yaml_reader.h"

namespace grade::spec {

namespace {

Language read_language(const YamlReader& reader, const std::string& id, const YAML::Node& node) {
  MapReader map(reader, node, fmt::format("language '{}'", id));
  Language language;
  language.id = id;
  language.extensions = reader.string_list(map.required("extensions"), "extensions");
  for (const std::string& extension : language.extensions) {
    if (extension.size() < 2 || extension.front() != '.') {
      reader.fail(node, fmt::format("extension '{}' of language '{}' must look like '.py'",
                                    extension, id));
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
  map.finish();
  return language;
}

Limits read_limits(const YamlReader& reader, const YAML::Node& node) {
  MapReader map(reader, node, "limits");
  Limits limits;
  if (auto wall = map.optional("wall_time")) {
    limits.wall_time = reader.duration(*wall, "wall_time");
  }
  if (auto bytes = map.optional("output_bytes")) {
    limits.output_bytes = reader.byte_size(*bytes, "output_bytes");
  }
  map.finish();
  return limits;
}

}  // namespace

Course load_course(const std::filesystem::path& course_file) {
  const YamlReader reader(course_file.string());
  const YAML::Node document = load_yaml_file(course_file.string());
  MapReader map(reader, document, "the course manifest");

  Course course;
  course.root = std::filesystem::absolute(course_file).parent_path();
  course.id = reader.identifier(map.required("id"), "course id");
  course.title = reader.string(map.required("title"), "title");
  if (auto repeat = map.optional("repeat")) {
    const std::int64_t n = reader.integer(*repeat, "repeat");
    if (n < 1 || n > 1000) {
      reader.fail(*repeat, "repeat must be between 1 and 1000");
    }
    course.repeat = static_cast<int>(n);
  }
  if (auto limits = map.optional("limits")) {
    course.limits = read_limits(reader, *limits);
  }

  const YAML::Node languages = map.required("languages");
  MapReader language_map(reader, languages, "languages");
  for (const auto& entry : languages) {
    const std::string id = reader.identifier(entry.first, "language id");
    language_map.allow(id);
    course.languages.push_back(read_language(reader, id, entry.second));
  }
  if (course.languages.empty()) {
    reader.fail(languages, "the course needs at least one language");
  }

  const YAML::Node exercises = map.required("exercises");
  if (!exercises.IsSequence() || exercises.size() == 0) {
    reader.fail(exercises, "exercises must be a non-empty list of exercise ids");
  }
  std::set<std::string> seen;
  for (const YAML::Node& item : exercises) {
    const std::string id = reader.identifier(item, "exercise id");
    if (!seen.insert(id).second) {
      reader.fail(item, fmt::format("exercise '{}' is listed twice", id));
    }
    const std::filesystem::path spec = course.root / "exercises" / (id + ".yaml");
    if (!std::filesystem::is_regular_file(spec)) {
      reader.fail(item, fmt::format("exercise '{}' has no spec file {}", id, spec.string()));
    }
    course.exercises.push_back(ExerciseEntry{id, spec});
  }
  map.finish();
  return course;
}

}  // namespace grade::spec
