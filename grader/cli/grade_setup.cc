#include "cli/grade_setup.h"

#include <fmt/format.h>

#include "isolate/private_view.h"
#include "isolate/sandbox.h"
#include "run/interpreter.h"
#include "run/program_path.h"
#include "run/python_stdio.h"
#include "run/tool_identity.h"
#include "util/error.h"
#include "util/timings.h"

extern char** environ;  // NOLINT: POSIX global

namespace grade::cli {

namespace {

std::filesystem::path interpreter_for(const spec::Language& language, const GradeOptions& options,
                                      const run::InterpreterOptions& lookup) {
  if (options.interpreter) {
    // Relative to where the user typed it, not to the run's temporary folder.
    return std::filesystem::absolute(*options.interpreter);
  }
  if (language.interpreter.empty()) {
    return {};
  }
  // The machine's set-up, not the submission or the command line: exit code 3.
  return run::resolve_interpreter(language.interpreter, lookup)
      .value_or_throw(ErrorKind::kInternal, fmt::format("cannot use the {} interpreter '{}'",
                                                        language.id, language.interpreter));
}

// The language's compiler on PATH, as the user who builds can run it. A course that offers a
// language whose compiler is not installed is the machine's set-up: exit code 3, naming it.
std::filesystem::path compiler_for(const spec::Language& language,
                                   const run::InterpreterOptions& lookup) {
  if (language.compiler.empty()) {
    return {};
  }
  std::filesystem::path found = run::find_on_path(language.compiler, lookup.search_path);
  if (found.empty()) {
    throw Error(ErrorKind::kInternal,
                fmt::format("cannot build {} submissions: the compiler '{}' is not installed on "
                            "this machine (not found on PATH)",
                            language.id, language.compiler));
  }
  return found;
}

std::filesystem::path canonical_or_same(const std::filesystem::path& path) {
  std::error_code ec;
  auto canonical = std::filesystem::canonical(path, ec);
  return ec ? path : canonical;
}

// Who runs the submissions and with what network (run/sandbox.h), the interpreter that user
// can run, and a refusal when a submission could change the grader's own files.
void isolate(const Context& ctx, const GradeOptions& options, const spec::Language& language,
             const run::InterpreterOptions& lookup, check::GradeRequest& request) {
  // A --run-as or --run-uids the system cannot use is the user's mistake; a default range
  // fully taken by accounts is the machine's.
  const bool asked = !options.run_as.empty() || !options.run_uids.empty();
  isolate::SandboxPlan plan = isolate::plan_sandbox({options.run_as, options.cut_network,
                                                     options.run_uids, options.private_view})
                                  .value_or_throw(asked ? ErrorKind::kUsage : ErrorKind::kInternal,
                                                  "cannot isolate submissions");
  // What grading relies on: the manifest, the specs, the reference and starter files, and
  // the build cache. Not the whole course folder: a source checkout also holds build trees
  // and .git, thousands of files to look at on every grading, none of which grading reads.
  // The folders above them are checked too (renaming a folder replaces everything in it).
  std::vector<std::filesystem::path> grader_files;
  for (const char* part : {"course.yaml", "exercises", "solutions", "templates"}) {
    std::error_code ec;
    if (std::filesystem::exists(ctx.course.root / part, ec)) {
      grader_files.push_back(ctx.course.root / part);
    }
  }
  if (!request.cache_dir.empty()) {
    grader_files.push_back(request.cache_dir);
  }
  plan.containment.hidden.push_back(ctx.course.root);
  plan.containment.hidden.insert(plan.containment.hidden.end(), options.hidden.begin(),
                                 options.hidden.end());
  if (!request.cache_dir.empty()) {
    plan.containment.hidden.push_back(request.cache_dir);
  }
  timings::mark("isolation planned (namespace probe, run user)");
  isolate::check_grader_files(grader_files, plan).value_or_throw(ErrorKind::kInternal);
  timings::mark("course and cache checked unwritable by runs");
  // With a uid per run, plan.user stands for all of them: none has an account or a group,
  // so each has the permissions of "others" only, and what one can run, all can.
  if (plan.user && !request.compiler.empty()) {
    request.compiler = isolate::interpreter_for_user(request.compiler, language.compiler,
                                                     *plan.user, lookup.search_path)
                           .value_or_throw(ErrorKind::kInternal)
                           .path;
  }
  if (plan.user && !request.interpreter.empty()) {
    isolate::InterpreterChoice choice =
        isolate::interpreter_for_user(
            request.interpreter, std::filesystem::path(language.interpreter).filename().string(),
            *plan.user, lookup.search_path)
            .value_or_throw(ErrorKind::kInternal);
    request.interpreter = choice.path;
    if (!choice.note.empty()) {
      request.setup_notes.push_back(choice.note);
    }
  }
  // The interpreter's own installation (a pyenv or venv outside /usr) is in the run's view,
  // and nothing more of the folders around it; the course and the cache never are, even when
  // installed under /usr.
  if (!request.interpreter.empty()) {
    const std::filesystem::path real = canonical_or_same(request.interpreter);
    for (const std::filesystem::path& exe : {request.interpreter, real}) {
      if (auto prefix = isolate::interpreter_prefix(exe)) {
        plan.containment.read_only.push_back(*prefix);
      }
    }
    // A path the view does not show (a link in ~/bin to /usr/bin/python3) runs as its target.
    if (plan.containment.private_view &&
        !isolate::shown_in_view(request.interpreter, plan.containment.read_only)) {
      request.interpreter = real;
    }
  }
  run::add_compiled_sitecustomize(request.interpreter, request.cache_dir);
  timings::mark("interpreter chosen, its sitecustomize compiled");
  if (const auto site = python_site()) {
    plan.containment.read_only.push_back(*site);  // seen at the same path in the view
  }
  request.notes.insert(request.notes.end(), plan.notes.begin(), plan.notes.end());
  request.sandbox = std::move(plan);
}

}  // namespace

std::optional<std::filesystem::path> python_site() {
  auto folder = run::python_site_folder();
  return folder ? std::optional(*folder) : std::nullopt;
}

check::GradeRequest prepare_request(const Context& ctx, const GradeOptions& options,
                                    const spec::Exercise& exercise,
                                    const spec::Language& language) {
  check::GradeRequest request;
  request.course = &ctx.course;
  request.exercise = &exercise;
  request.language = &language;
  run::InterpreterOptions lookup = run::default_interpreter_options(environ, ctx.cwd);
  lookup.use_cache = options.use_cache;
  request.interpreter = interpreter_for(language, options, lookup);
  request.compiler = compiler_for(language, lookup);
  request.observe = options.observe;
  request.machine = check::Machine::here();
  if (options.use_cache) {
    request.cache_dir = lookup.cache_dir;
  }
  request.repeat = options.repeat.value_or(exercise.repeat.value_or(ctx.course.repeat));
  request.limits = exercise.limits.apply_to(ctx.course.limits);
  isolate(ctx, options, language, lookup, request);
  const std::filesystem::path& tool =
      request.compiler.empty() ? request.interpreter : request.compiler;
  if (!language.build.empty() && !tool.empty()) {
    request.tool_identity = run::tool_identity(tool, request.cache_dir);
  }
  return request;
}

}  // namespace grade::cli
