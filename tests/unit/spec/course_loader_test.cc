#include "spec/course_loader.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "util/error.h"
#include "util/temp_dir.h"

namespace grade::spec {
namespace {

constexpr const char* kLanguages = R"(languages:
  python:
    extensions: [".py"]
    interpreter: python3
    run: ["{interpreter}", "{source}"]
)";

// A course folder with exercises/ex1.yaml and exercises/ex2.yaml (load_course only checks that
// they exist) and the course.yaml each test writes.
class CourseLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(root() / "exercises");
    std::ofstream(root() / "exercises" / "ex1.yaml") << "id: ex1\n";
    std::ofstream(root() / "exercises" / "ex2.yaml") << "id: ex2\n";
  }

  std::filesystem::path root() const { return dir_.path(); }
  std::filesystem::path course_file() const { return root() / "course.yaml"; }

  Course load(const std::string& yaml) const {
    std::ofstream(course_file()) << yaml;
    return load_course(course_file());
  }

  // The spec error of loading `yaml`, without the file's path, or "" if it loads.
  std::string load_error(const std::string& yaml) const {
    try {
      (void)load(yaml);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kSpec);
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(course_file().string(), 0), 0U) << message;
      return message.substr(course_file().string().size());
    }
    return "";
  }

  TempDir dir_ = TempDir::create("grade-course-").value();
};

TEST_F(CourseLoaderTest, LoadsTypedStructsAndConventionalPaths) {
  const Course course = load(std::string("id: c\ntitle: C\nrepeat: 4\nlimits: {wall_time: 2s}\n") +
                             kLanguages + "exercises: [ex1, ex2]\n");
  EXPECT_EQ(course.id, "c");
  EXPECT_EQ(course.repeat, 4);
  EXPECT_EQ(course.limits.wall_time, std::chrono::milliseconds(2000));
  EXPECT_EQ(course.limits.output_bytes, Limits{}.output_bytes);  // default kept
  EXPECT_EQ(course.exercise_ids(), (std::vector<std::string>{"ex1", "ex2"}));
  ASSERT_EQ(course.languages.size(), 1U);
  const Language& python = course.languages.front();
  EXPECT_EQ(python.interpreter, "python3");
  const ExerciseEntry& ex2 = course.exercises[1];
  EXPECT_EQ(ex2.spec, root() / "exercises" / "ex2.yaml");
  EXPECT_EQ(course.template_path(ex2, python), root() / "templates" / "python" / "ex2.py");
  EXPECT_EQ(course.solution_path(ex2, python), root() / "solutions" / "python" / "ex2.py");
  EXPECT_EQ(course.language_for("x/ex2.py"), &python);
}

TEST_F(CourseLoaderTest, RejectsALanguageIdWrittenTwice) {
  EXPECT_EQ(load_error(std::string("id: c\ntitle: C\n") + kLanguages +
                       "  python:\n    extensions: [\".py3\"]\n    run: [x]\nexercises: [ex1]\n"),
            ":8:3: key 'python' appears twice in languages (first at line 4)");
}

// Found by tests/fuzz: an extension with a second dot or a slash was accepted, though no file
// can have it (language_for reads a file's last extension only).
TEST_F(CourseLoaderTest, RejectsAnExtensionNoFileCanHave) {
  for (const std::string extension : {".tar.gz", "..py", ".py/x"}) {
    EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  python: {extensions: [\"" + extension +
                         "\"], run: [x]}\nexercises: [ex1]\n"),
              ":4:11: extension '" + extension + "' of language 'python' must look like '.py'");
  }
  EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  python: {extensions: [\".py\"], run: [x]}\n"
                       "exercises: [ex1]\n"),
            "");
}

// Found by tests/fuzz: `extensions: []` loaded, and naming the language's starter file read
// the first of no extensions.
TEST_F(CourseLoaderTest, RejectsALanguageWithoutExtensions) {
  EXPECT_EQ(load_error("id: c\ntitle: t\nlanguages:\n  py: {extensions: [], run: [\"{source}\"]}\n"
                       "exercises: [ex1]\n"),
            ":4:20: language 'py' needs at least one extension, e.g. [\".py\"]");
}

