/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the strict UTF-8 validator: every class of RFC 3629
 * violation, at the boundaries of each range, and in and out of the
 * eight-byte fast path.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

struct utf8_case {
	const char	*bytes;
	enum utf8_error	 want;
	size_t		 off;
};

static const struct utf8_case utf8_cases[] = {
	{ "", UTF8_OK, 0 },
	{ "plain ascii", UTF8_OK, 0 },
	{ "S\xc3\xa3o Paulo", UTF8_OK, 0 },		/* U+00E3 */
	{ "\xe6\x9d\xb1\xe4\xba\xac", UTF8_OK, 0 },	/* 東京 */
	{ "\xf0\x9f\x98\x80", UTF8_OK, 0 },		/* U+1F600 */
	{ "\xc2\x80", UTF8_OK, 0 },			/* U+0080, lowest 2 */
	{ "\xe0\xa0\x80", UTF8_OK, 0 },			/* U+0800, lowest 3 */
	{ "\xed\x9f\xbf", UTF8_OK, 0 },			/* U+D7FF */
	{ "\xee\x80\x80", UTF8_OK, 0 },			/* U+E000 */
	{ "\xef\xbf\xbf", UTF8_OK, 0 },			/* U+FFFF */
	{ "\xf0\x90\x80\x80", UTF8_OK, 0 },		/* U+10000 */
	{ "\xf4\x8f\xbf\xbf", UTF8_OK, 0 },		/* U+10FFFF */
	{ "ab\xc0\xaf", UTF8_OVERLONG, 2 },		/* overlong '/' */
	{ "\xc1\xbf", UTF8_OVERLONG, 0 },
	{ "\xe0\x80\xaf", UTF8_OVERLONG, 0 },
	{ "\xe0\x9f\xbf", UTF8_OVERLONG, 0 },
	{ "\xf0\x80\x80\xaf", UTF8_OVERLONG, 0 },
	{ "\xf0\x8f\xbf\xbf", UTF8_OVERLONG, 0 },
	{ "x\xed\xa0\x80", UTF8_SURROGATE, 1 },		/* U+D800 */
	{ "\xed\xbf\xbf", UTF8_SURROGATE, 0 },		/* U+DFFF */
	{ "\xf4\x90\x80\x80", UTF8_TOO_BIG, 0 },	/* U+110000 */
	{ "\xf5\x80\x80\x80", UTF8_BAD_BYTE, 0 },
	{ "\xff", UTF8_BAD_BYTE, 0 },
	{ "abc\x80", UTF8_STRAY, 3 },
	{ "\xbf", UTF8_STRAY, 0 },
	{ "\xe2\x82", UTF8_TRUNCATED, 0 },		/* at the end */
	{ "\xe2\x82x", UTF8_TRUNCATED, 0 },		/* ASCII inside */
	{ "\xc3", UTF8_TRUNCATED, 0 },
	{ "\xf0\x9f\x98", UTF8_TRUNCATED, 0 },
	/* Past the fast path: the error is at byte 17. */
	{ "0123456789abcdefg\xed\xa0\x80", UTF8_SURROGATE, 17 },
	{ "0123456789abcdef\xc3\xa9" "0123456789", UTF8_OK, 0 },
};

static void
test_cases(void **state)
{
	size_t		 i, off;
	enum utf8_error	 got;

	(void)state;
	for (i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++) {
		const struct utf8_case *c = &utf8_cases[i];

		got = utf8_check((const unsigned char *)c->bytes,
		    strlen(c->bytes), &off);
		if (got != c->want)
			fail_msg("case %zu: got %s, want %s", i,
			    utf8_error_name(got), utf8_error_name(c->want));
		if (got != UTF8_OK)
			assert_int_equal(off, c->off);
	}
}

static void
test_nul_is_valid(void **state)
{
	size_t	 off;

	(void)state;
	/* NUL is valid UTF-8; JSON rejects it, but that is another rule. */
	assert_int_equal(utf8_check((const unsigned char *)"a\0b", 3, &off),
	    UTF8_OK);
}

static void
test_every_code_point(void **state)
{
	unsigned char	 b[4];
	uint32_t	 cp;
	size_t		 n, off;
	enum utf8_error	 got;

	(void)state;
	/* Encode every scalar value the standard way: all must pass. */
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		if (cp < 0x80) {
			b[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xc0 | (cp >> 6));
			b[1] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xe0 | (cp >> 12));
			b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			b[2] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xf0 | (cp >> 18));
			b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
			b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			b[3] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 4;
		}
		got = utf8_check(b, n, &off);
		if (got != UTF8_OK)
			fail_msg("U+%04X rejected: %s", (unsigned)cp,
			    utf8_error_name(got));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_nul_is_valid),
		cmocka_unit_test(test_every_code_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
