/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the session checks with the default rules.  A baseline
 * session that holds every field of the schema and agrees with every
 * rule gives no finding; for each session rule of the default set, a
 * minimal edit of the baseline gives exactly that one finding, at the
 * expected JSON pointer.  Then the behaviours the rules promise: checks
 * whose input is missing or mistyped are held back and named, the item
 * limit, nested types, hidden personal data, the composition separator,
 * the money tolerance, and site layers that change a severity, pin the
 * separator, disable a check and set a threshold.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "finding.h"
#include "rules.h"
#include "jsonscan.h"
#include "jv.h"
#include "session.h"
#include "uniq.h"

#define T_START		"1796004087414"
#define T_END		"1796004510735"
#define GUID		"1234:2.8726687633.1763626454087"
/* session_id: guid, purchase count, start and end, joined by sep. */
#define SID(sep, pc, s, e)	GUID sep pc sep s sep e
#define QSID(sep, pc, s, e)	"\"" SID(sep, pc, s, e) "\""

/*
 * The start of the file's interval, 2026-11-30T02:00:00Z: with the
 * default 5 minutes of slack, the file takes end times from 01:55 to
 * 02:20, the baseline's among them.
 */
#define FILE_START	INT64_C(1796004000000)
#define COLLECT_MAX	32
#define MAX_EDITS	4

/*
 * Every field of the schema, consistent with every default rule: two
 * purchases (10.5 and 4.25), three page views, a span of 423,321 ms with
 * every event time inside it.
 */
static const char baseline[] =
    "{\"account_id\":1234,"
    "\"browser\":\"Firefox\","
    "\"browser_version\":\"132.0\","
    "\"cart_lines\":[{\"product_id\":\"P2\",\"sku\":\"P2-1\","
	"\"time\":1796004360054}],"
    "\"city\":\"Athens\","
    "\"country_code\":\"GR\","
    "\"custom_targets\":{\"1093\":\"mobile-app\",\"2304\":\"de-DE\"},"
    "\"customer_id\":\"C12812598\","
    "\"customer_link\":\"C12812598\","
    "\"device_type\":\"Computer\","
    "\"end_time\":" T_END ","
    "\"guid\":\"" GUID "\","
    "\"has_cart\":\"t\","
    "\"has_new_customer\":\"f\","
    "\"has_product_view\":\"t\","
    "\"has_purchase\":\"t\","
    "\"has_recommendation_cart\":\"f\","
    "\"has_recommendation_click\":\"f\","
    "\"has_recommendation_impression\":\"f\","
    "\"has_recommendation_purchase\":\"f\","
    "\"has_stealth\":\"f\","
    "\"is_bounce\":\"f\","
    "\"is_closed\":\"t\","
    "\"offers\":{\"7001\":1796004100000,\"7002\":1796004200000},"
    "\"os\":\"Linux\","
    "\"os_version\":\"6.1\","
    "\"page_event_ids\":{\"43582\":1796004457104},"
    "\"page_views\":3,"
    "\"page_views_ss\":9,"
    "\"product_view_count\":1,"
    "\"purchase_count\":2,"
    "\"purchase_lines\":{"
	"\"p1\":{\"items\":[{\"product_id\":\"P1\",\"quantity\":1,"
	    "\"sku\":\"P1-1\",\"unit_price\":10.5}],"
	    "\"time\":1796004437570,\"value\":10.5},"
	"\"p2\":{\"items\":[{\"product_id\":\"P2\",\"quantity\":2,"
	    "\"sku\":\"P2-1\",\"unit_price\":2.125}],"
	    "\"time\":1796004305744,\"value\":4.25}},"
    "\"purchase_value_ss\":128.3125,"
    "\"purchases\":{\"p1\":10.5,\"p2\":4.25},"
    "\"region\":\"I\","
    "\"screen_height\":1200,"
    "\"screen_width\":1920,"
    "\"session_count\":1,"
    "\"session_id\":" QSID("-", "2", T_START, T_END) ","
    "\"session_value\":14.75,"
    "\"session_value_ss\":217.5625,"
    "\"start_time\":" T_START ","
    "\"time_on_site\":403,"
    "\"time_on_site_ss\":162409,"
    "\"view_lines\":[{\"product_id\":\"P1\",\"time\":1796004214121}]}";

/* A finding as received, copied. */
struct seen {
	char	 id[64];
	char	 field[256];
	char	 message[1024];
};

/*
 * Findings, and the candidates of unique checks (finding.key set), which
 * stand only if their key was seen before: the collector resolves them
 * against keys as the audit does, so that a duplicate is a finding here.
 */
struct collector {
	const struct ruletab	*rt;
	struct uniq		*keys;
	size_t			 n;
	struct seen		 s[COLLECT_MAX];
	size_t			 ncand;
	struct seen		 cand;		/* the last candidate */
	char			 candkey[256];
};

/* The default rules, a ruletab and a plan for them. */
struct env {
	struct ruleset		*rs;
	struct ruletab		 rt;
	struct session_plan	*plan;
	int			 show_values;
	struct uniq		*keys;		/* of unique candidates */
};

/* Set (json is JSON text; "null" is null) or, with json NULL, delete. */
struct edit {
	const char	*ptr;
	const char	*json;
};

