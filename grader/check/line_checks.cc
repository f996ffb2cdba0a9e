// The check kinds over the values of a line selector: distinct, all_equal and ordered. A
// selector of who wrote the lines shows the writers in its messages, not bare TIDs.
#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "check/authorship.h"
#include "check/bound_value.h"
#include "check/check_kinds.h"
#include "check/listing.h"
#include "util/text.h"

namespace grade::check {

namespace {

struct Values {
  std::vector<std::string> texts;  // the known values, in output order
  std::vector<int> lines;          // the line of each
  std::optional<Outcome> decided;  // set when a value is unknown or undefined
};

// The values of `of`, or the outcome when one of them cannot be had: unknown (who wrote a
// line) skips the check; undefined (a PID that names no process) fails it.
Values known_values(const Evidence& ev, const spec::LineSelector& of) {
  Values out;
  const std::vector<LineValue> values = values_of(of, ev.extraction, ev.run.observed);
  if (const LineValue* unknown = first_unknown(values)) {
    out.decided = Outcome::unknown(unknown->why);
    return out;
  }
  for (const LineValue& v : values) {
    if (v.state == LineValue::State::kUndefined) {
      out.decided =
          Outcome::fail(fmt::format("cannot compare the values of {}: {}", of.name(), v.why));
      return out;
    }
    out.texts.push_back(v.text);
    out.lines.push_back(v.line);
  }
  return out;
}

// "the main thread (TID 4100, 5 lines), thread 4101 of the main program": the writers of
// the lines, in order of first appearance, each once.
std::string writers(const Evidence& ev, const spec::LineSelector& of) {
  std::vector<std::pair<std::string, int>> counts;
  std::unordered_map<std::string, std::size_t> slot;
  for (const Match& match : ev.extraction.of(of.extractor)) {
    const LineValue value = value_on(of, match, ev.run.observed);
    const auto [it, inserted] = slot.try_emplace(value.text, counts.size());
    if (inserted) {
      counts.emplace_back(describe_author(match, ev.run.observed), 0);
    }
    ++counts[it->second].second;
  }
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < counts.size() && i < kMaxListed; ++i) {
    const auto& [who, n] = counts[i];
    parts.push_back(n == 1 ? who : fmt::format("{} ({} lines)", who, n));
  }
  std::string out = text::join(parts, ", ");
  if (counts.size() > kMaxListed) {
    out += fmt::format(" and {} more", counts.size() - kMaxListed);
  }
  return out;
}

const std::string& label_of(const Evidence& ev, const spec::LineSelector& of) {
  return ev.exercise.find_extractor(of.extractor)->label;
}

// author.tid: a line that went out in one write with another line may have been printed by
// any thread of its process (authorship.h). The count is then between the distinct writers
// seen and that plus the number of such lines; a bound that holds only for part of that
// range cannot be decided.
std::optional<Outcome> undecided_threads(const Evidence& ev, const spec::DistinctCheck& c,
                                         const ResolvedBound& bound, std::int64_t n) {
  if (c.of.kind != spec::LineSelector::Kind::kAuthorTid || bound.holds(n)) {
    return std::nullopt;
  }
  const spec::Extractor& extractor = *ev.exercise.find_extractor(c.of.extractor);
  const std::vector<int> shared = lines_sharing_a_write(ev.extraction, extractor, ev.run);
  for (auto most = n + 1; most <= n + static_cast<std::int64_t>(shared.size()); ++most) {
    if (bound.holds(most)) {
      std::vector<std::string> numbers;
      numbers.reserve(shared.size());
      for (const int line : shared) {
        numbers.push_back(std::to_string(line));
      }
      return Outcome::unknown(fmt::format(
          "{} {} went out in one write with another line; the threads of a process share its "
          "output buffer, so which thread printed {} is not known (a lock around print makes "
          "each thread write its own line)",
          numbers.size() == 1 ? "line" : "lines", text::join(numbers, ", "),
          numbers.size() == 1 ? "it" : "them"));
    }
  }
  return std::nullopt;
}

// "; 15564 is your program's own PID (the process the grader started)": what a repeated number
// means, when the grader knows it (os.getppid() in each child, the parent's os.getpid()), and
// the same for the grader's own PID (os.getppid() in the main program).
std::string known_pid_note(const Evidence& ev, const std::vector<std::string>& texts) {
  const auto printed = [&texts](int pid) {
    return pid > 0 && std::find(texts.begin(), texts.end(), std::to_string(pid)) != texts.end();
  };
  std::string note;
  if (printed(ev.run.pid)) {
    note +=
        fmt::format("; {} is your program's own PID (the process the grader started)", ev.run.pid);
  }
  if (printed(ev.run.parent_pid)) {
    note += fmt::format(
        "; {} is the PID of the grader that started your program, not of a process you created",
        ev.run.parent_pid);
  }
  return note;
}

}  // namespace

