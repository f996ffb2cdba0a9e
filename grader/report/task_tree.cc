#include "report/task_tree.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "report/safe_text.h"
#include "util/text.h"

namespace grade::report {

namespace {

using run::Task;

bool is_thread(const Task& t) { return t.kind == Task::Kind::kThread; }

// Which task each task hangs under: a thread under its process, a process under the process
// that created it. Roots: the launched process, and any whose creator is not listed.
struct Forest {
  std::vector<std::vector<std::size_t>> children;  // per task, in creation order
  std::vector<std::size_t> roots;
};

Forest build_forest(const std::vector<Task>& tasks) {
  Forest forest;
  forest.children.resize(tasks.size());
  // PIDs are reused: a task belongs to the newest process with its PID created before it.
  std::unordered_map<int, std::size_t> newest;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const Task& t = tasks[i];
    const auto owner = newest.find(is_thread(t) ? t.pid : t.parent_pid);
    if (i > 0 && owner != newest.end()) {
      forest.children[owner->second].push_back(i);
    } else {
      forest.roots.push_back(i);
    }
    if (!is_thread(t)) {
      newest[t.pid] = i;
    }
  }
  return forest;
}

// The first `max` processes depth first, in creation order: a program's own structure before
// the hundredth worker of a pool.
std::vector<bool> choose_processes(const std::vector<Task>& tasks, const Forest& forest,
                                   std::size_t max) {
  std::vector<bool> shown(tasks.size(), false);
  std::vector<std::size_t> stack(forest.roots.rbegin(), forest.roots.rend());
  std::size_t count = 0;
  while (!stack.empty() && count < max) {
    const std::size_t i = stack.back();
    stack.pop_back();
    if (is_thread(tasks[i])) {
      continue;
    }
    shown[i] = true;
    ++count;
    const std::vector<std::size_t>& kids = forest.children[i];
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return shown;
}

std::string_view helper_name(const Task& t) {
  if (t.command_line.find("resource_tracker") != std::string::npos) {
    return "multiprocessing's resource tracker";
  }
  if (t.command_line.find("forkserver") != std::string::npos) {
    return "multiprocessing's fork server";
  }
  if (t.command_line.find("semaphore_tracker") != std::string::npos) {
    return "multiprocessing's semaphore tracker";
  }
  return "a helper of multiprocessing";
}

// "python3 ex1.py" for "/usr/bin/python3 /tmp/grade-run-x/ex1.py": the run's folders mean
// nothing to a student, the file names do.
std::string short_command(std::string_view command_line, std::size_t width) {
  std::string shortened;
  while (!command_line.empty()) {
    const std::size_t space = std::min(command_line.find(' '), command_line.size());
    std::string_view word = command_line.substr(0, space);
    if (!word.empty() && word.front() == '/' && word.back() != '/') {
      word.remove_prefix(word.rfind('/') + 1);
    }
    shortened += (shortened.empty() ? "" : " ") + std::string(word);
    command_line.remove_prefix(std::min(space + 1, command_line.size()));
  }
  return cut_to_width(one_line(shortened), width);
}

// A worker multiprocessing started with its "spawn" method: a new interpreter whose command
// line (python -c "from multiprocessing.spawn import spawn_main; ...") says nothing to a
// beginner, while "spawn of" next to "fork of" names the start method they chose.
bool is_spawned_worker(const Task& t) {
  return t.command_line.find("from multiprocessing.spawn import spawn_main") != std::string::npos;
}

std::string process_label(const Task& t, bool launched, const TaskTreeLimits& limits) {
  std::string what;
  if (run::is_start_method_helper(t)) {
    what = fmt::format("helper: {}", helper_name(t));
  } else if (is_spawned_worker(t) && t.parent_pid != 0) {
    what = fmt::format("(spawn of {})", t.parent_pid);
  } else if (!t.command_line.empty()) {
    what = short_command(t.command_line, limits.max_command_width);
  } else if (launched || t.parent_pid == 0) {
    what = t.program.empty() ? "your program" : short_command(t.program, limits.max_command_width);
  } else {
    what = fmt::format("(fork of {})", t.parent_pid);
  }
  return fmt::format("PID {}  {}", t.pid, what);
}

// "thread 4103", or "thread 4103 "worker-1"" when it has a name of its own: C and C++
// threads named with pthread_setname_np are told apart by it, while a name its process
// shares (every thread of a Python program has the interpreter's) says nothing.
std::string thread_label(const Task& t, const Task& process, const TaskTreeLimits& limits) {
  if (t.name.empty() || t.name == process.name) {
    return fmt::format("thread {}", t.tid);
  }
  return fmt::format("thread {} \"{}\"", t.tid,
                     cut_to_width(one_line(t.name), limits.max_command_width));
}

std::string lifetime(const Task& t) {
  const auto seconds = [](double s) { return fmt::format("{:.3f}", std::max(s, 0.0)); };
  return seconds(t.start_seconds) + "–" + (t.end_seconds ? seconds(*t.end_seconds) : "?");
}

std::string cpu(const Task& t) {
  return t.cpu_seconds ? fmt::format("cpu {:.2f}", std::max(*t.cpu_seconds, 0.0)) : "cpu ?";
}

std::string_view kill_reason(run::GraderKill kill) {
  switch (kill) {
    case run::GraderKill::kOutlivedProgram:
      return "still running when your program ended";
    case run::GraderKill::kWallTimeout:
      return "the run timed out";
    case run::GraderKill::kOutputLimit:
      return "the run printed more than the output limit";
    case run::GraderKill::kTaskLimit:
      return "the run had too many processes and threads at once";
    case run::GraderKill::kRunEnded:
      break;
  }
  return "the run ended";
}

// How an ending is shown: what the grader did in yellow, a crash or a failure in red, a
// normal end plain.
std::string painted_end(const Task& t, const Painter& paint) {
  const std::string end = describe_task_end(t);
  if (t.killed_by_grader) {
    return paint(Style::kYellow, end);
  }
  const bool failed = t.signal || (t.exit_code && *t.exit_code != 0 && !is_thread(t));
  return failed ? paint(Style::kRed, end) : end;
}

std::string more(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} more {}", n, n == 1 ? one : many);
}

// One line of the tree: a task, or a count of what is not shown (task null).
struct Row {
  std::string branch;  // the tree's lines and the connector before the label
  std::string label;   // escaped
  const Task* task = nullptr;
};

class TreeBuilder {
 public:
  TreeBuilder(const run::Observation& o, const TaskTreeLimits& limits)
      : o_(o),
        limits_(limits),
        forest_(build_forest(o.tasks)),
        shown_(choose_processes(o.tasks, forest_, limits.max_processes)) {}

