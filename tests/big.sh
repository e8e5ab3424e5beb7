#!/bin/sh
# SPDX-License-Identifier: MIT
# Large inputs: a 100 MB single line and a truncated 20 MB gzip file are
# reported as findings, the lines around them are still audited, and the
# peak memory stays far below the input size (bounded by the 16 MiB line
# limit, not by the line or the file).
. "${srcdir:-.}/tests/lib.sh"
: "${SSAUDIT:?SSAUDIT must name the ssaudit binary}"
: "${srcdir:=.}"
# Only the line and file rules: these inputs are not sessions.
lines_only="--no-default-rules -r $srcdir/tests/data/lines-only.yaml"

# Peak resident memory in kB, from GNU time, or empty without it.
peak_kb() {
	if [ -x /usr/bin/time ]; then
		sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"
	fi
}

run() {
	out=$1
	shift
	if [ -x /usr/bin/time ]; then
		set +e
		/usr/bin/time -v -o "$out.time" "$SSAUDIT" $lines_only "$@" >"$out" 2>"$out.err"
		echo $? >"$out.status"
		set -e
	else
		set +e
		"$SSAUDIT" $lines_only "$@" >"$out" 2>"$out.err"
		echo $? >"$out.status"
		set -e
	fi
}

# 1. A 100 MB line between two good lines.
{
	printf '{"first":1}\n{"big":"'
	head -c 104857600 /dev/zero | tr '\0' 'a'
	printf '"}\n{"last":1}\n'
} | gzip -1 >"$tmp/big.json.gz"
run "$tmp/big.csv" -f csv "$tmp/big.json.gz"
check "$(cat "$tmp/big.csv.status")" 1 "100 MB line: exit status"
check "$(sed -n 2p "$tmp/big.csv" | tr -d '\r')" \
    "$tmp/big.json.gz,2,line-length,error,,,line of 104857610 bytes is longer than the limit of 16777216 bytes: skipped" \
    "100 MB line: the finding"
check "$(wc -l <"$tmp/big.csv")" 2 "100 MB line: exactly one finding"
run "$tmp/big.json" -f json "$tmp/big.json.gz"
check "$(grep -c '"lines": 3, "sessions": 2' "$tmp/big.json")" 2 \
    "100 MB line: the lines around it are audited"
kb=$(peak_kb "$tmp/big.csv")
if [ -n "$kb" ]; then
	check "$([ "$kb" -lt 40960 ] && echo small || echo "$kb kB")" small \
	    "100 MB line: peak RSS under 40 MB"
fi

# 2. A 20 MB file cut in the middle of its compressed stream.
awk 'BEGIN { for (i = 0; i < 200000; i++)
    printf "{\"n\":%d,\"pad\":\"%s\"}\n", i, "0123456789012345678901234567890123456789012345678901234567890123456789012345" }' |
    gzip -6 >"$tmp/full.json.gz"
size=$(wc -c <"$tmp/full.json.gz")
head -c $((size / 2)) "$tmp/full.json.gz" >"$tmp/trunc.json.gz"
run "$tmp/trunc.csv" -f csv "$tmp/trunc.json.gz"
check "$(cat "$tmp/trunc.csv.status")" 1 "truncated: exit status"
check "$(wc -l <"$tmp/trunc.csv")" 2 "truncated: exactly one finding"
check "$(sed -n 2p "$tmp/trunc.csv" | cut -d, -f1-4)" \
    "$tmp/trunc.json.gz,,gzip,error" "truncated: a gzip file finding"
# The lines counted are exactly the complete lines gzip itself recovers.
want=$(gzip -dc "$tmp/trunc.json.gz" 2>/dev/null | wc -l)
run "$tmp/trunc.json" -f json "$tmp/trunc.json.gz"
check "$(grep -c "\"lines\": $want, \"sessions\": $want" "$tmp/trunc.json")" \
    2 "truncated: the $want complete lines are audited"
check "$(grep -c "after $want complete lines" "$tmp/trunc.csv")" 1 \
    "truncated: the message says after how many lines"
kb=$(peak_kb "$tmp/trunc.csv")
if [ -n "$kb" ]; then
	check "$([ "$kb" -lt 20480 ] && echo small || echo "$kb kB")" small \
	    "truncated: peak RSS under 20 MB"
fi

finish big
