// Python's stdout and stderr, written line by line by the thread that printed each line.
//
// On a terminal Python buffers stdout in a BufferedWriter that all threads share, and a
// line printed by one thread may go out in the write() of another: print() puts the line in
// the buffer, then flushes, and between the two a thread waiting for the buffer's lock adds
// its own line and flushes both. The output reads the same, but who wrote which line (the
// ground truth that checks compare with, run/write_order.h) would then be wrong for about one
// run in three of five threads printing at once. A sitecustomize module, found through
// PYTHONPATH, gives stdout and stderr a text layer over the unbuffered file: each print()
// still writes whole lines (line-buffered on a terminal, as before), and the bytes of a line
// leave the process in one write() by the thread that printed it.
#pragma once

#include <filesystem>
#include <string_view>

#include "util/expected.h"

namespace grade::run {

// The module's text.
std::string_view python_sitecustomize();

// A folder holding only sitecustomize.py, readable by everyone, made on the first call (any
// thread) and removed when the process that made it exits (not by its forked workers, which
// end with _exit). The same answer on every call.
Expected<std::filesystem::path> python_site_folder();

}  // namespace grade::run
