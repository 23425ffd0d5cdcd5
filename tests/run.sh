#!/bin/sh
# Runs every test suite (C unit tests, API tests against the real binary,
# the attack suite, browser tests, crash and fault injection, the Debian
# package in a debootstrapped Debian 12) and ends with one line: "N passed, N failed".
# Each suite prints TAP lines ("ok …" / "not ok …"); a suite that dies
# without reporting counts as one failure.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
crashed=0

run_suite() {
	name=$1
	shift
	echo "# suite: $name"
	"$@" > "$out.suite" 2>&1
	rc=$?
	cat "$out.suite"
	grep -E '^(not )?ok ' "$out.suite" >> "$out"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$out.suite"; then
		echo "not ok - $name exited with status $rc without reporting a failure"
		echo "not ok - $name exited with status $rc" >> "$out"
	fi
	rm -f "$out.suite"
}

# SUITES picks some (make unit, make api, make e2e); T narrows the API
# tests to the files whose names contain it (make api T=test_phones).
suites=${SUITES:-layers unit fuzz api security crash e2e deb}
for s in $suites; do
	case $s in
	layers)
		run_suite check-layers sh -c 'python3 packaging/check-layers.py &&
		    echo "ok - check-layers: clean" || echo "not ok - check-layers"'
		;;
	unit)
		for bin in ${UNIT_BINS:-}; do
			run_suite "unit $(basename "$bin")" "$bin"
		done
		;;
	fuzz)
		# shellcheck disable=SC2086
		run_suite fuzz sh tests/fuzz/run.sh quick "${FUZZ_QUICK:-20000}" \
		    ${FUZZ_BINS:-}
		;;
	api)
		# shellcheck disable=SC2086
		run_suite api python3 tests/api/run.py ${T:-}
		;;
	security)
		# The standing attack suite (tests/security/): quick counts
		# here, SECURITY_LONG=1 (make security-test) the full ones.
		run_suite security python3 tests/security/run.py \
		    ${SECURITY_LONG:+--long}
		;;
	crash)
		# CRASH_MODE=long for make crash-test; the fault injection runs
		# the release build under build/faultfs.so whatever the mode.
		run_suite crash python3 tests/crash/run.py "${CRASH_MODE:-quick}"
		run_suite faults python3 tests/crash/faults.py "${CRASH_MODE:-quick}"
		;;
	e2e)
		run_suite e2e node tests/e2e/run.mjs
		;;
	deb)
		run_suite deb sh tests/deb/run.sh "${DEB:?DEB names the .deb}"
		;;
	image)
		run_suite image python3 tests/image/walk.py \
		    "${IMAGE:?IMAGE names the disk image}"
		;;
	esac
done

passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^not ok ' "$out")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
