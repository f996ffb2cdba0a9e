#include "report/json_report.h"

#include <sstream>
#include <string>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "run/run_result.h"
#include "sample_results.h"
#include "util/utf8.h"

namespace grade::report {
namespace {

using nlohmann::ordered_json;

TEST(JsonReport, StatusStringsAreTheContractsWords) {
  EXPECT_EQ(check::to_string(check::CheckStatus::kPass), "pass");
  EXPECT_EQ(check::to_string(check::CheckStatus::kFail), "fail");
  EXPECT_EQ(check::to_string(check::CheckStatus::kSkip), "skip");
  EXPECT_EQ(check::to_string(check::GradeStatus::kPassed), "passed");
  EXPECT_EQ(check::to_string(check::GradeStatus::kFailed), "failed");
  EXPECT_EQ(check::to_string(check::GradeStatus::kError), "error");
}

TEST(JsonReport, ProtectionsSayWhatHeldAndWhy) {
  check::GradeResult result = samples::passed();
  EXPECT_EQ(to_json(result)["protections"], ordered_json::array());
  result.protections = {{"private_view", true, "only the system's files"},
                        {"network", false, "user namespace: Operation not permitted (EPERM)"}};
  const ordered_json j = to_json(result);
  ASSERT_EQ(j["protections"].size(), 2U);
  EXPECT_EQ(j["protections"][0], (ordered_json{{"name", "private_view"},
                                               {"in_place", true},
                                               {"detail", "only the system's files"}}));
  EXPECT_EQ(j["protections"][1]["in_place"], false);
}

TEST(JsonReport, TopLevelFieldsInContractOrder) {
  const ordered_json j = to_json(samples::passed());
  std::vector<std::string> keys;
  for (const auto& item : j.items()) {
    keys.push_back(item.key());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "schema_version", "view",   "grader", "course",    "exercise",
                      "submission",     "status", "score",  "max_score", "scoring",
                      "repeat",         "weaker", "build",  "runs",      "checks",
                      "error",          "notes",  "advice", "totals",    "protections"}));
  EXPECT_EQ(j["schema_version"], 10);
  EXPECT_EQ(j["view"], "student");
  EXPECT_EQ(j["weaker"], false);
  EXPECT_EQ(j["grader"], (ordered_json{{"name", "grade"}, {"version", GRADE_VERSION}}));
  EXPECT_EQ(j["course"]["title"], "Processes vs threads");
  EXPECT_EQ(j["exercise"]["id"], "ex1");
  EXPECT_EQ(j["submission"]["language"], "python");
  EXPECT_EQ(j["status"], "passed");
  EXPECT_EQ(j["score"], 6);
  EXPECT_EQ(j["repeat"], 3);
  EXPECT_EQ(j["runs"].size(), 3U);
  EXPECT_EQ(j["error"], nullptr);
  EXPECT_EQ(j["build"]["argv"], (ordered_json{"python3", "-m", "py_compile", "ex1.py"}));
  EXPECT_EQ(j["build"]["ok"], true);
  EXPECT_EQ(j["build"]["exit_code"], 0);
}

TEST(JsonReport, RunsCarryTheirChecksAndOutput) {
  const ordered_json j = to_json(samples::failed());
  EXPECT_EQ(j["status"], "failed");
  const ordered_json& run = j["runs"][1];
  EXPECT_EQ(run["index"], 2);
  EXPECT_EQ(run["pid"], 4102);
  EXPECT_EQ(run["exit_code"], 1);
  EXPECT_EQ(run["signal"], nullptr);
  EXPECT_EQ(run["signal_name"], nullptr);
  EXPECT_EQ(run["spawn_error"], nullptr);
  EXPECT_EQ(run["passed"], false);
  EXPECT_EQ(run["stdout"],
            (ordered_json{{"data", "parent 4102\nchild 1\nchild 1\n"}, {"truncated", false}}));
  EXPECT_EQ(run["checks"], j["checks"]);
  EXPECT_EQ(j["checks"][1],
            (ordered_json{{"id", "children"},
                          {"title", "Starts three children"},
                          {"status", "fail"},
                          {"points", 0},
                          {"max_points", 2},
                          {"message", "expected 3 distinct child PIDs\nsaw 2: 4201, 4201"},
                          {"hint", "call os.fork() once per child, in a loop"},
                          {"unobserved", false},
                          {"hidden", false},
                          {"level", "required"}}));
  EXPECT_EQ(j["checks"][2]["status"], "skip");
}

