#include "cli/command_line.h"

#include <utility>

#include <CLI/CLI.hpp>

namespace grade::cli {

CLI::App* add_command(CLI::App& app, CommandLine& line, const std::string& name,
                      const std::string& description, Command command) {
  CLI::App* sub = app.add_subcommand(name, description);
  sub->fallthrough();
  sub->callback([&line, command = std::move(command)] { line.command = command; });
  return sub;
}

}  // namespace grade::cli
