// read_check on its own: one YAML entry of `checks`, read against the extractors and the
// checks before it.
#include "spec/check_reader.h"

#include <string>
#include <variant>

#include <yaml-cpp/yaml.h>

#include <gtest/gtest.h>

#include "util/error.h"

namespace grade::spec {
namespace {

// An exercise with the extractors `pid_line` (capture `pid`) and `word_line` (captures `word`
// and `n`) and no checks yet; each check read is added, so later ones may refer to it.
class CheckReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Extractor pid_line;
    pid_line.name = "pid_line";
    pid_line.captures = {"pid"};
    Extractor word_line;
    word_line.name = "word_line";
    word_line.captures = {"word", "n"};
    exercise_.extractors = {pid_line, word_line};
  }

  Check read(const std::string& yaml) {
    Check check = read_check(reader_, exercise_, YAML::Load(yaml));
    exercise_.checks.push_back(check);
    return check;
  }

  // The message of the error reading `yaml` throws, position and all, or "" when it reads.
  std::string error(const std::string& yaml) {
    try {
      (void)read(yaml);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kSpec);
      return e.what();
    }
    return "";
  }

  // The message alone, without "ex.yaml:line:column: ".
  std::string message(const std::string& yaml) {
    const std::string what = error(yaml);
    const std::size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
  }

  template <typename Kind>
  Kind kind_of(const std::string& yaml) {
    const Check check = read(yaml);
    const Kind* kind = std::get_if<Kind>(&check.kind);
    EXPECT_NE(kind, nullptr) << yaml;
    return kind != nullptr ? *kind : Kind{};
  }

  const YamlReader reader_{"ex.yaml"};
  Exercise exercise_;
};

TEST_F(CheckReaderTest, ReadsTheKeysEveryCheckHas) {
  (void)read("{id: exits, title: Exits, exit: {code: 0}}");
  const Check check = read(R"(
id: distinct
title: Different PIDs
points: 3
hint: Use processes.
hidden: true
depends_on: [exits]
distinct: {of: pid_line.pid, equals: 3}
)");
  EXPECT_EQ(check.id, "distinct");
  EXPECT_EQ(check.title, "Different PIDs");
  EXPECT_EQ(check.points, 3);
  EXPECT_EQ(check.hint, "Use processes.");
  EXPECT_TRUE(check.hidden);
  EXPECT_EQ(check.depends_on, std::vector<std::string>{"exits"});
  EXPECT_EQ(check.where.str(), "ex.yaml:2:1");
  const auto* distinct = std::get_if<DistinctCheck>(&check.kind);
  ASSERT_NE(distinct, nullptr);
  EXPECT_EQ(distinct->bound.equals, 3);
}

TEST_F(CheckReaderTest, OptionalKeysHaveDefaults) {
  const Check check = read("{id: a, title: A, exit: {code: 0}}");
  EXPECT_EQ(check.points, 1);
  EXPECT_EQ(check.hint, "");
  EXPECT_FALSE(check.hidden);
  EXPECT_TRUE(check.depends_on.empty());
}

TEST_F(CheckReaderTest, IdAndTitleAreRequiredAndIdsAreUnique) {
  EXPECT_EQ(message("{title: A, exit: {code: 0}}"), "a check needs the key 'id'");
  EXPECT_EQ(message("{id: a, exit: {code: 0}}"), "a check needs the key 'title'");
  (void)read("{id: a, title: A, exit: {code: 0}}");
  EXPECT_EQ(error("{id: a, title: Again, exit: {code: 1}}"),
            "ex.yaml:1:1: check id 'a' is used twice");
}

TEST_F(CheckReaderTest, AMisspeltKeyIsNamedWithASuggestion) {
  EXPECT_EQ(error("{id: a, titel: A, exit: {code: 0}}"),
            "ex.yaml:1:9: unknown key 'titel' in a check; did you mean 'title'?");
}

TEST_F(CheckReaderTest, PointsAreBetweenZeroAndAThousand) {
  EXPECT_EQ(read("{id: a, title: A, points: 0, exit: {code: 0}}").points, 0);
  EXPECT_EQ(read("{id: b, title: B, points: 1000, exit: {code: 0}}").points, 1000);
  EXPECT_EQ(error("{id: c, title: C, points: 1001, exit: {code: 0}}"),
            "ex.yaml:1:27: points must be between 0 and 1000");
  EXPECT_EQ(message("{id: d, title: D, points: -1, exit: {code: 0}}"),
            "points must be between 0 and 1000");
}

TEST_F(CheckReaderTest, DependenciesAreEarlierChecksOnly) {
  (void)read("{id: first, title: F, exit: {code: 0}}");
  EXPECT_EQ(read("{id: second, title: S, depends_on: first, exit: {code: 0}}").depends_on,
            std::vector<std::string>{"first"});
  EXPECT_EQ(message("{id: third, title: T, depends_on: [fourth], exit: {code: 0}}"),
            "check 'third' depends on 'fourth', which is not a check defined before it");
  // Not even itself: evaluation stays one pass.
  EXPECT_EQ(message("{id: fifth, title: F, depends_on: [fifth], exit: {code: 0}}"),
            "check 'fifth' depends on 'fifth', which is not a check defined before it");
}

