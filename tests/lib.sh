# SPDX-License-Identifier: MIT
# Shared by the shell tests (sourced, not run): the C locale and UTC, a
# scratch directory removed on exit, and check WANT GOT WHAT, which counts
# a pass or prints what differs.  finish prints NAME: N passed, N failed
# and fails the test if anything did.
set -eu
LC_ALL=C
TZ=UTC
export LC_ALL TZ
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
pass=0

check() {
	if [ "$1" = "$2" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: $3"
		echo "  want: $2"
		echo "  got:  $1"
		fail=$((fail + 1))
	fi
}

finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