static void
collect(void *arg, const struct finding *f)
{
	struct collector	*c = arg;
	struct seen		*s;
	uint32_t		 first;

	if (f->key != NULL) {
		c->ncand++;
		snprintf(c->cand.id, sizeof c->cand.id, "%s",
		    c->rt->rules[f->rule].id);
		snprintf(c->cand.field, sizeof c->cand.field, "%s",
		    f->field != NULL ? f->field : "");
		snprintf(c->candkey, sizeof c->candkey, "%.*s",
		    (int)f->key_len, f->key);
		if (!uniq_add(c->keys, f->key, f->key_len, 0, &first))
			return;
	}
	if (c->n < COLLECT_MAX) {
		s = &c->s[c->n];
		snprintf(s->id, sizeof s->id, "%s", c->rt->rules[f->rule].id);
		snprintf(s->field, sizeof s->field, "%s",
		    f->field != NULL ? f->field : "");
		snprintf(s->message, sizeof s->message, "%s", f->message);
	}
	c->n++;
}

/* All findings collected, one a line, for failure messages. */
static const char *
dump(const struct collector *c)
{
	static char	 buf[8192];
	size_t		 i;

	buf[0] = '\0';
	for (i = 0; i < c->n && i < COLLECT_MAX; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    "\n\t%s at %s: %s", c->s[i].id, c->s[i].field,
		    c->s[i].message);
	if (c->n == 0)
		snprintf(buf, sizeof buf, " (none)");
	return buf;
}

static size_t
count_rule(const struct collector *c, const char *id)
{
	size_t	 i, n = 0;

	for (i = 0; i < c->n && i < COLLECT_MAX; i++)
		n += strcmp(c->s[i].id, id) == 0;
	return n;
}

static void
load_default(struct ruleset *rs)
{
	const char	*path = getenv("SSAUDIT_RULES");
	char		*cause = NULL;
	int		 rc;

	if (path != NULL && *path != '\0')
		rc = rules_load(rs, path, NULL, 0, &cause);
	else
		rc = rules_load(rs, "<built-in>", rules_builtin_text,
		    rules_builtin_len, &cause);
	if (rc != 0)
		fail_msg("cannot load the default rules: %s", cause);
}

/* The default rules, then the site layer if not NULL. */
static void
env_open(struct env *e, const char *site, int show_values)
{
	char	*cause = NULL;

	memset(e, 0, sizeof *e);
	e->show_values = show_values;
	e->rs = rules_new();
	load_default(e->rs);
	if (site != NULL && rules_load(e->rs, "site.yaml", site,
	    strlen(site), &cause) != 0)
		fail_msg("site layer: %s", cause);
	if (rules_finish(e->rs, &cause) != 0)
		fail_msg("rules_finish: %s", cause);
	rules_to_ruletab(e->rs, &e->rt);
	e->plan = session_plan_new(e->rs, &e->rt, show_values, &cause);
	if (e->plan == NULL)
		fail_msg("session_plan_new: %s", cause);
	session_begin_file(e->plan, "1234", FILE_START, 1);
	e->keys = uniq_new();
}

/* A fresh plan, and no key seen yet: nothing is a duplicate. */
static void
env_replan(struct env *e)
{
	char	*cause = NULL;

	session_plan_free(e->plan);
	e->plan = session_plan_new(e->rs, &e->rt, e->show_values, &cause);
	if (e->plan == NULL)
		fail_msg("session_plan_new: %s", cause);
	session_begin_file(e->plan, "1234", FILE_START, 1);
	uniq_free(e->keys);
	e->keys = uniq_new();
}

static void
env_close(struct env *e)
{
	uniq_free(e->keys);
	session_plan_free(e->plan);
	ruletab_clear(&e->rt);
	rules_free(e->rs);
}

static int
rule_index(const struct env *e, const char *id)
{
	int	 i;

	i = ruletab_find(&e->rt, id);
	if (i < 0)
		fail_msg("no rule %s in the default rules", id);
	return i;
}

static struct json_object *
parse(const char *text)
{
	struct json_object	*obj;

	obj = json_tokener_parse(text);
	if (obj == NULL)
		fail_msg("cannot parse test JSON: %.200s", text);
	return obj;
}

/* The container of the member a pointer names, and the member's name. */
static struct json_object *
parent_of(struct json_object *root, const char *ptr, const char **lastp)
{
	struct json_object	*parent = NULL;
	const char		*slash;
	char			*up;

	slash = strrchr(ptr, '/');
	assert_non_null(slash);
	*lastp = slash + 1;
	if (slash == ptr)
		return root;
	up = strndup(ptr, (size_t)(slash - ptr));
	assert_non_null(up);
	if (json_pointer_get(root, up, &parent) != 0 || parent == NULL) {
		free(up);
		fail_msg("test edit: no container at %s", ptr);
	}
	free(up);
	return parent;
}

