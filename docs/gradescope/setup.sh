#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: it installs the
# portable grade shipped in the autograder zip (grade-VERSION-portable-ARCH.tar.gz, made by
# `cmake --workflow --preset portable`) into /usr/local, and python3 and the C and C++
# compilers (g++, gcc) if the image lacks them.
# Documented in docs/lms.md ("Gradescope").
#
# The portable grade is one static executable: it needs no compiler, CMake or library from the
# image, so any x86-64 Linux image works (Gradescope's Ubuntu 22.04 included).
#
# Settings: AUTOGRADER_ROOT (default /autograder), GRADE_PREFIX (default /usr/local).
set -euo pipefail

source_dir="${AUTOGRADER_ROOT:-/autograder}/source"
prefix="${GRADE_PREFIX:-/usr/local}"

shopt -s nullglob
tarballs=("$source_dir"/grade-*-portable-*.tar.gz)
if [ "${#tarballs[@]}" -ne 1 ]; then
  echo "setup.sh: expected one grade-*-portable-*.tar.gz in $source_dir, found ${#tarballs[@]}" \
    "(build it with: cmake --workflow --preset portable)" >&2
  exit 1
fi

# The course's interpreter and compilers (course.yaml: python3, g++, gcc); Gradescope's
# images have them, a minimal image may not.
missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v g++ >/dev/null || missing+=(g++)
command -v gcc >/dev/null || missing+=(gcc)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# bin/grade and share/grade (the bundled course), share/doc/grade, under the prefix.
mkdir -p "$prefix"
tar -xzf "${tarballs[0]}" -C "$prefix" --strip-components=1 --no-same-owner

# Fails the image build now, rather than every submission later, when grade cannot run here
# or the course is broken.
"$prefix/bin/grade" --version
"$prefix/bin/grade" list
