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

// Adds to that folder the module as `interpreter` compiles it
// (__pycache__/sitecustomize.<tag>.pyc), so that a run loads it instead of compiling it: compiling
// costs 0.7 ms of every Python start. The compiled file is kept in <memo_dir>/python-site/, per
// identity of the interpreter (run/tool_identity.h) and text of the module, so it is made once: by
// the trusted interpreter on grade's own module, outside any sandbox, with a short timeout. It is
// an unchecked-hash .pyc (PEP 552), loaded without looking at the source file's time. Best effort:
// without it, or with an empty `memo_dir` (no cache), Python compiles the source as before.
// Thread-safe.
void add_compiled_sitecustomize(const std::filesystem::path& interpreter,
                                const std::filesystem::path& memo_dir);

}  // namespace grade::run
