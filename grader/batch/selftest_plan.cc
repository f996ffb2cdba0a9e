#include "batch/selftest_plan.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "check/notebook.h"
#include "spec/exercise_languages.h"
#include "spec/yaml_reader.h"
#include "util/error.h"
#include "util/text.h"
#include "util/untrusted_file.h"

namespace grade::batch {

namespace {

constexpr std::string_view kKeyword = "selftest:";

std::string_view trim_left(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

// The text of a comment line after its leader; nullopt for a line that is no comment.
std::optional<std::string_view> comment_text(std::string_view line) {
  line = trim_left(line);
  for (const std::string_view leader : {"//", "/*", "#", "*"}) {
    if (line.substr(0, leader.size()) == leader) {
      return trim_left(line.substr(leader.size()));
    }
  }
  return std::nullopt;
}

bool is_id_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// "fails CHECK ..." after the keyword, on line `line`.
Expected<Declaration> parse_declaration(std::string_view rest, int line) {
  rest = trim_left(rest);
  constexpr std::string_view kFails = "fails";
  std::size_t length = 0;
  if (rest.substr(0, kFails.size()) == kFails && rest.size() > kFails.size() &&
      (rest[kFails.size()] == ' ' || rest[kFails.size()] == '\t')) {
    rest = trim_left(rest.substr(kFails.size()));
    while (length < rest.size() && is_id_char(rest[length])) {
      ++length;
    }
  }
  if (length == 0) {
    return unexpected(fmt::format(
        "line {}: a declaration reads `selftest: fails CHECK` (the id of the check that must "
        "fail first), e.g. `# selftest: fails three-pid-lines`",
        line));
  }
  return Declaration{std::string(rest.substr(0, length)), line};
}

// A near miss's text, as its grading will read it: not through a symbolic link, and of a size
// a grading accepts (a notebook's cap is the largest).
Expected<std::string> read_text(const std::filesystem::path& path) {
  Expected<UntrustedRead> read = read_untrusted(path, check::kMaxNotebookBytes);
  if (!read) {
    return unexpected(read.error());
  }
  if (!read->refused.empty()) {
    return unexpected(fmt::format("{} {}", path.filename().string(), read->refused));
  }
  return std::move(read->content);
}

spec::Problem problem(const std::string& exercise, spec::Location where, std::string message) {
  return spec::Problem{std::move(where), spec::Severity::kError, std::move(message), exercise};
}

// A check id, where it was declared.
struct Declared {
  std::string check;
  spec::Location where;
};

// The manifest's `FILE: CHECK` entries by file name.
std::map<std::string, Declared> read_manifest(const std::filesystem::path& path,
                                              const std::string& exercise,
                                              std::vector<spec::Problem>& problems) {
  std::map<std::string, Declared> declared;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return declared;
  }
  try {
    const YAML::Node root = spec::load_yaml_file(path.string());
    const spec::YamlReader reader(path.string());
    for (const auto& [key, value] :
         reader.entries(root, "expectations (`FILE: CHECK`, one per near miss)")) {
      declared[reader.string(key, "a near miss's file name")] =
          Declared{reader.identifier(value, "the check it fails first"), reader.where(value)};
    }
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kSpec) {
      throw;
    }
    problems.push_back(spec::problem_from_error(e.what(), exercise));
  }
  return declared;
}

// The declaration in the file itself: its first lines, or a notebook's first code cell.
Expected<std::optional<Declaration>> declaration_in(const std::filesystem::path& file,
                                                    const spec::Language& language) {
  const Expected<std::string> text = read_text(file);
  if (!text) {
    return unexpected(text.error());
  }
  if (!language.notebook) {
    return find_declaration(*text);
  }
  Expected<check::Notebook> notebook = check::read_notebook(*text);
  if (!notebook) {
    return unexpected(notebook.error());
  }
  if (notebook->code.empty()) {
    return std::optional<Declaration>();
  }
  return find_declaration(notebook->code.front().source);
}

std::string how_to_declare(const spec::Language& language, const std::string& name) {
  const std::string comment =
      language.notebook ? "`# selftest: fails CHECK` in its first code cell"
                        : fmt::format("`{} selftest: fails CHECK` in its first {} lines",
                                      language.compiler.empty() ? "#" : "//", kDeclarationLines);
  return fmt::format("write {}, or `{}: CHECK` in {}", comment, name, kManifestName);
}

std::vector<std::string> check_ids(const spec::Exercise& exercise, const std::string& language) {
  std::vector<std::string> ids;
  for (const spec::Check& check : spec::for_language(exercise, language).checks) {
    ids.push_back(check.id);
  }
  return ids;
}

// The near misses of one exercise and what their declarations say, checked.
class NearMisses {
 public:
  NearMisses(const ExerciseCases& what, std::vector<spec::Problem>& problems)
      : what_(what), problems_(problems), folder_(near_miss_folder(*what.entry)) {}

