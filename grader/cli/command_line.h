// What the command line asks for: the options every command reads, and what the parsed
// command does. Each command file declares its own subcommand and options (add_*_command);
// app.cc parses, loads the course and runs `CommandLine::command`.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "cli/context.h"
#include "cli/grade_options.h"
#include "util/error.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace grade::cli {

// What a command does once the course is loaded; returns the exit code.
using Command = std::function<int(const Context&)>;

struct CommandLine {
  std::optional<std::string> course;  // --course: a folder or its course.yaml
  std::string color = "auto";         // --color: auto | always | never
  // On the top level, so that they may follow a subcommand too: `show` reads --view, `batch`
  // runs every submission with them.
  GradeOptions grade;
  Command command;  // `grade EXERCISE` (add_grade_command) until a subcommand is parsed
  // What the parsed command does when course.yaml does not load; unset: the error ends `grade`.
  std::function<int(const Error&, std::ostream& out)> on_broken_course;
};

// Declares the subcommand `name` on `app`; when it is parsed, `command` becomes
// `line.command`. The top level's options may follow it. Returns it for its own options.
CLI::App* add_command(CLI::App& app, CommandLine& line, const std::string& name,
                      const std::string& description, Command command);

// A flag that turns a setting off (`--no-cache` clears `target`). CLI11's "!--no-cache" form
// does the same but lists the flag in --help as "--no-cache{false}".
CLI::Option* add_off_flag(CLI::App& app, const std::string& name, bool& target,
                          const std::string& description);

}  // namespace grade::cli
