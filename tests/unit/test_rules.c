/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the rule loader.  Each kind of bad rule text fails with a
 * cause that starts with the file, line and column of the culprit and
 * names the problem; rules_finish() refuses a rule set with nothing
 * enabled.  Layering keeps the order of first appearance and overrides
 * parameter by parameter, and the printed effective rules load back and
 * print the same.
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

#include "finding.h"
#include "rules.h"

#define SITE	"site.yaml"

/* Load the default rules into rs; return the name of their layer. */
static const char *
load_default(struct ruleset *rs)
{
	const char	*path = getenv("SSAUDIT_RULES");
	char		*cause = NULL;
	int		 rc;

	if (path != NULL && *path != '\0')
		rc = rules_load(rs, path, NULL, 0, &cause);
	else {
		path = "<built-in>";
		rc = rules_load(rs, path, rules_builtin_text,
		    rules_builtin_len, &cause);
	}
	if (rc != 0)
		fail_msg("cannot load the default rules: %s", cause);
	return path;
}

static void
load_ok(struct ruleset *rs, const char *name, const char *text)
{
	char	*cause = NULL;

	if (rules_load(rs, name, text, strlen(text), &cause) != 0)
		fail_msg("%s: want success, got: %s", name, cause);
	assert_null(cause);
}

struct bad_case {
	const char	*name;
	int		 on_default;	/* layered on the default rules */
	const char	*text;
	const char	*prefix;	/* SITE ":LINE:COL: " */
	const char	*needle;	/* what is wrong */
	const char	*needle2;	/* and the culprit, or NULL */
};