Outcome check_distinct(const Evidence& ev, const spec::DistinctCheck& c) {
  const Values values = known_values(ev, c.of);
  if (values.decided) {
    return *values.decided;
  }
  const auto n = static_cast<std::int64_t>(distinct_count(values.texts));
  const ResolvedBound bound = resolve_bound(ev, c.bound);
  if (bound.decided) {
    return *bound.decided;
  }
  if (const auto undecided = undecided_threads(ev, c, bound, n)) {
    return *undecided;
  }
  const std::string noun = author_noun(c.of);
  if (!noun.empty()) {
    std::string message = fmt::format("expected {} to be written by {} different {}, saw {}",
                                      label_of(ev, c.of), bound.description, noun, n);
    if (n > 0) {
      message += ": " + writers(ev, c.of);
    }
    return Outcome::decide(bound.holds(n), message);
  }
  // In the exercise's words: the capture on the extractor's lines, as its label calls them.
  std::string message = fmt::format("expected {} different {} values on the {}, saw {}",
                                    bound.description, c.of.name(), label_of(ev, c.of), n);
  if (!values.texts.empty()) {
    message += ": " + tally(values.texts);
  }
  const bool pass = bound.holds(n);
  if (!pass) {
    message += known_pid_note(ev, values.texts);
  }
  return Outcome::decide(pass, message);
}

Outcome check_all_equal(const Evidence& ev, const spec::AllEqualCheck& c) {
  const Values values = known_values(ev, c.of);
  if (values.decided) {
    return *values.decided;
  }
  const std::string name = c.of.name();
  const std::string label = label_of(ev, c.of);
  if (values.texts.empty()) {
    return Outcome::fail(
        fmt::format("expected one and the same {} on every one of the {}, but "
                    "there was no such line",
                    name, label));
  }
  const std::size_t n = distinct_count(values.texts);
  if (n == 1) {
    return Outcome::pass(fmt::format("all {} values of {} are {}", values.texts.size(), name,
                                     text::escape_control(values.texts.front())));
  }
  const std::string noun = author_noun(c.of);
  if (!noun.empty()) {
    // "processes" -> "process", "threads" -> "thread"
    const std::string one =
        noun.ends_with("sses") ? noun.substr(0, noun.size() - 2) : noun.substr(0, noun.size() - 1);
    return Outcome::fail(
        fmt::format("expected the {} to be written by one and the same {}, but "
                    "{} different {} wrote them: {}",
                    label, one, n, noun, writers(ev, c.of)));
  }
  return Outcome::fail(
      fmt::format("expected one and the same {} on every one of the {}, saw {} "
                  "different values: {}",
                  name, label, n, tally(values.texts)));
}

namespace {

// "non-decreasing": the spec's name, as prose writes it.
std::string order_words(spec::Order order) {
  std::string words(spec::order_name(order));
  std::replace(words.begin(), words.end(), '_', '-');
  return words;
}

// Whether `before` may come right before `after`; `cmp` is <0, 0 or >0 as before <=> after.
bool in_order(spec::Order order, int cmp) {
  switch (order) {
    case spec::Order::kIncreasing:
      return cmp < 0;
    case spec::Order::kDecreasing:
      return cmp > 0;
    case spec::Order::kNonDecreasing:
      return cmp <= 0;
    case spec::Order::kNonIncreasing:
      return cmp >= 0;
  }
  return false;
}

// -1, 0 or 1: as numbers when every value is one (so 10 comes after 9), else as text.
std::vector<int> neighbour_comparisons(const std::vector<std::string>& texts) {
  std::vector<double> numbers;
  for (const std::string& t : texts) {
    if (const auto n = parse_number(t)) {
      numbers.push_back(*n);
    }
  }
  const bool as_numbers = numbers.size() == texts.size();
  const auto sign = [](const auto& a, const auto& b) { return a < b ? -1 : (b < a ? 1 : 0); };
  std::vector<int> out;
  for (std::size_t i = 1; i < texts.size(); ++i) {
    out.push_back(as_numbers ? sign(numbers[i - 1], numbers[i]) : sign(texts[i - 1], texts[i]));
  }
  return out;
}

// "line 4 (n = 3) comes after line 3 (n = 5)"; two values of one line (split, findall): "on
// line 4, n = 3 comes after n = 5".
std::string out_of_order(const Values& v, const std::string& name, std::size_t i) {
  const std::string before = text::escape_control(v.texts[i - 1]);
  const std::string after = text::escape_control(v.texts[i]);
  if (v.lines[i] == v.lines[i - 1]) {
    return fmt::format("on line {}, {} = {} comes after {} = {}", v.lines[i], name, after, name,
                       before);
  }
  return fmt::format("line {} ({} = {}) comes after line {} ({} = {})", v.lines[i], name, after,
                     v.lines[i - 1], name, before);
}

}  // namespace

Outcome check_ordered(const Evidence& ev, const spec::OrderedCheck& c) {
  const Values values = known_values(ev, c.of);
  if (values.decided) {
    return *values.decided;
  }
  const std::string name = c.of.name();
  const std::string expected = fmt::format("the {} values of the {} in {} order", name,
                                           label_of(ev, c.of), order_words(c.order));
  if (values.texts.empty()) {
    return Outcome::fail(
        fmt::format("expected {}, but there was no {} to compare", expected, name));
  }
  const std::vector<int> cmp = neighbour_comparisons(values.texts);
  for (std::size_t i = 1; i < values.texts.size(); ++i) {
    if (!in_order(c.order, cmp[i - 1])) {
      return Outcome::fail(
          fmt::format("expected {}, but {}", expected, out_of_order(values, name, i)));
    }
  }
  return Outcome::pass(fmt::format("the {} {} values of the {} are in {} order",
                                   values.texts.size(), name, label_of(ev, c.of),
                                   order_words(c.order)));
}

}  // namespace grade::check
