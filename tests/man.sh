#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Lint the manual pages with mandoc, and check that ssaudit(1) names every
# long option of src/options.c and every rule id of src/finding.c, that both
# pages name every check id of the default rule file, and that
# ssaudit-rules(5) describes every kind of src/rules.c.  Run by make check
# with MANDOC (the path to mandoc, or empty to skip) and srcdir.

set -eu
LC_ALL=C
export LC_ALL

MANDOC=${MANDOC:-}
srcdir=${srcdir:-.}
page=$srcdir/man/ssaudit.1
page5=$srcdir/man/ssaudit-rules.5

if [ -z "$MANDOC" ]; then
	echo "man.sh: mandoc not found: skipped"
	exit 77
fi

fail=0

# Whether page $2 names $1 as a whole word: ids and kinds are lower-case
# letters, digits and hyphens.
names() {
	grep -E -q -e "(^|[^a-z0-9-])$1([^a-z0-9-]|\$)" "$2"
}

# Both pages together, so that .Xr between them resolves.
set -- "$page"
if [ -f "$page5" ]; then
	set -- "$@" "$page5"
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
	if ! names "$r" "$page"; then
		echo "man.sh: $page: rule $r is not documented"
		fail=1
	fi
done

# The check ids of the default rule file, in both pages.
ids=$(sed -n 's/^  - id: *"\{0,1\}\([a-z0-9-]*\)"\{0,1\} *$/\1/p' \
    "$srcdir/rules/session-stream.yaml")
if [ -z "$ids" ]; then
	echo "man.sh: no check ids found in $srcdir/rules/session-stream.yaml"
	fail=1
fi
if [ ! -f "$page5" ]; then
	echo "man.sh: $page5 is missing"
	fail=1
fi
for r in $ids; do
	for p in "$page" "$page5"; do
		if [ -f "$p" ] && ! names "$r" "$p"; then
			echo "man.sh: $p: check $r of the default rules is not" \
			    "documented"
			fail=1
		fi
	done
done

# The kinds: the quoted name right after [KIND_...] = { in rules_kinds.
# Each must be named as a kind (.Cm) in ssaudit-rules(5).
kinds=$(sed -n \
    's/^[[:space:]]*\[KIND_[A-Z0-9_]*\] *= *{ *"\([^"]*\)".*/\1/p' \
    "$srcdir/src/rules.c")
if [ -z "$kinds" ]; then
	echo "man.sh: no kinds found in $srcdir/src/rules.c"
	fail=1
fi
for k in $kinds; do
	if [ -f "$page5" ] &&
	    ! grep -E -q -e "Cm $k([^a-z0-9-]|\$)" "$page5"; then
		echo "man.sh: $page5: kind $k is not documented"
		fail=1
	fi
done

exit $fail
