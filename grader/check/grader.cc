#include "check/grader.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "check/advice.h"
#include "check/artifact.h"
#include "check/build_cache.h"
#include "check/build_limit_text.h"
#include "check/evaluate.h"
#include "check/notebook_program.h"
#include "check/scoring.h"
#include "check/source_facts.h"
#include "spec/exercise_languages.h"
#include "util/sha256.h"
#include "util/temp_dir.h"
#include "util/text.h"
#include "util/timings.h"
#include "util/untrusted_file.h"

namespace grade::check {

namespace {

// Larger than any program of this course; a bigger file is not a program to grade.
constexpr std::size_t kMaxSubmissionBytes = std::size_t{4} << 20;

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// Where one run happens and as whom. Members go in reverse order: the folder (owned by the
// run's uid) is removed while the uid is still the run's, so that no later run of the same
// uid can reach it.
struct Workspace {
  isolate::RunSandbox sandbox;
  TempDir dir;
};

// The run's sandbox (a uid of its own when the grader is root) and a fresh private folder
// holding only a copy of the submission, handed over to the run's user.
Expected<Workspace> prepare_workspace(const std::string& name, const std::string& content,
                                      const Artifacts& artifacts,
                                      const isolate::SandboxPlan& plan) {
  auto sandbox = plan.begin_run();
  if (!sandbox) {
    return unexpected(sandbox.error());
  }
  auto dir = TempDir::create("grade-run-");
  if (!dir) {
    return unexpected(dir.error());
  }
  const std::filesystem::path copy = dir->path() / name;
  std::ofstream out(copy, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) {
    return unexpected(
        fmt::format("cannot write {} into the run folder {}", name, dir->path().string()));
  }
  if (auto placed = place_artifacts(dir->path(), artifacts); !placed) {
    return unexpected(placed.error());
  }
  if (auto handed = isolate::hand_over(dir->path(), sandbox->user()); !handed) {
    return unexpected(handed.error());
  }
  return Workspace{std::move(*sandbox), std::move(*dir)};
}

std::vector<CheckResult> skipped_checks(const spec::Exercise& exercise, const std::string& why) {
  std::vector<CheckResult> checks;
  for (const spec::Check& check : exercise.checks) {
    CheckResult& skipped = checks.emplace_back(
        CheckResult{check.id, check.title, CheckStatus::kSkip, 0, check.points, why, {}});
    skipped.hidden = check.hidden;
    skipped.advice = check.advice;
  }
  return checks;
}

// The end of a text, where a traceback says what went wrong.
std::string_view tail(std::string_view text, std::size_t bytes) {
  return text.substr(text.size() > bytes ? text.size() - bytes : 0);
}

}  // namespace

std::string Placeholders::stem() const { return std::filesystem::path(source).stem().string(); }

std::vector<std::string> expand_command(const std::vector<std::string>& pattern,
                                        const Placeholders& values) {
  const std::pair<std::string_view, std::string> words[] = {
      {"{interpreter}", values.interpreter.string()},
      {"{compiler}", values.compiler.string()},
      {"{source}", values.source},
      {"{stem}", values.stem()}};
  std::vector<std::string> argv;
  argv.reserve(pattern.size());
  // One pass, left to right: what a placeholder stands for (a file named "a{stem}.py") is
  // never read for placeholders again.
  for (const std::string& arg : pattern) {
    std::string out;
    for (std::size_t at = 0; at < arg.size();) {
      const auto* word = std::find_if(std::begin(words), std::end(words), [&](const auto& w) {
        return std::string_view(arg).substr(at).starts_with(w.first);
      });
      if (word == std::end(words)) {
        out += arg[at++];
      } else {
        out += word->second;
        at += word->first.size();
      }
    }
    argv.push_back(std::move(out));
  }
  return argv;
}

namespace {

// One grading: the request, the result being filled in, and the steps that fill it. Each step
// returns false when grading must stop there (the result then says why).
class Session {
 public:
  Session(const GradeRequest& request, run::CommandRunner& runner, const EnvironmentFn& environment)
      : request_(request),
        runner_(runner),
        environment_(environment),
        exercise_(spec::for_language(*request.exercise, request.language->id)) {}

