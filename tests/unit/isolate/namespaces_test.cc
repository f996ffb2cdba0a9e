// The probe of what the kernel allows (isolate/namespaces.h), started early or on demand.
#include "isolate/namespaces.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "util/wait.h"

namespace grade::isolate {
namespace {

bool same(const NamespaceSupport& a, const NamespaceSupport& b) {
  return a.user_namespace == b.user_namespace && a.uid_map == b.uid_map && a.gid_map == b.gid_map &&
         a.private_view_problem == b.private_view_problem &&
         a.network_problem == b.network_problem && a.fresh_proc == b.fresh_proc &&
         a.landlock_abi == b.landlock_abi;
}

// In a process of its own (a death test re-runs the test binary), so that the probe is fresh:
// started early, then collected, it answers as a probe made on demand; a process forked while
// it was under way probes for itself instead of taking its parent's child (and never hangs).
// The fork comes before any probe is collected: collecting starts a reaper thread, and a
// process forked while a thread runs may not start threads under ThreadSanitizer.
TEST(NamespaceProbe, StartedEarlyItAnswersAsOnDemandAndForksProbeForThemselves) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        start_namespace_probe();
        const pid_t forked = ::fork();
        ::alarm(20);  // a hang is a failure, not a stuck test
        const NamespaceSupport& early = namespace_support();
        const bool agrees = same(early, probe_namespaces(::geteuid(), ::getegid()));
        if (forked == 0) {
          ::_exit(agrees ? 0 : 3);
        }
        int status = 0;
        const bool child_ok = forked > 0 && wait_for_pid(forked, &status) == forked &&
                              WIFEXITED(status) && WEXITSTATUS(status) == 0;
        ::_exit(child_ok && agrees ? 0 : (child_ok ? 4 : 5));
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace grade::isolate
