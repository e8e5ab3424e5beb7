#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every EXAMPLES line of ssaudit(1) as written, from a scratch
# directory that sees the source tree's tests/ and rules/, with ssaudit standing for
# the binary under test.  The sample day is clean, so each must exit 0.
set -eu
LC_ALL=C
export LC_ALL
: "${SSAUDIT:?SSAUDIT must name the ssaudit binary}"
: "${srcdir:=.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ln -s "$srcdir/tests" "$tmp/tests"
ln -s "$srcdir/rules" "$tmp/rules"
mkdir "$tmp/bin"
ln -s "$SSAUDIT" "$tmp/bin/ssaudit"

sed -n 's/^\.Dl \$ //p' "$srcdir/man/ssaudit.1" | sed 's/\\e/\\/g' >"$tmp/examples"
n=$(wc -l <"$tmp/examples")
if [ "$n" -eq 0 ]; then
	echo "examples: no EXAMPLES found in man/ssaudit.1"
	exit 1
fi
pass=0
fail=0
while IFS= read -r cmd; do
	if (cd "$tmp" && PATH="$tmp/bin:$PATH" sh -c "$cmd") \
	    >"$tmp/out" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL: \$ $cmd"
		sed 's/^/  /' "$tmp/out" | head -20
		fail=$((fail + 1))
	fi
done <"$tmp/examples"
# The examples that write files wrote them.
for f in report.json findings.csv; do
	if grep -q -- "$f" "$tmp/examples" && [ ! -s "$tmp/$f" ]; then
		echo "FAIL: the examples did not write $f"
		fail=$((fail + 1))
	fi
done
echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