  GradeResult take() && { return std::move(result_); }

  bool start() {
    const spec::Exercise& exercise = exercise_;
    result_.course_id = request_.course->id;
    result_.course_title = request_.course->title;
    result_.exercise_id = exercise.id;
    result_.exercise_title = exercise.title;
    result_.submission.path = request_.submission.string();
    result_.submission.language = request_.language->id;
    result_.max_score = exercise.max_score();
    result_.repeat = std::max(1, request_.repeat);
    result_.notes = request_.notes;
    result_.setup_notes = request_.setup_notes;
    if (request_.sandbox.cgroups) {
      result_.totals = request_.sandbox.cgroups->totals();
    }
    result_.protections = request_.sandbox.protections;
    result_.checks = skipped_checks(exercise, "not checked: the program was not run");
    const bool notebook = request_.language->notebook;
    auto read =
        read_untrusted(request_.submission, notebook ? kMaxNotebookBytes : kMaxSubmissionBytes,
                       request_.submission_root);
    if (!read) {
      return error(read.error());
    }
    if (!read->refused.empty()) {
      // The student's doing, so a failed grading, not the grader's error. Followed, a link
      // would grade a file that is not the student's (a classmate's, or one only root may
      // read, whose text would come back in the report).
      result_.status = GradeStatus::kFailed;
      const bool too_big = read->refused.starts_with("is larger");
      result_.error = notebook && too_big
                          ? fmt::format(
                                "{} is larger than {} MiB, the most a notebook may be; clear its "
                                "outputs (in Jupyter: Edit > Clear All Outputs) and save it again, "
                                "or hand in the code as a .py file",
                                shown_name(), kMaxNotebookBytes >> 20)
                          : fmt::format("{} {}; hand in the program itself, as a plain file",
                                        shown_name(), read->refused);
      result_.checks = skipped_checks(exercise, "not checked: the submission was refused");
      return false;
    }
    content_ = std::move(read->content);
    result_.submission.sha256 = sha256_hex(content_);
    return !notebook || program_of_notebook();
  }

  // A notebook is graded as the program its code cells make; one that makes none (not a
  // notebook, another kernel, a shell escape) is the student's to fix: a failed grading.
  bool program_of_notebook() {
    const std::string name = request_.submission.filename().string();
    auto notebook = read_notebook(content_);
    if (!notebook) {
      return notebook_failed(fmt::format("{} {}", shown_name(), notebook.error()));
    }
    auto program = notebook_program(*notebook, name);
    if (!program) {
      return notebook_failed(program.error());
    }
    content_ = std::move(*program);
    sites_ = PrintSites(*notebook);
    if (needs_analysis()) {
      cells_ = source_facts_cells(*notebook);
    }
    return true;
  }

  bool notebook_failed(std::string why) {
    result_.status = GradeStatus::kFailed;
    result_.error = std::move(why);
    result_.checks = skipped_checks(exercise_, "not checked: the notebook cannot be run");
    return false;
  }

