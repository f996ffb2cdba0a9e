// Landlock scoping: a run may not signal, trace or look into (/proc/PID/root, cwd, fd, mem)
// any process outside its own Landlock domain, that is anything it did not start itself. With
// a uid per run the kernel already keeps runs apart; a normal user's runs all share the
// grader's uid, and this is what stops one from reading another's folder or the grader's
// through /proc, or from killing the grader.
#pragma once

namespace grade::isolate {

// The Landlock ABI of the running kernel: 0 when Landlock is off or missing, and 0 for ABI 1
// too, whose rulesets forbid every rename into another folder. Signal scoping needs ABI 6
// (Linux 6.12); before it only tracing and /proc are scoped.
int landlock_abi();

// Puts the calling thread (and all it execs and starts) in a new Landlock domain that allows
// every file access, creating device nodes aside, and scopes signals and abstract unix
// sockets where `abi` has them. Needs PR_SET_NO_NEW_PRIVS first. Async-signal-safe. Returns
// false with errno set.
bool enter_landlock_domain(int abi) noexcept;

}  // namespace grade::isolate
