/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the duplicate set: first sightings and repeats with the
 * file of the first, no confusion between near strings, growth, and the
 * memory the manual states (16 bytes an entry, the table between 3/8 and
 * 3/4 full: 21 to 43 bytes per distinct string).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "uniq.h"

static void
test_first_and_repeat(void **state)
{
	struct uniq	*u;
	uint32_t	 first = 99;

	(void)state;
	u = uniq_new();
	assert_int_equal(uniq_add(u, "1234:a-0-1-2", 12, 3, &first), 0);
	assert_int_equal(uniq_add(u, "1234:a-0-1-3", 12, 4, &first), 0);
	/* A prefix, and the empty string, are other strings. */
	assert_int_equal(uniq_add(u, "1234:a-0-1-", 11, 4, &first), 0);
	assert_int_equal(uniq_add(u, "", 0, 4, &first), 0);
	assert_int_equal(uniq_add(u, "1234:a-0-1-2", 12, 7, &first), 1);
	assert_int_equal(first, 3);
	assert_int_equal(uniq_add(u, "", 0, 8, &first), 1);
	assert_int_equal(first, 4);
	assert_int_equal(uniq_count(u), 4);
	uniq_free(u);
}

static void
test_growth_and_memory(void **state)
{
	struct uniq	*u;
	char		 s[64];
	uint32_t	 first;
	size_t		 i, n = 200000;
	double		 per;

	(void)state;
	u = uniq_new();
	for (i = 0; i < n; i++) {
		snprintf(s, sizeof s, "1234:2.%zu.1796-0-%zu-%zu", i, i, i + 1);
		assert_int_equal(uniq_add(u, s, strlen(s), (uint32_t)(i % 96),
		    &first), 0);
	}
	for (i = 0; i < n; i += 997) {
		snprintf(s, sizeof s, "1234:2.%zu.1796-0-%zu-%zu", i, i, i + 1);
		assert_int_equal(uniq_add(u, s, strlen(s), 0, &first), 1);
		assert_int_equal(first, i % 96);
	}
	assert_int_equal(uniq_count(u), n);
	per = (double)uniq_bytes(u) / (double)n;
	if (per < 21.3 || per > 42.7)
		fail_msg("%.1f bytes per string, outside 21 to 43", per);
	uniq_free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_and_repeat),
		cmocka_unit_test(test_growth_and_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
