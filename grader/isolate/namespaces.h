// Which of the kernel's isolation features this grader can use, found once per process by
// trying them in a forked child: distributions, containers and security modules each allow a
// different subset, and a grading goes on with what it can have (the report says what not).
#pragma once

#include <optional>
#include <string>

#include <sys/types.h>

#include "util/fd.h"

namespace grade::isolate {

struct NamespaceSupport {
  // Set when a normal user needs a user namespace for the others (root does not): the maps
  // written by the child, "UID UID 1" and "GID GID 1": the run keeps the user's ids.
  bool user_namespace = false;
  std::string uid_map;
  std::string gid_map;
  // Why each is unavailable; nullopt: it works here.
  std::optional<std::string> private_view_problem;  // mount + IPC namespace, tmpfs, devpts
  std::optional<std::string> network_problem;       // network namespace
  bool fresh_proc = false;  // a proc of the run's own (only root, without a PID namespace)
  int landlock_abi = 0;     // 0: no Landlock
};

// Tried once per process (the grader's own namespaces never change) and remembered.
const NamespaceSupport& namespace_support();

// Starts the probe's child now, so that its work (a network namespace, mounts: about a
// millisecond) overlaps with the caller's, such as reading the exercise; namespace_support()
// then only reads its answer. Optional, idempotent.
void start_namespace_probe();

// The probe itself, as a grader of effective uid `uid` (and gid `gid`) would use it; for tests.
// `network_out` set: receives the empty network namespace the probe made (when it could).
NamespaceSupport probe_namespaces(uid_t uid, gid_t gid, Fd* network_out = nullptr);

// The user-namespace step of the child, between fork and exec: unshare(CLONE_NEWUSER) and the
// maps that keep the grader's ids. Async-signal-safe. nullptr on success, else the step
// that failed with errno set.
const char* enter_user_namespace(const std::string& uid_map, const std::string& gid_map) noexcept;

}  // namespace grade::isolate