static void
apply_edit(struct json_object *root, const struct edit *ed)
{
	struct json_object	*parent, *v = NULL;
	const char		*last, *p;
	char			 key[256];
	size_t			 idx, n = 0;

	parent = parent_of(root, ed->ptr, &last);
	/* The last component, unescaped as RFC 6901 says (~1 "/", ~0 "~"). */
	for (p = last; *p != '\0' && n + 1 < sizeof key; p++) {
		if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
			key[n++] = p[1] == '0' ? '~' : '/';
			p++;
		} else
			key[n++] = *p;
	}
	key[n] = '\0';
	last = key;
	if (ed->json != NULL && strcmp(ed->json, "null") != 0)
		v = parse(ed->json);
	if (json_object_is_type(parent, json_type_array)) {
		idx = (size_t)strtoul(last, NULL, 10);
		if (ed->json == NULL)
			json_object_array_del_idx(parent, idx, 1);
		else if (idx == json_object_array_length(parent))
			json_object_array_add(parent, v);
		else
			json_object_array_put_idx(parent, idx, v);
	} else if (ed->json == NULL)
		json_object_object_del(parent, last);
	else
		json_object_object_add(parent, last, v);
}

/* Grow the container at ptr to n entries, copies of its first one. */
static void
grow(struct json_object *root, const char *ptr, size_t n)
{
	struct json_object	*c = NULL, *first = NULL, *copy;
	struct json_object_iterator it;
	char			 key[32];
	size_t			 i;

	if (json_pointer_get(root, ptr, &c) != 0 || c == NULL)
		fail_msg("grow: nothing at %s", ptr);
	if (json_object_is_type(c, json_type_array)) {
		first = json_object_array_get_idx(c, 0);
		assert_non_null(first);
		for (i = json_object_array_length(c); i < n; i++) {
			copy = NULL;
			assert_int_equal(json_object_deep_copy(first, &copy,
			    NULL), 0);
			json_object_array_add(c, copy);
		}
		return;
	}
	assert_true(json_object_is_type(c, json_type_object));
	it = json_object_iter_begin(c);
	first = json_object_iter_peek_value(&it);
	assert_non_null(first);
	for (i = (size_t)json_object_object_length(c); i < n; i++) {
		copy = NULL;
		assert_int_equal(json_object_deep_copy(first, &copy, NULL), 0);
		snprintf(key, sizeof key, "g%zu", i);
		json_object_object_add(c, key, copy);
	}
	assert_int_equal(json_object_object_length(c), (int)n);
}

/* Check obj (taking it) with the plan; collect what it finds. */
static void
run(struct env *e, struct json_object *obj, struct collector *c)
{
	struct finding_sink	 sink = { collect, c };
	struct jv_doc		 doc;
	const char		*text;
	size_t			 off;
	const char		*why;
	int			 first;

	memset(c, 0, sizeof *c);
	c->rt = &e->rt;
	c->keys = e->keys;
	/*
	 * The test builds sessions with json-c; the audit reads text, so
	 * the session goes through text, the scanner and the tape, as a
	 * line would.
	 */
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (jsonscan_check(text, strlen(text), &off, &why, &first) != 0)
		fail_msg("test session is not strict JSON at %zu: %s", off,
		    why);
	jv_doc_init(&doc);
	session_check(e->plan, jv_parse(&doc, text, strlen(text)), 1, &sink);
	jv_doc_clear(&doc);
	json_object_put(obj);
}

static struct json_object *
edited(const struct edit *edits)
{
	struct json_object	*obj;
	size_t			 i;

	obj = parse(baseline);
	for (i = 0; i < MAX_EDITS && edits[i].ptr != NULL; i++)
		apply_edit(obj, &edits[i]);
	return obj;
}

/* Assert exactly one finding, of rule id at field. */
static void
expect_one(const struct collector *c, const char *what, const char *id,
    const char *field)
{
	if (c->n != 1 || strcmp(c->s[0].id, id) != 0 ||
	    strcmp(c->s[0].field, field) != 0)
		fail_msg("%s: want exactly one %s at %s, got %zu:%s", what, id,
		    field, c->n, dump(c));
}

static void
expect_none(const struct collector *c, const char *what)
{
	if (c->n != 0)
		fail_msg("%s: want no finding, got %zu:%s", what, c->n,
		    dump(c));
}

static void
test_baseline_clean(void **state)
{
	struct env		 e;
	struct collector	 c;
	struct json_object	*obj;
	size_t			 i;

	(void)state;
	env_open(&e, NULL, 0);
	/* The baseline really has every top-level field of the schema. */
	obj = parse(baseline);
	for (i = 0; i < e.rs->nfields; i++) {
		if (strchr(e.rs->fields[i].name, '/') == NULL &&
		    !json_object_object_get_ex(obj, e.rs->fields[i].name, NULL))
			fail_msg("the baseline lacks the field %s",
			    e.rs->fields[i].name);
	}
	run(&e, obj, &c);
	expect_none(&c, "baseline");
	env_close(&e);
}

struct session_case {
	const char	*name;
	struct edit	 edits[MAX_EDITS];
	const char	*rule;		/* NULL: no finding */
	const char	*field;
	const char	*needle;	/* in the message, or NULL */
};