  std::vector<SelftestCase> read();

 private:
  void add(const std::filesystem::path& file, std::vector<SelftestCase>& cases);
  std::optional<Declared> declared(const std::filesystem::path& file,
                                   const spec::Language& language);
  bool known(const Declared& declared, const std::string& name, const std::string& language);
  void report(spec::Location where, std::string message) {
    problems_.push_back(problem(what_.exercise->id, std::move(where), std::move(message)));
  }
  bool accepted(const spec::Language* language) const {
    return std::find(what_.accepted.begin(), what_.accepted.end(), language) !=
           what_.accepted.end();
  }

  const ExerciseCases& what_;
  std::vector<spec::Problem>& problems_;
  std::filesystem::path folder_;
  std::map<std::string, Declared> manifest_;
};

std::vector<SelftestCase> NearMisses::read() {
  std::vector<SelftestCase> cases;
  std::error_code ec;
  if (!std::filesystem::is_directory(folder_, ec)) {
    return cases;
  }
  manifest_ = read_manifest(folder_ / kManifestName, what_.exercise->id, problems_);
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(folder_, ec)) {
    files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& file : files) {
    add(file, cases);
  }
  for (const auto& [name, entry] : manifest_) {
    report(entry.where,
           fmt::format("{} names {}, which is not in {}", kManifestName, name, folder_.string()));
  }
  return cases;
}

void NearMisses::add(const std::filesystem::path& file, std::vector<SelftestCase>& cases) {
  const std::string name = file.filename().string();
  if (name == kManifestName || name.front() == '.' || file.extension() == ".md") {
    return;  // the manifest, hidden files and notes on the near misses
  }
  const spec::Language* language = what_.course->language_for(file);
  const spec::Location where{file.string(), 0, 0};
  if (language == nullptr || !accepted(language)) {
    report(where, fmt::format("{} is no program of a language {} accepts; a near miss is "
                              "NAME<extension> of one of them (notes may sit beside as *.md)",
                              name, what_.exercise->id));
    manifest_.erase(name);
    return;
  }
  const std::optional<Declared> check = declared(file, *language);
  manifest_.erase(name);
  if (!check || (!what_.chosen.empty() && what_.chosen.count(language->id) == 0) ||
      !known(*check, name, language->id)) {
    return;
  }
  SelftestCase near;
  near.exercise = what_.exercise->id;
  near.language = language->id;
  near.kind = CaseKind::kNearMiss;
  near.file = file;
  near.name = "wrong/" + name;
  near.expected_check = check->check;
  cases.push_back(std::move(near));
}