static const struct bad_case bad_cases[] = {
	{ "YAML syntax", 0,
	    "version: 1\nsettings:\n\titem_limit: 5\n",
	    SITE ":3:1: ", "invalid YAML", NULL },
	{ "unclosed flow sequence", 0,
	    "version: 1\nchecks: [\n",
	    SITE ":3:1: ", "invalid YAML", NULL },
	{ "unknown top-level key", 0,
	    "version: 1\nbogus: 2\n",
	    SITE ":2:1: ", "unknown key \"bogus\"", NULL },
	{ "duplicate key", 0,
	    "version: 1\nversion: 1\n",
	    SITE ":2:1: ", "appears twice", "version" },
	{ "unsupported version", 0,
	    "version: 2\n",
	    SITE ":1:10: ", "version 2 is not supported", NULL },
	{ "unknown key in a check", 1,
	    "checks:\n  - id: closed\n    colour: red\n",
	    SITE ":3:5: ", "unknown key \"colour\"", "checks" },
	{ "unknown key in settings", 0,
	    "settings:\n  item_limt: 5\n",
	    SITE ":2:3: ", "unknown key \"item_limt\"", "settings" },
	{ "item_limit not a number", 0,
	    "settings:\n  item_limit: many\n",
	    SITE ":2:15: ", "must be a whole number", "item_limit" },
	{ "enabled not a boolean", 1,
	    "checks:\n  - id: pii\n    enabled: maybe\n",
	    SITE ":3:14: ", "must be true or false", "enabled" },
	{ "checks not a list", 0,
	    "checks: 3\n",
	    SITE ":1:9: ", "must be a list", "checks" },
	{ "check without an id", 0,
	    "checks:\n  - kind: const\n",
	    SITE ":2:5: ", "lacks the key \"id\"", "checks" },
	{ "unknown kind", 1,
	    "checks:\n  - id: my-check\n    kind: frobnicate\n",
	    SITE ":3:11: ", "unknown kind \"frobnicate\"", NULL },
	{ "parameter of a const check", 1,
	    "checks:\n  - id: closed\n    of: page_views\n",
	    SITE ":3:5: ", "parameter \"of\" does not apply to kind const",
	    NULL },
	{ "missing parameter", 1,
	    "checks:\n  - id: my-square\n    kind: square\n"
	    "    field: page_views_ss\n",
	    SITE ":2:5: ", "kind square needs the parameter \"of\"", NULL },
	{ "const without a value", 1,
	    "checks:\n  - id: my-const\n    kind: const\n"
	    "    field: session_count\n",
	    SITE ":2:5: ", "exactly one of \"value\" and \"value_from\"",
	    NULL },
	{ "unknown field in a check", 1,
	    "checks:\n  - id: my-const\n    kind: const\n"
	    "    field: nosuch\n    value: \"1\"\n",
	    SITE ":4:12: ", "unknown field \"nosuch\"", NULL },
	/* The column is the list's, not the misspelt item's. */
	{ "unknown field in a list", 1,
	    "checks:\n  - id: non-negative\n"
	    "    fields: [page_views, pageviews]\n",
	    SITE ":3:13: ", "unknown field \"pageviews\"", NULL },
	{ "parent not declared", 0,
	    "fields:\n  - { name: \"a/b\", type: string }\n",
	    SITE ":2:13: ", "its parent \"a\" is not declared", NULL },
	{ "unknown field type", 0,
	    "fields:\n  - { name: x, type: text }\n",
	    SITE ":2:22: ", "unknown type \"text\"", NULL },
	{ "bad regular expression", 1,
	    "checks:\n  - id: pii\n    pattern: \"([a-z\"\n",
	    SITE ":3:14: ", "bad regular expression", NULL },
	{ "threshold lots", 1,
	    "checks:\n  - id: closed\n    threshold: \"lots\"\n",
	    SITE ":3:16: ", "bad threshold \"lots\"", NULL },
	{ "threshold 150%", 1,
	    "checks:\n  - id: closed\n    threshold: \"150%\"\n",
	    SITE ":3:16: ", "bad threshold \"150%\"", NULL },
	{ "unknown severity", 1,
	    "checks:\n  - id: closed\n    severity: fatal\n",
	    SITE ":3:15: ", "unknown severity \"fatal\"", NULL },
	{ "two checks of kind type", 0,
	    "checks:\n  - id: t1\n    kind: type\n  - id: t2\n    kind: type\n",
	    SITE ":5:11: ", "only one check of kind type (t1 is one)", NULL },
	{ "a second type check on the default", 1,
	    "checks:\n  - id: t2\n    kind: type\n",
	    SITE ":3:11: ", "only one check of kind type (field-type is one)",
	    NULL },
	{ "new check without a kind", 1,
	    "checks:\n  - id: closd\n    severity: info\n",
	    SITE ":2:5: ", "check closd is new here and needs a kind", NULL },
	{ "kind changed", 1,
	    "checks:\n  - id: closed\n    kind: flag\n",
	    SITE ":3:11: ", "check closed is of kind const", NULL },
	{ "\"*\" part without a separator", 1,
	    "checks:\n  - id: my-comp\n    kind: composition\n"
	    "    field: guid\n    parts: [account_id, \"*\"]\n",
	    SITE ":5:12: ", "a \"*\" part needs a pinned separator", NULL },
	{ "separator of two characters", 1,
	    "checks:\n  - id: session-id-composition\n    separator: \"--\"\n",
	    SITE ":3:16: ", "exactly one character", NULL },
	{ "unknown operator", 1,
	    "checks:\n  - id: bounce\n"
	    "    when: { field: page_views, op: \"=<\", value: \"1\" }\n",
	    SITE ":3:11: ", "unknown operator \"=<\"", NULL },
	{ "count of a number", 1,
	    "checks:\n  - id: purchase-count\n    of: page_views\n",
	    SITE ":3:9: ", "\"page_views\" is not an object or an array",
	    NULL },
};

static void
test_bad_rules(void **state)
{
	const struct bad_case	*bc;
	struct ruleset		*rs;
	char			*cause;
	size_t			 i;
	int			 rc;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		bc = &bad_cases[i];
		rs = rules_new();
		if (bc->on_default)
			load_default(rs);
		cause = NULL;
		rc = rules_load(rs, SITE, bc->text, strlen(bc->text), &cause);
		if (rc != -1 || cause == NULL)
			fail_msg("%s: want -1 and a cause, got %d", bc->name,
			    rc);
		if (strncmp(cause, bc->prefix, strlen(bc->prefix)) != 0)
			fail_msg("%s: cause \"%s\" does not start with \"%s\"",
			    bc->name, cause, bc->prefix);
		if (strstr(cause, bc->needle) == NULL)
			fail_msg("%s: cause \"%s\" lacks \"%s\"", bc->name,
			    cause, bc->needle);
		if (bc->needle2 != NULL && strstr(cause + strlen(bc->prefix),
		    bc->needle2) == NULL)
			fail_msg("%s: cause \"%s\" lacks \"%s\"", bc->name,
			    cause, bc->needle2);
		free(cause);
		rules_free(rs);
	}
}

