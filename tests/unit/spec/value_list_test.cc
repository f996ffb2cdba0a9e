// Several values from one line (an extractor's split and findall), the ordered check, and
// membership in every value of a capture: what loads, and what does not, with the fix.
#include "spec/value_list.h"

#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "support/spec_file.h"
#include "util/error.h"

namespace grade::spec {
namespace {

using Values = std::vector<std::string>;

// The head of a spec: `workers` ("Worker PIDs: [4101, 4102]", split at commas), `child`
// ("Child PID: 4101") and `squares` ("Squares: 1 4 9", every number found).
std::string spec_with(const std::string& extract, const std::string& checks) {
  return R"(id: ex
title: T
prompt: P
contract: C
extract:
  workers:
    pattern: 'Worker PIDs: \[(?P<pids>.*)\]'
    label: '"Worker PIDs: [...]" line'
)" + extract +
         R"(  child:
    pattern: 'Child PID: (?P<pid>[0-9]+)'
    label: '"Child PID: <pid>" lines'
  square:
    pattern: 'Square of (?P<n>-?[0-9]+): (?P<sq>-?[0-9]+)'
    label: '"Square of <n>: <sq>" lines'
checks:
  - {id: one, title: One line, count: {of: workers, equals: 1}}
)" + checks;
}

constexpr const char* kSplit = "    split: {pids: ','}\n";

// The message of the error loading the spec, without the file name ("" when it loads).
std::string load_error(const std::string& yaml) {
  const testing::SpecFile file(yaml);
  try {
    (void)file.load();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kSpec);
    const std::string what = e.what();
    return what.substr(file.path().string().size());
  }
  return "";
}

Exercise load(const std::string& yaml) { return testing::SpecFile(yaml).load(); }

TEST(ValueList, SplitTrimsEachPartAndDropsEmptyOnes) {
  ValueList split;
  split.separator = ",";
  EXPECT_EQ(split.values("4101, 4102 ,\t4103"), (Values{"4101", "4102", "4103"}));
  EXPECT_EQ(split.values(""), Values{});
  EXPECT_EQ(split.values(" , ,"), Values{});
  EXPECT_EQ(split.values("1,,2,"), (Values{"1", "2"}));
  split.separator = " and ";
  EXPECT_EQ(split.values("a and b and c"), (Values{"a", "b", "c"}));
}

TEST(ValueList, FindallTakesEveryMatchOrItsOneGroup) {
  ValueList findall;
  findall.pattern = std::make_shared<const RE2>("[0-9]+");
  EXPECT_EQ(findall.values("[4101, 4102,4103]"), (Values{"4101", "4102", "4103"}));
  EXPECT_EQ(findall.values("none here"), Values{});
  findall.pattern = std::make_shared<const RE2>("pid=([0-9]+)");
  EXPECT_EQ(findall.values("pid=7 tid=8 pid=9"), (Values{"7", "9"}));
  // An empty match moves on by a whole character and is no value.
  findall.pattern = std::make_shared<const RE2>("\\b");
  EXPECT_EQ(findall.values("é a"), Values{});
}

TEST(ValueList, AnExtractorReadsSplitAndFindall) {
  const Exercise exercise =
      load(spec_with("    split: {pids: ', '}\n  more:\n    pattern: 'More: (?P<ids>.*)'\n"
                     "    findall: {ids: '[0-9]+'}\n",
                     ""));
  const Extractor& workers = *exercise.find_extractor("workers");
  EXPECT_TRUE(workers.several_values("pids"));
  EXPECT_EQ(workers.lists.at("pids").separator, ", ");
  EXPECT_TRUE(exercise.find_extractor("more")->several_values("ids"));
  EXPECT_FALSE(exercise.find_extractor("child")->several_values("pid"));
}

TEST(ValueList, BadSplitsAndFindallsSayWhatToWrite) {
  EXPECT_EQ(load_error(spec_with("    split: {pid: ','}\n", "")),
            ":9:13: split names 'pid', which is not a named group of the pattern (it has: pids); "
            "did you mean 'pids'?");
  EXPECT_EQ(load_error(spec_with("    split: {pids: ''}\n", "")),
            ":9:19: the split separator is empty; write the text between two values, as in "
            "split: {pids: ','}");
  EXPECT_EQ(load_error(spec_with("    split: {pids: ','}\n    findall: {pids: '[0-9]+'}\n", "")),
            ":10:15: capture 'pids' is in both split and findall; a capture's values come from "
            "one of them: keep split for a list with a separator, findall for values found by a "
            "pattern");
  EXPECT_EQ(load_error(spec_with("    findall: {pids: '[0-9]*'}\n", "")),
            ":9:21: findall pattern '[0-9]*' matches an empty text, and an empty match is no "
            "value; make it need at least one character, as in '[0-9]+' rather than '[0-9]*'");
  EXPECT_EQ(load_error(spec_with("    findall: {pids: '(a)(b)'}\n", "")),
            ":9:21: findall pattern '(a)(b)' has 2 groups; a value is the whole match or its one "
            "group: make the others non-capturing, (?:...)");
  EXPECT_NE(load_error(spec_with("    findall: {pids: '[0-9'}\n", ""))
                .find(":9:21: findall pattern is not a valid RE2 regular expression"),
            std::string::npos);
  EXPECT_EQ(load_error(spec_with("    splt: {pids: ','}\n", "")),
            ":9:5: unknown key 'splt' in extractor 'workers'; did you mean 'split'?");
}