TEST(JsonReport, RunsCarryWhatTheTracerSaw) {
  const ordered_json run = to_json(samples::passed())["runs"][0];
  const ordered_json& seen = run["observation"];
  EXPECT_EQ(seen["state"], "observed");
  EXPECT_EQ(seen["reason"], nullptr);
  EXPECT_EQ(seen["processes"], (ordered_json{4201, 4301, 4401}));
  EXPECT_EQ(seen["threads"], 1);
  ASSERT_EQ(seen["tasks"].size(), 5U);
  EXPECT_EQ(seen["tasks"][0]["program"], "/usr/bin/python3.11");
  EXPECT_EQ(seen["tasks"][0]["parent_pid"], 0);
  EXPECT_EQ(seen["tasks"][0]["stopped_at_end"], false);
  EXPECT_EQ(seen["tasks"][4]["kind"], "thread");
  EXPECT_EQ(seen["tasks"][4]["pid"], 4101);
  EXPECT_EQ(run["task_limit_hit"], false);

  const ordered_json weaker = to_json(samples::unobserved());
  EXPECT_EQ(weaker["weaker"], true);
  EXPECT_EQ(weaker["status"], "passed");
  EXPECT_EQ(weaker["checks"][1]["unobserved"], true);
  EXPECT_EQ(weaker["runs"][0]["observation"]["state"], "unavailable");
  EXPECT_EQ(weaker["runs"][0]["observation"]["tasks"], ordered_json::array());
}

TEST(JsonReport, TasksSayWhatTheyRanTheirNameCpuAndWhyGradeKilledThem) {
  const ordered_json tasks = to_json(samples::attributed())["runs"][0]["observation"]["tasks"];
  EXPECT_EQ(tasks[0]["command_line"], "/usr/bin/python3 /tmp/grade-run-1/ex1.py");
  EXPECT_DOUBLE_EQ(tasks[0]["cpu_seconds"].get<double>(), 0.05);
  EXPECT_EQ(tasks[0]["killed_by_grader"], nullptr);
  EXPECT_EQ(tasks[0]["helper"], false);
  EXPECT_EQ(tasks[0]["outlived_process"], false);
  EXPECT_EQ(tasks[0]["at_timeout"], nullptr);
  EXPECT_EQ(tasks[2]["killed_by_grader"], "outlived_program");
  EXPECT_EQ(tasks[2]["stopped_at_end"], true);
  EXPECT_EQ(tasks[2]["signal"], 9);
  EXPECT_EQ(tasks[2]["cpu_seconds"], nullptr) << "not read";
  EXPECT_EQ(tasks[3]["helper"], true) << "the resource tracker";
  EXPECT_EQ(tasks[4]["command_line"], "") << "a thread";
  EXPECT_EQ(tasks[0]["name"], "python3");
  EXPECT_EQ(tasks[4]["name"], "worker-\uFFFD\x1b") << "its own text, as valid UTF-8";
  EXPECT_EQ(tasks[1]["name"], "") << "not read";
}

TEST(JsonReport, OutputAuthorsPerStream) {
  const ordered_json run = to_json(samples::attributed())["runs"][0];
  EXPECT_EQ(run["output_authors"]["stdout"],
            (ordered_json{
                {"segments", {{12, 4101, 4101}, {8, 4102, 4101}, {3, 4201, 4201}, {5, 4301, 4301}}},
                {"omitted", 0},
                {"unattributed", nullptr}}));
  EXPECT_EQ(run["output_authors"]["stderr"]["unattributed"],
            "a process was killed while its write was under way");
  EXPECT_EQ(to_json(samples::unobserved())["runs"][0]["output_authors"], nullptr);
}