static const struct session_case session_cases[] = {
	{ "has_cart missing", { { "/has_cart", NULL } },
	    "required-field", "/has_cart", "has_cart is missing" },
	{ "session_count null", { { "/session_count", "null" } },
	    "required-field", "/session_count",
	    "not evaluated: session-count" },
	{ "screen_width a string", { { "/screen_width", "\"1920\"" } },
	    "field-type", "/screen_width", "a string, not an integer" },
	{ "page_views fractional", { { "/page_views", "3.5" } },
	    "field-type", "/page_views", NULL },
	{ "nested quantity a string",
	    { { "/purchase_lines/p1/items/0/quantity", "\"1\"" } },
	    "field-type", "/purchase_lines/p1/items/0/quantity", NULL },
	{ "offer time a string", { { "/offers/7001", "\"x\"" } },
	    "field-type", "/offers/7001", NULL },
	{ "unknown top-level field", { { "/x_extra", "1" } },
	    "unknown-field", "/x_extra", "x_extra" },
	{ "unknown field with a slash", { { "/a~1b", "1" } },
	    "unknown-field", "/a~1b", NULL },
	{ "unknown field with a tilde", { { "/a~0b", "1" } },
	    "unknown-field", "/a~0b", NULL },
	{ "unknown key in a cart line", { { "/cart_lines/0/colour",
	    "\"red\"" } }, "unknown-field", "/cart_lines/0/colour", NULL },
	{ "flag \"true\"", { { "/has_stealth", "\"true\"" } },
	    "flag-value", "/has_stealth", NULL },
	{ "session_count 2", { { "/session_count", "2" } },
	    "session-count", "/session_count", NULL },
	{ "guid with an empty monetate id", { { "/guid", "\"1234:\"" },
	    { "/session_id", "\"1234:-2-" T_START "-" T_END "\"" } },
	    "guid-composition", "/guid", NULL },
	{ "guid without its colon", { { "/guid", "\"1234_2.55.17\"" },
	    { "/session_id", "\"1234_2.55.17-2-" T_START "-" T_END "\"" } },
	    "guid-composition", "/guid", NULL },
	{ "session_id with swapped times",
	    { { "/session_id", QSID("-", "2", T_END, T_START) } },
	    "session-id-composition", "/session_id", NULL },
	{ "account 9999", { { "/account_id", "9999" },
	    { "/guid", "\"9999:2.8726687633.1763626454087\"" },
	    { "/session_id", "\"9999:2.8726687633.1763626454087-2-" T_START
	    "-" T_END "\"" } },
	    "account-match", "/account_id", "expected account 1234" },
	{ "country XX", { { "/country_code", "\"XX\"" } },
	    "country-code", "/country_code", NULL },
	{ "country in lower case", { { "/country_code", "\"gr\"" } },
	    "country-code", "/country_code", NULL },
	{ "page_views_ss 10", { { "/page_views_ss", "10" } },
	    "ss-page-views", "/page_views_ss", NULL },
	{ "time_on_site_ss off by one", { { "/time_on_site_ss", "162408" } },
	    "ss-time-on-site", "/time_on_site_ss", NULL },
	{ "session_value_ss off by 0.5",
	    { { "/session_value_ss", "218.0625" } },
	    "ss-session-value", "/session_value_ss", NULL },
	{ "session_value_ss off by 0.004",
	    { { "/session_value_ss", "217.5665" } }, NULL, NULL, NULL },
	{ "purchase_value_ss off by 1",
	    { { "/purchase_value_ss", "129.3125" } },
	    "ss-purchase-value", "/purchase_value_ss", NULL },
	{ "session_value not the sum", { { "/session_value", "15.75" },
	    { "/session_value_ss", "248.0625" } },
	    "session-value-sum", "/session_value", NULL },
	{ "purchase_count 3", { { "/purchase_count", "3" },
	    { "/session_id", QSID("-", "3", T_START, T_END) } },
	    "purchase-count", "/purchase_count", "has 2 entries" },
	{ "has_purchase f", { { "/has_purchase", "\"f\"" } },
	    "has-purchase", "/has_purchase", NULL },
	{ "has_product_view f", { { "/has_product_view", "\"f\"" } },
	    "has-product-view", "/has_product_view", NULL },
	{ "has_product_view t without a view",
	    { { "/product_view_count", "0" } },
	    "has-product-view", "/has_product_view", NULL },
	{ "bounce with three page views", { { "/is_bounce", "\"t\"" } },
	    "bounce", "/is_bounce", NULL },
	{ "screen_height -1", { { "/screen_height", "-1" } },
	    "non-negative", "/screen_height", NULL },
	{ "quantity -1", { { "/purchase_lines/p1/items/0/quantity", "-1" } },
	    "non-negative", "/purchase_lines/p1/items/0/quantity", NULL },
	{ "times swapped", { { "/start_time", T_END },
	    { "/end_time", T_START },
	    { "/session_id", QSID("-", "2", T_END, T_START) } },
	    "time-order", "/end_time", NULL },
	{ "12 hours and 1 ms", { { "/start_time", "1795961310734" },
	    { "/session_id", QSID("-", "2", "1795961310734", T_END) } },
	    "session-length", "/end_time", NULL },
	{ "exactly 12 hours", { { "/start_time", "1795961310735" },
	    { "/session_id", QSID("-", "2", "1795961310735", T_END) } },
	    NULL, NULL, NULL },
	{ "time_on_site longer than the span", { { "/time_on_site", "424" },
	    { "/time_on_site_ss", "179776" } },
	    "time-on-site", "/time_on_site", NULL },
	{ "time_on_site just within the span", { { "/time_on_site", "423" },
	    { "/time_on_site_ss", "178929" } }, NULL, NULL, NULL },
	{ "offer after the end", { { "/offers/7001", "1796004510736" } },
	    "event-time", "/offers/7001", "after" },
	{ "view before the start", { { "/view_lines/0/time",
	    "1796004087413" } }, "event-time", "/view_lines/0/time",
	    "before" },
	{ "purchase line after the end", { { "/purchase_lines/p2/time",
	    "1796004510736" } }, "event-time", "/purchase_lines/p2/time",
	    NULL },
	{ "page event after the end", { { "/page_event_ids/43582",
	    "1796004510736" } }, "event-time", "/page_event_ids/43582",
	    NULL },
	{ "cart line before the start", { { "/cart_lines/0/time",
	    "1" } }, "event-time", "/cart_lines/0/time", NULL },
	{ "end_time after the file's window", { { "/end_time",
	    "1796005200001" }, { "/session_id",
	    QSID("-", "2", T_START, "1796005200001") } },
	    "file-window", "/end_time", "after the file's interval" },
	{ "end_time at the end of the file's window", { { "/end_time",
	    "1796005200000" }, { "/session_id",
	    QSID("-", "2", T_START, "1796005200000") } }, NULL, NULL, NULL },
	{ "is_closed f", { { "/is_closed", "\"f\"" } },
	    "closed", "/is_closed", NULL },
	{ "e-mail address in a custom target", { { "/custom_targets/1093",
	    "\"jane.doe@example.com\"" } }, "pii", "/custom_targets/1093",
	    "value hidden" },
	/* Review fixes: a flag already reported is not reported again. */
	{ "is_closed neither t nor f", { { "/is_closed", "\"x\"" } },
	    "flag-value", "/is_closed", "\"x\", not \"f\" or \"t\"" },
	/* An escaped NUL does not hide the rest of a value (review). */
	{ "has_cart with an escaped NUL", { { "/has_cart",
	    "\"f\\u0000junk\"" } }, "flag-value", "/has_cart", NULL },
	{ "country_code with an escaped NUL", { { "/country_code",
	    "\"J\\u0000P\"" } }, "country-code", "/country_code", NULL },
	/* A null among a map's numbers: a type error, and no false sum. */
	{ "purchase value null", { { "/purchases/p1", "null" } },
	    "field-type", "/purchases/p1", "null, not a number" },
	{ "offer time null", { { "/offers/7001", "null" } },
	    "field-type", "/offers/7001", NULL },
	/* Dates, ids and prices are not phone numbers. */
	{ "a date in a custom target", { { "/custom_targets/2304",
	    "\"2026-11-30\"" } }, NULL, NULL, NULL },
	{ "an id in a custom target", { { "/custom_targets/2304",
	    "\"12345678\"" } }, NULL, NULL, NULL },
	{ "a price in a custom target", { { "/custom_targets/2304",
	    "\"10000.00\"" } }, NULL, NULL, NULL },
	{ "a national phone number in a custom target",
	    { { "/custom_targets/2304", "\"(415) 555-0132\"" } }, "pii",
	    "/custom_targets/2304", NULL },
	{ "phone number in a custom target", { { "/custom_targets/2304",
	    "\"+1 (555) 123-4567\"" } }, "pii", "/custom_targets/2304",
	    NULL },
	{ "optional field null", { { "/customer_id", "null" } },
	    NULL, NULL, NULL },
	{ "optional field absent", { { "/product_view_count", NULL },
	    { "/purchase_lines", NULL } }, NULL, NULL, NULL },
};

