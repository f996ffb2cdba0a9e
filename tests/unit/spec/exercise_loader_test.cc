#include "spec/exercise_loader.h"

#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "support/spec_file.h"
#include "util/error.h"

namespace grade::spec {
namespace {

using testing::SpecFile;

// The error message of loading `yaml`, or "" if it loads.
std::string load_error(const std::string& yaml) {
  const SpecFile file(yaml);
  try {
    (void)file.load();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kSpec);
    const std::string message = e.what();
    // Every message starts with the file's path.
    EXPECT_EQ(message.rfind(file.path().string(), 0), 0U) << message;
    return message.substr(file.path().string().size());
  }
  return "";
}

std::string with_checks(const std::string& checks) {
  return std::string(R"(id: ex
title: T
prompt: P
contract: C
extract:
  line:
    pattern: 'Thread name: (?P<name>.+), Process ID: (?P<pid>\d+)'
checks:
)") + checks;
}

TEST(ExerciseLoader, LoadsTypedStructs) {
  const Exercise exercise = SpecFile(testing::kProcessesSpec).load();
  EXPECT_EQ(exercise.id, "ex1");
  ASSERT_EQ(exercise.extractors.size(), 1U);
  EXPECT_EQ(exercise.extractors[0].captures, std::vector<std::string>{"pid"});
  EXPECT_EQ(exercise.extractors[0].label, "`Process ID: <pid>` lines");
  ASSERT_EQ(exercise.checks.size(), 4U);
  EXPECT_EQ(exercise.max_score(), 7);
  const auto& count = std::get<CountCheck>(exercise.checks[1].kind);
  EXPECT_EQ(count.extractor, "pid_line");
  EXPECT_EQ(count.bound.equals, 3);
  const auto& each = std::get<EachCheck>(exercise.checks[3].kind);
  EXPECT_EQ(each.op, Op::kNe);
  EXPECT_EQ(std::get<Fact>(each.rhs), Fact{Fact::Kind::kLaunchedPid});
  EXPECT_EQ(exercise.checks[3].depends_on, std::vector<std::string>{"three-lines"});
  EXPECT_EQ(exercise.checks[1].where.line, 15);
}

TEST(ExerciseLoader, MisspeltKeyNamesPositionAndSuggestion) {
  const std::string error = load_error(with_checks(R"(  - id: a
    title: A
    count: {of: line, equals: 5}
    depend_on: [x]
)"));
  EXPECT_EQ(error, ":12:5: unknown key 'depend_on' in a check; did you mean 'depends_on'?");
}

TEST(ExerciseLoader, MisspeltRequiredKeyIsSuggested) {
  EXPECT_EQ(load_error(with_checks("  - {id: a, titel: A, exit: {code: 0}}\n")),
            ":9:13: unknown key 'titel' in a check; did you mean 'title'?");
  EXPECT_EQ(load_error(with_checks("  - {id: a, exit: {code: 0}}\n")),
            ":9:5: a check needs the key 'title'");
}

TEST(ExerciseLoader, MisspeltCheckKindIsSuggested) {
  EXPECT_NE(load_error(with_checks("  - {id: a, title: A, cuont: {of: line, equals: 1}}\n"))
                .find("did you mean 'count'?"),
            std::string::npos);
}

TEST(ExerciseLoader, RejectsWrongTypes) {
  EXPECT_EQ(load_error(
                with_checks("  - {id: a, title: A, points: many, count: {of: line, equals: 1}}\n")),
            ":9:31: points must be a whole number, found 'many'");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: [A], count: {of: line, equals: 1}}\n")),
            ":9:20: title must be a string, found a list");
}

TEST(ExerciseLoader, HiddenIsAStrictBooleanDefaultingToFalse) {
  const Exercise exercise = SpecFile(with_checks(R"(  - {id: a, title: A, exit: {code: 0}}
  - {id: b, title: B, hidden: true, exit: {code: 0}}
  - {id: c, title: C, hidden: false, exit: {code: 0}}
)"))
                                .load();
  EXPECT_FALSE(exercise.checks[0].hidden);
  EXPECT_TRUE(exercise.checks[1].hidden);
  EXPECT_FALSE(exercise.checks[2].hidden);
  EXPECT_EQ(exercise.max_score(), 3) << "hidden checks count";
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, hidden: yes, exit: {code: 0}}\n")),
            ":9:31: hidden must be true or false, found 'yes'");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, hidden: 'true', exit: {code: 0}}\n")),
            ":9:31: hidden must be true or false, found 'true'");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, hiden: true, exit: {code: 0}}\n")),
            ":9:23: unknown key 'hiden' in a check; did you mean 'hidden'?");
}

