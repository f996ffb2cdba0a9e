// Linked into the portable (fully static) grade only, see cmake/Portable.cmake.
//
// The password and group databases come from /etc/passwd and /etc/group through the `files`
// backend that static glibc carries. nsswitch.conf may name other backends (systemd, sss,
// ldap), which static glibc loads with dlopen: such a shared module expects the shared glibc it
// was built with, and libnss_systemd crashes grade when the lookup of a run's uid, which has no
// entry in /etc/passwd, reaches it. Accounts known only to those backends are not seen.
#include <nss.h>

namespace {

[[maybe_unused]] const bool files_only = [] {
  return ::__nss_configure_lookup("passwd", "files") == 0 &&
         ::__nss_configure_lookup("group", "files") == 0;
}();

}  // namespace