TEST_F(CheckReaderTest, ACheckHasExactlyOneKind) {
  const std::string kinds =
      "exit, count, distinct, all_equal, each, picks_min, unmatched, observed, ended, "
      "matches_span, source, ordered";
  EXPECT_EQ(message("{id: a, title: A}"), "check 'a' needs exactly one of: " + kinds);
  EXPECT_EQ(message("{id: b, title: B, exit: {code: 0}, count: {of: pid_line, equals: 1}}"),
            "check 'b' needs exactly one of: " + kinds);
}

TEST_F(CheckReaderTest, ExitTakesACodeOrASignal) {
  EXPECT_EQ(kind_of<ExitCheck>("{id: a, title: A, exit: {code: 255}}").code, 255);
  EXPECT_EQ(message("{id: b, title: B, exit: {code: 256}}"),
            "exit code must be between 0 and 255, found 256");
  EXPECT_EQ(message("{id: c, title: C, exit: {code: -1}}"),
            "exit code must be between 0 and 255, found -1");
  EXPECT_EQ(message("{id: d, title: D, exit: {code: 0, signal: 9}}"),
            "exit needs exactly one of 'code' or 'signal'");
  EXPECT_EQ(message("{id: e, title: E, exit: {}}"), "exit needs exactly one of 'code' or 'signal'");
}

TEST_F(CheckReaderTest, SignalsByNameWithOrWithoutSigOrByNumber) {
  EXPECT_EQ(kind_of<ExitCheck>("{id: a, title: A, exit: {signal: SIGSEGV}}").signal, 11);
  EXPECT_EQ(kind_of<ExitCheck>("{id: b, title: B, exit: {signal: SEGV}}").signal, 11);
  EXPECT_EQ(kind_of<ExitCheck>("{id: c, title: C, exit: {signal: 9}}").signal, 9);
  EXPECT_EQ(message("{id: d, title: D, exit: {signal: SIGFOO}}"), "unknown signal 'SIGFOO'");
  EXPECT_EQ(message("{id: e, title: E, exit: {signal: sigsegv}}"), "unknown signal 'sigsegv'");
  EXPECT_EQ(message("{id: f, title: F, exit: {signal: 0}}"),
            "signal number must be between 1 and " + std::to_string(NSIG - 1) + ", found 0");
}

TEST_F(CheckReaderTest, CountNamesAKnownExtractorAndABound) {
  const CountCheck count =
      kind_of<CountCheck>("{id: a, title: A, count: {of: word_line, at_least: 1, at_most: 4}}");
  EXPECT_EQ(count.extractor, "word_line");
  EXPECT_EQ(count.bound.at_least, 1);
  EXPECT_EQ(count.bound.at_most, 4);
  EXPECT_FALSE(count.bound.equals.has_value());
  EXPECT_EQ(error("{id: b, title: B, count: {of: pid_lines, equals: 1}}"),
            "ex.yaml:1:31: of refers to an unknown extractor 'pid_lines'; did you mean "
            "'pid_line'?");
}

TEST_F(CheckReaderTest, ACaptureWrittenForAnExtractorNamesTheExtractor) {
  EXPECT_EQ(error("{id: a, title: A, count: {of: pid_line.pid, equals: 1}}"),
            "ex.yaml:1:31: 'pid_line.pid' is a capture, and of takes an extractor; write of: "
            "pid_line");
  EXPECT_EQ(error("{id: b, title: B, count: {of: word, equals: 1}}"),
            "ex.yaml:1:31: 'word' is a capture of extractor 'word_line', and of takes an "
            "extractor; write of: word_line");
  EXPECT_EQ(error("{id: c, title: C, distinct: {of: pid, equals: 1}}"),
            "ex.yaml:1:34: 'pid' is a capture of extractor 'pid_line'; write of: pid_line.pid");
  EXPECT_EQ(error("{id: d, title: D, count: {of: nothing_like_it, equals: 1}}"),
            "ex.yaml:1:31: of refers to an unknown extractor 'nothing_like_it'")
      << "no suggestion when no name is close";
}

TEST_F(CheckReaderTest, ABoundIsOneConsistentRangeOfNaturalNumbers) {
  EXPECT_EQ(message("{id: a, title: A, count: {of: pid_line}}"),
            "'count' of check 'a' needs 'equals', 'at_least' or 'at_most'");
  EXPECT_EQ(message("{id: b, title: B, count: {of: pid_line, equals: 2, at_most: 3}}"),
            "'count' of check 'b': 'equals' cannot be combined with 'at_least'/'at_most'");
  EXPECT_EQ(message("{id: c, title: C, count: {of: pid_line, at_least: 3, at_most: 2}}"),
            "'count' of check 'c': 'at_least' is larger than 'at_most'");
  EXPECT_EQ(message("{id: d, title: D, count: {of: pid_line, at_least: -1}}"),
            "at_least must not be negative");
}