  // Builds once per grading, in a run's isolation with the language's build limits; what it
  // makes (the artefacts) starts every run. A successful build is kept in the cache.
  bool build() {
    const spec::Language& language = *request_.language;
    if (language.build.empty()) {
      return true;
    }
    const BuildCache cache(request_.cache_dir);
    const std::vector<std::string> argv = expand(language.build);
    const std::vector<std::string> names = artifact_names();
    const std::string key =
        BuildCache::key(argv, result_.submission.sha256, request_.tool_identity, names);
    if (auto hit = cache.find_build(key)) {
      BuildRecord& build = result_.build.emplace();
      build.argv = argv;
      build.ok = true;
      build.cached = true;
      build.result.exit_code = 0;
      build.result.out.data = std::move(hit->out);
      build.result.err.data = std::move(hit->err);
      artifacts_ = std::move(hit->artifacts);
      return true;
    }
    auto workspace = prepare_workspace(source_name(), content_, {}, request_.sandbox);
    if (!workspace) {
      return error(workspace.error());
    }
    const run::Command command =
        command_in(*workspace, language.build, language.build_limits, true);
    BuildRecord& build = result_.build.emplace();
    build.argv = argv;
    tell({Progress::Phase::kBuild});
    build.result = runner_.run(command);
    if (auto ended = workspace->sandbox.end(); !ended) {
      return error(ended.error());
    }
    if (build.result.interrupted) {
      return interrupted();
    }
    // The compiler names files by the path it was given, and by the build folder's for what
    // the linker and debug information see: "ex1.cpp:12" reads better than the grader's
    // temporary folder.
    const std::string folder = std::filesystem::absolute(workspace->dir.path()).string() + "/";
    for (std::string* text : {&build.result.out.data, &build.result.err.data}) {
      *text = replace_all(std::move(*text), folder, "");
    }
    if (!judge_build(build, command.restrictions)) {
      return false;
    }
    auto collected = collect_artifacts(workspace->dir.path(),
                                       language.artifacts ? std::optional(names) : std::nullopt,
                                       source_name(), language.build_limits.file_bytes);
    if (!collected) {
      build.ok = false;
      build.verdict = run::Verdict::kBuildError;
      return build_failed(collected.error());
    }
    artifacts_ = std::move(*collected);
    cache.store_build(key, {artifacts_, build.result.out.data, build.result.err.data});
    return true;
  }

  // How the program is written, for source checks: once per grading (not per run), in a run's
  // isolation with the build's limits, and only when a check needs it. An analysis that fails
  // is the grader's problem, never the student's pass or failure.
  bool analyze() {
    if (!needs_analysis()) {
      return true;
    }
    const SourceAnalysis analysis =
        source_analysis(request_.language->notebook ? &cells_ : nullptr, source_name());
    // The answer depends only on the program, the analyzer and the interpreter: kept like a
    // build's, so that grading an unchanged program again starts no interpreter for it.
    const BuildCache cache(request_.cache_dir);
    const std::string key = BuildCache::key(
        expand(analysis.command),
        sha256_hex(fmt::format("{}\n{}\n{}", sha256_hex(content_), sha256_hex(cells_),
                               sha256_hex(source_facts_script()))),
        request_.tool_identity, {"source facts"});
    if (auto hit = cache.find_build(key)) {
      if (auto facts = parse_source_facts(hit->out)) {
        facts_ = std::move(*facts);
        return true;
      }
    }
    Artifacts files;
    for (const auto& [name, content] : analysis.files) {
      files.push_back({name, false, content});
    }
    auto workspace = prepare_workspace(source_name(), content_, files, request_.sandbox);
    if (!workspace) {
      return error(workspace.error());
    }
    run::Command command =
        command_in(*workspace, analysis.command, request_.language->build_limits, true);
    command.observe = false;  // nothing to see: it starts no process
    tell({Progress::Phase::kAnalysis});
    const run::RunResult ran = runner_.run(command);
    if (auto ended = workspace->sandbox.end(); !ended) {
      return error(ended.error());
    }
    if (ran.interrupted) {
      return interrupted();
    }
    constexpr std::string_view kWhat = "the analysis of how the program is written";
    if (!ran.started()) {
      return error(fmt::format("could not start {}: {}", kWhat, ran.spawn_error));
    }
    if (ran.outside_signal) {
      return error(disturbed(kWhat, *ran.outside_signal));
    }
    auto facts = ran.clean_exit() ? parse_source_facts(ran.out.data)
                                  : Expected<SourceFacts>(unexpected(
                                        fmt::format("it {}: {}", run::describe_end(ran),
                                                    text::escape_line(tail(ran.err.data, 2000)))));
    if (!facts) {
      return error(
          fmt::format("{} failed, so the program cannot be graded (a problem of the "
                      "grader, not of the program): {}",
                      kWhat, facts.error()));
    }
    facts_ = std::move(*facts);
    cache.store_build(key, {{}, ran.out.data, {}});
    return true;
  }

