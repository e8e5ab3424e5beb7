/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the file-name grammar, the directory layout and the date
 * arithmetic: every wrong-name case with its exact rule, real edge dates,
 * and the account and day found above a file.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "layout.h"

static const struct layout_params params = { 15, "PT15M", ".json.gz" };

struct name_case {
	const char	*name;
	int		 rule;		/* -1: a good name */
	const char	*needle;
	int		 rule2;		/* a second problem, or -1 */
};

static const struct name_case name_cases[] = {
	{ "20170501T034500.000Z_PT15M-1477542463784.json.gz", -1, NULL, -1 },
	{ "20240229T000000.000Z_PT15M-1.json.gz", -1, NULL, -1 },
	{ "20261231T234500.000Z_PT15M-x9.json.gz", -1, NULL, -1 },
	{ "20000229T120000.000Z_PT15M-abcXYZ.json.gz", -1, NULL, -1 },
	/* The shape. */
	{ "20261130T010000.000_PT15M-1.json.gz", RULE_FILENAME,
	    "expected Z (UTC)", -1 },
	{ "20261130T010000.000Z-PT15M-1.json.gz", RULE_FILENAME,
	    "expected _ after the time", -1 },
	{ "20261130T010000.000Z_PT15M1.json.gz", RULE_FILENAME,
	    "expected - and a unique suffix", -1 },
	{ "20261130T010000.000Z_PT15M-.json.gz", RULE_FILENAME,
	    "unique suffix after - is empty", -1 },
	{ "20261130T010000.000Z_PT15M-12_3.json.gz", RULE_FILENAME,
	    "stray character '_'", -1 },
	{ "20261130T010000.000Z_PT15M-1.json", RULE_FILENAME,
	    "does not end in .json.gz", -1 },
	{ "20261130T010000.000Z_PT15M-1.gz", RULE_FILENAME,
	    "does not end in .json.gz", -1 },
	{ "2026113T010000.000Z_PT15M-1.json.gz", RULE_FILENAME,
	    "does not start with a date YYYYMMDD", -1 },
	{ "20261130 010000.000Z_PT15M-1.json.gz", RULE_FILENAME,
	    "expected T after the date", -1 },
	{ "20261130T0100.000Z_PT15M-1.json.gz", RULE_FILENAME,
	    "expected the time hhmmss", -1 },
	{ "20261130T010000Z_PT15M-1.json.gz", RULE_FILENAME,
	    "expected milliseconds", -1 },
	{ "x20261130T010000.000Z_PT15M-1.json.gz", RULE_FILENAME,
	    "does not start with a date", -1 },
	{ "20261130T010000.000Z_15M-1.json.gz", RULE_FILENAME,
	    "ISO-8601 duration", -1 },
	{ ".json.gz", RULE_FILENAME, "does not end in", -1 },
	/* The calendar. */
	{ "20251301T000000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "2025-13-01T00:00:00Z is not a real", -1 },
	{ "20261131T000000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "2026-11-31", -1 },
	{ "20250229T000000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "2025-02-29", -1 },
	{ "21000229T000000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "2100-02-29", -1 },
	{ "20261130T240000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "T24:00:00Z", -1 },
	{ "20261130T236000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "T23:60:00Z", -1 },
	{ "20261100T000000.000Z_PT15M-1.json.gz", RULE_FILENAME_DATE,
	    "2026-11-00", -1 },
	/* The duration. */
	{ "20261130T010000.000Z_PT1H-1.json.gz", RULE_FILENAME_DURATION,
	    "duration PT1H, expected PT15M", -1 },
	{ "20261130T010000.000Z_PT30M-1.json.gz", RULE_FILENAME_DURATION,
	    "duration PT30M", -1 },
	/* The alignment. */
	{ "20261130T010700.000Z_PT15M-1.json.gz", RULE_FILENAME_ALIGNMENT,
	    "01:07:00.000 is not on a 15-minute boundary", -1 },
	{ "20261130T010001.000Z_PT15M-1.json.gz", RULE_FILENAME_ALIGNMENT,
	    "01:00:01.000", -1 },
	{ "20261130T010000.500Z_PT15M-1.json.gz", RULE_FILENAME_ALIGNMENT,
	    "01:00:00.500", -1 },
	/* Two independent problems. */
	{ "20261130T010700.000Z_PT1H-1.json.gz", RULE_FILENAME_DURATION,
	    "PT1H", RULE_FILENAME_ALIGNMENT },
};

static void
test_names(void **state)
{
	struct layout_problem	 probs[LAYOUT_MAX_PROBLEMS];
	struct layout_name	 nm;
	size_t			 i;
	int			 n;

	(void)state;
	for (i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
		const struct name_case *c = &name_cases[i];

		n = layout_check_name(c->name, &params, &nm, probs);
		if (c->rule == -1) {
			if (n != 0)
				fail_msg("%s: unexpected problem: %s", c->name,
				    probs[0].message);
			assert_true(nm.shape_ok && nm.date_ok && nm.aligned &&
			    nm.duration_ok);
			continue;
		}
		if (n != (c->rule2 == -1 ? 1 : 2))
			fail_msg("%s: %d problems", c->name, n);
		if ((int)probs[0].rule != c->rule)
			fail_msg("%s: rule %d, want %d (%s)", c->name,
			    probs[0].rule, c->rule, probs[0].message);
		if (strstr(probs[0].message, c->needle) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", c->name,
			    probs[0].message, c->needle);
		if (c->rule2 != -1)
			assert_int_equal(probs[1].rule, c->rule2);
	}
}

static void
test_start_times(void **state)
{
	struct layout_problem	 probs[LAYOUT_MAX_PROBLEMS];
	struct layout_name	 nm;
	char			 buf[32];

	(void)state;
	assert_int_equal(layout_check_name("20170501T034500.000Z_PT15M-"
	    "1477542463784.json.gz", &params, &nm, probs), 0);
	/* 2017-05-01T03:45:00Z, checked with date -ud @1493610300. */
	assert_int_equal(nm.start_ms, 1493610300000LL);
	layout_format_time(nm.start_ms, buf, sizeof buf);
	assert_string_equal(buf, "2017-05-01T03:45:00Z");
	assert_int_equal(layout_check_name("20240229T234500.000Z_PT15M-1.json.gz",
	    &params, &nm, probs), 0);
	layout_format_time(nm.start_ms, buf, sizeof buf);
	assert_string_equal(buf, "2024-02-29T23:45:00Z");
}

static void
test_dates(void **state)
{
	int64_t	 ms;
	char	 buf[32];

	(void)state;
	assert_int_equal(layout_days(1970, 1, 1), 0);
	assert_int_equal(layout_days(2000, 3, 1), 11017);
	assert_true(layout_valid_date(2024, 2, 29));
	assert_false(layout_valid_date(2025, 2, 29));
	assert_true(layout_valid_date(2000, 2, 29));
	assert_false(layout_valid_date(1900, 2, 29));
	assert_false(layout_valid_date(2026, 4, 31));
	assert_true(layout_valid_date(2026, 12, 31));

	assert_int_equal(layout_parse_time("2026-12-04T00:00:00Z", &ms), 0);
	assert_int_equal(ms, 1796342400000LL);
	layout_format_time(ms, buf, sizeof buf);
	assert_string_equal(buf, "2026-12-04T00:00:00Z");
	assert_int_equal(layout_parse_time("2026-12-04 00:00:00Z", &ms), -1);
	assert_int_equal(layout_parse_time("2026-02-30T00:00:00Z", &ms), -1);
	assert_int_equal(layout_parse_time("2026-12-04T24:00:00Z", &ms), -1);
	assert_int_equal(layout_parse_time("2026-12-04T00:00:00", &ms), -1);
}

static void
test_paths(void **state)
{
	struct layout_path	 lp;
	int			 y, m, d;

	(void)state;
	layout_parse_path("/srv/1234/raw_data/session_stream/2026/11/30/"
	    "20261130T000000.000Z_PT15M-1.json.gz", &lp);
	assert_true(lp.has_day);
	assert_int_equal(lp.year, 2026);
	assert_int_equal(lp.month, 11);
	assert_int_equal(lp.day, 30);
	assert_string_equal(lp.daydir,
	    "/srv/1234/raw_data/session_stream/2026/11/30");
	assert_true(lp.has_account);
	assert_string_equal(lp.account, "1234");

	/* A day directory without the account part. */
	layout_parse_path("backup/2026/11/30/f.json.gz", &lp);
	assert_true(lp.has_day);
	assert_false(lp.has_account);

	/* Relative, starting at the account. */
	layout_parse_path("77/raw_data/session_stream/2026/01/02/f.json.gz",
	    &lp);
	assert_true(lp.has_account);
	assert_string_equal(lp.account, "77");
	assert_int_equal(lp.day, 2);

	/* Outside the layout. */
	layout_parse_path("f.json.gz", &lp);
	assert_false(lp.has_day);
	layout_parse_path("data/11/30/f.json.gz", &lp);
	assert_false(lp.has_day);
	layout_parse_path("x2026/11/30/f.json.gz", &lp);
	assert_false(lp.has_day);

	assert_true(layout_is_daydir("2026/11/30", &y, &m, &d));
	assert_true(layout_is_daydir("a/2026/11/30/", &y, &m, &d));
	assert_false(layout_is_daydir("a/2026/11/3", &y, &m, &d));
	assert_false(layout_is_daydir("a/2026/1130", &y, &m, &d));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_start_times),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
