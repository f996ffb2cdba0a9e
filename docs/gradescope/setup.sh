#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: it installs the
# Debian packages grade needs and builds and installs grade from the copy of its source in the
# autograder zip (source/grade/). Documented in docs/lms.md ("Gradescope").
#
# The image must have CMake 3.25 or later and GCC 12 or later (Debian 12, Ubuntu 24.04).
set -euo pipefail

source_dir="${AUTOGRADER_ROOT:-/autograder}/source"
grade_src="$source_dir/grade"
build="$(mktemp -d)"

if [ ! -f "$grade_src/CMakeLists.txt" ]; then
  echo "setup.sh: no grade source in $grade_src (put a copy of the repository there)" >&2
  exit 1
fi

# The project's own list of packages, so the two never drift apart.
"$grade_src/.ci/deps"

cmake_version="$(cmake --version | sed -n 's/^cmake version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
read -r major minor <<<"$cmake_version"
if [ "$major" -lt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -lt 25 ]; }; then
  echo "setup.sh: grade needs CMake 3.25 or later; this image has $major.$minor." \
    "Choose a newer base image (Debian 12 or Ubuntu 24.04)." >&2
  exit 1
fi

(cd "$grade_src" && cmake --preset release -B "$build")
cmake --build "$build" -j"$(nproc)"
cmake --install "$build" --prefix /usr/local
rm -rf "$build"

# Fails the image build now, rather than every submission later, when the course is broken.
grade list