TEST(ExerciseLoader, RejectsBadRegex) {
  const std::string error = load_error(R"(id: ex
title: T
prompt: P
contract: C
extract:
  line: {pattern: 'Process ID: (?P<pid>[0-9+'}
checks:
  - {id: a, title: A, count: {of: line, equals: 1}}
)");
  EXPECT_NE(error.find(":6:19: pattern is not a valid RE2 regular expression"), std::string::npos)
      << error;
}

// RE2 keeps the first of two groups with one name: lines matching the other alternative
// would give an empty value.
TEST(ExerciseLoader, RejectsAGroupNameWrittenTwice) {
  EXPECT_EQ(load_error(R"(id: ex
title: T
prompt: P
contract: C
extract:
  line: {pattern: 'PID: (?P<pid>\d+)|Process (?P<pid>\d+)'}
checks:
  - {id: a, title: A, count: {of: line, equals: 1}}
)"),
            ":6:19: duplicate group name 'pid' in pattern: 'PID: (?P<pid>\\d+)|Process "
            "(?P<pid>\\d+)'; give each group its own name, or use one group around the "
            "alternatives, as in (?P<pid>a|b)");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, count: {of: line, equals: 1}}\n")), "")
      << "two different names load";
  EXPECT_EQ(load_error(R"(id: ex
title: T
prompt: P
contract: C
extract:
  line: {pattern: '\(?P<pid>\) (?P<pid>\d+)'}
checks:
  - {id: a, title: A, count: {of: line, equals: 1}}
)"),
            "")
      << "an escaped parenthesis opens no group";
}

TEST(ExerciseLoader, RejectsUnknownReferences) {
  EXPECT_NE(load_error(with_checks("  - {id: a, title: A, count: {of: lines, equals: 1}}\n"))
                .find("unknown extractor 'lines'"),
            std::string::npos);
  EXPECT_NE(load_error(with_checks("  - {id: a, title: A, distinct: {of: line.tid, equals: 1}}\n"))
                .find("has no named group 'tid' (it has: name, pid)"),
            std::string::npos);
  EXPECT_NE(
      load_error(with_checks("  - {id: a, title: A, all_equal: {of: line.pid}, depends_on: [b]}\n"))
          .find("depends on 'b', which is not a check defined before it"),
      std::string::npos);
  EXPECT_NE(
      load_error(
          with_checks("  - {id: a, title: A, each: {of: line.pid, op: '!=', fact: run.ppid}}\n"))
          .find("unknown fact 'run.ppid'"),
      std::string::npos);
}

TEST(ExerciseLoader, RejectsAmbiguousOrMissingCheckKinds) {
  EXPECT_NE(
      load_error(with_checks("  - {id: a, title: A}\n")).find("needs exactly one of: exit, count"),
      std::string::npos);
  EXPECT_NE(
      load_error(with_checks("  - {id: a, title: A, all_equal: {of: line.pid}, exit: {code: 0}}\n"))
          .find("needs exactly one of"),
      std::string::npos);
  EXPECT_NE(load_error(with_checks("  - {id: a, title: A, count: {of: line}}\n"))
                .find("needs 'equals', 'at_least' or 'at_most'"),
            std::string::npos);
  EXPECT_NE(
      load_error(with_checks("  - {id: a, title: A, each: {of: line.name, op: '<', value: abc}}\n"))
          .find("only == and != compare with text"),
      std::string::npos);
}

TEST(ExerciseLoader, RejectsDuplicateCheckIds) {
  EXPECT_NE(
      load_error(
          with_checks(
              "  - {id: a, title: A, exit: {code: 0}}\n  - {id: a, title: B, exit: {code: 0}}\n"))
          .find("check id 'a' is used twice"),
      std::string::npos);
}

TEST(ExerciseLoader, ParsesSignalsLimitsAndPicksMin) {
  const Exercise exercise = SpecFile(R"(id: ex3
title: T
prompt: P
contract: C
repeat: 2
limits: {wall_time: 1.5s, output_bytes: 64KiB}
extract:
  t: {pattern: 'Threads: (?P<s>[0-9.]+) s'}
  p: {pattern: 'Processes: (?P<s>[0-9.]+) s'}
  f: {pattern: 'Faster: (?P<which>\w+)'}
checks:
  - {id: sig, title: S, exit: {signal: SIGSEGV}}
  - {id: one-t, title: T, count: {of: t, equals: 1}}
  - {id: one-p, title: P, count: {of: p, at_most: 1}}
  - {id: one-f, title: F, count: {of: f, equals: 1}, depends_on: [one-t, one-p]}
  - {id: pick, title: P, picks_min: {choice: f.which, options: {threads: t.s, processes: p.s}}, depends_on: [one-f]}
)")
                                .load();
  EXPECT_EQ(exercise.repeat, 2);
  EXPECT_EQ(exercise.limits.wall_time, std::chrono::milliseconds(1500));
  EXPECT_EQ(exercise.limits.output_bytes, 65536U);
  EXPECT_EQ(std::get<ExitCheck>(exercise.checks[0].kind).signal, 11);
  EXPECT_EQ(std::get<PicksMinCheck>(exercise.checks[4].kind).options.size(), 2U);
}