TEST_F(CourseLoaderTest, ACompiledLanguageHasItsCompilerArtifactsAndBuildLimits) {
  const Course course = load(R"(id: c
title: C
languages:
  cpp:
    extensions: [".cpp", ".cc"]
    compiler: g++
    build: ["{compiler}", "-o", "{stem}", "{source}"]
    artifacts: ["{stem}"]
    run: ["./{stem}"]
    build_limits: {wall_time: 30s, memory: 2GiB}
exercises: [ex1]
)");
  const Language& cpp = course.languages.front();
  EXPECT_EQ(cpp.compiler, "g++");
  EXPECT_EQ(cpp.build_tool(), "g++");
  ASSERT_TRUE(cpp.artifacts.has_value());
  EXPECT_EQ(*cpp.artifacts, std::vector<std::string>{"{stem}"});
  EXPECT_EQ(cpp.build_limits.wall_time, std::chrono::seconds(30));
  EXPECT_EQ(cpp.build_limits.memory_bytes, std::size_t{2} << 30);
  EXPECT_EQ(cpp.build_limits.cpu_time, default_build_limits().cpu_time) << "default kept";
  EXPECT_EQ(cpp.build_limits.tasks, 64);
  EXPECT_EQ(course.language_for("ex1.cc"), &cpp);
}

TEST_F(CourseLoaderTest, ALanguageWithoutArtifactsKeepsWhatTheBuildLeaves) {
  const Course course = load(std::string("id: c\ntitle: C\n") + kLanguages + "exercises: [ex1]\n");
  EXPECT_FALSE(course.languages.front().artifacts.has_value());
  EXPECT_EQ(course.languages.front().build_tool(), "python3");
}

TEST_F(CourseLoaderTest, RejectsAnUnknownPlaceholder) {
  EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  c: {extensions: [\".c\"], "
                       "build: [\"{compiler}\", \"{sourse}\"], run: [x]}\nexercises: [ex1]\n"),
            ":4:49: '{sourse}' has an unknown placeholder; known: {interpreter}, {compiler}, "
            "{source}, {stem}");
  EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  c: {extensions: [\".c\"], "
                       "run: [\"./{stem\", \"d = {}\", \"{ A }\"]}\nexercises: [ex1]\n"),
            "")
      << "braces that are no placeholder are text";
}

// Found by tests/fuzz: a command of one argument, written without brackets, with an unknown
// placeholder made the error itself fail (operator[] on a scalar).
TEST_F(CourseLoaderTest, AnUnknownPlaceholderInACommandWithoutBracketsIsNamed) {
  EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  c: {extensions: [\".c\"], "
                       "run: \"{limits}\"}\nexercises: [ex1]\n"),
            ":4:32: '{limits}' has an unknown placeholder; known: {interpreter}, {compiler}, "
            "{source}, {stem}");
}

TEST_F(CourseLoaderTest, RejectsArtifactsOutsideTheBuildFolderOrWithoutABuild) {
  for (const std::string name : {"../x", "/bin/sh", "a/b", ".."}) {
    EXPECT_NE(load_error("id: c\ntitle: C\nlanguages:\n  c: {extensions: [\".c\"], build: [cc], "
                         "artifacts: [\"" +
                         name + "\"], run: [x]}\nexercises: [ex1]\n")
                  .find("must be a file name in the build folder"),
              std::string::npos)
        << name;
  }
  EXPECT_NE(load_error("id: c\ntitle: C\nlanguages:\n  c: {extensions: [\".c\"], "
                       "artifacts: [a], run: [x]}\nexercises: [ex1]\n")
                .find("has artifacts but no build"),
            std::string::npos);
}

