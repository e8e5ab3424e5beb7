#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end against the generator's ground truth.  A clean generated day
# gives no finding and exit 0; a day with injected line and file defects
# gives exactly the injected findings (file, line, rule), every other line
# is counted as a session, and the exit status is 1.
. "${srcdir:-.}/tests/lib.sh"
: "${SSAUDIT:?SSAUDIT must name the ssaudit binary}"
: "${SSGEN:?SSGEN must name the ssgen binary}"

# file<TAB>lines<TAB>sessions for each file of a json report, paths made
# relative to the generator's output directory.
report_counts() {
	sed -n 's/^    {"path": "\([^"]*\)", "lines": \([0-9]*\), "sessions": \([0-9]*\),.*/\1	\2	\3/p' "$1" |
	    sed "s|^$2/||" | sort
}

# 1. A clean day.
"$SSGEN" --seed 7 --sessions 40 --big-sessions 0 \
    --counts "$tmp/clean.counts" "$tmp/clean"
set +e
"$SSAUDIT" --account 1234 -f json -o "$tmp/clean.json" "$tmp/clean"
status=$?
set -e
check "$status" 0 "clean day: exit status"
check "$(grep -c '"verdict": "pass"' "$tmp/clean.json")" 1 "clean day: verdict"
check "$(grep -c '"totals": .*"errors": 0, "warnings": 0, "infos": 0}' "$tmp/clean.json")" 1 \
    "clean day: no finding"
report_counts "$tmp/clean.json" "$tmp/clean" >"$tmp/clean.got"
sed 1d "$tmp/clean.counts" | sort >"$tmp/clean.want"
check "$(wc -l <"$tmp/clean.got")" 96 "clean day: 96 files"
check_files "$tmp/clean.want" "$tmp/clean.got" "clean day: lines and sessions per file differ"

# 2. A day with every line and file defect class injected.
"$SSGEN" --seed 11 --sessions 60 --big-sessions 0 \
    --inject json-syntax=0.004 --inject utf8=0.004 \
    --inject blank-line=0.004 --inject line-length=0.0004 \
    --long-line 17000000 \
    --inject gzip-truncated=2 --inject gzip-crc=1 \
    --inject gzip-notgzip=1 --inject empty-file=1 --inject multi-member=2 \
    --truth "$tmp/bad.truth" --counts "$tmp/bad.counts" "$tmp/bad"
for rule in json-syntax utf8 blank-line line-length gzip empty-file; do
	n=$(cut -f3 "$tmp/bad.truth" | grep -cx "$rule" || true)
	check "$([ "$n" -gt 0 ] && echo injected || echo none)" injected \
	    "the generator injected $rule"
done
set +e
"$SSAUDIT" --account 1234 -f csv -o "$tmp/bad.csv" "$tmp/bad"
status=$?
"$SSAUDIT" -f json -o "$tmp/bad.json" "$tmp/bad"
set -e
check "$status" 1 "defect day: exit status"
# file<TAB>line<TAB>rule, from the csv (no field of ours holds a comma
# before the message) and from the truth.
tr -d '\r' <"$tmp/bad.csv" | sed 1d | cut -d, -f1-3 | tr , '\t' |
    sed "s|^$tmp/bad/||" | sort >"$tmp/bad.got"
sed 1d "$tmp/bad.truth" | cut -f1-3 | sort >"$tmp/bad.want"
check_files "$tmp/bad.want" "$tmp/bad.got" "defect day: findings differ from the ground truth"
report_counts "$tmp/bad.json" "$tmp/bad" >"$tmp/bad.gotc"
sed 1d "$tmp/bad.counts" | sort >"$tmp/bad.wantc"
check_files "$tmp/bad.wantc" "$tmp/bad.gotc" "defect day: lines and sessions per file differ"

