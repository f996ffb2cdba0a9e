// What `grade --help` says: the commands a student uses first, each with an example, then
// the instructor's; the options in the same two groups. Each command file declares its own
// subcommand (add_*_command); this file only sorts them for --help, by name.
#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace grade::cli {

// The top of `grade --help`: what grade is, then one example line per command.
extern const char* const kHelpDescription;

// Puts every subcommand and option of `app` into the student's or the instructor's group.
// Call after every command is declared; one not named here stays in the instructor's group.
void group_for_help(CLI::App& app);

}  // namespace grade::cli
