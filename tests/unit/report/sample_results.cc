#include "sample_results.h"

#include <memory>

#include <fmt/format.h>
#include <re2/re2.h>

namespace grade::report::samples {

namespace {

using check::CheckResult;
using check::CheckStatus;
using check::GradeResult;
using check::GradeStatus;
using check::RunRecord;

GradeResult base() {
  GradeResult r;
  r.course_id = "os-processes";
  r.course_title = "Processes vs threads";
  r.exercise_id = "ex1";
  r.exercise_title = "Create child processes";
  r.submission = {"ex1.py", std::string(64, 'a'), "python"};
  r.build = check::BuildRecord{{"python3", "-m", "py_compile", "ex1.py"}, {}, true};
  r.build->result.pid = 4000;
  r.build->result.exit_code = 0;
  r.build->result.wall_seconds = 0.05;
  return r;
}

CheckResult pass(std::string id, std::string title, int points) {
  return {std::move(id), std::move(title), CheckStatus::kPass, points, points, "", ""};
}

std::vector<CheckResult> passing_checks() {
  std::vector<CheckResult> checks = {pass("prints-pid", "Prints its own PID", 2),
                                     pass("children", "Starts three children", 2),
                                     pass("waits", "Waits for every child", 2)};
  checks[0].message = "saw PID 4101, the launched process";
  return checks;
}

run::Task task(run::Task::Kind kind, int tid, int pid, int parent, double start) {
  run::Task t;
  t.kind = kind;
  t.tid = tid;
  t.pid = pid;
  t.parent_pid = parent;
  t.start_seconds = start;
  t.end_seconds = start + 0.05;
  t.exit_code = 0;
  return t;
}

// The launched process `pid`, three child processes and one thread, as the tracer reports them.
run::Observation observation_of(int pid) {
  using Kind = run::Task::Kind;
  run::Observation o;
  o.state = run::Observation::State::kObserved;
  o.tasks.push_back(task(Kind::kProcess, pid, pid, 0, 0.0));
  o.tasks.front().program = "/usr/bin/python3.11";
  o.tasks.front().end_seconds = 0.12;
  for (int i = 1; i <= 3; ++i) {
    o.tasks.push_back(task(Kind::kProcess, pid + 100 * i, pid + 100 * i, pid, 0.02 * i));
  }
  o.tasks.push_back(task(Kind::kThread, pid + 1, pid, pid, 0.01));
  return o;
}

RunRecord clean_run(int index, std::string out) {
  RunRecord run;
  run.index = index;
  run.result.pid = 4100 + index;
  run.result.observed = observation_of(run.result.pid);
  run.result.exit_code = 0;
  run.result.wall_seconds = 0.12;
  run.result.out.data = std::move(out);
  run.checks = passing_checks();
  run.passed = true;
  return run;
}

// One run that failed in some way, with the given end; checks are the passing ones made to fail.
GradeResult one_failed_run(RunRecord run) {
  GradeResult r = base();
  r.status = GradeStatus::kFailed;
  r.repeat = 1;
  run.index = 1;
  run.passed = false;
  run.checks = passing_checks();
  run.checks[2].status = CheckStatus::kFail;
  run.checks[2].points = 0;
  run.checks[2].message = "the program did not exit by itself";
  r.checks = run.checks;
  r.runs = {std::move(run)};
  r.score = 4;
  r.max_score = 6;
  return r;
}

}  // namespace

GradeResult passed() {
  GradeResult r = base();
  r.status = GradeStatus::kPassed;
  r.repeat = 3;
  for (int i = 1; i <= 3; ++i) {
    r.runs.push_back(clean_run(i, fmt::format("parent {}\nchild 1\nchild 2\nchild 3\n", 4100 + i)));
  }
  r.checks = r.runs.back().checks;
  r.score = 6;
  r.max_score = 6;
  return r;
}

GradeResult failed() {
  GradeResult r = base();
  r.status = GradeStatus::kFailed;
  r.repeat = 5;
  r.runs.push_back(clean_run(1, "parent 4101\nchild 1\nchild 2\nchild 3\n"));
  RunRecord second = clean_run(2, "parent 4102\nchild 1\nchild 1\n");
  second.result.exit_code = 1;
  second.result.err.data =
      "Traceback (most recent call last):\n  File \"ex1.py\", line 9\n"
      "ValueError: boom\n";
  second.passed = false;
  second.checks[1] = {"children",
                      "Starts three children",
                      CheckStatus::kFail,
                      0,
                      2,
                      "expected 3 distinct child PIDs\nsaw 2: 4201, 4201",
                      "call os.fork() once per child, in a loop"};
  second.checks[2] = {"waits",
                      "Waits for every child",
                      CheckStatus::kSkip,
                      0,
                      2,
                      "skipped: needs \"Starts three children\" to pass",
                      "os.waitpid"};
  r.runs.push_back(second);
  r.checks = second.checks;
  r.score = 2;
  r.max_score = 6;
  return r;
}

GradeResult error() {
  GradeResult r = base();
  r.status = GradeStatus::kError;
  r.build.reset();
  RunRecord run;
  run.index = 1;
  run.result.spawn_error = "python3: No such file or directory";
  r.runs = {run};
  r.max_score = 6;
  r.error = "could not start the program: python3: No such file or directory";
  return r;
}

GradeResult build_failed() {
  GradeResult r = base();
  r.status = GradeStatus::kFailed;
  r.build->ok = false;
  r.build->result.exit_code = 1;
  r.build->result.err.data =
      "  File \"ex1.py\", line 3\n    print(os.getpid()\n         ^\n"
      "SyntaxError: '(' was never closed\n";
  r.max_score = 6;
  r.error = "ex1.py does not compile; fix the syntax error first";
  return r;
}

GradeResult timed_out() {
  RunRecord run = clean_run(1, "parent 4101\n");
  run.result.exit_code.reset();
  run.result.signal = 9;
  run.result.timed_out = true;
  run.result.wall_seconds = 10.02;
  run.verdict = run::Verdict::kWallTimeout;
  // Where the tracer found the main program and its first child when the limit hit.
  run.result.observed.tasks[0].at_timeout = run::Standing::kWaitingForChild;
  run.result.observed.tasks[1].at_timeout = run::Standing::kWaitingOnPipe;
  return one_failed_run(std::move(run));
}

GradeResult scored_zero() {
  GradeResult r = timed_out();
  check::ScoringDecision decision;
  decision.failure = spec::FailureKind::kLimit;
  decision.rule = {spec::Credit::kZero, spec::RuleOrigin::kCourse};
  decision.checks_score = r.score;
  decision.reason =
      "Scored 0: run 1 was stopped by the time limit, and this course gives no points to a "
      "program stopped by a limit; the checks that passed were worth 4 of 6 points.";
  r.scoring = decision;
  r.score = 0;
  return r;
}

GradeResult killed_by_signal() {
  RunRecord run = clean_run(1, "parent 4101\n");
  run.result.exit_code.reset();
  run.result.signal = 11;
  run.result.err.data = "Fatal Python error: Segmentation fault\n";
  return one_failed_run(std::move(run));
}

GradeResult killed_from_outside() {
  RunRecord run = clean_run(1, "parent 4101\n");
  run.result.exit_code.reset();
  run.result.signal = 15;
  run.result.outside_signal = run::OutsideSignal{15, 4101, 777, 0, "kill"};
  for (int pid = 5000; run.result.observed.tasks.size() < run::Observation::kMaxListedTasks;
       ++pid) {
    run::Task child;
    child.tid = child.pid = pid;
    child.parent_pid = 4101;
    run.result.observed.tasks.push_back(child);
  }
  run.result.observed.omitted.processes = 3000 - run.result.observed.created_processes().size();
  run.verdict = run::Verdict::kOutsideSignal;
  GradeResult r = one_failed_run(std::move(run));
  r.status = GradeStatus::kError;
  r.score = 0;
  r.error =
      "run 1 was disturbed from outside the program, so it cannot be graded: SIGTERM "
      "from PID 777 (kill, uid 0), a process outside the run, reached PID 4101; grade "
      "it again";
  return r;
}

GradeResult truncated_output() {
  std::string out;
  for (int i = 1; i <= 100; ++i) {
    out += fmt::format("line {}\n", i);
  }
  RunRecord run = clean_run(1, out);
  run.result.out.truncated = true;
  run.result.output_limit_hit = true;
  run.result.exit_code.reset();
  run.result.signal = 9;
  return one_failed_run(std::move(run));
}

GradeResult hostile_output() {
  // Clear screen, red text, a bell, invalid bytes, an encoded surrogate, a lone continuation,
  // and CSI as a UTF-8-encoded C1 control (xterm obeys it).
  const std::string nasty =
      "\x1b[2J\x1b[31mred\x07 \xff\xfe \xed\xa0\x80 \x80 \xc2\x9b"
      "7m caf\xc3\xa9\n";
  RunRecord run = clean_run(1, nasty + "parent 4101\n");
  run.result.err.data = nasty;
  GradeResult r = one_failed_run(std::move(run));
  r.runs[0].checks[2].message = "saw \"" + nasty.substr(0, nasty.size() - 1) + "\"";
  r.checks = r.runs[0].checks;
  r.submission.path = "weird\x1b]0;title\x07.py";
  return r;
}

GradeResult unobserved() {
  GradeResult r = passed();
  for (RunRecord& run : r.runs) {
    run.result.observed = {};
    run.result.observed.state = run::Observation::State::kUnavailable;
    run.result.observed.reason =
        "the system does not allow tracing processes here (ptrace: Operation not permitted)";
    CheckResult& real = run.checks[1];
    real.status = CheckStatus::kSkip;
    real.points = 0;
    real.unobserved = true;
    real.message = "not checked: " + run.result.observed.reason;
  }
  r.checks = r.runs.back().checks;
  r.score = 4;
  return r;
}

GradeResult hidden_checks() {
  GradeResult r = base();
  r.status = GradeStatus::kFailed;
  r.repeat = 3;
  const auto hidden = [](CheckResult c) {
    c.hidden = true;
    return c;
  };
  RunRecord first = clean_run(1, "parent 4101\nchild 1\nchild 2\nchild 3\n");
  first.checks = {pass("prints-pid", "Prints its own PID", 2),
                  hidden(pass("uses-processes", "Uses processes, not threads", 2)),
                  pass("children", "Starts three children", 2),
                  hidden(pass("real-pids", "Every printed PID is a real process", 2))};
  RunRecord second = clean_run(2, "parent 4102\nchild 1\nchild 2\nchild 3\n");
  second.passed = false;
  second.checks = first.checks;
  second.checks[1].status = CheckStatus::kFail;
  second.checks[1].points = 0;
  second.checks[1].message = "SECRET-MESSAGE: saw 1 process, expected at least 3";
  second.checks[1].hint = "SECRET-HINT: use multiprocessing.Process";
  second.checks[2].status = CheckStatus::kSkip;
  second.checks[2].points = 0;
  second.checks[2].message = "not checked, because it needs a hidden check, which did not pass";
  second.checks[3].message = "SECRET-PASS: saw PIDs 4202, 4302, 4402";
  r.runs = {first, second};
  r.checks = second.checks;
  r.score = 4;
  r.max_score = 8;
  return r;
}

GradeResult attributed() {
  RunRecord run = clean_run(1, "parent 4101\nchild 1\nchild 2\n");
  run.result.err.data = "Traceback: boom\n";
  run::Observation& o = run.result.observed;
  o.tasks[0].command_line = "/usr/bin/python3 /tmp/grade-run-1/ex1.py";
  o.tasks[0].cpu_seconds = 0.05;
  o.tasks[0].name = "python3";
  o.tasks[1].cpu_seconds = 0.19;
  o.tasks[4].name = "worker-\xff\x1b";  // a thread's own name: not valid UTF-8
  o.tasks[2].exit_code.reset();
  o.tasks[2].signal = 9;
  o.tasks[2].killed_by_grader = run::GraderKill::kOutlivedProgram;
  o.tasks[3].command_line =
      "/usr/bin/python3 -c from multiprocessing.resource_tracker import main;main(5)";
  // "parent 4101\n" by the launched process, "child 1\n" by a thread of it, "child 2\n" torn
  // between two children.
  o.out.segments = {{12, 4101, 4101}, {8, 4102, 4101}, {3, 4201, 4201}, {5, 4301, 4301}};
  o.err.segments = {{11, 4101, 4101}};
  o.err.unattributed_reason = "a process was killed while its write was under way";
  return one_failed_run(std::move(run));
}

const spec::Exercise& exercise() {
  static const spec::Exercise kExercise = [] {
    spec::Exercise e;
    e.id = "ex1";
    e.title = "Create child processes";
    for (const auto& [name, pattern] : {std::pair{"parent", R"(parent (?P<pid>\d+))"},
                                        std::pair{"child", R"(child (?P<n>\d+))"}}) {
      spec::Extractor extractor;
      extractor.name = name;
      extractor.pattern = pattern;
      extractor.regex = std::make_shared<const RE2>(pattern);
      extractor.captures = {name == std::string("parent") ? "pid" : "n"};
      e.extractors.push_back(std::move(extractor));
    }
    return e;
  }();
  return kExercise;
}

std::vector<std::pair<std::string, GradeResult>> all() {
  return {{"passed", passed()},
          {"failed", failed()},
          {"error", error()},
          {"build_failed", build_failed()},
          {"timed_out", timed_out()},
          {"killed_by_signal", killed_by_signal()},
          {"scored_zero", scored_zero()},
          {"truncated_output", truncated_output()},
          {"hostile_output", hostile_output()},
          {"unobserved", unobserved()},
          {"hidden_checks", hidden_checks()},
          {"killed_from_outside", killed_from_outside()},
          {"attributed", attributed()}};
}

}  // namespace grade::report::samples
