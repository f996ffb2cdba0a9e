#include "check/notebook_magics.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

namespace grade::check {

namespace {

// Where a line starts: inside a triple-quoted string, inside brackets or after a backslash, a
// "%" or "!" is Python, not a magic (IPython decides the same way, by tokens).
class PythonLines {
 public:
  // True when the next line starts a new statement.
  bool at_statement() const { return quote_ == 0 && depth_ == 0 && !continued_; }

  void scan(std::string_view line) {
    continued_ = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (quote_ != 0) {
        i = close_string(line, i);
      } else if (line[i] == '#') {
        return;
      } else if (line[i] == '"' || line[i] == '\'') {
        i = open_string(line, i);
      } else if (line[i] == '(' || line[i] == '[' || line[i] == '{') {
        ++depth_;
      } else if ((line[i] == ')' || line[i] == ']' || line[i] == '}') && depth_ > 0) {
        --depth_;
      } else if (line[i] == '\\' && i + 1 == line.size()) {
        continued_ = true;
      }
    }
  }

 private:
  std::size_t open_string(std::string_view line, std::size_t at) {
    quote_ = line[at];
    triple_ = line.substr(at, 3) == std::string(3, quote_);
    return close_string(line, triple_ ? at + 3 : at + 1);
  }

  // From `at` inside a string: the index of its (last) closing quote, or the line's end. A
  // single-quoted string continued by a backslash stays open on the next line, as one that
  // is triple-quoted does.
  std::size_t close_string(std::string_view line, std::size_t at) {
    for (std::size_t i = at; i < line.size(); ++i) {
      if (line[i] == '\\') {
        continued_ = i + 1 == line.size();
        ++i;  // an escaped quote does not close, in raw strings too
      } else if (triple_ ? line.substr(i, 3) == std::string(3, quote_) : line[i] == quote_) {
        quote_ = 0;
        return triple_ ? i + 2 : i;
      }
    }
    if (!triple_ && !continued_) {
      quote_ = 0;  // unterminated: Python's error, and the string ends with its line
    }
    return line.size();
  }

