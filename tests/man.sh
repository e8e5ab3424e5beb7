#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Lint the manual pages with mandoc, and check that ssaudit(1) names every
# long option of src/options.c and every rule id of src/finding.c.  Run by
# make check with MANDOC (the path to mandoc, or empty to skip) and srcdir.

set -eu
LC_ALL=C
export LC_ALL

MANDOC=${MANDOC:-}
srcdir=${srcdir:-.}
page=$srcdir/man/ssaudit.1

if [ -z "$MANDOC" ]; then
	echo "man.sh: mandoc not found: skipped"
	exit 77
fi

fail=0

# Both pages together, so that .Xr between them resolves.
set -- "$page"
if [ -f "$srcdir/man/ssaudit-rules.5" ]; then
	set -- "$@" "$srcdir/man/ssaudit-rules.5"
fi
status=0
out=$("$MANDOC" -Tlint -W warning "$@" 2>&1) || status=$?
if [ "$status" -ne 0 ] || [ -n "$out" ]; then
	echo "man.sh: mandoc -Tlint -W warning exited $status:"
	printf '%s\n' "$out"
	fail=1
fi

# The long options: the quoted names in the longopts table.
opts=$(sed -n '/longopts\[\] *= *{/,/^};/s/^[[:space:]]*{ *"\([^"]*\)".*/\1/p' \
    "$srcdir/src/options.c")
if [ -z "$opts" ]; then
	echo "man.sh: no long options found in $srcdir/src/options.c"
	fail=1
fi
for o in $opts; do
	if ! grep -F -q -e "Fl -$o" "$page"; then
		echo "man.sh: $page: long option --$o is not documented"
		fail=1
	fi
done

# The rule ids: the quoted string right after [RULE_...] = { in the table.
rules=$(sed -n 's/^[[:space:]]*\[RULE_[A-Z0-9_]*\] *= *{ *"\([^"]*\)".*/\1/p' \
    "$srcdir/src/finding.c")
if [ -z "$rules" ]; then
	echo "man.sh: no rule ids found in $srcdir/src/finding.c"
	fail=1
fi
for r in $rules; do
	# Rule ids are lower-case letters, digits and hyphens: match whole ids.
	if ! grep -E -q -e "(^|[^a-z0-9-])$r([^a-z0-9-]|\$)" "$page"; then
		echo "man.sh: $page: rule $r is not documented"
		fail=1
	fi
done

exit $fail