// The file's own declaration and the manifest's must agree; one of them is needed.
std::optional<Declared> NearMisses::declared(const std::filesystem::path& file,
                                             const spec::Language& language) {
  const std::string name = file.filename().string();
  const Expected<std::optional<Declaration>> own = declaration_in(file, language);
  if (!own) {
    report({file.string(), 0, 0}, own.error());
    return std::nullopt;
  }
  const auto listed = manifest_.find(name);
  if (listed != manifest_.end() && own->has_value() && (*own)->check != listed->second.check) {
    report(listed->second.where,
           fmt::format("{} says {} fails first on {}, the file itself says {} (line {}); keep one",
                       kManifestName, name, listed->second.check, (*own)->check, (*own)->line));
    return std::nullopt;
  }
  if (own->has_value()) {
    return Declared{(*own)->check, {file.string(), (*own)->line, 1}};
  }
  if (listed != manifest_.end()) {
    return listed->second;
  }
  report({file.string(), 0, 0},
         fmt::format("{} does not say which check it must fail first: {}; the checks of {} in {}: "
                     "{}",
                     name, how_to_declare(language, name), what_.exercise->id, language.id,
                     fmt::join(check_ids(*what_.exercise, language.id), ", ")));
  return std::nullopt;
}

bool NearMisses::known(const Declared& declared, const std::string& name,
                       const std::string& language) {
  const std::vector<std::string> ids = check_ids(*what_.exercise, language);
  if (declared.check == kBuildCheck ||
      std::find(ids.begin(), ids.end(), declared.check) != ids.end()) {
    return true;
  }
  const std::optional<std::string> near = text::closest_match(declared.check, ids);
  report(declared.where,
         fmt::format("{} declares check '{}', which {} does not have in {}{}; its checks: {} (or "
                     "`{}`: the build must fail)",
                     name, declared.check, what_.exercise->id, language,
                     near ? fmt::format(" (did you mean '{}'?)", *near) : "", fmt::join(ids, ", "),
                     kBuildCheck));
  return false;
}

SelftestCase course_file(const ExerciseCases& what, const spec::Language& language, CaseKind kind) {
  SelftestCase file;
  file.exercise = what.exercise->id;
  file.language = language.id;
  file.kind = kind;
  const bool solution = kind == CaseKind::kSolution;
  file.file = solution ? what.course->solution_path(*what.entry, language)
                       : what.course->template_path(*what.entry, language);
  file.name = std::string(to_string(kind));
  file.gradings = solution ? what.repeat : 1;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file.file, ec)) {
    file.absent = fmt::format("no {} ({} is missing)",
                              solution ? "reference solution" : "starter file", file.file.string());
  }
  return file;
}

}  // namespace

std::string_view to_string(CaseKind kind) {
  switch (kind) {
    case CaseKind::kSolution:
      return "solution";
    case CaseKind::kTemplate:
      return "template";
    case CaseKind::kNearMiss:
      break;
  }
  return "near_miss";
}

std::filesystem::path near_miss_folder(const spec::ExerciseEntry& entry) {
  return entry.spec.parent_path() / entry.id / "wrong";
}

Expected<std::optional<Declaration>> find_declaration(std::string_view text) {
  int line = 0;
  while (!text.empty() && line < kDeclarationLines) {
    ++line;
    const std::size_t end = text.find('\n');
    const std::string_view current = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const std::optional<std::string_view> comment = comment_text(current);
    if (comment && comment->substr(0, kKeyword.size()) == kKeyword) {
      Expected<Declaration> found = parse_declaration(comment->substr(kKeyword.size()), line);
      if (!found) {
        return unexpected(found.error());
      }
      return std::optional<Declaration>(std::move(*found));
    }
  }
  return std::optional<Declaration>();
}

void plan_exercise(const ExerciseCases& what, SelftestPlan& plan) {
  const std::vector<SelftestCase> near_misses = NearMisses(what, plan.problems).read();
  for (const spec::Language* language : what.accepted) {
    if (!what.chosen.empty() && what.chosen.count(language->id) == 0) {
      continue;
    }
    plan.cases.push_back(course_file(what, *language, CaseKind::kSolution));
    plan.cases.push_back(course_file(what, *language, CaseKind::kTemplate));
    for (const SelftestCase& near : near_misses) {
      if (near.language == language->id) {
        plan.cases.push_back(near);
      }
    }
  }
}

}  // namespace grade::batch