  char quote_ = 0;       // the quote of a string still open at the line's end
  bool triple_ = false;  // ... which is triple-quoted
  int depth_ = 0;
  bool continued_ = false;
};

enum class Magic {
  kTime,
  kTimeit,
  kEnv,
  kIgnored,
  kDisplayCell,
  kCapture,
  kWriteFile,
  kShell,
  kInstall,
  kUnknown
};

bool listed(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Magic line_magic(std::string_view name) {
  if (name == "time" || name == "timeit") {
    return name == "time" ? Magic::kTime : Magic::kTimeit;
  }
  if (name == "env") {
    return Magic::kEnv;
  }
  if (listed(name,
             {"matplotlib", "config",    "load_ext", "reload_ext", "unload_ext", "autoreload",
              "aimport",    "precision", "xmode",    "colors",     "pdb",        "pprint",
              "who",        "whos",      "who_ls",   "lsmagic",    "magic",      "quickref",
              "pinfo",      "pinfo2",    "pdoc",     "pdef",       "psource",    "pfile",
              "psearch",    "history",   "hist",     "page",       "automagic",  "doctest_mode",
              "tb",         "autocall",  "autoawait"})) {
    return Magic::kIgnored;
  }
  if (listed(name, {"pip", "conda", "mamba", "micromamba"})) {
    return Magic::kInstall;
  }
  if (listed(name, {"system", "sx",    "sc",    "cd",      "ls",           "ll",       "lf",
                    "lk",     "lx",    "ldir",  "cat",     "cp",           "mv",       "rm",
                    "rmdir",  "mkdir", "man",   "alias",   "unalias",      "bookmark", "pushd",
                    "popd",   "dirs",  "dhist", "rehashx", "killbgscripts"})) {
    return Magic::kShell;
  }
  return Magic::kUnknown;
}

Magic cell_magic(std::string_view name) {
  if (name == "time" || name == "timeit") {
    return name == "time" ? Magic::kTime : Magic::kTimeit;
  }
  if (listed(name, {"html", "HTML", "markdown", "latex", "javascript", "js", "svg"})) {
    return Magic::kDisplayCell;
  }
  if (name == "capture" || name == "writefile") {
    return name == "capture" ? Magic::kCapture : Magic::kWriteFile;
  }
  if (listed(name, {"bash", "sh", "script", "system", "sx", "!", "perl", "ruby", "pypy", "python",
                    "python2", "python3", "sc"})) {
    return Magic::kShell;
  }
  return Magic::kUnknown;
}

// "pip install": the command's first word, and its second when that is a word too, for messages.
std::string command_words(std::string_view rest) {
  static const RE2 words(R"(\s*([^\s]+)(?:\s+([A-Za-z][\w-]*))?.*)");
  std::string first;
  std::string second;
  if (!RE2::FullMatch(rest, words, &first, &second)) {
    return "";
  }
  return second.empty() ? first : first + " " + second;
}

// "pip install", "conda install": a command that installs packages.
bool installs(std::string_view words) {
  static const RE2 installer(R"((pip3?|conda|mamba|micromamba|uv)\b.*)");
  return RE2::FullMatch(words, installer);
}

// A Python string literal of `text`: a JSON string is one.
std::string python_text(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Options of %timeit before its statement (-n 10 -r 3 -q -o ...): only -o changes the meaning.
std::string_view timeit_statement(std::string_view rest, bool& wants_result) {
  static const RE2 option(R"(\s*(-[nrp]\s*\d+|-[a-zA-Z]+)(.*))");
  std::string flag;
  std::string after;
  while (RE2::FullMatch(rest, option, &flag, &after)) {
    wants_result = wants_result || flag.find('o') != std::string::npos;
    rest.remove_prefix(rest.size() - after.size());
  }
  const std::size_t start = rest.find_first_not_of(" \t");
  return start == std::string_view::npos ? std::string_view() : rest.substr(start);
}

class CellTranslator {
 public:
  CellTranslator(int number, TranslatedCell& out) : number_(number), out_(out) {}

  void line(std::string_view text, int line_number, bool at_statement) {
    line_ = line_number;
    translate(text, at_statement);
    // A cell magic may follow blank lines only, as IPython drops those first.
    seen_code_ = seen_code_ || text.find_first_not_of(" \t") != std::string_view::npos;
  }

 private:
  void translate(std::string_view text, bool at_statement) {
    static const RE2 magic(R"((\s*)((?:[A-Za-z_][\w.]*\s*,\s*)*[A-Za-z_][\w.]*\s*=\s*)?)"
                           R"((%%|%|!!|!)([\w!]*)(.*))");
    static const RE2 help(R"(\s*(\?\??[A-Za-z_][\w.]*|[A-Za-z_][\w.]*(\(\))?\?\??)\s*)");
    std::string indent;
    std::string target;
    std::string escape;
    std::string name;
    std::string rest;
    const bool python = at_statement && !foreign_;
    if (python && RE2::FullMatch(text, help)) {
      return emit(indent_of(text) + "pass");
    }
    if (python && RE2::FullMatch(text, magic, &indent, &target, &escape, &name, &rest)) {
      return translate(indent, target, escape, name, rest);
    }
    emit(text);
  }

  static std::string indent_of(std::string_view text) {
    return std::string(text.substr(0, std::min(text.find_first_not_of(" \t"), text.size())));
  }

  void emit(std::string_view text) {
    out_.python.append(text);
    out_.python += '\n';
  }

  void problem(const std::string& text) {
    out_.problems.push_back(fmt::format("cell {}, line {}: {}", number_, line_, text));
    emit("pass");
  }

  void translate(const std::string& indent, const std::string& target, const std::string& escape,
                 const std::string& name, const std::string& rest) {
    if (escape == "!" || escape == "!!") {
      const std::string words = command_words(name + rest);
      return shell(escape + words, installs(words));
    }
    if (escape == "%%") {
      return cell(name, rest);
    }
    switch (line_magic(name)) {
      case Magic::kTime:
      case Magic::kTimeit:
        return timing(indent, target, name == "timeit", rest);
      case Magic::kEnv:
        return emit(fmt::format(
            "{}{}_grade_nb.env({})", indent, target,
            python_text(rest.substr(std::min(rest.find_first_not_of(" \t"), rest.size())))));
      case Magic::kIgnored:
        return emit(indent + (target.empty() ? "pass" : target + "None"));
      case Magic::kInstall:
        return shell(fmt::format("%{} {}", name, command_words(rest)), true);
      case Magic::kShell:
        return shell(fmt::format("%{} {}", name, command_words(rest)), false);
      default:
        return unknown("%" + name);
    }
  }

  // `with _grade_nb.timing(): statement`: the statement stays code, so the build checks its
  // syntax. A compound one-liner ("for i in x: f(i)") cannot follow a `with`; it runs from a
  // string as IPython runs it, with the time printed the same way.
  void timing(const std::string& indent, const std::string& target, bool timeit,
              std::string_view rest) {
    static const RE2 compound(R"((?:for|while|if|with|try|def|class|async|match)\b.*)");
    bool wants_result = false;
    const std::string_view statement = timeit ? timeit_statement(rest, wants_result) : rest;
    const std::size_t start = statement.find_first_not_of(" \t");
    const std::string code(start == std::string_view::npos ? "" : statement.substr(start));
    const char* const kind = timeit ? "True" : "False";
    if (RE2::FullMatch(code, compound)) {
      // %timeit gives its result only with -o (IPython's TimeitResult); without, its value
      // is None, so a cell ending with it shows nothing and `x = %timeit f()` sets x to None.
      return emit(fmt::format("{}{}_grade_nb.time({}, {}, {}, timeit={}){}", indent, target,
                              python_text(code), number_, line_, kind,
                              timeit && !wants_result ? " and None" : ""));
    }
    const std::string name = target.substr(0, target.find_first_of(" \t=,"));
    if (timeit) {  // x = %timeit -o f(): x is the result; without -o, None
      const bool keep = wants_result && !name.empty();
      return emit(fmt::format("{}with _grade_nb.timing(timeit=True){}: {}{}", indent,
                              keep ? " as " + name : "", code.empty() ? "pass" : code,
                              !name.empty() && !keep ? "; " + name + " = None" : ""));
    }
    // x = %time expr: x is the expression's value.
    emit(fmt::format("{}with _grade_nb.timing(timeit=False): {}{}", indent, target,
                     code.empty() && target.empty() ? "pass" : code));
  }

  void cell(const std::string& name, const std::string& rest) {
    const Magic magic = cell_magic(name);
    const bool first = !seen_code_;
    // Below a cell magic that is not Python (HTML, LaTeX with its "% comments", a shell
    // script, a file's text) lines are not magics to judge.
    foreign_ =
        first && magic != Magic::kTime && magic != Magic::kTimeit && magic != Magic::kCapture;
    if (magic == Magic::kShell) {
      return shell("%%" + name, false);
    }
    if (magic == Magic::kUnknown) {
      return unknown("%%" + name);
    }
    if (!first) {
      return problem(
          fmt::format("`%%{}` works only on the first line of a cell; move it there "
                      "or remove it",
                      name));
    }
    emit("");
    const std::size_t start = rest.find_first_not_of(" \t");
    const std::string argument = start == std::string::npos ? "" : rest.substr(start);
    switch (magic) {
      case Magic::kDisplayCell:
        out_.kind = CellKind::kSkip;
        return;
      case Magic::kWriteFile:
        return write_file(argument);
      case Magic::kCapture:
        return capture(argument);
      default:
        break;
    }
    out_.kind = magic == Magic::kTime ? CellKind::kTime : CellKind::kTimeit;
    // What follows %%timeit's options on its line is a setup statement; it runs first.
    bool ignored = false;
    out_.python.pop_back();
    emit(magic == Magic::kTimeit ? timeit_statement(rest, ignored) : std::string_view(rest));
  }

  void write_file(const std::string& argument) {
    static const RE2 file(R"((?:(?:-a|--append)\s+)?[^-\s].*)");
    if (!RE2::FullMatch(argument, file)) {
      return problem("`%%writefile` needs the name of the file to write");
    }
    out_.kind = CellKind::kWriteFile;
    out_.argument = argument;
  }

  void capture(const std::string& argument) {
    // Options and one variable name, in any order: the runner reads them.
    static const RE2 words(
        R"((?:(?:--no-stdout|--no-stderr|--no-display|[A-Za-z_]\w*)(?:\s+|$))*)");
    if (!RE2::FullMatch(argument, words)) {
      return problem(
          "`%%capture` takes a variable name and --no-stdout, --no-stderr or --no-display");
    }
    out_.kind = CellKind::kCapture;
    out_.argument = argument;
  }

  void shell(const std::string& shown, bool install) {
    problem(fmt::format("shell commands (`{}`) do not run when the notebook is graded; {}", shown,
                        install ? "install packages before, or remove the line"
                                : "remove the line, or do the same in Python"));
  }

  void unknown(const std::string& shown) {
    problem(
        fmt::format("`{}` is a magic that does not run when the notebook is graded (%time, "
                    "%timeit, %env, %%time, %%timeit, %%capture and %%writefile run; display "
                    "magics such as %matplotlib are skipped); remove the line",
                    shown));
  }

  int number_;
  int line_ = 0;
  bool foreign_ = false;    // the cell's body is another language's
  bool seen_code_ = false;  // a line that is not blank came before this one
  TranslatedCell& out_;
};

}  // namespace

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

// What IPython does to a cell before anything else: the first line's indent comes off every
// line that has it, and so do ">>> " and "... " prompts when the first line has one (code
// pasted from a Python session).
void clean_up(std::vector<std::string>& lines) {
  const auto first = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find_first_not_of(" \t") != std::string::npos;
  });
  if (first == lines.end()) {
    return;
  }
  const std::string indent = first->substr(0, first->find_first_not_of(" \t"));
  for (std::string& line : lines) {
    if (!indent.empty() && line.starts_with(indent)) {
      line.erase(0, indent.size());
    }
  }
  static const RE2 prompt(R"(^(?:>>>|\.\.\.)(?: |$))");
  if (!first->starts_with(">>>") || !RE2::PartialMatch(*first, prompt)) {
    return;
  }
  for (std::string& line : lines) {
    RE2::Replace(&line, prompt, "");
  }
}

}  // namespace

TranslatedCell translate_cell(const std::string& source, int number) {
  TranslatedCell out;
  CellTranslator translator(number, out);
  PythonLines lines;
  std::vector<std::string> cleaned = split_lines(source);
  clean_up(cleaned);
  int line = 0;
  for (const std::string& text : cleaned) {
    translator.line(text, ++line, lines.at_statement());
    lines.scan(text);
  }
  return out;
}

}  // namespace grade::check
