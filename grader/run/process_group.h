// Ending a run's whole process group, and making sure its processes are really gone.
#pragma once

#include <sys/types.h>

namespace grade::run {

// Makes this process the "child subreaper" of everything it starts (process-wide, once):
// a grandchild orphaned by the student's program is re-parented to the grader instead of to
// PID 1, so reap_group_members() can reap it. Without this, killed grandchildren would stay
// zombies wherever PID 1 does not reap (containers, some VM inits), and still count as members
// of the group. Also undoes an inherited SIGCHLD=SIG_IGN, which would make the kernel reap our
// children itself and lose their exit status. Returns false if the kernel refused.
bool become_child_subreaper();

// SIGKILL to every process of the group `pgid`. Works on stopped processes too; ESRCH (nobody
// left) is fine. Only ever called with a group the runner created and whose leader it has not
// reaped yet, so the number cannot belong to anybody else.
void kill_group(pid_t pgid);

// SIGKILL to process `pid` (all its threads). Never for pid <= 0, which would mean a group or
// everyone. ESRCH and EPERM are ignored, as for kill_group().
void kill_process(pid_t pid);

// Reaps the killed members of `pgid` that are (now) children of the grader, killing the group
// again while any of them lives (one may have joined after the kill). Never blocks; gives up,
// leaving zombies, after a bounded number of rounds. Call after kill_group() and after reaping
// the leader.
void reap_group_members(pid_t pgid);

}  // namespace grade::run