TEST(ExerciseLoader, NonFiniteValueIsASpecError) {
  EXPECT_EQ(
      load_error(with_checks("  - {id: a, title: A, each: {of: line.pid, op: '>', value: nan}}\n")),
      ":9:60: value must be a finite number, found 'nan'");
  EXPECT_EQ(load_error(
                with_checks("  - {id: a, title: A, each: {of: line.pid, op: '<', value: -inf}}\n")),
            ":9:60: value must be a finite number, found '-inf'");
  const Exercise exercise =
      SpecFile(with_checks("  - {id: a, title: A, each: {of: line.pid, op: '>', value: 2.5}}\n"))
          .load();
  EXPECT_EQ(std::get<double>(std::get<EachCheck>(exercise.checks[0].kind).rhs), 2.5);
}

TEST(ExerciseLoader, RejectsKeysWrittenTwice) {
  EXPECT_EQ(load_error(R"(id: ex
title: T
prompt: P
contract: C
extract:
  a: {pattern: 'x'}
  a: {pattern: 'y'}
checks:
  - {id: c, title: C, count: {of: a, equals: 1}}
)"),
            ":7:3: key 'a' appears twice in extract (first at line 6)");
  EXPECT_EQ(
      load_error(with_checks("  - {id: a, title: A, count: {of: line, equals: 1, equals: 2}}\n")),
      ":9:52: key 'equals' appears twice in 'count' of check 'a' (first at line 9)");
  EXPECT_EQ(load_error(with_checks("  - id: a\n    title: A\n    exit: {code: 0}\n    title: B\n")),
            ":12:5: key 'title' appears twice in a check (first at line 10)");
  EXPECT_EQ(load_error(with_checks("  - {id: one, title: O, count: {of: line, equals: 1}}\n"
                                   "  - {id: a, title: A, depends_on: one, picks_min: {choice: "
                                   "line.name, options: {x: line.pid, x: line.pid}}}\n")),
            ":10:94: key 'x' appears twice in options (first at line 10)");
}

TEST(ExerciseLoader, MissingRequiredKeyIsNotBlamedOnAValidSibling) {
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, each: {op: \"==\", value: 1}}\n")),
            ":9:29: 'each' of check 'a' needs the key 'of'");
  EXPECT_EQ(load_error(
                with_checks("  - {id: a, title: A, each: {fo: line.pid, op: \"==\", value: 1}}\n")),
            ":9:30: unknown key 'fo' in 'each' of check 'a'; did you mean 'of'?");
}

TEST(ExerciseLoader, ExitCodesAndSignalsMustBeInRange) {
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, exit: {code: 256}}\n")),
            ":9:36: exit code must be between 0 and 255, found 256");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, exit: {code: -1}}\n")),
            ":9:36: exit code must be between 0 and 255, found -1");
  const std::string top = std::to_string(NSIG - 1);
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, exit: {signal: 0}}\n")),
            ":9:38: signal number must be between 1 and " + top + ", found 0");
  EXPECT_EQ(
      load_error(
          with_checks("  - {id: a, title: A, exit: {signal: " + std::to_string(NSIG) + "}}\n")),
      ":9:38: signal number must be between 1 and " + top + ", found " + std::to_string(NSIG));
  const Exercise exercise = SpecFile(with_checks("  - {id: a, title: A, exit: {signal: " + top +
                                                 "}}\n  - {id: b, title: B, exit: {code: 255}}\n"))
                                .load();
  EXPECT_EQ(std::get<ExitCheck>(exercise.checks[0].kind).signal, NSIG - 1);
  EXPECT_EQ(std::get<ExitCheck>(exercise.checks[1].kind).code, 255);
}

TEST(ExerciseLoader, LimitsMustRoundToAtLeastOneUnitAndStayBelowTheCaps) {
  const auto with_limits = [](const std::string& limits) {
    return "limits: " + limits + "\n" + with_checks("  - {id: a, title: A, exit: {code: 0}}\n");
  };
  EXPECT_EQ(load_error(with_limits("{wall_time: 0.4ms}")),
            ":1:21: wall_time must be at least 1ms, found '0.4ms'");
  EXPECT_EQ(load_error(with_limits("{wall_time: 2m, output_bytes: 0.3}")),
            ":1:39: output_bytes must be at least 1 byte, found '0.3'");
  EXPECT_EQ(load_error(with_limits("{wall_time: 100000m}")),
            ":1:21: wall_time must be at most 60m, found '100000m'");
}

