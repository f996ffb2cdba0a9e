#include "cli/help_text.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace grade::cli {

const char* const kHelpDescription =
    "grade: checks your programs about processes and threads against the course's exercises.\n"
    "\n"
    "For students:\n"
    "  grade ex1                      grade ex1.py (or .cpp, .c, .ipynb) in this folder\n"
    "  grade ex1 attempt2.py          grade a file with another name\n"
    "  grade ex3 --html run.html      also a web page: each run's timeline\n"
    "  grade status                   your results so far (also: grade alone in your folder)\n"
    "  grade list                     the course's exercises\n"
    "  grade show ex2                 what ex2 asks for and what is checked\n"
    "  grade init ex2                 copy ex2's starter file into this folder\n"
    "\n"
    "For instructors:\n"
    "  grade validate                 check every exercise spec, all errors at once\n"
    "  grade selftest ex1 --repeat 5  solutions pass, templates and near misses fail\n"
    "  grade batch class/ -j 2        grade every student folder into a gradebook\n"
    "  grade export csv -o out.csv    the gradebook's current results\n"
    "  grade merge gradebook.sqlite shard-*.sqlite\n"
    "  grade summary                  the gradebook's table again\n"
    "  grade report html -o out.html  the class report: charts, every attempt\n"
    "\n"
    "Student guide: docs/students.md; instructors: docs/instructors.md.";

namespace {

constexpr std::string_view kStudentCommands = "Commands for students";
constexpr std::string_view kInstructorCommands = "Commands for instructors";
constexpr std::string_view kStudentOptions = "Options";
constexpr std::string_view kInstructorOptions = "Options for instructors";

constexpr std::array kStudentCommandNames = {std::string_view("status"), std::string_view("list"),
                                             std::string_view("show"), std::string_view("init")};

// What a student grading their own work needs; every other option is the instructor's.
constexpr std::array kStudentOptionNames = {
    std::string_view("--help"),     std::string_view("--version"),  std::string_view("exercise"),
    std::string_view("submission"), std::string_view("--verbose"),  std::string_view("--color"),
    std::string_view("--lang"),     std::string_view("--notebook"), std::string_view("--html")};

template <std::size_t N>
bool named(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// An option's long name ("--verbose"), or its positional name ("exercise").
std::string option_name(const CLI::Option& option) {
  const std::vector<std::string>& longs = option.get_lnames();
  return longs.empty() ? option.get_name() : "--" + longs.front();
}

}  // namespace

void group_for_help(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    sub->group(std::string(named(kStudentCommandNames, sub->get_name()) ? kStudentCommands
                                                                        : kInstructorCommands));
  }
  for (CLI::Option* option : app.get_options()) {
    option->group(std::string(
        named(kStudentOptionNames, option_name(*option)) ? kStudentOptions : kInstructorOptions));
  }
}

}  // namespace grade::cli