/* Rules with a test of their own rather than a table case. */
static const char *const other_tests[] = {
	"item-limit",		/* test_item_limit */
	"duplicate-session",	/* test_duplicate */
};

static void
test_one_finding_each(void **state)
{
	const struct session_case	*sc;
	struct env			 e;
	struct collector		 c;
	size_t				 i, j;
	int				 covered;

	(void)state;
	env_open(&e, NULL, 0);
	for (i = 0; i < sizeof session_cases / sizeof session_cases[0]; i++) {
		sc = &session_cases[i];
		/* Each case a fresh plan, so no case is a duplicate. */
		env_replan(&e);
		run(&e, edited(sc->edits), &c);
		if (sc->rule == NULL) {
			expect_none(&c, sc->name);
			continue;
		}
		expect_one(&c, sc->name, sc->rule, sc->field);
		if (sc->needle != NULL && strstr(c.s[0].message,
		    sc->needle) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", sc->name,
			    c.s[0].message, sc->needle);
	}

	/* Every session rule of the default set has a case. */
	for (i = 0; i < e.rt.n; i++) {
		if (e.rt.rules[i].scope != SCOPE_SESSION)
			continue;
		covered = 0;
		for (j = 0; j < sizeof session_cases /
		    sizeof session_cases[0]; j++) {
			if (session_cases[j].rule != NULL &&
			    strcmp(session_cases[j].rule,
			    e.rt.rules[i].id) == 0)
				covered = 1;
		}
		for (j = 0; j < sizeof other_tests / sizeof other_tests[0];
		    j++) {
			if (strcmp(other_tests[j], e.rt.rules[i].id) == 0)
				covered = 1;
		}
		if (!covered)
			fail_msg("session rule %s has no test case",
			    e.rt.rules[i].id);
	}
	env_close(&e);
}

/*
 * duplicate-session: the plan cannot know what other workers saw, so
 * each session gives a candidate keyed by its session_id; the second
 * sight of a key is the finding.
 */
