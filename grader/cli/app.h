// The command-line application: parses arguments, dispatches subcommands, maps errors to exit
// codes. main() only forwards to it, so the tests drive the same code.
#pragma once

namespace grade::cli {

int main(int argc, char** argv);

}  // namespace grade::cli
