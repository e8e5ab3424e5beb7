#!/bin/sh
# SPDX-License-Identifier: MIT
# The messy day: a generated day with missing intervals, a misplaced file,
# a truncated gzip, a zero-byte file, a two-member gzip, a bad name of each
# kind and a file past retention must yield exactly the expected findings,
# and nothing else, with the day's coverage in the JSON report; the same
# day seen while still open is partial, not failing.
. "${srcdir:-.}/tests/lib.sh"
: "${SSAUDIT:?SSAUDIT must name the ssaudit binary}"
: "${SSGEN:?SSGEN must name the ssgen binary}"

G=$tmp/g
rel=1234/raw_data/session_stream/2026/11/30
D=$G/$rel
"$SSGEN" --seed 21 --sessions 3 --big-sessions 0 --inject gzip-truncated=1 \
    --inject empty-file=1 --inject multi-member=1 --truth "$tmp/t1" "$G"
# The generator's own expectations: the gzip and empty-file findings.
sed 1d "$tmp/t1" | cut -f1-3 >"$tmp/want"

# Missing intervals: the files of 0315, 0330 and 2200 go away, with any
# expectation about them.
for hhmm in 0315 0330 2200; do
	f=$(cd "$D" && ls | grep "^20261130T${hhmm}00")
	rm "$D/$f"
	grep -v "/$f	" "$tmp/want" >"$tmp/want.n" || true
	mv "$tmp/want.n" "$tmp/want"
	printf '%s\t\tcoverage\n' "$rel" >>"$tmp/want"
done

# A misplaced file: a file of 2026-11-29 in the directory of the 30th.
"$SSGEN" --seed 22 --sessions 3 --big-sessions 0 --date 2026-11-29 \
    --intervals 8 "$tmp/g29"
f=$(cd "$tmp/g29/1234/raw_data/session_stream/2026/11/29" && ls | sed -n 5p)
cp "$tmp/g29/1234/raw_data/session_stream/2026/11/29/$f" "$D/$f"
printf '%s/%s\t\tdirectory-date\n' "$rel" "$f" >>"$tmp/want"

# A bad name of each kind, each with sessions of its own.
"$SSGEN" --seed 23 --sessions 3 --big-sessions 0 --intervals 12 "$tmp/g23"
src=$tmp/g23/$rel
set -- $(cd "$src" && ls | sed -n '9,12p')
cp "$src/$1" "$D/20261130T020000.000_PT15M-91.json.gz"
printf '%s/20261130T020000.000_PT15M-91.json.gz\t\tfilename\n' "$rel" >>"$tmp/want"
cp "$src/$2" "$D/20261131T020000.000Z_PT15M-92.json.gz"
printf '%s/20261131T020000.000Z_PT15M-92.json.gz\t\tfilename-date\n' "$rel" >>"$tmp/want"
cp "$src/$3" "$D/20261130T020700.000Z_PT15M-93.json.gz"
printf '%s/20261130T020700.000Z_PT15M-93.json.gz\t\tfilename-alignment\n' "$rel" >>"$tmp/want"
cp "$src/$4" "$D/20261130T020000.000Z_PT1H-94.json.gz"
printf '%s/20261130T020000.000Z_PT1H-94.json.gz\t\tfilename-duration\n' "$rel" >>"$tmp/want"

# A file past retention, kept outside the day layout.
mkdir "$G/old"
"$SSGEN" --seed 24 --sessions 3 --big-sessions 0 --date 2024-08-01 \
    --single f.json.gz "$tmp/g24"
cp "$tmp/g24/f.json.gz" "$G/old/20240801T000000.000Z_PT15M-5.json.gz"
printf 'old/20240801T000000.000Z_PT15M-5.json.gz\t\tretention\n' >>"$tmp/want"
sort "$tmp/want" >"$tmp/want.s"

set +e
"$SSAUDIT" --now 2026-12-04T00:00:00Z -f csv -o "$tmp/got.csv" "$G"
status=$?
"$SSAUDIT" --now 2026-12-04T00:00:00Z -f json --examples 0 \
    -o "$tmp/got.json" "$G"
set -e
check "$status" 1 "messy day: exit status"
tr -d '\r' <"$tmp/got.csv" | sed 1d | cut -d, -f1-3 | tr , '\t' |
    sed "s|^$G/||" | sort >"$tmp/got"
check_files "$tmp/want.s" "$tmp/got" "messy day: findings differ"
check "$(grep -c 'no file for the interval 0315 (03:15 UTC' "$tmp/got.csv")" 1 \
    "messy day: the coverage finding names the interval"
cov=$(grep -A1 '"coverage": \[' "$tmp/got.json" | sed -n 2p)
case $cov in
*'"date": "2026-11-30"'*'"status": "incomplete", "intervals": 96, "covered": 93'*'"empty_files": 1, "broken_files": 1'*'"missing_intervals": ["0315", "0330", "2200"]}')
	pass=$((pass + 1)) ;;
*)
	echo "FAIL: messy day: coverage entry: $cov"
	fail=$((fail + 1)) ;;
esac
check "$(grep -c '"date": ' "$tmp/got.json")" 1 "messy day: one day audited"

# The same day while it is still open: partial, and only the intervals
# already over are listed as missing.
set +e
"$SSAUDIT" --now 2026-11-30T10:00:00Z -f json --examples 0 \
    -o "$tmp/open.json" "$G"
"$SSAUDIT" --now 2026-11-30T10:00:00Z -f csv -o "$tmp/open.csv" "$G"
set -e
cov=$(grep -A1 '"coverage": \[' "$tmp/open.json" | sed -n 2p)
case $cov in
*'"status": "partial"'*'"missing_intervals": ["0315", "0330"]}')
	pass=$((pass + 1)) ;;
*)
	echo "FAIL: open day: coverage entry: $cov"
	fail=$((fail + 1)) ;;
esac
check "$(grep -c ',coverage,' "$tmp/open.csv" || true)" 0 \
    "open day: no coverage finding"

finish layout