static void
test_duplicate(void **state)
{
	static const struct edit other[] = {
		{ "/session_id", QSID("|", "2", T_START, T_END) },
		{ NULL, NULL }
	};
	static const struct edit bad[] = {
		{ "/session_id", "5" },
		{ NULL, NULL }
	};
	struct env		 e;
	struct collector	 c;

	(void)state;
	env_open(&e, NULL, 0);
	run(&e, parse(baseline), &c);
	expect_none(&c, "first sight");
	if (c.ncand != 1 || strcmp(c.cand.id, "duplicate-session") != 0 ||
	    strcmp(c.cand.field, "/session_id") != 0 ||
	    strcmp(c.candkey, SID("-", "2", T_START, T_END)) != 0)
		fail_msg("first sight: want one duplicate-session candidate "
		    "keyed by the session_id, got %zu: %s at %s key \"%s\"",
		    c.ncand, c.cand.id, c.cand.field, c.candkey);
	run(&e, parse(baseline), &c);
	expect_one(&c, "second sight", "duplicate-session", "/session_id");
	/* Another session_id is another key. */
	run(&e, edited(other), &c);
	expect_none(&c, "another session_id");
	assert_int_equal(c.ncand, 1);
	assert_string_equal(c.candkey, SID("|", "2", T_START, T_END));
	/* No usable session_id, no candidate. */
	run(&e, edited(bad), &c);
	expect_one(&c, "session_id a number", "field-type", "/session_id");
	assert_int_equal(c.ncand, 0);
	env_close(&e);
}

/* file-window applies only to files whose name gives an interval. */
static void
test_file_window(void **state)
{
	static const struct edit early[] = {
		/* 02:08:30 on the day before: a day early, same times. */
		{ "/start_time", "1795918087414" },
		{ "/end_time", "1795918510735" },
		{ "/session_id", QSID("-", "2", "1795918087414",
		    "1795918510735") },
		{ NULL, NULL }
	};
	static const struct edit times[] = {
		{ "/offers/7001", "1795918100000" },
		{ "/offers/7002", "1795918200000" },
		{ "/page_event_ids/43582", "1795918457104" },
		{ "/cart_lines/0/time", "1795918360054" },
		{ "/view_lines/0/time", "1795918214121" },
		{ "/purchase_lines/p1/time", "1795918437570" },
		{ "/purchase_lines/p2/time", "1795918305744" },
		{ NULL, NULL }
	};
	struct env		 e;
	struct collector	 c;
	struct json_object	*obj;
	size_t			 i;

	(void)state;
	env_open(&e, NULL, 0);
	obj = edited(early);
	for (i = 0; times[i].ptr != NULL; i++)
		apply_edit(obj, &times[i]);
	run(&e, obj, &c);
	expect_one(&c, "a day early", "file-window", "/end_time");
	if (strstr(c.s[0].message, "before the file's interval") == NULL)
		fail_msg("a day early: %s", c.s[0].message);

	/* The same session in a file with no interval in its name. */
	env_replan(&e);
	session_begin_file(e.plan, "1234", 0, 0);
	obj = edited(early);
	for (i = 0; times[i].ptr != NULL; i++)
		apply_edit(obj, &times[i]);
	run(&e, obj, &c);
	expect_none(&c, "no window");
	env_close(&e);
}

/* Checks whose input is missing or mistyped are held back, and named. */
static void
test_held_back(void **state)
{
	static const struct edit pv[] = {
		{ "/page_views", "\"3\"" },
		/* Both would be findings if page_views were read. */
		{ "/page_views_ss", "10" },
		{ "/is_bounce", "\"t\"" },
		{ NULL, NULL }
	};
	static const struct edit end[] = {
		{ "/end_time", NULL },
		/* Would be an event-time finding against any span. */
		{ "/offers/7001", "1" },
		{ NULL, NULL }
	};
	struct env		 e;
	struct collector	 c;

	(void)state;
	env_open(&e, NULL, 0);
	run(&e, edited(pv), &c);
	expect_one(&c, "page_views a string", "field-type", "/page_views");
	if (strstr(c.s[0].message, "not evaluated: ss-page-views, bounce") ==
	    NULL)
		fail_msg("page_views: \"%s\" does not name the checks held "
		    "back", c.s[0].message);

	env_replan(&e);
	run(&e, edited(end), &c);
	expect_one(&c, "end_time missing", "required-field", "/end_time");
	if (strstr(c.s[0].message, "not evaluated: session-id-composition, "
	    "time-order, session-length, time-on-site, event-time") == NULL)
		fail_msg("end_time: \"%s\" does not name the checks held back",
		    c.s[0].message);
	env_close(&e);
}