static void
test_unreadable(void **state)
{
	struct ruleset	*rs;
	char		*cause = NULL;

	(void)state;
	rs = rules_new();
	assert_int_equal(rules_load(rs, "/nonexistent/site.yaml", NULL, 0,
	    &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, "/nonexistent/site.yaml: cannot open rule file") !=
	    cause)
		fail_msg("missing file: %s", cause);
	free(cause);
	rules_free(rs);

	rs = rules_new();
	assert_int_equal(rules_load(rs, SITE, "", 0, &cause), -1);
	assert_non_null(cause);
	if (strncmp(cause, SITE ": ", strlen(SITE ": ")) != 0 ||
	    strstr(cause, "empty") == NULL)
		fail_msg("empty file: %s", cause);
	free(cause);
	rules_free(rs);
}

static void
test_finish(void **state)
{
	static const char one[] =
	    "fields:\n"
	    "  - { name: f, type: string }\n"
	    "checks:\n"
	    "  - id: c\n"
	    "    kind: const\n"
	    "    field: f\n"
	    "    value: x\n";
	static const char off[] =
	    "checks:\n"
	    "  - id: c\n"
	    "    enabled: false\n";
	struct ruleset	*rs;
	char		*cause = NULL;

	(void)state;
	rs = rules_new();
	load_ok(rs, SITE, one);
	assert_int_equal(rules_finish(rs, &cause), 0);
	assert_null(cause);
	load_ok(rs, "off.yaml", off);
	assert_int_equal(rules_finish(rs, &cause), -1);
	assert_non_null(cause);
	if (strncmp(cause, "off.yaml: ", 10) != 0 ||
	    strstr(cause, "no check is enabled") == NULL)
		fail_msg("all disabled: %s", cause);
	free(cause);
	rules_free(rs);
}

/* The check of rs with id, which must exist. */
static const struct rules_check *
check_of(const struct ruleset *rs, const char *id)
{
	const struct rules_check	*c;

	c = rules_find_check(rs, id);
	if (c == NULL)
		fail_msg("no check %s", id);
	return c;
}

static void
test_layering(void **state)
{
	static const char site[] =
	    "version: 1\n"
	    "fields:\n"
	    "  - { name: x_new, type: string }\n"
	    "  - { name: page_views, required: false }\n"
	    "checks:\n"
	    "  - id: my-check\n"
	    "    kind: const\n"
	    "    field: x_new\n"
	    "    value: \"yes\"\n"
	    "  - id: bounce\n"
	    "    severity: error\n"
	    "  - id: session-length\n"
	    "    max: 3600000\n";
	static const char third[] =
	    "checks:\n"
	    "  - id: session-length\n"
	    "    severity: info\n"
	    "  - id: my-check\n"
	    "    value: \"no\"\n";
	struct ruleset			*def, *rs;
	const struct rules_check	*c, *d;
	const struct rules_field	*f;
	size_t				 i;

	(void)state;
	def = rules_new();
	load_default(def);
	rs = rules_new();
	load_default(rs);
	load_ok(rs, SITE, site);
	load_ok(rs, "third.yaml", third);
	assert_int_equal(rs->nlayers, 3);
	assert_string_equal(rs->layers[1], SITE);
	assert_string_equal(rs->layers[2], "third.yaml");

	/* The order of first appearance: old ids in place, new at the end. */
	assert_int_equal(rs->nchecks, def->nchecks + 1);
	for (i = 0; i < def->nchecks; i++)
		assert_string_equal(rs->checks[i].id, def->checks[i].id);
	assert_string_equal(rs->checks[def->nchecks].id, "my-check");
	assert_int_equal(rs->nfields, def->nfields + 1);
	for (i = 0; i < def->nfields; i++)
		assert_string_equal(rs->fields[i].name, def->fields[i].name);
	assert_string_equal(rs->fields[def->nfields].name, "x_new");

	/* One parameter changed, the others as the default has them. */
	c = check_of(rs, "bounce");
	d = check_of(def, "bounce");
	assert_int_equal(d->severity, SEV_WARNING);
	assert_int_equal(c->severity, SEV_ERROR);
	assert_int_equal(c->kind, d->kind);
	assert_int_equal(c->enabled, 1);
	assert_string_equal(c->field, d->field);
	assert_int_equal(c->has_when, 1);
	assert_string_equal(c->when.field, "page_views");
	assert_string_equal(c->when.op, "<=");
	assert_string_equal(c->when.value, "1");
	assert_int_equal(c->one_way, 1);
	assert_string_equal(c->description, d->description);

	c = check_of(rs, "session-length");
	d = check_of(def, "session-length");
	assert_true(d->has_max && d->max == 43200000);
	assert_true(c->has_max && c->max == 3600000);
	assert_int_equal(d->severity, SEV_WARNING);
	assert_int_equal(c->severity, SEV_INFO);
	assert_string_equal(c->start, "start_time");
	assert_string_equal(c->end, "end_time");
	assert_string_equal(c->description, d->description);

	c = check_of(rs, "my-check");
	assert_int_equal(c->kind, KIND_CONST);
	assert_int_equal(c->severity, SEV_ERROR);
	assert_string_equal(c->field, "x_new");
	assert_string_equal(c->value, "no");
	assert_string_equal(c->pos.file, SITE);
	assert_int_equal(c->pos.line, 6);
	assert_int_equal(c->pos.column, 5);

	/* A field: required changed, its type kept. */
	f = rules_find_field(rs, "page_views");
	assert_non_null(f);
	assert_int_equal(f->type, TYPE_INTEGER);
	assert_int_equal(f->required, 0);
	assert_int_equal(f->nullable, 1);
	assert_int_equal(rules_find_field(def, "page_views")->required, 1);

	/* Untouched checks are untouched. */
	c = check_of(rs, "closed");
	d = check_of(def, "closed");
	assert_int_equal(c->severity, d->severity);
	assert_string_equal(c->value, d->value);
	assert_null(rules_find_check(rs, "no-such-check"));

	rules_free(rs);
	rules_free(def);
}