TEST_F(CourseLoaderTest, RejectsATopLevelKeyWrittenTwice) {
  EXPECT_EQ(load_error(std::string("id: c\ntitle: C\n") + kLanguages + "exercises: [ex1]\nid: d\n"),
            ":9:1: key 'id' appears twice in the course manifest (first at line 1)");
}

TEST_F(CourseLoaderTest, MisspeltKeysAreSuggestedAndMissingOnesNamed) {
  EXPECT_EQ(load_error(std::string("id: c\ntitel: C\n") + kLanguages + "exercises: [ex1]\n"),
            ":2:1: unknown key 'titel' in the course manifest; did you mean 'title'?");
  EXPECT_EQ(load_error(std::string("id: c\ntitle: C\n") + kLanguages),
            ":1:1: the course manifest needs the key 'exercises'");
}

TEST_F(CourseLoaderTest, LimitsAndRepeatFollowTheSameRulesAsInAnExercise) {
  const std::string head = "id: c\ntitle: C\n";
  const std::string tail = std::string(kLanguages) + "exercises: [ex1]\n";
  EXPECT_EQ(load_error(head + "limits: {wall_time: 0.4ms}\n" + tail),
            ":3:21: wall_time must be at least 1ms, found '0.4ms'");
  EXPECT_EQ(load_error(head + "limits: {output_bytes: 2GiB}\n" + tail),
            ":3:24: output_bytes must be at most 1GiB, found '2GiB'");
  EXPECT_EQ(load_error(head + "limits: {wall_tme: 1s}\n" + tail),
            ":3:10: unknown key 'wall_tme' in limits; did you mean 'wall_time'?");
  EXPECT_EQ(load_error(head + "repeat: 1001\n" + tail), ":3:9: repeat must be between 1 and 1000");
}

TEST_F(CourseLoaderTest, RejectsAMissingSpecFile) {
  EXPECT_EQ(
      load_error(std::string("id: c\ntitle: C\n") + kLanguages + "exercises: [ex1, ex9]\n"),
      ":8:18: exercise 'ex9' has no spec file " + (root() / "exercises" / "ex9.yaml").string());
}

// A spec file whose status cannot be read (here a symlink loop: ELOOP even for root, unlike a
// permission error) is a spec error, not an exception from std::filesystem.
TEST_F(CourseLoaderTest, ASpecFileThatCannotBeCheckedIsASpecError) {
  std::filesystem::create_symlink("ex3.yaml", root() / "exercises" / "ex3.yaml");
  const std::string error =
      load_error(std::string("id: c\ntitle: C\n") + kLanguages + "exercises: [ex1, ex3]\n");
  EXPECT_EQ(error.rfind(":8:18: cannot check the spec file " +
                            (root() / "exercises" / "ex3.yaml").string() + " of exercise 'ex3': ",
                        0),
            0U)
      << error;
}

// `analyze`: which analyzer reads how a program is written (source checks).
TEST_F(CourseLoaderTest, AnalyzeNamesTheLanguagesAnalyzer) {
  const Course course = load(
      "id: c\ntitle: C\nlanguages:\n  python:\n    extensions: ['.py']\n    interpreter: python3\n"
      "    analyze: python\n    run: ['{interpreter}', '{source}']\n"
      "  c:\n    extensions: ['.c']\n    run: ['./a.out']\nexercises: [ex1]\n");
  EXPECT_EQ(course.find_language("python")->analyze, "python");
  EXPECT_EQ(course.find_language("c")->analyze, "");
  EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  c:\n    extensions: ['.c']\n"
                       "    analyze: clang\n    run: ['./a.out']\nexercises: [ex1]\n"),
            ":6:14: analyze must be 'python' (the one analyzer there is), found 'clang'");
  EXPECT_EQ(load_error("id: c\ntitle: C\nlanguages:\n  c:\n    extensions: ['.c']\n"
                       "    analyze: python\n    run: ['./a.out']\nexercises: [ex1]\n"),
            ":6:14: language 'c' has analyze: python, which runs its interpreter: add "
            "interpreter: python3");
}

}  // namespace
}  // namespace grade::spec