/* Each variable-size field reaches the item limit at 1000, not 999. */
static void
test_item_limit(void **state)
{
	static const char *const fields[] = {
		"/custom_targets", "/offers", "/page_event_ids", "/purchases",
		"/cart_lines", "/view_lines", "/purchase_lines",
		"/purchase_lines/p1/items", "/purchase_lines/p2/items",
	};
	struct env		 e;
	struct collector	 c;
	struct json_object	*obj;
	size_t			 i;

	(void)state;
	env_open(&e, NULL, 0);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		env_replan(&e);
		obj = parse(baseline);
		grow(obj, fields[i], 1000);
		run(&e, obj, &c);
		/*
		 * For purchases, purchase-count and the two sums over them
		 * are not evaluated at the limit.
		 */
		expect_one(&c, fields[i], "item-limit", fields[i]);
		if (strstr(c.s[0].message, "1000 entries") == NULL)
			fail_msg("%s: \"%s\" lacks the count", fields[i],
			    c.s[0].message);

		env_replan(&e);
		obj = parse(baseline);
		grow(obj, fields[i], 999);
		run(&e, obj, &c);
		if (strcmp(fields[i], "/purchases") != 0) {
			expect_none(&c, fields[i]);
			continue;
		}
		/* Below the limit, 997 more purchases break every sum. */
		if (c.n != 3 || count_rule(&c, "purchase-count") != 1 ||
		    count_rule(&c, "session-value-sum") != 1 ||
		    count_rule(&c, "ss-purchase-value") != 1)
			fail_msg("999 purchases: want purchase-count, "
			    "session-value-sum and ss-purchase-value, got "
			    "%zu:%s", c.n, dump(&c));
	}
	env_close(&e);
}

/*
 * n purchases of 1 each, the sums and squares consistent with them;
 * purchase_count (and session_id) say count.
 */
static struct json_object *
purchases_session(size_t n, size_t count)
{
	struct json_object	*obj, *pur;
	char			 buf[256];
	size_t			 i;

	obj = parse(baseline);
	pur = json_object_new_object();
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "o%zu", i);
		json_object_object_add(pur, buf, json_object_new_int(1));
	}
	json_object_object_add(obj, "purchases", pur);
	json_object_object_add(obj, "session_value",
	    json_object_new_double((double)n));
	json_object_object_add(obj, "session_value_ss",
	    json_object_new_double((double)n * (double)n));
	json_object_object_add(obj, "purchase_value_ss",
	    json_object_new_double((double)n));
	json_object_object_add(obj, "purchase_count",
	    json_object_new_int64((int64_t)count));
	snprintf(buf, sizeof buf, "%s-%zu-%s-%s", GUID, count, T_START, T_END);
	json_object_object_add(obj, "session_id", json_object_new_string(buf));
	return obj;
}

static void
test_purchase_count_at_limit(void **state)
{
	struct env		 e;
	struct collector	 c;

	(void)state;
	env_open(&e, NULL, 0);
	run(&e, purchases_session(999, 999), &c);
	expect_none(&c, "999 purchases, counted");
	env_replan(&e);
	run(&e, purchases_session(999, 2), &c);
	expect_one(&c, "999 purchases, count 2", "purchase-count",
	    "/purchase_count");
	env_replan(&e);
	run(&e, purchases_session(1000, 1000), &c);
	expect_one(&c, "1000 purchases, counted", "item-limit", "/purchases");
	env_replan(&e);
	/* The count is wrong, but purchases are incomplete: not checked. */
	run(&e, purchases_session(1000, 2), &c);
	expect_one(&c, "1000 purchases, count 2", "item-limit", "/purchases");
	env_close(&e);
}

static void
test_personal_data(void **state)
{
	static const struct edit pii[] = {
		{ "/custom_targets/1093", "\"jane.doe@example.com\"" },
		{ NULL, NULL }
	};
	struct env		 e;
	struct collector	 c;

	(void)state;
	env_open(&e, NULL, 0);
	run(&e, edited(pii), &c);
	expect_one(&c, "pii hidden", "pii", "/custom_targets/1093");
	if (strstr(c.s[0].message, "jane") != NULL ||
	    strstr(c.s[0].message, "example.com") != NULL)
		fail_msg("pii: the message shows the value: %s",
		    c.s[0].message);
	env_close(&e);

	env_open(&e, NULL, 1);
	run(&e, edited(pii), &c);
	expect_one(&c, "pii shown", "pii", "/custom_targets/1093");
	if (strstr(c.s[0].message, "jane.doe@example.com") == NULL)
		fail_msg("pii with show_values: the message lacks the value: "
		    "%s", c.s[0].message);
	env_close(&e);
}

struct sid_case {
	const char	*sid;
	int		 finding_default;
	int		 finding_pinned;	/* separator: "-" */
};

static const struct sid_case sid_cases[] = {
	{ SID("-", "2", T_START, T_END), 0, 0 },
	{ SID("|", "2", T_START, T_END), 0, 1 },
	{ SID("_", "2", T_START, T_END), 0, 1 },
	/* Two different separators. */
	{ GUID "-2|" T_START "-" T_END, 1, 1 },
	{ GUID "|2|" T_START "-" T_END, 1, 1 },
	/* A separator that occurs in a neighbouring part (the guid). */
	{ SID(".", "2", T_START, T_END), 1, 1 },
	{ SID(":", "2", T_START, T_END), 1, 1 },
	/* No separator, a doubled one, a trailing one. */
	{ GUID "2" T_START T_END, 1, 1 },
	{ SID("--", "2", T_START, T_END), 1, 1 },
	{ SID("-", "2", T_START, T_END) "-", 1, 1 },
	{ SID("-", "2", T_START, T_END "0"), 1, 1 },
};