# 3. A day with every session defect class injected, on top of a few
# line defects: findings must match the truth in file, line, rule and
# field (the JSON pointer).
classes="required-field field-type unknown-field flag-value session-count
    guid-composition session-id-composition account-match ss-page-views
    ss-time-on-site ss-session-value ss-purchase-value session-value-sum
    purchase-count has-purchase has-product-view bounce non-negative
    time-order session-length time-on-site event-time closed country-code
    item-limit duplicate-session pii file-window json-syntax blank-line"
set --
for c in $classes; do
	set -- "$@" --inject "$c=0.008"
done
"$SSGEN" --seed 5 --sessions 80 "$@" --truth "$tmp/ses.truth" \
    --counts "$tmp/ses.counts" "$tmp/ses"
for c in $classes; do
	n=$(cut -f3 "$tmp/ses.truth" | grep -cx "$c" || true)
	check "$([ "$n" -gt 0 ] && echo injected || echo none)" injected \
	    "the generator injected $c"
done
set +e
"$SSAUDIT" -f csv --account 1234 -o "$tmp/ses.csv" "$tmp/ses"
status=$?
set -e
check "$status" 1 "session defect day: exit status"
# file, line, rule, field: the field column holds no comma.
tr -d '\r' <"$tmp/ses.csv" | sed 1d | cut -d, -f1-3,5 | tr , '\t' |
    sed "s|^$tmp/ses/||" | sort >"$tmp/ses.got"
sed 1d "$tmp/ses.truth" | cut -f1-4 | sort >"$tmp/ses.want"
check_files "$tmp/ses.want" "$tmp/ses.got" "session defect day: findings differ from the ground truth"

# 4. The reports do not depend on the number of workers: byte for byte
# the same with one, two and five, for every format, on the session
# defect day and on one large file that all workers share.
"$SSGEN" --seed 9 --sessions 6000 --inject json-syntax=0.001 \
    --inject duplicate-session=0.002 --inject ss-page-views=0.002 \
    --truth "$tmp/one.truth" --single 20261130T000000.000Z_PT15M-7.json.gz "$tmp/one"
for fmt in csv json text; do
	for j in 1 2 5; do
		set +e
		"$SSAUDIT" --now 2026-12-04T00:00:00Z --account 1234 -j $j \
		    -f $fmt -o "$tmp/j$j.$fmt" "$tmp/ses" "$tmp/one"
		set -e
	done
	if cmp -s "$tmp/j1.$fmt" "$tmp/j2.$fmt" &&
	    cmp -s "$tmp/j1.$fmt" "$tmp/j5.$fmt"; then
		pass=$((pass + 1))
	else
		echo "FAIL: the $fmt report differs between -j1, -j2 and -j5"
		diff "$tmp/j1.$fmt" "$tmp/j2.$fmt" | head -10
		fail=$((fail + 1))
	fi
done
# Alone, the large file is cut into chunks that the workers share (with
# many files, each worker reads whole files): the same reports again.
for j in 1 2 5; do
	set +e
	"$SSAUDIT" --now 2026-12-04T00:00:00Z --account 1234 -j $j -f csv \
	    -o "$tmp/one$j.csv" "$tmp/one"
	set -e
done
if cmp -s "$tmp/one1.csv" "$tmp/one2.csv" &&
    cmp -s "$tmp/one1.csv" "$tmp/one5.csv"; then
	pass=$((pass + 1))
else
	echo "FAIL: the large file's report differs between -j1, -j2 and -j5"
	fail=$((fail + 1))
fi
# Its findings, checked by several workers at once, are the generator's
# truth.
tr -d '\r' <"$tmp/one2.csv" | grep "^$tmp/one/" | cut -d, -f1-3,5 |
    tr , '\t' | sed "s|^$tmp/one/||" | sort >"$tmp/one.got"
sed 1d "$tmp/one.truth" | cut -f1-4 | sort >"$tmp/one.want"
check "$([ -s "$tmp/one.want" ] && echo some || echo none)" some \
    "the generator injected defects in the large file"
check_files "$tmp/one.want" "$tmp/one.got" \
    "the large file's findings at -j2 differ from the truth"

finish truth