TEST(ExerciseLoader, ReportsYamlSyntaxErrorsWithPosition) {
  EXPECT_NE(load_error("id: ex\ntitle: [unclosed\n").find("invalid YAML"), std::string::npos);
}

// A capture compared as one value needs its lines counted first: several lines would fail
// the check at run time as if the student were wrong.
TEST(ExerciseLoader, ACaptureComparedAsOneValueNeedsItsLinesCountedFirst) {
  const std::string spec = R"(id: ex
title: T
prompt: P
contract: C
extract:
  t: {pattern: 'Threads: (?P<s>[0-9.]+) s'}
  p: {pattern: 'Processes: (?P<s>[0-9.]+) s'}
  f: {pattern: 'Faster: (?P<which>\w+)'}
checks:
  - {id: one-p, title: P, count: {of: p, equals: 1}}
  - {id: many-t, title: T, count: {of: t, at_least: 1}}
)";
  EXPECT_EQ(load_error(spec + "  - {id: a, title: A, each: {of: t.s, op: '<', capture: p.s}}\n"),
            ":12:57: capture 'p.s' is compared as one value, but extractor 'p' may match several "
            "lines; add 'one-p' to depends_on");
  EXPECT_EQ(load_error(spec + "  - {id: a, title: A, each: {of: p.s, op: '<', capture: t.s}, "
                              "depends_on: [one-p, many-t]}\n"),
            ":12:57: capture 't.s' is compared as one value, but extractor 't' may match several "
            "lines; add a check before this one with count: {of: t, equals: 1} and put its id "
            "in depends_on")
      << "at_least: 1 is no bound to one line";
  EXPECT_EQ(load_error(spec + "  - {id: a, title: A, picks_min: {choice: f.which, options: "
                              "{t: p.s, p: p.s}}, depends_on: [one-p]}\n"),
            ":12:43: choice 'f.which' is compared as one value, but extractor 'f' may match "
            "several lines; add a check before this one with count: {of: f, equals: 1} and put "
            "its id in depends_on");
  EXPECT_EQ(load_error(spec + "  - {id: b, title: B, each: {of: t.s, op: '>', value: 0}, "
                              "depends_on: [one-p]}\n"
                              "  - {id: a, title: A, each: {of: t.s, op: '<', capture: p.s}, "
                              "depends_on: [b]}\n"),
            "")
      << "a count reached through another dependency bounds it too";
}

// YAML reads an unquoted `>` as the start of a folded block of text.
TEST(ExerciseLoader, AnUnquotedGreaterThanSaysToQuoteIt) {
  EXPECT_EQ(
      load_error(with_checks("  - {id: a, title: A, each: {of: line.pid, op: >, value: 1}}\n")),
      ":9:48: `>` must be quoted in YAML, where it starts a folded block of text: write "
      "op: '>'");
  EXPECT_EQ(load_error(with_checks("  - id: a\n    title: A\n    each:\n      of: line.pid\n"
                                   "      op: >=\n      value: 1\n")),
            ":13:11: `>=` must be quoted in YAML, where it starts a folded block of text: write "
            "op: '>='");
  // At the end of a line, `>` opens an empty block and the file loads: op is then empty.
  EXPECT_EQ(load_error(with_checks("  - id: a\n    title: A\n    each:\n      of: line.pid\n"
                                   "      op: >\n      value: 1\n")),
            ":13:11: op is empty: an unquoted `>` starts a folded block of text in YAML; write "
            "op: '>'");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, each: {of: line.pid, op: '>', "
                                   "value: 1}}\n")),
            "");
}

// YAML 1.2 reads 800_000 as text: compared as text, the reference solution would fail.
TEST(ExerciseLoader, ANumberWithUnderscoresSaysToWriteItWithout) {
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, each: {of: line.pid, op: '<', "
                                   "value: 800_000}}\n")),
            ":9:60: value '800_000' is text here; write numbers without underscores: 800000");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, each: {of: line.pid, op: '==', "
                                   "value: -1_000.5}}\n")),
            ":9:61: value '-1_000.5' is text here; write numbers without underscores: -1000.5");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, count: {of: line, equals: 1_000}}\n")),
            ":9:49: equals '1_000' is text here; write numbers without underscores: 1000");
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, each: {of: line.name, op: '==', "
                                   "value: '800_000'}}\n")),
            "")
      << "quoted, it is text on purpose";
  EXPECT_EQ(load_error(with_checks("  - {id: a, title: A, each: {of: line.name, op: '==', "
                                   "value: worker_1}}\n")),
            "")
      << "a word with an underscore is text";
}

}  // namespace
}  // namespace grade::spec