TEST(JsonReport, AFloodOfAlternatingWritersIsCappedAndCounted) {
  check::GradeResult r = samples::attributed();
  std::vector<run::OutputSegment>& segments = r.runs[0].result.observed.out.segments;
  segments.clear();
  for (int i = 0; i < 5000; ++i) {
    segments.push_back({1, 4101 + i % 2, 4101});
  }
  const ordered_json out = to_json(r)["runs"][0]["output_authors"]["stdout"];
  EXPECT_EQ(out["segments"].size(), 1024U);
  EXPECT_EQ(out["omitted"], 5000 - 1024);
}

TEST(JsonReport, MatchedLinesSayWhoWroteThem) {
  const ordered_json run =
      to_json(samples::attributed(), View::kStudent, &samples::exercise())["runs"][0];
  const auto author = [](int tid, int pid, bool main_thread) {
    return ordered_json{
        {"tid", tid}, {"pid", pid}, {"main_thread", main_thread}, {"launched", pid == 4101}};
  };
  const auto line = [](const char* extractor, int number, ordered_json who, ordered_json why) {
    return ordered_json{{"extractor", extractor},
                        {"stream", "stdout"},
                        {"line", number},
                        {"author", std::move(who)},
                        {"author_unknown", std::move(why)}};
  };
  EXPECT_EQ(run["lines"],
            (ordered_json{line("parent", 1, author(4101, 4101, true), nullptr),
                          line("child", 2, author(4102, 4101, false), nullptr),
                          line("child", 3, nullptr, "several tasks wrote parts of this line")}));
  EXPECT_EQ(run["lines_omitted"], 0);
  EXPECT_EQ(to_json(samples::attributed())["runs"][0]["lines"], nullptr) << "no exercise given";

  const ordered_json unobserved =
      to_json(samples::unobserved(), View::kStudent, &samples::exercise())["runs"][0]["lines"];
  EXPECT_EQ(unobserved[0]["author"], nullptr);
  EXPECT_EQ(unobserved[0]["author_unknown"].get<std::string>().rfind("the run was not observed", 0),
            0U);

  // A hidden check: its extractor's name and lines could give it away to a student.
  spec::Exercise with_hidden = samples::exercise();
  spec::Check hidden;
  hidden.id = "secret";
  hidden.hidden = true;
  with_hidden.checks.push_back(hidden);
  EXPECT_EQ(to_json(samples::attributed(), View::kStudent, &with_hidden)["runs"][0]["lines"],
            nullptr);
  EXPECT_EQ(
      to_json(samples::attributed(), View::kInstructor, &with_hidden)["runs"][0]["lines"].size(),
      3U);
}

TEST(JsonReport, MatchedLinesAreCappedAndCounted) {
  check::GradeResult r = samples::attributed();
  std::string out;
  for (int i = 0; i < 1500; ++i) {
    out += fmt::format("child {}\n", i);
  }
  r.runs[0].result.out.data = out;
  const ordered_json run = to_json(r, View::kStudent, &samples::exercise())["runs"][0];
  EXPECT_EQ(run["lines"].size(), 1024U);
  EXPECT_EQ(run["lines"][1023]["line"], 1024);
  EXPECT_EQ(run["lines_omitted"], 1500 - 1024);
}

