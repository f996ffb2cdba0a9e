// Ending every process of one uid: the last word on a run that had a uid to itself. Whatever
// the run did (setsid, double forks, fork bombs, with or without the tracer), each of its
// processes still has the run's uid: with PR_SET_NO_NEW_PRIVS and no capabilities it cannot
// change it, and no set-user-ID program can change it for it.
#pragma once

#include <sys/types.h>

#include "util/expected.h"

namespace grade::isolate {

// SIGKILL to every process whose real, effective or saved uid is `uid`, pass after pass until
// none is left: each pass first kills them all at once (kill(-1) from a helper running as
// `uid`: none can fork after it); when that found none, the sweep is done (every process a
// run can make has the uid as its real and saved uid, which kill(-1) reaches). Otherwise it
// looks at every process in /proc and signals those of `uid` again through a pidfd (a PID
// reused meanwhile is never hit; never by name), and waits for them to die. Those that are
// the grader's children (it is their subreaper) are reaped.
//
// Sound ONLY for a uid the caller holds exclusively (UidLease): then every process of it is
// the run's. Never call it for a uid anything else may use (nobody, an account).
// Fails (saying why) when the sweep could not finish; refuses 0 and the grader's own uid.
Expected<void> sweep_uid(uid_t uid);

}  // namespace grade::isolate
