/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the line rules: each bad line gives exactly one finding
 * with the expected rule, line and column, and is not a session; a good
 * line is a session handed to the session hook and gives no finding.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "finding.h"
#include "jv.h"
#include "xmalloc.h"

struct collected {
	int			 n;
	int			 rule;
	unsigned long long	 line;
	unsigned long		 column;
	char			 message[256];
	int			 sessions_seen;
};

static void
collect(void *arg, const struct finding *f)
{
	struct collected	*c = arg;

	c->n++;
	c->rule = f->rule;
	c->line = f->line;
	c->column = f->column;
	snprintf(c->message, sizeof c->message, "%s", f->message);
}

static void
hook(void *arg, const struct jv *obj, unsigned long long lineno,
    const struct finding_sink *sink)
{
	struct collected	*c = arg;

	(void)sink;
	(void)lineno;
	assert_int_equal(obj->type, JV_OBJECT);
	c->sessions_seen++;
}

struct line_case {
	const char	*line;
	size_t		 len;		/* 0: strlen */
	int		 rule;		/* -1: a session */
	unsigned long	 column;
	const char	*needle;
};

static const struct line_case line_cases[] = {
	{ "{\"a\":1,\"b\":\"S\xc3\xa3o\"}", 0, -1, 0, NULL },
	{ "  {\"a\":[1,2,{}]}  \t", 0, -1, 0, NULL },
	{ "{}", 0, -1, 0, NULL },
	{ "", 0, RULE_BLANK_LINE, 0, "empty line" },
	{ " \t \v\f", 0, RULE_BLANK_LINE, 0, "only whitespace" },
	{ "{\"a\":\"\xc0\xaf\"}", 0, RULE_UTF8, 7, "overlong" },
	{ "{\"a\":\"\xed\xa0\x80\"}", 0, RULE_UTF8, 7, "surrogate" },
	{ "{\"a\":\"\xf4\x90\x80\x80\"}", 0, RULE_UTF8, 7, "U+10FFFF" },
	{ "{\"a\":\"\xe2\x82\"}", 0, RULE_UTF8, 7, "truncated" },
	{ "{\"a\":1", 0, RULE_JSON_SYNTAX, 7, "ends inside an object" },
	{ "{\"a\":[1", 0, RULE_JSON_SYNTAX, 8, "ends inside an array" },
	{ "{\"a\":1,}", 0, RULE_JSON_SYNTAX, 8,
	    "at byte 8: expected a double-quoted member name" },
	{ "{'a':1}", 0, RULE_JSON_SYNTAX, 2, "double-quoted member name" },
	{ "{\"a\":'x'}", 0, RULE_JSON_SYNTAX, 6, "expected a value" },
	{ "{\"a\":NaN}", 0, RULE_JSON_SYNTAX, 6, "expected a value" },
	/* A raw control byte where a value should be (review: 0x01). */
	{ "{\"a\":[\x01,\x01]}", 0, RULE_JSON_SYNTAX, 7, "expected a value" },
	{ "{\"a\":\x01}", 0, RULE_JSON_SYNTAX, 6, "expected a value" },
	{ "{\"a\":Infinity}", 0, RULE_JSON_SYNTAX, 6, "expected a value" },
	{ "{\"a\":tRue}", 0, RULE_JSON_SYNTAX, 6, "expected a value" },
	{ "{\"a\":1.}", 0, RULE_JSON_SYNTAX, 8, "after the decimal point" },
	{ "{\"a\":01}", 0, RULE_JSON_SYNTAX, 7, "leading zero" },
	{ "{\"a\":-}", 0, RULE_JSON_SYNTAX, 7, "digit expected" },
	{ "{\"a\":1e}", 0, RULE_JSON_SYNTAX, 8, "exponent" },
	{ "{\"a\":1 2}", 0, RULE_JSON_SYNTAX, 8, "expected , or }" },
	{ "{\"a\" 1}", 0, RULE_JSON_SYNTAX, 6, "expected :" },
	{ "{\"a\":[1 2]}", 0, RULE_JSON_SYNTAX, 9, "expected , or ]" },
	{ "{\"a\":[1]]", 0, RULE_JSON_SYNTAX, 9, "expected , or }" },
	{ "{\"a\":\"\\x\"}", 0, RULE_JSON_SYNTAX, 8, "invalid escape" },
	{ "{\"a\":\"\\u12g4\"}", 0, RULE_JSON_SYNTAX, 11, "hex digit" },
	{ "{\"a\":\"\\ud800\"}", 0, RULE_JSON_SYNTAX, 7,
	    "high surrogate" },
	{ "{\"a\":\"\\udc00x\"}", 0, RULE_JSON_SYNTAX, 7, "low surrogate" },
	{ "{\"a\":\"\\ud83d\\ude00\"}", 0, -1, 0, NULL },
	{ "{\"a\":\"\\u00e9\\n\\/\"}", 0, -1, 0, NULL },
	{ "{\"a\":-0.5e+10,\"b\":[true,false,null],\"c\":{}}", 0, -1, 0,
	    NULL },
	{ "{\"a\":/*c*/1}", 0, RULE_JSON_SYNTAX, 6, "expected a value" },
	{ "{\"a\":1} x", 0, RULE_JSON_SYNTAX, 9, "after the JSON value" },
	{ "{\"a\":1}{}", 0, RULE_JSON_SYNTAX, 8, "after the JSON value" },
	{ "[1,2]", 0, RULE_JSON_SYNTAX, 1, "an array, not a JSON object" },
	{ "\"s\"", 0, RULE_JSON_SYNTAX, 1, "a string, not a JSON object" },
	{ "42", 0, RULE_JSON_SYNTAX, 1, "a number, not a JSON object" },
	{ "null", 0, RULE_JSON_SYNTAX, 1, "null, not a JSON object" },
	{ "{\"a\":\"x\0y\"}", 11, RULE_JSON_SYNTAX, 8, "control character" },
	{ "{\"a\":1}\0", 8, RULE_JSON_SYNTAX, 8, "after the JSON value" },
	{ "{\"a\":\"tab\there\"}", 0, RULE_JSON_SYNTAX, 10,
	    "control character" },
	{ "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 0,
	    RULE_JSON_SYNTAX, 1, "an array, not a JSON object" },
	{ "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	    0, RULE_JSON_SYNTAX, 33, "deeper than 32" },
};

static void
test_line_cases(void **state)
{
	struct ruletab		 rt;
	struct checker		*ck;
	struct collected	 c;
	struct finding_sink	 sink = { collect, &c };
	struct session_hook	 h = { hook, &c };
	size_t			 i, len;
	int			 is_session;

	(void)state;
	ruletab_init(&rt);
	ck = checker_new(&rt);
	checker_set_session_hook(ck, &h);
	for (i = 0; i < sizeof line_cases / sizeof line_cases[0]; i++) {
		const struct line_case *lc = &line_cases[i];

		memset(&c, 0, sizeof c);
		len = lc->len != 0 ? lc->len : strlen(lc->line);
		is_session = checker_line(ck, lc->line, len, i + 1, &sink);
		if (lc->rule == -1) {
			if (!is_session || c.n != 0 || c.sessions_seen != 1)
				fail_msg("case %zu: want a session, got %d "
				    "findings (%s)", i, c.n, c.message);
			continue;
		}
		if (is_session || c.n != 1 || c.sessions_seen != 0)
			fail_msg("case %zu: want one finding, got %d", i,
			    c.n);
		if (c.rule != lc->rule)
			fail_msg("case %zu: got rule %s, want %s (%s)", i,
			    rt.rules[c.rule].id, rt.rules[lc->rule].id,
			    c.message);
		assert_int_equal(c.line, i + 1);
		if (lc->column != 0 && c.column != lc->column)
			fail_msg("case %zu: column %lu, want %lu (%s)", i,
			    c.column, lc->column, c.message);
		if (strstr(c.message, lc->needle) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i,
			    c.message, lc->needle);
	}
	checker_free(ck);
	ruletab_clear(&rt);
}

static void
test_disabled_rule(void **state)
{
	struct ruletab		 rt;
	struct checker		*ck;
	struct collected	 c;
	struct finding_sink	 sink = { collect, &c };

	(void)state;
	ruletab_init(&rt);
	rt.rules[RULE_BLANK_LINE].enabled = 0;
	ck = checker_new(&rt);
	memset(&c, 0, sizeof c);
	/* Not reported, and still not a session. */
	assert_int_equal(checker_line(ck, "", 0, 1, &sink), 0);
	assert_int_equal(c.n, 0);
	checker_free(ck);
	ruletab_clear(&rt);
}

static void
test_tokener_reused(void **state)
{
	struct ruletab		 rt;
	struct checker		*ck;
	struct collected	 c;
	struct finding_sink	 sink = { collect, &c };

	(void)state;
	ruletab_init(&rt);
	ck = checker_new(&rt);
	memset(&c, 0, sizeof c);
	/* A broken line must not leave state behind for the next one. */
	assert_int_equal(checker_line(ck, "{\"a\":[1,", 8, 1, &sink), 0);
	assert_int_equal(checker_line(ck, "{\"b\":2}", 7, 2, &sink), 1);
	assert_int_equal(c.n, 1);
	checker_free(ck);
	ruletab_clear(&rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_cases),
		cmocka_unit_test(test_disabled_rule),
		cmocka_unit_test(test_tokener_reused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