TEST(JsonReport, ASignalFromOutsideAndTasksPastTheCap) {
  const ordered_json j = to_json(samples::killed_from_outside());
  EXPECT_EQ(j["status"], "error");
  const ordered_json& run = j["runs"][0];
  EXPECT_EQ(run["verdict"], "outside_signal");
  EXPECT_EQ(run["outside_signal"],
            (ordered_json{{"signal", 15},
                          {"signal_name", "SIGTERM"},
                          {"target_pid", 4101},
                          {"sender_pid", 777},
                          {"sender_uid", 0},
                          {"sender_name", "kill"},
                          {"description",
                           "SIGTERM from PID 777 (kill, uid 0), a process outside the run, "
                           "reached PID 4101"}}));
  const ordered_json& seen = run["observation"];
  EXPECT_EQ(seen["tasks"].size(), 1024U);
  EXPECT_EQ(seen["omitted"]["threads"], 0);
  EXPECT_EQ(seen["omitted"]["processes"].get<std::size_t>() + seen["processes"].size(), 3000U);
  EXPECT_EQ(to_json(samples::passed())["runs"][0]["outside_signal"], nullptr);
  EXPECT_EQ(to_json(samples::passed())["runs"][0]["observation"]["omitted"],
            (ordered_json{{"processes", 0}, {"threads", 0}}));
}

TEST(JsonReport, StudentViewKeepsHiddenChecksButNotWhatTheyCheck) {
  const ordered_json j = to_json(samples::hidden_checks(), View::kStudent);
  EXPECT_EQ(j["view"], "student");
  EXPECT_EQ(j["score"], 4) << "hidden points count";
  EXPECT_EQ(j["max_score"], 8);
  EXPECT_EQ(j["checks"][1], (ordered_json{{"id", "uses-processes"},
                                          {"title", "hidden check"},
                                          {"status", "fail"},
                                          {"points", 0},
                                          {"max_points", 2},
                                          {"message", ""},
                                          {"hint", ""},
                                          {"unobserved", false},
                                          {"hidden", true},
                                          {"level", "required"}}));
  EXPECT_EQ(j["checks"][0]["title"], "Prints its own PID");
  EXPECT_EQ(j["checks"][0]["hidden"], false);
  const std::string dumped = j.dump();
  for (const char* secret : {"SECRET", "Uses processes, not threads", "real process"}) {
    EXPECT_EQ(dumped.find(secret), std::string::npos) << secret << " leaks: " << dumped;
  }
  EXPECT_EQ(j["runs"][0]["checks"][3]["title"], "hidden check") << "every run is redacted";
}

TEST(JsonReport, InstructorViewShowsHiddenChecksMarked) {
  const ordered_json j = to_json(samples::hidden_checks(), View::kInstructor);
  EXPECT_EQ(j["view"], "instructor");
  EXPECT_EQ(j["checks"][1]["title"], "Uses processes, not threads");
  EXPECT_EQ(j["checks"][1]["hint"], "SECRET-HINT: use multiprocessing.Process");
  EXPECT_EQ(j["checks"][1]["hidden"], true);
  EXPECT_EQ(j["runs"][1]["checks"][3]["message"], "SECRET-PASS: saw PIDs 4202, 4302, 4402");
}

TEST(JsonReport, SignalsTimeoutsAndTruncation) {
  const ordered_json killed = to_json(samples::killed_by_signal())["runs"][0];
  EXPECT_EQ(killed["exit_code"], nullptr);
  EXPECT_EQ(killed["signal"], 11);
  EXPECT_EQ(killed["signal_name"], run::signal_name(11));

  const ordered_json timed_out = to_json(samples::timed_out())["runs"][0];
  EXPECT_EQ(timed_out["timed_out"], true);
  EXPECT_EQ(timed_out["signal"], 9);
  EXPECT_DOUBLE_EQ(timed_out["wall_seconds"].get<double>(), 10.02);

  const ordered_json truncated = to_json(samples::truncated_output())["runs"][0];
  EXPECT_EQ(truncated["stdout"]["truncated"], true);
  EXPECT_EQ(truncated["output_limit_hit"], true);
}

