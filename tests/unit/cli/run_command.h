// Test support for cli/: a command line parsed as `grade ARGS` would be, with the top level's
// grading options and the commands a test declares, and the chosen command run; or the options
// one declaring function binds.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command_line.h"
#include "cli/grade_command.h"

namespace grade::cli::testing {

using Declare = std::function<void(CLI::App&, CommandLine&)>;

// Throws CLI::ParseError as the application's parse does, and what the command throws.
inline int run_command(const Context& ctx, const std::string& args, const Declare& declare) {
  CLI::App app;
  CommandLine line;
  add_grade_command(app, line);
  declare(app, line);
  app.parse(args, false);
  return line.command(ctx);
}

// The options `declare` binds, after parsing `args` with them; throws CLI::ParseError.
template <typename Options>
Options parse_options(const std::string& args, void (*declare)(CLI::App&, Options&)) {
  CLI::App app;
  Options options;
  declare(app, options);
  app.parse(args, false);
  return options;
}

}  // namespace grade::cli::testing
