#include "check/advice.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace grade::check {

namespace {

constexpr std::string_view kUseFork =
    "start processes by fork: call multiprocessing.set_start_method(\"fork\") once, in the "
    "first code cell, or make them with multiprocessing.get_context(\"fork\").Process(...)";

// spawn and forkserver start a fresh interpreter, which finds a process's target by name.
std::string target_not_found(const std::string& name, bool notebook) {
  if (notebook) {
    return fmt::format(
        "A new process could not find `{}`. Processes started by spawn or forkserver begin a "
        "fresh Python that does not run the notebook's cells, so a function defined in a cell "
        "does not exist there (Jupyter behaves the same). To fix it, {}; or write `{}` into a "
        "module with a cell that starts with `%%writefile worker.py` and import it with "
        "`from worker import {}`. Python 3.14 on Linux uses forkserver unless told otherwise.",
        name, kUseFork, name, name);
  }
  return fmt::format(
      "A new process could not find `{}`. Processes started by spawn or forkserver import your "
      "file again and look the function up by name: define `{}` at the top level of the file, "
      "not inside `if __name__ == \"__main__\":` or another function.",
      name, name);
}

std::string not_picklable(bool notebook) {
  return fmt::format(
      "A process's target could not be sent to the new process: under spawn or forkserver it "
      "must be a function defined at the top level, not a lambda or a function defined inside "
      "another function{}.",
      notebook ? fmt::format("; or {}", kUseFork) : std::string());
}

std::string no_main_guard() {
  return "Each new process started the program's processes again: under spawn or forkserver "
         "every new process imports the main file, so the code that starts processes must sit "
         "under `if __name__ == \"__main__\":`.";
}

// The run's stdin is /dev/null: input() reads end of file at once.
std::string no_input() {
  return "input() found no input: the grader gives your program none (its stdin is empty), "
         "and this exercise needs none. Remove the input() call and use the values the "
         "exercise gives.";
}

}  // namespace

std::vector<std::string> advice_for(std::string_view stderr_text, bool notebook) {
  static const RE2 missing(R"(Can't get attribute '([^']{1,200})' on <module '__(?:mp_)?main__')");
  static const RE2 pickle(R"(Can't pickle (?:local object|<function)|PicklingError)");
  static const RE2 bootstrap(R"(finished its bootstrapping phase)");
  static const RE2 eof(R"(EOFError: EOF when reading a line)");
  std::vector<std::string> advice;
  std::string name;
  if (RE2::PartialMatch(stderr_text, missing, &name)) {
    advice.push_back(target_not_found(name, notebook));
  }
  if (RE2::PartialMatch(stderr_text, pickle)) {
    advice.push_back(not_picklable(notebook));
  }
  if (RE2::PartialMatch(stderr_text, bootstrap)) {
    advice.push_back(no_main_guard());
  }
  if (RE2::PartialMatch(stderr_text, eof)) {
    advice.push_back(no_input());
  }
  return advice;
}

}  // namespace grade::check