static void
test_composition(void **state)
{
	const char *const	 sites[] = { NULL, "version: 1\nchecks:\n"
	    "  - id: session-id-composition\n    separator: \"-\"\n" };
	const struct sid_case	*sc;
	struct env		 e;
	struct collector	 c;
	struct json_object	*obj;
	size_t			 i, pinned;
	int			 want;

	(void)state;
	for (pinned = 0; pinned < 2; pinned++) {
		env_open(&e, sites[pinned], 0);
		for (i = 0; i < sizeof sid_cases / sizeof sid_cases[0]; i++) {
			sc = &sid_cases[i];
			env_replan(&e);
			obj = parse(baseline);
			json_object_object_add(obj, "session_id",
			    json_object_new_string(sc->sid));
			run(&e, obj, &c);
			want = pinned ? sc->finding_pinned :
			    sc->finding_default;
			if (!want && c.n != 0)
				fail_msg("%s (%s): want no finding, got "
				    "%zu:%s", sc->sid, pinned ? "pinned" :
				    "default", c.n, dump(&c));
			if (want)
				expect_one(&c, sc->sid,
				    "session-id-composition", "/session_id");
		}
		env_close(&e);
	}
}

static void
test_site_overrides(void **state)
{
	static const char site[] =
	    "version: 1\n"
	    "checks:\n"
	    "  - id: bounce\n"
	    "    severity: error\n"
	    "  - id: session-id-composition\n"
	    "    separator: \"-\"\n"
	    "  - id: pii\n"
	    "    enabled: false\n"
	    "  - id: closed\n"
	    "    threshold: \"0.5%\"\n";
	static const struct edit pii[] = {
		{ "/custom_targets/1093", "\"jane.doe@example.com\"" },
		{ NULL, NULL }
	};
	static const struct edit pipe[] = {
		{ "/session_id", QSID("|", "2", T_START, T_END) },
		{ NULL, NULL }
	};
	static const struct edit bounce[] = {
		{ "/is_bounce", "\"t\"" },
		{ NULL, NULL }
	};
	struct env		 e;
	struct collector	 c;
	const struct rule	*r;

	(void)state;
	/* The defaults first, so that each override is seen to change it. */
	env_open(&e, NULL, 0);
	assert_int_equal(e.rt.rules[rule_index(&e, "bounce")].severity,
	    SEV_WARNING);
	r = &e.rt.rules[rule_index(&e, "closed")];
	assert_true(r->threshold_fraction < 0);
	assert_int_equal(r->threshold_count, 0);
	run(&e, edited(pii), &c);
	expect_one(&c, "default pii", "pii", "/custom_targets/1093");
	env_replan(&e);
	run(&e, edited(pipe), &c);
	expect_none(&c, "default separator \"|\"");
	env_close(&e);

	env_open(&e, site, 0);
	/* (a) a severity. */
	assert_int_equal(e.rt.rules[rule_index(&e, "bounce")].severity,
	    SEV_ERROR);
	run(&e, edited(bounce), &c);
	expect_one(&c, "site bounce", "bounce", "/is_bounce");
	/* (b) the separator. */
	env_replan(&e);
	run(&e, edited(pipe), &c);
	expect_one(&c, "site separator \"|\"", "session-id-composition",
	    "/session_id");
	if (strstr(c.s[0].message, "joined by the separator") == NULL)
		fail_msg("pinned separator: %s", c.s[0].message);
	env_replan(&e);
	run(&e, parse(baseline), &c);
	expect_none(&c, "site separator \"-\"");
	/* (c) a disabled check. */
	assert_int_equal(e.rt.rules[rule_index(&e, "pii")].enabled, 0);
	env_replan(&e);
	run(&e, edited(pii), &c);
	expect_none(&c, "site pii");
	/* (d) a threshold. */
	r = &e.rt.rules[rule_index(&e, "closed")];
	if (fabs(r->threshold_fraction - 0.005) > 1e-15)
		fail_msg("closed: threshold_fraction %g, want 0.005",
		    r->threshold_fraction);
	assert_int_equal(r->threshold_count, 0);
	/* Nothing else moved: the rules keep their order. */
	assert_string_equal(e.rt.rules[rule_index(&e, "bounce") + 1].id,
	    "non-negative");
	env_close(&e);
}

/* A composition part longer than any fixed buffer. */
static void
test_long_parts(void **state)
{
	struct env		 e;
	struct collector	 c;
	struct json_object	*obj;
	char			 guid[400], sid[600];
	const char		*st, *en;

	(void)state;
	env_open(&e, NULL, 0);
	/* A guid of 300 characters, with a session_id made of it. */
	obj = parse(baseline);
	memset(guid, 'a', sizeof guid);
	memcpy(guid, "1234:", 5);
	guid[300] = '\0';
	st = json_object_get_string(json_object_object_get(obj, "start_time"));
	en = json_object_get_string(json_object_object_get(obj, "end_time"));
	snprintf(sid, sizeof sid, "%s-%d-%s-%s", guid, json_object_get_int(
	    json_object_object_get(obj, "purchase_count")), st, en);
	json_object_object_add(obj, "guid", json_object_new_string(guid));
	json_object_object_add(obj, "session_id", json_object_new_string(sid));
	run(&e, obj, &c);
	expect_none(&c, "a 300-character guid");

	env_close(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_clean),
		cmocka_unit_test(test_one_finding_each),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_file_window),
		cmocka_unit_test(test_held_back),
		cmocka_unit_test(test_item_limit),
		cmocka_unit_test(test_purchase_count_at_limit),
		cmocka_unit_test(test_personal_data),
		cmocka_unit_test(test_composition),
		cmocka_unit_test(test_site_overrides),
		cmocka_unit_test(test_long_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
