#include "batch/batch_runner.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "batch/worker_pool.h"
#include "util/sha256.h"
#include "util/untrusted_file.h"

namespace grade::batch {

namespace {

using Clock = std::chrono::steady_clock;

// The student's file for an exercise: <id><extension> for the first extension present.
std::optional<std::filesystem::path> find_file(const StudentFolder& student,
                                               const ExercisePlan& exercise) {
  for (const std::string& extension : exercise.extensions) {
    std::filesystem::path candidate = student.dir / (exercise.id + extension);
    std::error_code ec;
    // A symbolic link is found too (not followed): its grading fails and says why.
    const auto status = std::filesystem::symlink_status(candidate, ec);
    if (std::filesystem::is_regular_file(status) || std::filesystem::is_symlink(status)) {
      return candidate;
    }
  }
  return std::nullopt;
}

// The SHA-256 of a student's file, read without following links out of the student's
// folder; empty when it cannot be read (the grading then says why).
std::string content_sha256(const std::filesystem::path& file) {
  constexpr std::size_t kLargest = std::size_t{64} << 20;
  auto read = read_untrusted(file, kLargest, file.parent_path().parent_path());
  return read && read->refused.empty() ? sha256_hex(read->content) : std::string();
}

// A student × exercise to grade, kept small: a batch holds one per grading it has to do.
struct Pending {
  std::uint32_t student = 0;
  std::uint32_t exercise = 0;
};

struct Started {
  Pending pending;
  std::string content_sha256;
  std::string started_at;
};

class Batch {
 public:
  Batch(const Roster& roster, const std::vector<ExercisePlan>& exercises, Gradebook& book,
        const GradeFn& grade, Progress& progress, const BatchOptions& options)
      : roster_(roster),
        exercises_(exercises),
        book_(book),
        grade_(grade),
        progress_(progress),
        options_(options) {}

  BatchReport run();

 private:
  void scan();
  std::optional<Task> next();
  void finished(const Task& task, const Outcome& outcome);
  void record(const Attempt& attempt);

  const Roster& roster_;
  const std::vector<ExercisePlan>& exercises_;
  Gradebook& book_;
  const GradeFn& grade_;
  Progress& progress_;
  const BatchOptions& options_;
  BatchReport report_;
  std::vector<Pending> pending_;
  std::size_t next_pending_ = 0;
  std::unordered_map<std::size_t, Started> running_;  // by task index
  std::size_t next_index_ = 0;
};

// Decides what needs grading. Missing files are recorded at once (nothing to run); files
// unchanged since their last grading under the same spec are left alone unless --force.
void Batch::scan() {
  std::size_t current = 0;
  for (std::uint32_t s = 0; s < roster_.students.size(); ++s) {
    const StudentFolder& student = roster_.students[s];
    for (std::uint32_t e = 0; e < exercises_.size(); ++e) {
      const ExercisePlan& exercise = exercises_[e];
      const std::optional<std::filesystem::path> file = find_file(student, exercise);
      if (!file) {
        if (options_.force ||
            !book_.is_current(student.id, exercise.id, "", exercise.spec_sha256)) {
          const GradingContext context{student.id,      exercise.id, exercise.spec_sha256,
                                       utc_timestamp(), 0,           options_.host};
          record(missing_attempt(context, exercise.max_score));
          progress_.finished({student.id, exercise.id, "missing", 0, 0, 0, "no file"},
                             Clock::now());
          ++report_.graded;
          ++report_.failed;
        } else {
          ++current;
        }
        continue;
      }
      const std::string digest = content_sha256(*file);
      if (!options_.force && !digest.empty() &&
          book_.is_current(student.id, exercise.id, digest, exercise.spec_sha256)) {
        ++current;
        continue;
      }
      pending_.push_back({s, e});
    }
  }
  report_.up_to_date = current;
  progress_.up_to_date(current);
}

std::optional<Task> Batch::next() {
  if (next_pending_ == pending_.size()) {
    return std::nullopt;
  }
  const Pending p = pending_[next_pending_++];
  const StudentFolder& student = roster_.students[p.student];
  const ExercisePlan& exercise = exercises_[p.exercise];
  // Found by scan(); a file that vanished since is graded as whatever grading it finds.
  const std::filesystem::path file =
      find_file(student, exercise)
          .value_or(student.dir / (exercise.id + exercise.extensions.front()));
  std::string digest = content_sha256(file);
  Task task;
  task.index = next_index_++;
  task.deadline = exercise.deadline;
  const std::string display = student.id + "/" + file.filename().string();
  task.work = [this, &exercise, file, display] { return grade_(exercise, file, display); };
  running_.emplace(task.index, Started{p, std::move(digest), utc_timestamp()});
  return task;
}

void Batch::record(const Attempt& attempt) { book_.record(attempt); }

void Batch::finished(const Task& task, const Outcome& outcome) {
  auto node = running_.extract(task.index);
  const Started& started = node.mapped();
  const StudentFolder& student = roster_.students[started.pending.student];
  const ExercisePlan& exercise = exercises_[started.pending.exercise];
  if (outcome.kind == Outcome::Kind::kCancelled) {
    ++report_.cancelled;
    return;
  }
  const GradingContext context{student.id,         exercise.id,     exercise.spec_sha256,
                               started.started_at, outcome.seconds, options_.host};
  std::string error;
  std::optional<Attempt> attempt;
  if (outcome.kind == Outcome::Kind::kDone) {
    auto parsed = attempt_from_result_json(outcome.output, context);
    if (parsed) {
      attempt = std::move(*parsed);
    } else {
      error = "the grading worker's result could not be read: " + parsed.error();
    }
  } else {
    error = outcome.describe();
  }
  if (!attempt) {
    attempt = error_attempt(context, started.content_sha256, error);
  }
  record(*attempt);
  ++report_.graded;
  if (attempt->status == AttemptStatus::kFailed) {
    ++report_.failed;
  } else if (attempt->status == AttemptStatus::kError) {
    ++report_.errors;
  }
  progress_.finished({student.id, exercise.id, to_string(attempt->status), attempt->score,
                      attempt->max_score, outcome.seconds, attempt->error},
                     Clock::now());
}

BatchReport Batch::run() {
  const Clock::time_point start = Clock::now();
  report_.total = roster_.students.size() * exercises_.size();
  std::vector<std::string> ids;
  ids.reserve(roster_.students.size());
  for (const StudentFolder& student : roster_.students) {
    ids.push_back(student.id);
  }
  book_.add_students(ids);
  scan();

  PoolOptions pool_options;
  pool_options.jobs = options_.jobs;
  pool_options.scratch_root = options_.scratch_root;
  pool_options.on_interrupt = [this](int signal, int count) {
    if (options_.on_interrupt) {
      options_.on_interrupt(signal, count, running_.size());
    }
  };
  WorkerPool pool(pool_options);
  const PoolStats stats =
      pool.run([this] { return next(); },
               [this](const Task& task, const Outcome& outcome) { finished(task, outcome); });
  report_.interrupted = stats.interrupted;
  report_.signal = stats.last_signal;
  report_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  progress_.close();
  return report_;
}

}  // namespace

BatchReport run_batch(const Roster& roster, const std::vector<ExercisePlan>& exercises,
                      Gradebook& book, const GradeFn& grade, Progress& progress,
                      const BatchOptions& options) {
  Batch batch(roster, exercises, book, grade, progress, options);
  return batch.run();
}

}  // namespace grade::batch