  // Runs up to `repeat` times, stopping at the first failing run: concurrency output varies
  // between runs, and one counter-example is enough.
  void run_all() {
    for (int index = 1; index <= result_.repeat; ++index) {
      if (index > 1) {
        timings::mark("run: folder removed, uid released");
      }
      auto workspace = prepare_workspace(source_name(), content_, artifacts_, request_.sandbox);
      if (!workspace) {
        error(workspace.error());
        return;
      }
      timings::mark("run folder made, uid leased and swept");
      RunRecord& record = result_.runs.emplace_back();
      record.index = index;
      const run::Command command =
          command_in(*workspace, request_.language->run, request_.limits, false);
      tell({Progress::Phase::kRun, index, result_.repeat});
      record.result = runner_.run(command);
      timings::mark("run: program ran, every task reaped");
      // Whatever of the run outlived the runner's kill (a daemon that left the process group
      // of an unobserved run) goes now, before its folder is removed.
      if (auto ended = workspace->sandbox.end(); !ended) {
        error(ended.error());
        return;
      }
      if (record.result.interrupted) {
        interrupted();
        return;
      }
      timings::mark("run: whatever it left swept");
      note_totals(record.result);
      record.verdict = run::classify(record.result, command.restrictions);
      if (!record.result.started()) {
        error(fmt::format("could not start the program: {}", record.result.spawn_error));
        return;
      }
      if (record.verdict == run::Verdict::kOutsideSignal) {
        error(disturbed(fmt::format("run {}", index), *record.result.outside_signal));
        return;
      }
      record.checks =
          evaluate(exercise_, record.result, request_.language->notebook ? &sites_ : nullptr,
                   facts_ ? &*facts_ : nullptr, request_.machine);
      // A check skipped for want of observation fails nobody: the report says grading was
      // weaker, and its points are not awarded.
      timings::mark("run: checks evaluated");
      record.passed = std::all_of(record.checks.begin(), record.checks.end(),
                                  [](const CheckResult& c) { return c.counts_as_passed(); });
      result_.checks = record.checks;
      if (!record.passed) {
        break;
      }
    }
    result_.status = result_.runs.back().passed ? GradeStatus::kPassed : GradeStatus::kFailed;
    apply_scoring(scoring_policy(*request_.course, *request_.exercise), exercise_, result_);
    if (result_.status == GradeStatus::kFailed) {
      result_.advice = advice_for(result_.runs.back().result.err.data, request_.language->notebook);
    }
  }

 private:
  bool needs_analysis() const {
    return !request_.language->analyze.empty() &&
           std::any_of(exercise_.checks.begin(), exercise_.checks.end(), [](const spec::Check& c) {
             return std::holds_alternative<spec::SourceCheck>(c.kind);
           });
  }

  // A signal from outside the run (run/signal_origin.h): the grader's failure, not a grade.
  static std::string disturbed(std::string_view what, const run::OutsideSignal& outside) {
    return fmt::format(
        "{} was disturbed from outside the program, so it cannot be graded: {}; "
        "grade it again",
        what, run::describe(outside));
  }

  bool error(std::string message) {
    result_.status = GradeStatus::kError;
    result_.error = std::move(message);
    return false;
  }

  // Everything the run started was ended as on a timeout; no verdict is given.
  bool interrupted() {
    result_.interrupted = true;
    return error("the grading was interrupted");
  }

  void tell(const Progress& progress) const {
    if (request_.progress) {
      request_.progress(progress);
    }
  }

  // A run that could not have the cgroup the plan promised kept its rlimits only: the report
  // tells the weaker of the two.
  void note_totals(const run::RunResult& run) {
    if (result_.totals && run.started() &&
        (run.totals.memory < result_.totals->memory || run.totals.tasks < result_.totals->tasks)) {
      result_.totals = run.totals;
    }
  }