TEST(JsonReport, ErrorAndBuildFailure) {
  const ordered_json error = to_json(samples::error());
  EXPECT_EQ(error["status"], "error");
  EXPECT_EQ(error["error"], "could not start the program: python3: No such file or directory");
  EXPECT_EQ(error["build"], nullptr);
  EXPECT_EQ(error["runs"][0]["spawn_error"], "python3: No such file or directory");

  const ordered_json build = to_json(samples::build_failed());
  EXPECT_EQ(build["build"]["ok"], false);
  EXPECT_NE(build["build"]["stderr"]["data"].get<std::string>().find("SyntaxError"),
            std::string::npos);
  EXPECT_TRUE(build["runs"].empty());
  EXPECT_TRUE(build["checks"].is_array());
  EXPECT_EQ(build["build"]["limit"], nullptr);

  check::GradeResult over = samples::build_failed();
  over.build->verdict = run::Verdict::kBuildLimit;
  over.build->limit = run::Verdict::kFileSizeLimit;
  const ordered_json limited = to_json(over);
  EXPECT_EQ(limited["build"]["verdict"], "build_limit");
  EXPECT_EQ(limited["build"]["limit"], "file_size_limit");
}

TEST(JsonReport, TotalsSayWhatLimitedARunAsAWhole) {
  check::GradeResult r = samples::passed();
  EXPECT_EQ(to_json(r)["totals"], nullptr) << "not decided";
  r.totals = isolate::Totals{true, true, "cgroup v1", ""};
  EXPECT_EQ(to_json(r)["totals"],
            (ordered_json{{"per_run", {"memory", "tasks"}},
                          {"by", "cgroup v1"},
                          {"description", "memory and tasks per run (cgroup v1)"},
                          {"reason", nullptr}}));
  r.totals = isolate::Totals{false, false, "", "cgroup v1 memory: cannot write to /x"};
  EXPECT_EQ(to_json(r)["totals"],
            (ordered_json{{"per_run", ordered_json::array()},
                          {"by", "rlimits"},
                          {"description", "per process (rlimits)"},
                          {"reason", "cgroup v1 memory: cannot write to /x"}}));
}

TEST(JsonReport, InvalidUtf8BecomesReplacementCharacters) {
  const ordered_json j = to_json(samples::hostile_output());
  std::string dumped;
  ASSERT_NO_THROW(dumped = j.dump()) << "strict dump must not meet invalid UTF-8";
  const std::string out = j["runs"][0]["stdout"]["data"];
  EXPECT_EQ(out.substr(0, 13), "\x1b[2J\x1b[31mred\x07");
  EXPECT_NE(out.find(" \xEF\xBF\xBD\xEF\xBF\xBD "), std::string::npos);              // \xff\xfe
  EXPECT_NE(out.find(" \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "), std::string::npos);  // surrogate
  EXPECT_NE(out.find("\xc2\x9b"
                     "7m caf\xc3\xa9"),
            std::string::npos)
      << "valid UTF-8 is kept";
  EXPECT_NE(dumped.find("\\u001b[2J"), std::string::npos) << "control bytes are JSON-escaped";
}

TEST(JsonReport, WriteJsonReportRoundTrips) {
  for (const auto& [name, r] : samples::all()) {
    std::ostringstream out;
    write_json_report(out, r);
    EXPECT_EQ(out.str().back(), '\n') << name;
    EXPECT_EQ(ordered_json::parse(out.str()), to_json(r)) << name;
  }
}

TEST(JsonReport, ToValidUtf8IsStrict) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(to_valid_utf8("plain ascii"), "plain ascii");
  EXPECT_EQ(to_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(to_valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3));
  EXPECT_EQ(to_valid_utf8("\xC0\xAF"), fffd + fffd) << "overlong";
  EXPECT_EQ(to_valid_utf8("\xE0\x80\xAF"), fffd + fffd + fffd) << "overlong";
  EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd) << "surrogate";
  EXPECT_EQ(to_valid_utf8("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd) << "above U+10FFFF";
  EXPECT_EQ(to_valid_utf8("x\xE2\x82"), "x" + fffd + fffd) << "cut at the end";
  EXPECT_EQ(to_valid_utf8("\x80z"), fffd + "z") << "lone continuation";
}

}  // namespace
}  // namespace grade::report