  std::vector<Row> rows() {
    for (const std::size_t root : forest_.roots) {
      if (shown_[root]) {
        add_task(root, root, "", "");
      }
    }
    add_trailer();
    return std::move(rows_);
  }

 private:
  // Task `i`, a thread of process `owner` or a process (owner unused).
  void add_task(std::size_t i, std::size_t owner, const std::string& branch,
                const std::string& below) {
    const Task& t = o_.tasks[i];
    if (is_thread(t)) {
      rows_.push_back({branch, thread_label(t, o_.tasks[owner], limits_), &t});
      ++threads_shown_;
      return;
    }
    rows_.push_back({branch, process_label(t, i == 0, limits_), &t});
    add_children(i, below);
  }

  void add_children(std::size_t i, const std::string& below) {
    std::vector<std::size_t> visible;
    std::size_t threads = 0;
    std::size_t hidden_threads = i == 0 ? o_.omitted.threads_in_launched : 0;
    for (const std::size_t child : forest_.children[i]) {
      if (!is_thread(o_.tasks[child])) {
        if (shown_[child]) {
          visible.push_back(child);
        }
      } else if (threads++ < limits_.max_threads_per_process) {
        visible.push_back(child);
      } else {
        ++hidden_threads;
      }
    }
    for (std::size_t k = 0; k < visible.size(); ++k) {
      const bool last = k + 1 == visible.size() && hidden_threads == 0;
      add_task(visible[k], i, below + (last ? "└─ " : "├─ "), below + (last ? "   " : "│  "));
    }
    if (hidden_threads > 0) {
      rows_.push_back(
          {below + "└─ ", "… and " + more(hidden_threads, "thread", "threads"), nullptr});
      threads_counted_ += hidden_threads;
    }
  }

