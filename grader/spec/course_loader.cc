#include "spec/course_loader.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "spec/map_reader.h"
#include "spec/settings_reader.h"

namespace grade::spec {

namespace {

// A lowercase word between braces, as placeholders are written.
bool looks_like_placeholder(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(),
                                      [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// Every "{word}" of a command template must be a placeholder expand_command knows: a misspelt
// one would reach the compiler or the program as it is. Other braces ("{}" in a Python
// one-liner) are text.
void check_placeholders(const YamlReader& reader, const YAML::Node& node,
                        const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    for (std::size_t open = arg.find('{'); open != std::string_view::npos;
         open = arg.find('{', open + 1)) {
      const std::size_t close = arg.find('}', open);
      const std::string_view word =
          close == std::string_view::npos ? "" : arg.substr(open + 1, close - open - 1);
      if (looks_like_placeholder(word) &&
          std::find(std::begin(kPlaceholders), std::end(kPlaceholders), word) ==
              std::end(kPlaceholders)) {
        // A single argument may be written without brackets: the node is then the item.
        reader.fail(node.IsSequence() ? node[i] : node,
                    fmt::format("'{}' has an unknown placeholder; known: {{interpreter}}, "
                                "{{compiler}}, {{source}}, {{stem}}",
                                arg));
      }
    }
  }
}

std::vector<std::string> read_command(const YamlReader& reader, const YAML::Node& node,
                                      std::string_view what) {
  std::vector<std::string> args = reader.string_list(node, what);
  check_placeholders(reader, node, args);
  return args;
}

// The files a build leaves for the runs: plain names, so nothing outside the run folder.
std::vector<std::string> read_artifacts(const YamlReader& reader, const YAML::Node& node) {
  std::vector<std::string> names = read_command(reader, node, "artifacts");
  for (const std::string& name : names) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
      reader.fail(node, fmt::format("artifact '{}' must be a file name in the build folder, "
                                    "without '/'",
                                    name));
    }
  }
  return names;
}

Language read_language(const YamlReader& reader, const std::string& id, const YAML::Node& node) {
  const MapReader map(reader, node, fmt::format("language '{}'", id),
                      {"extensions", "notebook", "interpreter", "compiler", "build", "artifacts",
                       "run", "build_limits", "analyze"});
  Language language;
  language.id = id;
  const YAML::Node extensions = map.required("extensions");
  language.extensions = reader.string_list(extensions, "extensions");
  // The first names the language's solution and starter files (Course::template_path).
  if (language.extensions.empty()) {
    reader.fail(extensions,
                fmt::format("language '{}' needs at least one extension, e.g. [\".py\"]", id));
  }
  // One dot, first: Course::language_for compares a file's last extension ("x.tar.gz" has
  // ".gz"), so ".tar.gz" or ".py/x" would never match a file.
  for (const std::string& extension : language.extensions) {
    if (extension.size() < 2 || extension.front() != '.' ||
        extension.find_first_of("./", 1) != std::string::npos) {
      reader.fail(
          node, fmt::format("extension '{}' of language '{}' must look like '.py'", extension, id));
    }
  }
  if (auto notebook = map.optional("notebook")) {
    language.notebook = reader.boolean(*notebook, "notebook");
  }
  if (auto interpreter = map.optional("interpreter")) {
    language.interpreter = reader.string(*interpreter, "interpreter");
  }
  if (auto compiler = map.optional("compiler")) {
    language.compiler = reader.string(*compiler, "compiler");
  }
  if (auto build = map.optional("build")) {
    language.build = read_command(reader, *build, "build");
  }
  if (auto artifacts = map.optional("artifacts")) {
    if (language.build.empty()) {
      reader.fail(*artifacts, fmt::format("language '{}' has artifacts but no build", id));
    }
    language.artifacts = read_artifacts(reader, *artifacts);
  }
  if (language.notebook && (language.interpreter.empty() || !language.compiler.empty())) {
    // The notebook becomes a Python program, which only an interpreter runs.
    reader.fail(node,
                fmt::format("notebook language '{}' needs an interpreter and no compiler", id));
  }
  if (auto analyze = map.optional("analyze")) {
    language.analyze = reader.string(*analyze, "analyze");
    if (language.analyze != "python") {
      reader.fail(*analyze, fmt::format("analyze must be 'python' (the one analyzer there is), "
                                        "found '{}'",
                                        language.analyze));
    }
    if (language.interpreter.empty()) {
      reader.fail(*analyze, fmt::format("language '{}' has analyze: python, which runs its "
                                        "interpreter: add interpreter: python3",
                                        id));
    }
  }
  if (auto limits = map.optional("build_limits")) {
    language.build_limits = read_limits(reader, *limits).apply_to(language.build_limits);
  }
  const YAML::Node run = map.required("run");
  language.run = read_command(reader, run, "run");
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
                      {"id", "title", "repeat", "limits", "languages", "exercises", "scoring"});

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
  if (auto scoring = map.optional("scoring")) {
    course.scoring = read_scoring(reader, *scoring).apply_to({}, RuleOrigin::kCourse);
  }
  course.languages = read_languages(reader, map.required("languages"));
  course.exercises = read_exercises(reader, course.root, map.required("exercises"));
  return course;
}

}  // namespace grade::spec