  // How the build ended: false when grading stops there (the result says why).
  bool judge_build(BuildRecord& build, const isolate::Restrictions& restrictions) {
    note_totals(build.result);
    if (!build.result.started()) {
      build.verdict = run::Verdict::kInternalError;
      return error(fmt::format("could not start the build step: {}", build.result.spawn_error));
    }
    if (build.result.outside_signal) {
      build.verdict = run::Verdict::kOutsideSignal;
      return error(disturbed("the build step", *build.result.outside_signal));
    }
    build.limit = run::build_limit(build.result, restrictions);
    build.ok = !build.limit && build.result.clean_exit();
    if (build.ok) {
      build.verdict = run::Verdict::kOk;
      return true;
    }
    build.verdict = build.limit ? run::Verdict::kBuildLimit : run::Verdict::kBuildError;
    return build_failed(
        build.limit
            ? fmt::format("the build went over its {}, so the program was not run",
                          describe_build_limit(*build.limit, request_.language->build_limits))
            : "the program does not compile, so it was not run");
  }

  // A failed build is the student's: a failed grading (exit 1), not the grader's error.
  bool build_failed(std::string why) {
    result_.status = GradeStatus::kFailed;
    result_.error = std::move(why);
    result_.checks = skipped_checks(exercise_, "not checked: the program does not build");
    return false;
  }

  // The submission's name as messages show it: a line end in it must not make a report line.
  std::string shown_name() const {
    return text::escape_line(request_.submission.filename().string());
  }

  // The file the commands name: the submission, or the program of a notebook.
  std::string source_name() const { return request_.language->source_name(request_.submission); }

  // "./-c.py", not "-c.py": a file name starting with "-" would be an option to the interpreter
  // or compiler ("python3 -c.py" runs ".py" as code).
  Placeholders placeholders() const {
    const std::string source = source_name();
    return {request_.interpreter, request_.compiler,
            source.starts_with('-') ? "./" + source : source};
  }

  std::vector<std::string> expand(const std::vector<std::string>& pattern) const {
    return expand_command(pattern, placeholders());
  }

  std::vector<std::string> artifact_names() const {
    const auto& names = request_.language->artifacts;
    return names ? expand(*names) : std::vector<std::string>{};
  }

  run::Command command_in(const Workspace& workspace, const std::vector<std::string>& pattern,
                          const spec::Limits& limits, bool build) const {
    run::Command command;
    command.argv = expand(pattern);
    // Absolute: HOME and TMPDIR of a relative TMPDIR would point nowhere from the run folder.
    const std::filesystem::path dir = std::filesystem::absolute(workspace.dir.path());
    command.cwd = dir;
    command.env = environment_(dir);
    command.wall_limit = limits.wall_time;
    command.output_limit = limits.output_bytes;
    command.observe = request_.observe;
    command.task_limit = static_cast<std::size_t>(limits.tasks);
    command.cgroups = request_.sandbox.cgroups;
    command.cancel_fd = request_.cancel_fd;
    workspace.sandbox.apply_to(command.restrictions, workspace.dir.path(), limits.memory_bytes,
                               build);
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(limits.cpu_time);
    command.restrictions.cpu_seconds = static_cast<std::uint64_t>(seconds.count());
    command.restrictions.memory_bytes = limits.memory_bytes;
    command.restrictions.file_bytes = limits.file_bytes;
    command.restrictions.open_files = static_cast<std::uint64_t>(limits.open_files);
    return command;
  }

  const GradeRequest& request_;
  run::CommandRunner& runner_;
  const EnvironmentFn& environment_;
  // The exercise as this submission's language sees it (checks for other languages left out).
  spec::Exercise exercise_;
  GradeResult result_;
  std::string content_;               // the submission, read once (a notebook's: its program)
  Artifacts artifacts_;               // what the build made, for every run
  PrintSites sites_;                  // a notebook's: where its printed lines come from
  std::string cells_;                 // a notebook's code cells, for the analysis
  std::optional<SourceFacts> facts_;  // how the program is written; unset: not analysed
};

}  // namespace

GradeResult Grader::grade(const GradeRequest& request) {
  Session session(request, runner_, environment_);
  const bool read = session.start();
  timings::mark("submission read");
  const bool built = read && session.build();
  timings::mark("built (or found in the build cache)");
  if (built && session.analyze()) {
    timings::mark("source analysed (or found in the cache)");
    session.run_all();
  }
  return std::move(session).take();
}

}  // namespace grade::check
