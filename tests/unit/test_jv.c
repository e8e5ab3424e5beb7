/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the tape parser: every kind of value, escapes and
 * surrogate pairs, numbers at the edges of int64, member order and
 * sibling links, and buffers reused from line to line.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jsonscan.h"
#include "jv.h"

static const struct jv *
parse(struct jv_doc *doc, const char *text)
{
	size_t		 off;
	const char	*why;
	int		 first;

	if (jsonscan_check(text, strlen(text), &off, &why, &first) != 0)
		fail_msg("not strict JSON at %zu: %s", off, why);
	return jv_parse(doc, text, strlen(text));
}

static void
test_values(void **state)
{
	struct jv_doc	 doc;
	const struct jv	*r, *v;

	(void)state;
	jv_doc_init(&doc);
	r = parse(&doc, " {\"s\":\"abc\",\"i\":-42,\"d\":1.5e2,\"t\":true,"
	    "\"f\":false,\"n\":null,\"a\":[1,[2],{}],\"o\":{\"x\":\"y\"}} ");
	assert_int_equal(r->type, JV_OBJECT);
	assert_int_equal(r->count, 8);
	v = jv_get(r, "s");
	assert_int_equal(v->type, JV_STRING);
	assert_string_equal(v->str, "abc");
	assert_int_equal(v->len, 3);
	v = jv_get(r, "i");
	assert_int_equal(v->type, JV_INT);
	assert_int_equal(v->i, -42);
	assert_true(v->d == -42.0);
	v = jv_get(r, "d");
	assert_int_equal(v->type, JV_DOUBLE);
	assert_true(v->d == 150.0);
	assert_int_equal(jv_get(r, "t")->i, 1);
	assert_int_equal(jv_get(r, "f")->type, JV_BOOL);
	assert_int_equal(jv_get(r, "f")->i, 0);
	assert_int_equal(jv_get(r, "n")->type, JV_NULL);
	v = jv_get(r, "a");
	assert_int_equal(v->count, 3);
	assert_int_equal(jv_index(v, 0)->i, 1);
	assert_int_equal(jv_index(v, 1)->type, JV_ARRAY);
	assert_int_equal(jv_index(jv_index(v, 1), 0)->i, 2);
	assert_int_equal(jv_index(v, 2)->type, JV_OBJECT);
	assert_int_equal(jv_index(v, 2)->count, 0);
	assert_null(jv_index(v, 3));
	/* The member after a nested container is its sibling. */
	assert_string_equal(jv_get(jv_get(r, "o"), "x")->str, "y");
	assert_string_equal(jv_get(r, "a")->next->key, "o");
	assert_null(jv_get(r, "o")->next);
	assert_null(jv_get(r, "missing"));
	jv_doc_clear(&doc);
}

static void
test_strings(void **state)
{
	struct jv_doc	 doc;
	const struct jv	*r;

	(void)state;
	jv_doc_init(&doc);
	r = parse(&doc, "{\"e\":\"a\\\"b\\\\c\\/d\\n\\t\",\"u\":\"\\u00e9\\u6771\","
	    "\"p\":\"\\ud83d\\ude00\",\"k\\u0041\":1,\"z\":\"x\\u0000y\"}");
	assert_string_equal(jv_get(r, "e")->str, "a\"b\\c/d\n\t");
	assert_string_equal(jv_get(r, "u")->str, "\xc3\xa9\xe6\x9d\xb1");
	assert_string_equal(jv_get(r, "p")->str, "\xf0\x9f\x98\x80");
	/* Member names are unescaped too. */
	assert_non_null(jv_get(r, "kA"));
	/* An escaped NUL is kept: the length says so. */
	assert_int_equal(jv_get(r, "z")->len, 3);
	assert_memory_equal(jv_get(r, "z")->str, "x\0y", 3);
	jv_doc_clear(&doc);
}

static void
test_numbers(void **state)
{
	struct jv_doc	 doc;
	const struct jv	*r;

	(void)state;
	jv_doc_init(&doc);
	r = parse(&doc, "{\"a\":9223372036854775807,\"b\":-9223372036854775808,"
	    "\"c\":9223372036854775808,\"d\":1796040514715,\"e\":0.00,"
	    "\"f\":123456789012345678}");
	assert_int_equal(jv_get(r, "a")->type, JV_INT);
	assert_true(jv_get(r, "a")->i == INT64_MAX);
	assert_int_equal(jv_get(r, "b")->type, JV_INT);
	assert_true(jv_get(r, "b")->i == INT64_MIN);
	/* Past int64: a double, never a wrapped integer. */
	assert_int_equal(jv_get(r, "c")->type, JV_DOUBLE);
	assert_true(jv_get(r, "c")->d == 9223372036854775808.0);
	assert_true(jv_get(r, "d")->i == 1796040514715LL);
	assert_int_equal(jv_get(r, "e")->type, JV_DOUBLE);
	assert_true(jv_get(r, "f")->i == 123456789012345678LL);
	jv_doc_clear(&doc);
}

static void
test_reuse(void **state)
{
	struct jv_doc	 doc;
	const struct jv	*r;
	char		 big[20000];
	size_t		 i, cap;

	(void)state;
	jv_doc_init(&doc);
	/* A large line grows the buffers; smaller ones reuse them. */
	strcpy(big, "{\"a\":[");
	for (i = 0; i < 2000; i++)
		strcat(big, i == 0 ? "1" : ",1");
	strcat(big, "]}");
	r = parse(&doc, big);
	assert_int_equal(jv_get(r, "a")->count, 2000);
	cap = doc.cap;
	for (i = 0; i < 100; i++) {
		r = parse(&doc, "{\"s\":\"x\"}");
		assert_string_equal(jv_get(r, "s")->str, "x");
	}
	assert_int_equal(doc.cap, cap);
	jv_doc_clear(&doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
