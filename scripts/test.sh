#!/usr/bin/env bash
# `make test` once the packages are in: the format, the asan, tsan and fuzz trees and their
# tests, then the Debian package's checks. The package (the release program alone) builds
# beside them at the lowest CPU priority: the ASan tests leave a quarter of the two cores idle
# while they wait on sockets and timers, and the niced build takes that and yields otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
package_log=build/make-test-package.log
# In a session of its own, so that a failure here stops all of it. The kernel shares the CPU
# between sessions first (autogroups) and by nice value only within one: the session itself
# gets nice 19 too, or it would take a whole core from the tests.
# (Where autogroups are off, nice alone does it.) The trap stops the build only while it runs:
# once it has ended, its group id may belong to someone else.
trap '[[ -z "${package:-}" || -z "$(jobs -rp)" ]] || kill -- "-$package" 2>/dev/null || true' EXIT
DEB_BUILD_OPTIONS=noddebs setsid bash -c 'echo 19 2>/dev/null >/proc/self/autogroup; exec nice -n 19 scripts/deb.sh' \
  >"$package_log.path" 2>"$package_log" &
package=$!
scripts/check_format.sh
scripts/build.sh asan-tests
ctest --preset asan
scripts/build.sh tsan-tests
ctest --preset tsan
scripts/build.sh fuzz
ctest --preset fuzz
wait "$package" || { cat "$package_log" >&2; echo "make test: the package did not build" >&2; exit 1; }
trap - EXIT
scripts/deb_check.sh "$(tail -n 1 "$package_log.path")"
