#!/bin/sh
# SPDX-License-Identifier: MIT
# Command-line tests.  Each directory under tests/cli/cases holds:
#   cmd      the arguments, as shell words; paths are relative to tests/data
#            and $OUT names a fresh scratch directory
#   stdout   expected standard output      stderr   expected standard error
#   status   expected exit status
#   stdin    (optional) fed to standard input
#   devfull  (optional) standard output goes to /dev/full
#   output   (optional) expected content of $OUT/report
# UPDATE=1 rewrites the expected files from the actual ones.
set -eu
LC_ALL=C
TZ=UTC
export LC_ALL TZ

: "${SSAUDIT:?SSAUDIT must name the ssaudit binary}"
: "${srcdir:=.}"
cases=$srcdir/tests/cli/cases
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
for dir in "$cases"/*/; do
	name=$(basename "$dir")
	OUT=$tmp/$name
	mkdir -p "$OUT"
	export OUT
	stdin=/dev/null
	[ -f "$dir/stdin" ] && stdin=$dir/stdin
	stdout=$tmp/$name.stdout
	[ -f "$dir/devfull" ] && stdout=/dev/full
	set +e
	(
		cd "$srcdir/tests/data" &&
		eval "exec \"\$SSAUDIT\" $(cat "$dir/cmd")"
	) <"$stdin" >"$stdout" 2>"$tmp/$name.stderr"
	echo $? >"$tmp/$name.status"
	set -e
	[ -f "$dir/devfull" ] && : >"$tmp/$name.stdout"
	# Scratch and source paths differ from run to run and machine to
	# machine: show them as $OUT and $srcdir.
	for f in stdout stderr; do
		sed -e "s|$OUT|\$OUT|g" -e "s|$srcdir|\$srcdir|g" \
		    "$tmp/$name.$f" >"$tmp/$name.$f.n"
		mv "$tmp/$name.$f.n" "$tmp/$name.$f"
	done
	if [ "${UPDATE:-0}" = 1 ]; then
		for f in stdout stderr status; do
			cp "$tmp/$name.$f" "$dir/$f"
		done
		[ -f "$dir/output" ] && cp "$OUT/report" "$dir/output"
	fi
	ok=1
	for f in stdout stderr status; do
		if ! diff -u "$dir/$f" "$tmp/$name.$f" >"$tmp/diff"; then
			echo "FAIL: $name: $f differs:"
			cat "$tmp/diff"
			ok=0
		fi
	done
	if [ -f "$dir/output" ]; then
		if [ ! -f "$OUT/report" ]; then
			echo "FAIL: $name: no report written"
			ok=0
		elif ! diff -u "$dir/output" "$OUT/report" >"$tmp/diff"; then
			echo "FAIL: $name: report differs:"
			cat "$tmp/diff"
			ok=0
		fi
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