/* The text rules_print() writes for rs, allocated. */
static char *
printed(const struct ruleset *rs)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	rules_print(fp, rs);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(buf);
	return buf;
}

/* The text after the header comment that lists the layers. */
static const char *
body(const char *text)
{
	const char	*p;

	p = strstr(text, "\nversion: 1\n");
	if (p == NULL)
		fail_msg("printed rules lack \"version: 1\": %.200s", text);
	return p;
}

static void
test_print_round_trip(void **state)
{
	static const char site[] =
	    "checks:\n"
	    "  - id: session-id-composition\n"
	    "    separator: \"-\"\n"
	    "  - id: closed\n"
	    "    threshold: \"0.5%\"\n"
	    "  - id: pii\n"
	    "    enabled: false\n"
	    "    description: \"Quotes \\\" and a backslash \\\\ survive.\"\n";
	struct ruleset	*rs, *again;
	const char	*name;
	char		*one, *two, *cause = NULL;

	(void)state;
	rs = rules_new();
	name = load_default(rs);
	one = printed(rs);
	/* Not empty: every check and field is there. */
	assert_non_null(strstr(one, "  - id: \"pii\"\n"));
	assert_non_null(strstr(one,
	    "  - name: \"purchase_lines/*/items/*/quantity\"\n"));

	/* Under the same layer name, the output is the same byte for byte. */
	again = rules_new();
	if (rules_load(again, name, one, strlen(one), &cause) != 0)
		fail_msg("printed default rules do not load: %s", cause);
	assert_int_equal(rules_finish(again, &cause), 0);
	two = printed(again);
	if (strcmp(one, two) != 0)
		fail_msg("printed default rules differ after a reload:\n%s\n"
		    "--- and ---\n%s", one, two);
	assert_int_equal(again->nchecks, rs->nchecks);
	assert_int_equal(again->nfields, rs->nfields);
	free(two);
	rules_free(again);
	free(one);

	/* With a site layer on top, the effective rules print back too. */
	load_ok(rs, SITE, site);
	one = printed(rs);
	assert_non_null(strstr(one, "    separator: \"-\"\n"));
	assert_non_null(strstr(one, "    threshold: \"0.5%\"\n"));
	assert_non_null(strstr(one, "Quotes \\\" and a backslash \\\\ "));
	again = rules_new();
	if (rules_load(again, "effective.yaml", one, strlen(one), &cause) != 0)
		fail_msg("printed layered rules do not load: %s", cause);
	two = printed(again);
	if (strcmp(body(one), body(two)) != 0)
		fail_msg("printed layered rules differ after a reload:\n%s\n"
		    "--- and ---\n%s", one, two);
	assert_int_equal(check_of(again, "pii")->enabled, 0);
	assert_string_equal(check_of(again, "pii")->description,
	    "Quotes \" and a backslash \\ survive.");
	free(two);
	rules_free(again);
	free(one);
	rules_free(rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_layering),
		cmocka_unit_test(test_print_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
