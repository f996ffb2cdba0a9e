#!/usr/bin/env bash
# Checks the portable grade on an older distribution than the Debian 12 that builds it: a
# Debian 11 (bullseye, glibc 2.31, Python 3.9) root made with debootstrap, entered with chroot.
# Inside, docs/gradescope/setup.sh installs the portable tarball as on Gradescope, then every
# reference solution is graded by grade itself and through docs/gradescope/run_autograder, and
# one grading runs as `--run-as nobody`, which looks the user up in the root's /etc/passwd
# from the static binary.
#
#   tests/portable/check_bullseye.sh [TARBALL] [ROOT]
#
# TARBALL defaults to build/portable/grade-*-portable-*.tar.gz (cmake --workflow --preset
# portable). ROOT (default /var/tmp/grade-bullseye) is made once with debootstrap, which
# downloads about 50 MB and takes minutes, and kept for the next run; the check itself takes
# seconds. Not part of the CTest run for that reason. Needs root (chroot, mount). Exits 0 when
# every check passed, 1 when one failed, 77 when it cannot run here (the reason is printed).
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
tarball="${1:-}"
root="${2:-/var/tmp/grade-bullseye}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

skip() {
  echo "SKIP: $1"
  exit 77
}

if [ -z "$tarball" ]; then
  shopt -s nullglob
  found=("$source_dir"/build/portable/grade-*-portable-*.tar.gz)
  shopt -u nullglob
  [ "${#found[@]}" -eq 1 ] || skip "no portable tarball; build it: cmake --workflow --preset portable"
  tarball="${found[0]}"
fi
[ "$(id -u)" -eq 0 ] || skip "chroot and mount need root"
command -v chroot >/dev/null || skip "chroot is missing"

if [ ! -x "$root/usr/bin/python3" ]; then
  command -v debootstrap >/dev/null || skip "debootstrap is missing (apt-get install debootstrap)"
  if [ -e "$root" ] && [ -n "$(ls -A "$root")" ]; then
    skip "$root holds something other than a Debian root with python3; choose another ROOT"
  fi
  echo "Making a Debian 11 root in $root (debootstrap, minutes)"
  debootstrap --variant=minbase --include=python3 bullseye "$root" "$mirror" >"$root.log" 2>&1 ||
    skip "debootstrap failed (no network?): see $root.log"
fi

mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -R "${mounted[i]}" 2>/dev/null || umount -lR "${mounted[i]}" || true
  done
  rm -rf "$root/autograder" "$root/usr/local/bin/grade" "$root/usr/local/share/grade" \
    "$root/usr/local/share/doc/grade"
}
trap cleanup EXIT

# The root on itself, so that / is a mount point in the chroot as in a container (grade makes
# each run's private view from it); /proc for grade's view of its processes, /dev for /dev/null
# and the pseudo-terminals, /sys for the cgroups that limit a run as a whole.
mount --bind "$root" "$root" || skip "cannot mount in $root"
mounted+=("$root")
mount --make-private "$root"
mount -t proc proc "$root/proc"
mounted+=("$root/proc")
for tree in dev sys; do
  mount --rbind "/$tree" "$root/$tree"
  mount --make-rslave "$root/$tree"
  mounted+=("$root/$tree")
done

in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

failures=0
fail() {
  echo "FAIL: $1"
  failures=$((failures + 1))
}

echo "In $root: $(cat "$root/etc/debian_version"), $(in_root /usr/bin/ldd --version | head -n 1)," \
  "$(in_root python3 --version)"

# The autograder zip as Gradescope unpacks it.
mkdir -p "$root/autograder/source" "$root/autograder/submission"
cp "$source_dir"/docs/gradescope/{setup.sh,run_autograder,grade.conf} "$tarball" \
  "$root/autograder/source/"
in_root /autograder/source/setup.sh || fail "setup.sh failed"

for solution in "$root"/usr/local/share/grade/solutions/python/ex*.py; do
  exercise="$(basename "$solution" .py)"
  inside="/usr/local/share/grade/solutions/python/$exercise.py"
  if output="$(in_root grade "$exercise" "$inside" 2>&1)"; then
    echo "$exercise: $(grep -m 1 'Score:' <<<"$output")"
    # Protections this system could not give (no cgroups, no namespaces), if any.
    grep -A 3 '^Note:' <<<"$output" || true
  else
    fail "grade $exercise $inside:"$'\n'"$output"
  fi

  rm -rf "$root/autograder/submission" "$root/autograder/results"
  mkdir -p "$root/autograder/submission"
  cp "$solution" "$root/autograder/submission/"
  in_root GRADE_EXERCISE="$exercise" /autograder/source/run_autograder 2>/dev/null
  # Full marks: the score is the sum of the tests' max_score, and not 0.
  if verdict="$(in_root python3 -c '
import json, sys
r = json.load(open("/autograder/results/results.json"))
full = sum(t.get("max_score", 0) for t in r["tests"])
score = r["score"]
print(f"{score}/{full}")
sys.exit(0 if full > 0 and score == full else 1)' 2>&1)"; then
    echo "$exercise through run_autograder: results.json score $verdict"
  else
    fail "run_autograder $exercise: $verdict"
  fi
done

# getpwnam_r in the static binary: a user of the root's /etc/passwd is found, a missing one is not.
if output="$(in_root grade ex1 /usr/local/share/grade/solutions/python/ex1.py --run-as nobody \
  --repeat 1 2>&1)"; then
  echo "--run-as nobody: $(grep -m 1 'Score:' <<<"$output")"
else
  fail "grade --run-as nobody:"$'\n'"$output"
fi
status=0
output="$(in_root grade ex1 /usr/local/share/grade/solutions/python/ex1.py \
  --run-as no-such-user --repeat 1 2>&1)" || status=$?
if [ "$status" -eq 2 ] && grep -q "no user 'no-such-user'" <<<"$output"; then
  echo "--run-as no-such-user: refused ($(tail -n 1 <<<"$output"))"
else
  fail "grade --run-as no-such-user: exit $status, not 2 with 'no user':"$'\n'"$output"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "passed: the portable grade installs and grades on Debian $(cat "$root/etc/debian_version")"