TEST(ValueList, SeveralValuesAreComparedAndCountedLikeOthers) {
  const Exercise exercise =
      load(spec_with(kSplit, R"(  - {id: d, title: D, distinct: {of: workers.pids, equals: 3}}
  - {id: e, title: E, each: {of: workers.pids, op: in, fact: observed.worker_processes}}
  - {id: p, title: P, each: {of: workers.pids.parent, op: '==', fact: run.pid}}
  - {id: o, title: O, ordered: {of: workers.pids, order: increasing}}
)"));
  EXPECT_EQ(exercise.checks.size(), 5U);
}

TEST(ValueList, WhatNeedsOneValuePerLineRefusesSeveral) {
  EXPECT_EQ(load_error(spec_with(kSplit,
                                 "  - {id: a, title: A, each: {of: child.pid, op: '==', "
                                 "capture: workers.pids}, depends_on: [one]}\n")),
            ":18:64: 'workers.pids' has several values per line (split: ','), and capture is "
            "compared as one value; with op: in or not_in it is the set of all its values");
  EXPECT_EQ(load_error(spec_with(kSplit,
                                 "  - {id: a, title: A, each: {of: workers.pids, op: "
                                 "'==', same_line: workers.author.pid}}\n")),
            ":18:69: 'workers.pids' has several values per line (split: ','), and same_line pairs "
            "one value per line; compare its values with a value or a fact, or across lines "
            "with capture: and op: in");
  EXPECT_EQ(load_error(spec_with(kSplit,
                                 "  - {id: a, title: A, each: {of: workers.author.pid, "
                                 "op: in, same_line: [workers.pids]}}\n")),
            ":18:74: 'workers.pids' has several values per line (split: ','), and same_line pairs "
            "one value per line; compare its values with a value or a fact, or across lines "
            "with capture: and op: in");
  EXPECT_EQ(load_error(spec_with(kSplit,
                                 "  - {id: a, title: A, picks_min: {choice: "
                                 "workers.pids, options: {x: workers.pids, y: "
                                 "workers.pids}}, depends_on: [one]}\n")),
            ":18:43: 'workers.pids' has several values per line (split: ','), and choice is "
            "compared as one value; capture it without split or findall");
  EXPECT_EQ(load_error(spec_with(kSplit,
                                 "  - {id: a, title: A, matches_span: {of: workers.pids, "
                                 "tasks: threads}}\n")),
            ":18:42: 'workers.pids' has several values per line (split: ','), and matches_span "
            "compares one printed time per line; capture it without split or findall");
}

TEST(ValueList, InAndNotInTakeEveryValueOfAnyCapture) {
  const Exercise exercise = load(spec_with(
      kSplit, R"(  - {id: a, title: A, each: {of: child.pid, op: in, capture: workers.pids}}
  - {id: b, title: B, each: {of: workers.pids, op: not_in, capture: square.n}}
)"));
  const auto& each = std::get<EachCheck>(exercise.checks[1].kind);
  EXPECT_EQ(std::get<CaptureRef>(each.rhs).str(), "workers.pids");
  EXPECT_EQ(each.op, Op::kIn);
  // Without `in`, still one value, counted first.
  EXPECT_NE(load_error(spec_with(kSplit,
                                 "  - {id: a, title: A, each: {of: workers.pids, op: "
                                 "'==', capture: child.pid}}\n"))
                .find("capture 'child.pid' is compared as one value, but extractor 'child' may "
                      "match several lines"),
            std::string::npos);
  EXPECT_EQ(load_error(spec_with("",
                                 "  - {id: a, title: A, each: {of: child.pid, op: in, value: "
                                 "3}}\n")),
            ":17:29: 'in' and 'not_in' compare with a fact that is a set, such as "
            "'observed.processes', with same_line alternatives, or with every value of a capture");
}

TEST(ValueList, OrderedReadsASelectorAndAnOrder) {
  for (const auto& [word, order] :
       {std::pair{"increasing", Order::kIncreasing}, std::pair{"decreasing", Order::kDecreasing},
        std::pair{"non_decreasing", Order::kNonDecreasing},
        std::pair{"non_increasing", Order::kNonIncreasing}}) {
    const Exercise exercise = load(spec_with(
        "", std::string("  - {id: a, title: A, ordered: {of: square.n, order: ") + word + "}}\n"));
    const auto& ordered = std::get<OrderedCheck>(exercise.checks[1].kind);
    EXPECT_EQ(ordered.order, order);
    EXPECT_EQ(ordered.of.str(), "square.n");
    EXPECT_FALSE(exercise.checks[1].needs_observation());
  }
}

TEST(ValueList, BadOrderedChecksSayWhatToWrite) {
  EXPECT_EQ(load_error(spec_with("",
                                 "  - {id: a, title: A, ordered: {of: square.n, order: "
                                 "increasnig}}\n")),
            ":17:54: order must be one of increasing, decreasing, non_decreasing, "
            "non_increasing, found 'increasnig'; did you mean 'increasing'?");
  EXPECT_EQ(load_error(spec_with("",
                                 "  - {id: a, title: A, ordered: {of: square.author.is_"
                                 "launched, order: increasing}}\n")),
            ":17:37: 'square.author.is_launched' is true or false, which has no order");
  EXPECT_EQ(load_error(spec_with("", "  - {id: a, title: A, ordered: {of: square.n}}\n")),
            ":17:32: 'ordered' of check 'a' needs the key 'order'");
  EXPECT_EQ(load_error(spec_with("",
                                 "  - {id: a, title: A, ordered: {of: square, order: "
                                 "increasing}}\n"))
                .substr(0, 7),
            ":17:37:");
}

}  // namespace
}  // namespace grade::spec
