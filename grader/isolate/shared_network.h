// One empty network namespace per grader process, entered by each of its runs with setns()
// instead of a new one per run: making a network namespace costs the kernel a millisecond or
// more per run (and its teardown more, on another core), entering one almost nothing.
//
// Sound only where nothing one run leaves in the namespace can reach the next run or a
// concurrent one, so the sandbox uses it only when (sandbox.cc) the grader is root and each
// run has a uid of its own (swept at the end of every run: no process, so no socket, of a run
// outlives it) and Landlock scopes abstract unix sockets (ABI 6), the one thing of a network
// namespace two runs could meet in without an interface. Nothing in it is up: no route, no
// address; runs have no capability in it, so it stays so.
#pragma once

#include "util/expected.h"
#include "util/fd.h"

namespace grade::isolate {

// The namespace of this process's runs (a descriptor, close-on-exec, owned here): made on
// first use by a forked child that unshares it while the grader opens it. Per process: a
// batch worker forked from a grader that had one makes its own, so concurrent workers never
// share one. Thread-safe.
Expected<int> shared_network_namespace();

// Takes `ns` (an empty network namespace this process made anyway, e.g. the probe's of
// namespaces.h) as this process's, unless it has one already.
void offer_network_namespace(Fd ns);

}  // namespace grade::isolate