TEST_F(CheckReaderTest, EachComparesASelectorWithExactlyOneRightHandSide) {
  const EachCheck each = kind_of<EachCheck>(
      "{id: a, title: A, each: {of: word_line.n, op: '<', "
      "value: 10}}");
  EXPECT_EQ(each.of.str(), "word_line.n");
  EXPECT_EQ(each.op, Op::kLt);
  EXPECT_EQ(std::get<double>(each.rhs), 10.0);

  const EachCheck text = kind_of<EachCheck>(
      "{id: b, title: B, each: {of: word_line.word, "
      "op: '!=', value: 'parent'}}");
  EXPECT_EQ(std::get<std::string>(text.rhs), "parent");

  (void)read("{id: one-pid, title: O, count: {of: pid_line, equals: 1}}");
  const EachCheck capture = kind_of<EachCheck>(
      "{id: c, title: C, depends_on: one-pid, each: {of: word_line.n, "
      "op: '==', capture: pid_line.pid}}");
  EXPECT_EQ(std::get<CaptureRef>(capture.rhs).str(), "pid_line.pid");

  EXPECT_EQ(message("{id: d, title: D, each: {of: word_line.n, op: '==', value: 1, capture: "
                    "pid_line.pid}}"),
            "each needs exactly one of 'value', 'fact', 'capture', 'same_line' or 'expr' "
            "to compare with");
  EXPECT_EQ(message("{id: e, title: E, each: {of: word_line.n, op: '=='}}"),
            "each needs exactly one of 'value', 'fact', 'capture', 'same_line' or 'expr' "
            "to compare with");
}

TEST_F(CheckReaderTest, EachKnowsItsOperators) {
  EXPECT_EQ(message("{id: a, title: A, each: {of: word_line.n, op: '=~', value: 1}}"),
            "op must be one of == != < <= > >= in not_in, found '=~'");
  EXPECT_EQ(message("{id: b, title: B, each: {of: word_line.word, op: '<', value: abc}}"),
            "only == and != compare with text; use a number for ordering");
  EXPECT_EQ(message("{id: c, title: C, each: {of: word_line.n, op: in, value: 1}}"),
            "'in' and 'not_in' compare with a fact that is a set, such as "
            "'observed.processes', with same_line alternatives, or with every value of a "
            "capture");
}

TEST_F(CheckReaderTest, SelectorsAndCapturesMustExist) {
  EXPECT_EQ(message("{id: a, title: A, distinct: {of: pid_line.pdi, equals: 1}}"),
            "extractor 'pid_line' has no named group 'pdi' (it has: pid); did you mean 'pid'?");
  EXPECT_EQ(message("{id: b, title: B, all_equal: {of: no_line.pid}}"),
            "of refers to an unknown extractor 'no_line'; did you mean 'pid_line'?");
}

TEST_F(CheckReaderTest, PicksMinNeedsAtLeastTwoOptions) {
  (void)read("{id: one-pid, title: O, count: {of: pid_line, equals: 1}}");
  (void)read("{id: one-word, title: O, count: {of: word_line, at_most: 1}}");
  const PicksMinCheck picks = kind_of<PicksMinCheck>(
      "{id: a, title: A, depends_on: [one-pid, one-word], picks_min: {choice: word_line.word, "
      "options: {fork: pid_line.pid, thread: word_line.n}}}");
  EXPECT_EQ(picks.choice.str(), "word_line.word");
  ASSERT_EQ(picks.options.size(), 2U);
  EXPECT_EQ(picks.options.at("thread").str(), "word_line.n");
  EXPECT_EQ(message("{id: b, title: B, depends_on: [one-pid, one-word], picks_min: {choice: "
                    "word_line.word, options: {fork: pid_line.pid}}}"),
            "picks_min needs at least two options");
}

TEST_F(CheckReaderTest, UnmatchedLooksAtStdoutUnlessToldOtherwise) {
  EXPECT_EQ(kind_of<UnmatchedCheck>("{id: a, title: A, unmatched: {equals: 0}}").stream,
            Stream::kStdout);
  EXPECT_EQ(
      kind_of<UnmatchedCheck>("{id: b, title: B, unmatched: {stream: stderr, at_most: 2}}").stream,
      Stream::kStderr);
  EXPECT_EQ(message("{id: c, title: C, unmatched: {stream: stdin, equals: 0}}"),
            "stream must be 'stdout' or 'stderr', found 'stdin'");
}

TEST_F(CheckReaderTest, ReadStreamReadsTheTwoStreamsOnly) {
  EXPECT_EQ(read_stream(reader_, YAML::Load("stdout")), Stream::kStdout);
  EXPECT_EQ(read_stream(reader_, YAML::Load("stderr")), Stream::kStderr);
  EXPECT_THROW(read_stream(reader_, YAML::Load("STDOUT")), Error);
  EXPECT_THROW(read_stream(reader_, YAML::Load("[stdout]")), Error);
}

}  // namespace
}  // namespace grade::spec