  // What the tree left out elsewhere: processes past the limit, their threads, and the tasks
  // the observation only counted.
  void add_trailer() {
    const std::size_t processes_shown =
        static_cast<std::size_t>(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) {
          return r.task != nullptr && !is_thread(*r.task);
        }));
    const std::size_t processes = o_.created_processes().size() + 1 + o_.omitted.processes;
    const std::size_t threads = o_.threads_created();
    const std::size_t hidden_processes = processes - std::min(processes, processes_shown);
    const std::size_t accounted = threads_shown_ + threads_counted_;
    const std::size_t hidden_threads = threads - std::min(threads, accounted);
    std::vector<std::string> parts;
    if (hidden_processes > 0) {
      parts.push_back(more(hidden_processes, "process", "processes"));
    }
    if (hidden_threads > 0) {
      parts.push_back(more(hidden_threads, "thread", "threads"));
    }
    if (!parts.empty()) {
      rows_.push_back({"", "… and " + text::join(parts, " and "), nullptr});
    }
  }

  const run::Observation& o_;
  const TaskTreeLimits& limits_;
  Forest forest_;
  std::vector<bool> shown_;
  std::vector<Row> rows_;
  std::size_t threads_shown_ = 0;
  std::size_t threads_counted_ = 0;  // in "… and N more threads" under their process
};

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t used = display_width(s);
  return s + std::string(width > used ? width - used : 0, ' ');
}

// The width of a column over the task rows.
template <typename Cell>
std::size_t column_width(const std::vector<Row>& rows, Cell cell) {
  std::size_t width = 0;
  for (const Row& r : rows) {
    if (r.task != nullptr) {
      width = std::max(width, display_width(cell(r)));
    }
  }
  return width;
}

}  // namespace

std::string describe_task_end(const Task& task) {
  if (task.killed_by_grader) {
    return fmt::format("stopped by grade: {}", kill_reason(*task.killed_by_grader));
  }
  if (task.signal) {
    return "killed by " + run::signal_name(*task.signal);
  }
  if (task.exit_code && !is_thread(task)) {
    return fmt::format("exited {}", *task.exit_code);
  }
  if (task.outlived_process) {
    return "ended with its process";
  }
  return task.end_seconds || task.exit_code ? "ended" : "end not seen";
}

std::vector<std::string> task_tree(const run::RunResult& run, const Painter& paint,
                                   const TaskTreeLimits& limits) {
  const run::Observation& o = run.observed;
  if (!o.observed() || o.tasks.empty()) {
    return {};
  }
  const std::vector<Row> rows = TreeBuilder(o, limits).rows();
  const std::size_t label_width =
      column_width(rows, [](const Row& r) { return r.branch + r.label; });
  const std::size_t life_width = column_width(rows, [](const Row& r) { return lifetime(*r.task); });
  const std::size_t cpu_width = column_width(rows, [](const Row& r) { return cpu(*r.task); });
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  for (const Row& r : rows) {
    if (r.task == nullptr) {
      lines.push_back(r.branch + paint(Style::kDim, r.label));
      continue;
    }
    const Task& t = *r.task;
    lines.push_back(fmt::format("{}  {}  {}  {}", pad(r.branch + r.label, label_width),
                                pad(lifetime(t), life_width), pad(cpu(t), cpu_width),
                                painted_end(t, paint)));
  }
  return lines;
}

}  // namespace grade::report
