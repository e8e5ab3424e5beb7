# SPDX-License-Identifier: MIT
# Shared by the shell tests (sourced, not run): the C locale and UTC, a
# scratch directory removed on exit, and check WANT GOT WHAT, which counts
# a pass or prints what differs; check_files WANT GOT WHAT does the same
# for two files, showing the start of their diff.  finish prints NAME: N passed, N failed
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

check_files() {
	if diff -u "$1" "$2" >"$tmp/diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $3:"
		head -40 "$tmp/diff"
		fail=$((fail + 1))
	fi
}

finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
