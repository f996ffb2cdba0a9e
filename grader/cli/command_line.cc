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

CLI::Option* add_off_flag(CLI::App& app, const std::string& name, bool& target,
                          const std::string& description) {
  return app.add_flag_callback(
      name, [&target] { target = false; }, description);
}

}  // namespace grade::cli
