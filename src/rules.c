/* SPDX-License-Identifier: MIT */
/*
 * Loading, layering and checking rule files.  A file is read in three
 * steps.  libyaml builds the document tree, which knows the line and
 * column of every node; the tree is checked against the libcyaml schema
 * below (unknown keys, wrong scalar types, missing keys), so that every
 * structural error names its position; then libcyaml loads the same text
 * into the rdoc structures, which are merged into the ruleset and checked
 * for meaning (kinds, parameters, referenced fields, regular expressions,
 * thresholds), again with positions taken from the tree.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cyaml/cyaml.h>
#include <yaml.h>

#include "rules.h"
#include "xmalloc.h"

#define RULES_MAX_FILE	(16 * 1024 * 1024)

/* The document as libcyaml loads it: every key optional but the ids. */
struct rdoc_cond {
	char		*field;
	char		*op;
	char		*value;
};

struct rdoc_check {
	char		*id;
	char		*kind;
	char		*severity;
	bool		*enabled;
	char		*threshold;
	char		*description;
	char		*example;
	char		*field;
	char		**fields;
	unsigned	 fields_count;
	char		*of;
	char		**parts;
	unsigned	 parts_count;
	char		*separator;
	char		*value;
	char		**values;
	unsigned	 values_count;
	char		*value_from;
	double		*min;
	double		*max;
	char		*pattern;
	char		*match;
	char		*start;
	char		*end;
	double		*scale;
	bool		*money;
	struct rdoc_cond *when;
	bool		*one_way;
};

struct rdoc_field {
	char		*name;
	char		*type;
	bool		*required;
	bool		*nullable;
	bool		*personal;
	char		*description;
};

struct rdoc_settings {
	uint64_t	*max_line_length;
	uint64_t	*item_limit;
	double		*money_tolerance;
	double		*relative_tolerance;
	char		*account;
	uint64_t	*interval_minutes;
	char		*duration;
	char		*extension;
	uint64_t	*retention_days;
	double		*file_window_slack_minutes;
	uint64_t	*session_open_hours;
};

struct rdoc {
	unsigned		*version;
	struct rdoc_settings	*settings;
	struct rdoc_field	*fields;
	unsigned		 fields_count;
	struct rdoc_check	*checks;
	unsigned		 checks_count;
};

#define RDOC_OPT	(CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL)

static const cyaml_schema_value_t rdoc_string = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, CYAML_UNLIMITED),
};

static const cyaml_schema_field_t rdoc_cond_fields[] = {
	CYAML_FIELD_STRING_PTR("field", CYAML_FLAG_POINTER, struct rdoc_cond,
	    field, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("op", CYAML_FLAG_POINTER, struct rdoc_cond, op,
	    1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("value", CYAML_FLAG_POINTER, struct rdoc_cond,
	    value, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t rdoc_check_fields[] = {
	CYAML_FIELD_STRING_PTR("id", CYAML_FLAG_POINTER, struct rdoc_check, id,
	    1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("kind", RDOC_OPT, struct rdoc_check, kind, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("severity", RDOC_OPT, struct rdoc_check,
	    severity, 1, CYAML_UNLIMITED),
	CYAML_FIELD_BOOL_PTR("enabled", RDOC_OPT, struct rdoc_check, enabled),
	CYAML_FIELD_STRING_PTR("threshold", RDOC_OPT, struct rdoc_check,
	    threshold, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("description", RDOC_OPT, struct rdoc_check,
	    description, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("example", RDOC_OPT, struct rdoc_check,
	    example, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("field", RDOC_OPT, struct rdoc_check, field, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("fields", RDOC_OPT, struct rdoc_check, fields,
	    &rdoc_string, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("of", RDOC_OPT, struct rdoc_check, of, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("parts", RDOC_OPT, struct rdoc_check, parts,
	    &rdoc_string, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("separator", RDOC_OPT, struct rdoc_check,
	    separator, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("value", RDOC_OPT, struct rdoc_check, value, 0,
	    CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("values", RDOC_OPT, struct rdoc_check, values,
	    &rdoc_string, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("value_from", RDOC_OPT, struct rdoc_check,
	    value_from, 1, CYAML_UNLIMITED),
	CYAML_FIELD_FLOAT_PTR("min", RDOC_OPT, struct rdoc_check, min),
	CYAML_FIELD_FLOAT_PTR("max", RDOC_OPT, struct rdoc_check, max),
	CYAML_FIELD_STRING_PTR("pattern", RDOC_OPT, struct rdoc_check,
	    pattern, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("match", RDOC_OPT, struct rdoc_check, match, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("start", RDOC_OPT, struct rdoc_check, start, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("end", RDOC_OPT, struct rdoc_check, end, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_FLOAT_PTR("scale", RDOC_OPT, struct rdoc_check, scale),
	CYAML_FIELD_BOOL_PTR("money", RDOC_OPT, struct rdoc_check, money),
	CYAML_FIELD_MAPPING_PTR("when", RDOC_OPT, struct rdoc_check, when,
	    rdoc_cond_fields),
	CYAML_FIELD_BOOL_PTR("one_way", RDOC_OPT, struct rdoc_check, one_way),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t rdoc_field_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER, struct rdoc_field,
	    name, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("type", RDOC_OPT, struct rdoc_field, type, 1,
	    CYAML_UNLIMITED),
	CYAML_FIELD_BOOL_PTR("required", RDOC_OPT, struct rdoc_field,
	    required),
	CYAML_FIELD_BOOL_PTR("nullable", RDOC_OPT, struct rdoc_field,
	    nullable),
	CYAML_FIELD_BOOL_PTR("personal", RDOC_OPT, struct rdoc_field,
	    personal),
	CYAML_FIELD_STRING_PTR("description", RDOC_OPT, struct rdoc_field,
	    description, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t rdoc_settings_fields[] = {
	CYAML_FIELD_UINT_PTR("max_line_length", RDOC_OPT, struct rdoc_settings,
	    max_line_length),
	CYAML_FIELD_UINT_PTR("item_limit", RDOC_OPT, struct rdoc_settings,
	    item_limit),
	CYAML_FIELD_FLOAT_PTR("money_tolerance", RDOC_OPT,
	    struct rdoc_settings, money_tolerance),
	CYAML_FIELD_FLOAT_PTR("relative_tolerance", RDOC_OPT,
	    struct rdoc_settings, relative_tolerance),
	CYAML_FIELD_STRING_PTR("account", RDOC_OPT, struct rdoc_settings,
	    account, 0, CYAML_UNLIMITED),
	CYAML_FIELD_UINT_PTR("interval_minutes", RDOC_OPT, struct rdoc_settings,
	    interval_minutes),
	CYAML_FIELD_STRING_PTR("duration", RDOC_OPT, struct rdoc_settings,
	    duration, 1, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("extension", RDOC_OPT, struct rdoc_settings,
	    extension, 1, CYAML_UNLIMITED),
	CYAML_FIELD_UINT_PTR("retention_days", RDOC_OPT, struct rdoc_settings,
	    retention_days),
	CYAML_FIELD_FLOAT_PTR("file_window_slack_minutes", RDOC_OPT,
	    struct rdoc_settings, file_window_slack_minutes),
	CYAML_FIELD_UINT_PTR("session_open_hours", RDOC_OPT,
	    struct rdoc_settings, session_open_hours),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t rdoc_check_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rdoc_check,
	    rdoc_check_fields),
};

static const cyaml_schema_value_t rdoc_field_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct rdoc_field,
	    rdoc_field_fields),
};

static const cyaml_schema_field_t rdoc_fields[] = {
	CYAML_FIELD_UINT_PTR("version", RDOC_OPT, struct rdoc, version),
	CYAML_FIELD_MAPPING_PTR("settings", RDOC_OPT, struct rdoc, settings,
	    rdoc_settings_fields),
	CYAML_FIELD_SEQUENCE("fields", RDOC_OPT, struct rdoc, fields,
	    &rdoc_field_schema, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("checks", RDOC_OPT, struct rdoc, checks,
	    &rdoc_check_schema, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t rdoc_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct rdoc, rdoc_fields),
};

static void
rules_cyaml_log(cyaml_log_t level, void *ctx, const char *fmt, va_list ap)
{
	(void)level;
	(void)ctx;
	(void)fmt;
	(void)ap;
	/*
	 * The tree check before the load reports every error with its
	 * position; libcyaml's own account would only repeat it.
	 */
}

static const cyaml_config_t rules_cyaml_cfg = {
	.log_fn = rules_cyaml_log,
	.log_ctx = NULL,
	.mem_fn = cyaml_mem,
	.log_level = CYAML_LOG_ERROR,
	.flags = CYAML_CFG_NO_ALIAS,
};

/* Which parameters each kind takes. */
enum {
	P_FIELD = 1 << 0,
	P_FIELDS = 1 << 1,
	P_OF = 1 << 2,
	P_PARTS = 1 << 3,
	P_SEPARATOR = 1 << 4,
	P_VALUE = 1 << 5,
	P_VALUES = 1 << 6,
	P_VALUE_FROM = 1 << 7,
	P_MIN = 1 << 8,
	P_MAX = 1 << 9,
	P_PATTERN = 1 << 10,
	P_MATCH = 1 << 11,
	P_START = 1 << 12,
	P_END = 1 << 13,
	P_SCALE = 1 << 14,
	P_MONEY = 1 << 15,
	P_WHEN = 1 << 16,
	P_ONE_WAY = 1 << 17
};

static const char *const rules_param_names[] = {
	"field", "fields", "of", "parts", "separator", "value", "values",
	"value_from", "min", "max", "pattern", "match", "start", "end",
	"scale", "money", "when", "one_way"
};
#define RULES_NPARAMS \
	(sizeof rules_param_names / sizeof rules_param_names[0])

struct rules_kind_info {
	const char	*name;
	unsigned	 allowed;
	unsigned	 required;
	int		 single;	/* at most one check of the kind */
	enum severity	 severity;	/* default */
};

static const struct rules_kind_info rules_kinds[KIND_COUNT_] = {
	[KIND_JSON_SYNTAX] = { "json-syntax", 0, 0, 1, SEV_ERROR },
	[KIND_UTF8] = { "utf8", 0, 0, 1, SEV_ERROR },
	[KIND_LINE_LENGTH] = { "line-length", 0, 0, 1, SEV_ERROR },
	[KIND_BLANK_LINE] = { "blank-line", 0, 0, 1, SEV_WARNING },
	[KIND_GZIP] = { "gzip", 0, 0, 1, SEV_ERROR },
	[KIND_EMPTY_FILE] = { "empty-file", 0, 0, 1, SEV_WARNING },
	[KIND_FILENAME] = { "filename", 0, 0, 1, SEV_ERROR },
	[KIND_FILENAME_DATE] = { "filename-date", 0, 0, 1, SEV_ERROR },
	[KIND_FILENAME_ALIGNMENT] = { "filename-alignment", 0, 0, 1,
	    SEV_ERROR },
	[KIND_FILENAME_DURATION] = { "filename-duration", 0, 0, 1,
	    SEV_ERROR },
	[KIND_DIRECTORY_DATE] = { "directory-date", 0, 0, 1, SEV_ERROR },
	[KIND_COVERAGE] = { "coverage", 0, 0, 1, SEV_ERROR },
	[KIND_RETENTION] = { "retention", 0, 0, 1, SEV_INFO },
	[KIND_REQUIRED] = { "required", 0, 0, 1, SEV_ERROR },
	[KIND_TYPE] = { "type", 0, 0, 1, SEV_ERROR },
	[KIND_UNKNOWN] = { "unknown", 0, 0, 1, SEV_WARNING },
	[KIND_FLAG] = { "flag", P_FIELDS | P_VALUES, P_FIELDS, 0,
	    SEV_ERROR },
	[KIND_CONST] = { "const", P_FIELD | P_VALUE | P_VALUE_FROM, P_FIELD, 0,
	    SEV_ERROR },
	[KIND_ENUM] = { "enum", P_FIELD | P_VALUES, P_FIELD | P_VALUES, 0,
	    SEV_ERROR },
	[KIND_SET] = { "set", P_FIELD | P_VALUES, P_FIELD | P_VALUES, 0,
	    SEV_ERROR },
	[KIND_RANGE] = { "range", P_FIELDS | P_MIN | P_MAX, P_FIELDS, 0,
	    SEV_ERROR },
	[KIND_PATTERN] = { "pattern", P_FIELDS | P_PATTERN | P_MATCH,
	    P_FIELDS | P_PATTERN, 0, SEV_ERROR },
	[KIND_SQUARE] = { "square", P_FIELD | P_OF | P_MONEY,
	    P_FIELD | P_OF, 0, SEV_ERROR },
	[KIND_SUM_OF_SQUARES] = { "sum-of-squares", P_FIELD | P_OF | P_MONEY,
	    P_FIELD | P_OF, 0, SEV_ERROR },
	[KIND_SUM] = { "sum", P_FIELD | P_OF | P_MONEY, P_FIELD | P_OF, 0,
	    SEV_ERROR },
	[KIND_COUNT] = { "count", P_FIELD | P_OF, P_FIELD | P_OF, 0,
	    SEV_ERROR },
	[KIND_EQUIVALENCE] = { "equivalence", P_FIELD | P_WHEN | P_ONE_WAY,
	    P_FIELD | P_WHEN, 0, SEV_WARNING },
	[KIND_COMPOSITION] = { "composition", P_FIELD | P_PARTS | P_SEPARATOR,
	    P_FIELD | P_PARTS, 0, SEV_ERROR },
	[KIND_ITEM_LIMIT] = { "item-limit", P_FIELDS, P_FIELDS, 0,
	    SEV_WARNING },
	[KIND_TIME_ORDER] = { "time-order", P_START | P_END, P_START | P_END,
	    0, SEV_ERROR },
	[KIND_MAX_SPAN] = { "max-span", P_START | P_END | P_MAX,
	    P_START | P_END | P_MAX, 0, SEV_WARNING },
	[KIND_WITHIN_SPAN] = { "within-span",
	    P_FIELD | P_SCALE | P_START | P_END, P_FIELD | P_START | P_END, 0,
	    SEV_WARNING },
	[KIND_TIMES_WITHIN] = { "times-within", P_FIELDS | P_START | P_END,
	    P_FIELDS | P_START | P_END, 0, SEV_WARNING },
	[KIND_UNIQUE] = { "unique", P_FIELD, P_FIELD, 0, SEV_ERROR },
	[KIND_FILE_WINDOW] = { "file-window", P_FIELD, P_FIELD, 0, SEV_INFO },
};

static const char *const rules_types[] = {
	[TYPE_ANY] = "any",
	[TYPE_STRING] = "string",
	[TYPE_NUMBER] = "number",
	[TYPE_INTEGER] = "integer",
	[TYPE_BOOLEAN] = "boolean",
	[TYPE_OBJECT] = "object",
	[TYPE_ARRAY] = "array",
};

/* The state of loading one file. */
struct rload {
	struct ruleset	*rs;
	const char	*path;		/* as stored in rs->layers */
	yaml_document_t	 doc;
	char		*cause;
};

const char *
rules_kind_name(enum rules_kind k)
{
	return rules_kinds[k].name;
}

int
rules_builtin_of(enum rules_kind k)
{
	switch (k) {
	case KIND_JSON_SYNTAX:
		return RULE_JSON_SYNTAX;
	case KIND_UTF8:
		return RULE_UTF8;
	case KIND_LINE_LENGTH:
		return RULE_LINE_LENGTH;
	case KIND_BLANK_LINE:
		return RULE_BLANK_LINE;
	case KIND_GZIP:
		return RULE_GZIP;
	case KIND_EMPTY_FILE:
		return RULE_EMPTY_FILE;
	case KIND_FILENAME:
		return RULE_FILENAME;
	case KIND_FILENAME_DATE:
		return RULE_FILENAME_DATE;
	case KIND_FILENAME_ALIGNMENT:
		return RULE_FILENAME_ALIGNMENT;
	case KIND_FILENAME_DURATION:
		return RULE_FILENAME_DURATION;
	case KIND_DIRECTORY_DATE:
		return RULE_DIRECTORY_DATE;
	case KIND_COVERAGE:
		return RULE_COVERAGE;
	case KIND_RETENTION:
		return RULE_RETENTION;
	default:
		return -1;
	}
}

struct ruleset *
rules_new(void)
{
	struct ruleset	*rs;

	rs = xcalloc(1, sizeof *rs);
	rs->settings.max_line_length = 16UL * 1024 * 1024;
	rs->settings.item_limit = 1000;
	rs->settings.money_tolerance = 0.01;
	rs->settings.relative_tolerance = 1e-9;
	rs->settings.account = xstrdup("");
	rs->settings.interval_minutes = 15;
	rs->settings.duration = xstrdup("PT15M");
	rs->settings.extension = xstrdup(".json.gz");
	rs->settings.retention_days = 820;
	rs->settings.file_window_slack_minutes = 5;
	rs->settings.session_open_hours = 12;
	return rs;
}

static void
rules_free_strv(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
rules_check_clear(struct rules_check *c)
{
	free(c->id);
	free(c->threshold);
	free(c->description);
	free(c->example);
	free(c->field);
	rules_free_strv(c->fields, c->nfields);
	free(c->of);
	rules_free_strv(c->parts, c->nparts);
	free(c->separator);
	free(c->value);
	rules_free_strv(c->values, c->nvalues);
	free(c->value_from);
	free(c->pattern);
	free(c->match);
	free(c->start);
	free(c->end);
	free(c->when.field);
	free(c->when.op);
	free(c->when.value);
}

void
rules_free(struct ruleset *rs)
{
	size_t	 i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nchecks; i++)
		rules_check_clear(&rs->checks[i]);
	for (i = 0; i < rs->nfields; i++) {
		free(rs->fields[i].name);
		free(rs->fields[i].description);
	}
	free(rs->checks);
	free(rs->fields);
	rules_free_strv(rs->layers, rs->nlayers);
	free(rs->settings.account);
	free(rs->settings.duration);
	free(rs->settings.extension);
	free(rs);
}

const struct rules_check *
rules_find_check(const struct ruleset *rs, const char *id)
{
	size_t	 i;

	for (i = 0; i < rs->nchecks; i++) {
		if (strcmp(rs->checks[i].id, id) == 0)
			return &rs->checks[i];
	}
	return NULL;
}

const struct rules_field *
rules_find_field(const struct ruleset *rs, const char *name)
{
	size_t	 i;

	for (i = 0; i < rs->nfields; i++) {
		if (strcmp(rs->fields[i].name, name) == 0)
			return &rs->fields[i];
	}
	return NULL;
}

/* Record an error at a node's position. */
static int __attribute__((format(printf, 3, 4)))
rules_err(struct rload *L, yaml_node_t *node, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	free(L->cause);
	if (node != NULL)
		xasprintf(&L->cause, "%s:%zu:%zu: %s", L->path,
		    node->start_mark.line + 1, node->start_mark.column + 1,
		    what);
	else
		xasprintf(&L->cause, "%s: %s", L->path, what);
	free(what);
	return -1;
}

static yaml_node_t *
rules_node(struct rload *L, int index)
{
	return yaml_document_get_node(&L->doc, index);
}

static const char *
rules_scalar(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

/* The value node of key in a mapping node, or NULL. */
static yaml_node_t *
rules_get(struct rload *L, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*p;
	const char		*k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = rules_scalar(rules_node(L, p->key));
		if (k != NULL && strcmp(k, key) == 0)
			return rules_node(L, p->value);
	}
	return NULL;
}

/* The key node of key in a mapping node, or the mapping itself. */
static yaml_node_t *
rules_key(struct rload *L, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*p;
	const char		*k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return map;
	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = rules_scalar(rules_node(L, p->key));
		if (k != NULL && strcmp(k, key) == 0)
			return rules_node(L, p->key);
	}
	return map;
}

static int
rules_is_null(yaml_node_t *n)
{
	const char	*s = rules_scalar(n);

	return s != NULL && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0 || s[0] == '\0');
}

static const char *
rules_schema_kind(const cyaml_schema_value_t *schema)
{
	switch (schema->type) {
	case CYAML_INT:
		return "an integer";
	case CYAML_UINT:
		return "a whole number";
	case CYAML_BOOL:
		return "true or false";
	case CYAML_FLOAT:
		return "a number";
	case CYAML_STRING:
		return "a string";
	case CYAML_MAPPING:
		return "a mapping";
	case CYAML_SEQUENCE:
		return "a list";
	default:
		return "a value";
	}
}

static int
rules_scalar_ok(const cyaml_schema_value_t *schema, const char *s)
{
	static const char *const bools[] = { "true", "false", "yes", "no",
	    "on", "off", "enable", "disable", "1", "0" };
	char		*end;
	size_t		 i;

	errno = 0;
	switch (schema->type) {
	case CYAML_STRING:
		return 1;
	case CYAML_BOOL:
		for (i = 0; i < sizeof bools / sizeof bools[0]; i++) {
			if (strcasecmp(s, bools[i]) == 0)
				return 1;
		}
		return 0;
	case CYAML_UINT:
		if (s[0] == '-' || s[0] == '\0')
			return 0;
		(void)strtoull(s, &end, 0);
		return *end == '\0' && errno == 0;
	case CYAML_INT:
		(void)strtoll(s, &end, 0);
		return s[0] != '\0' && *end == '\0' && errno == 0;
	case CYAML_FLOAT:
		(void)strtod(s, &end);
		return s[0] != '\0' && *end == '\0' && errno == 0;
	default:
		return 0;
	}
}

/*
 * Check a node against a libcyaml schema, with positions.  where names
 * the node as a path ("settings.item_limit", "checks[2].kind"), or is
 * empty for the whole document.
 */
static int
rules_check_node(struct rload *L, yaml_node_t *node,
    const cyaml_schema_value_t *schema, const char *where)
{
	const cyaml_schema_field_t	*f;
	yaml_node_pair_t		*p, *q;
	yaml_node_item_t		*it;
	const char			*key, *s, *what;
	char				*known = NULL, *t;
	int				 rc;

	what = where[0] != '\0' ? where : "the file";
	switch (schema->type) {
	case CYAML_MAPPING:
		if (node->type != YAML_MAPPING_NODE)
			return rules_err(L, node, "%s must be a mapping of "
			    "keys to values", what);
		for (p = node->data.mapping.pairs.start;
		    p < node->data.mapping.pairs.top; p++) {
			key = rules_scalar(rules_node(L, p->key));
			if (key == NULL)
				return rules_err(L, rules_node(L, p->key),
				    "a key in %s is not a plain word", what);
			for (q = node->data.mapping.pairs.start; q < p; q++) {
				s = rules_scalar(rules_node(L, q->key));
				if (s != NULL && strcmp(s, key) == 0)
					return rules_err(L,
					    rules_node(L, p->key), "key \"%s\" "
					    "appears twice in %s", key, what);
			}
			for (f = schema->mapping.fields; f->key != NULL; f++) {
				if (strcmp(f->key, key) == 0)
					break;
			}
			if (f->key == NULL) {
				for (f = schema->mapping.fields;
				    f->key != NULL; f++) {
					xasprintf(&t, "%s%s%s",
					    known != NULL ? known : "",
					    known != NULL ? ", " : "", f->key);
					free(known);
					known = t;
				}
				rules_err(L, rules_node(L, p->key),
				    "unknown key \"%s\" in %s (known keys: "
				    "%s)", key, what, known);
				free(known);
				return -1;
			}
			xasprintf(&t, "%s%s%s", where, where[0] != '\0' ? "." :
			    "", key);
			rc = rules_check_node(L, rules_node(L, p->value),
			    &f->value, t);
			free(t);
			if (rc == -1)
				return -1;
		}
		for (f = schema->mapping.fields; f->key != NULL; f++) {
			if ((f->value.flags & CYAML_FLAG_OPTIONAL) == 0 &&
			    rules_get(L, node, f->key) == NULL)
				return rules_err(L, node, "%s lacks the key "
				    "\"%s\"", what, f->key);
		}
		return 0;
	case CYAML_SEQUENCE:
		if (node->type != YAML_SEQUENCE_NODE)
			return rules_err(L, node, "%s must be a list", what);
		if (node->data.sequence.items.top ==
		    node->data.sequence.items.start &&
		    schema->sequence.min > 0)
			return rules_err(L, node, "%s must not be empty",
			    what);
		for (it = node->data.sequence.items.start;
		    it < node->data.sequence.items.top; it++) {
			xasprintf(&t, "%s[%td]", where,
			    it - node->data.sequence.items.start + 1);
			rc = rules_check_node(L, rules_node(L, *it),
			    schema->sequence.entry, t);
			free(t);
			if (rc == -1)
				return -1;
		}
		return 0;
	default:
		s = rules_scalar(node);
		if (s == NULL || (schema->type != CYAML_STRING &&
		    rules_is_null(node)) || !rules_scalar_ok(schema, s))
			return rules_err(L, node, "%s must be %s", what,
			    rules_schema_kind(schema));
		if (schema->type == CYAML_STRING && s[0] == '\0' &&
		    schema->string.min > 0)
			return rules_err(L, node, "%s must not be empty",
			    what);
		return 0;
	}
}

static char **
rules_strv_dup(char **v, unsigned n)
{
	char	**out;
	unsigned i;

	out = xcalloc(n == 0 ? 1 : n, sizeof *out);
	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void
rules_set_str(char **dst, const char *src)
{
	if (src == NULL)
		return;
	free(*dst);
	*dst = xstrdup(src);
}

static void
rules_set_strv(char ***dst, size_t *n, char **src, unsigned count)
{
	if (src == NULL)
		return;
	rules_free_strv(*dst, *n);
	*dst = rules_strv_dup(src, count);
	*n = count;
}

static int
rules_parse_type(const char *s, enum rules_type *tp)
{
	size_t	 i;

	for (i = 0; i < sizeof rules_types / sizeof rules_types[0]; i++) {
		if (strcmp(s, rules_types[i]) == 0) {
			*tp = (enum rules_type)i;
			return 0;
		}
	}
	return -1;
}

/* The field path without its last component, or NULL for a top field. */
static char *
rules_parent(const char *name)
{
	const char	*slash = strrchr(name, '/');

	return slash == NULL ? NULL : xstrndup(name, (size_t)(slash - name));
}

static int
rules_merge_field(struct rload *L, struct rdoc_field *df, yaml_node_t *node)
{
	struct ruleset		*rs = L->rs;
	struct rules_field	*f = NULL;
	const struct rules_field *pf;
	char			*parent;
	const char		*p;
	size_t			 i;

	for (p = df->name; *p != '\0'; p++) {
		if (*p == '/' && (p == df->name || p[1] == '/' ||
		    p[1] == '\0'))
			return rules_err(L, rules_get(L, node, "name"),
			    "field name \"%s\" has an empty path component",
			    df->name);
	}
	for (i = 0; i < rs->nfields; i++) {
		if (strcmp(rs->fields[i].name, df->name) == 0)
			f = &rs->fields[i];
	}
	if (f == NULL) {
		parent = rules_parent(df->name);
		if (parent != NULL) {
			pf = rules_find_field(rs, parent);
			if (pf == NULL) {
				rules_err(L, rules_get(L, node, "name"),
				    "field \"%s\": its parent \"%s\" is not "
				    "declared before it", df->name, parent);
				free(parent);
				return -1;
			}
			free(parent);
		}
		rs->fields = xreallocarray(rs->fields, rs->nfields + 1,
		    sizeof *rs->fields);
		f = &rs->fields[rs->nfields++];
		memset(f, 0, sizeof *f);
		f->name = xstrdup(df->name);
		f->type = TYPE_ANY;
		f->pos.file = L->path;
		f->pos.line = (int)node->start_mark.line + 1;
		f->pos.column = (int)node->start_mark.column + 1;
	}
	if (df->type != NULL && rules_parse_type(df->type, &f->type) == -1)
		return rules_err(L, rules_get(L, node, "type"), "field \"%s\": "
		    "unknown type \"%s\" (use string, number, integer, boolean, "
		    "object, array or any)", df->name, df->type);
	if (df->required != NULL)
		f->required = *df->required;
	if (df->nullable != NULL) {
		f->nullable = *df->nullable;
		f->nullable_set = 1;
	}
	if (df->personal != NULL)
		f->personal = *df->personal;
	rules_set_str(&f->description, df->description);
	/*
	 * A top-level field that is not required may be null; an item or a
	 * member of a nested object may not, unless it says so: a null
	 * among a map's numbers would make every sum over it wrong.
	 */
	if (!f->nullable_set)
		f->nullable = !f->required && strchr(f->name, '/') == NULL;
	return 0;
}

static int
rules_parse_threshold(const char *s, unsigned long long *countp,
    double *fracp)
{
	char		*end;
	double		 d;
	size_t		 n = strlen(s);

	errno = 0;
	if (n > 1 && s[n - 1] == '%') {
		d = strtod(s, &end);
		if (end != s + n - 1 || errno != 0 || !(d >= 0 && d <= 100))
			return -1;
		*fracp = d / 100;
		*countp = 0;
		return 0;
	}
	if (s[0] < '0' || s[0] > '9')
		return -1;
	*countp = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*fracp = -1;
	return 0;
}

/* Whether a field path, or a path into a declared map or array, exists. */
static int
rules_field_known(const struct ruleset *rs, const char *name)
{
	return rules_find_field(rs, name) != NULL;
}

static int
rules_need_field(struct rload *L, struct rules_check *c, yaml_node_t *node,
    const char *key, const char *name)
{
	if (rules_field_known(L->rs, name))
		return 0;
	return rules_err(L, rules_get(L, node, key) != NULL ?
	    rules_get(L, node, key) : node, "check %s: unknown field \"%s\" "
	    "(not in the field schema)", c->id, name);
}

static int
rules_is_number(const char *s)
{
	char	*end;
	double	 d;

	if (s == NULL || *s == '\0')
		return 0;
	d = strtod(s, &end);
	return *end == '\0' && isfinite(d);
}

/*
 * Parameters that name one value of the session must name a top-level
 * field; only lists (fields), set/enum and the items of a sum may reach
 * into maps and arrays.
 */
static int
rules_top_only(struct rload *L, struct rules_check *c, yaml_node_t *node)
{
	const char	*names[5], *keys[5];
	size_t		 n = 0, j;

	if (c->field != NULL && c->kind != KIND_ENUM && c->kind != KIND_SET) {
		names[n] = c->field;
		keys[n++] = "field";
	}
	if (c->start != NULL) {
		names[n] = c->start;
		keys[n++] = "start";
	}
	if (c->end != NULL) {
		names[n] = c->end;
		keys[n++] = "end";
	}
	if (c->of != NULL && c->kind != KIND_SUM &&
	    c->kind != KIND_SUM_OF_SQUARES) {
		names[n] = c->of;
		keys[n++] = "of";
	}
	if (c->has_when) {
		names[n] = c->when.field;
		keys[n++] = "when";
	}
	for (j = 0; j < n; j++) {
		if (strchr(names[j], '/') != NULL)
			return rules_err(L, rules_get(L, node, keys[j]) != NULL ?
			    rules_get(L, node, keys[j]) : node, "check %s: %s "
			    "\"%s\" must be a top-level field for kind %s",
			    c->id, keys[j], names[j], rules_kinds[c->kind].name);
	}
	for (j = 0; j < c->nparts; j++) {
		if (strchr(c->parts[j], '/') != NULL)
			return rules_err(L, rules_get(L, node, "parts"),
			    "check %s: part \"%s\" must be a top-level field",
			    c->id, c->parts[j]);
	}
	return 0;
}

/* Check one merged check for meaning; node is its mapping. */
static int
rules_validate_check(struct rload *L, struct rules_check *c,
    yaml_node_t *node)
{
	const struct rules_kind_info	*ki = &rules_kinds[c->kind];
	const struct rules_field	*f;
	unsigned			 have = 0, i;
	size_t				 j;
	regex_t				 re;
	char				 buf[256];
	int				 rc;
	const char			*ops[] = { "==", "!=", "<", "<=", ">",
					    ">=" };

	if (c->field != NULL)
		have |= P_FIELD;
	if (c->nfields > 0)
		have |= P_FIELDS;
	if (c->of != NULL)
		have |= P_OF;
	if (c->nparts > 0)
		have |= P_PARTS;
	if (c->separator != NULL)
		have |= P_SEPARATOR;
	if (c->value != NULL)
		have |= P_VALUE;
	if (c->nvalues > 0)
		have |= P_VALUES;
	if (c->value_from != NULL)
		have |= P_VALUE_FROM;
	if (c->has_min)
		have |= P_MIN;
	if (c->has_max)
		have |= P_MAX;
	if (c->pattern != NULL)
		have |= P_PATTERN;
	if (c->match != NULL)
		have |= P_MATCH;
	if (c->start != NULL)
		have |= P_START;
	if (c->end != NULL)
		have |= P_END;
	if (c->has_scale)
		have |= P_SCALE;
	if (c->money)
		have |= P_MONEY;
	if (c->has_when)
		have |= P_WHEN;
	if (c->one_way)
		have |= P_ONE_WAY;

	for (i = 0; i < RULES_NPARAMS; i++) {
		if ((have & (1U << i)) && !(ki->allowed & (1U << i)))
			return rules_err(L, rules_key(L, node,
			    rules_param_names[i]), "check %s: parameter \"%s\" "
			    "does not apply to kind %s", c->id,
			    rules_param_names[i], ki->name);
		if (!(have & (1U << i)) && (ki->required & (1U << i)))
			return rules_err(L, node, "check %s: kind %s needs "
			    "the parameter \"%s\"", c->id, ki->name,
			    rules_param_names[i]);
	}
	if (c->kind == KIND_CONST && (c->value == NULL) ==
	    (c->value_from == NULL))
		return rules_err(L, node, "check %s: kind const needs exactly "
		    "one of \"value\" and \"value_from\"", c->id);
	if (c->value_from != NULL && strcmp(c->value_from, "account") != 0)
		return rules_err(L, rules_get(L, node, "value_from"),
		    "check %s: value_from \"%s\" is not known (use account)",
		    c->id, c->value_from);
	if (c->match != NULL && strcmp(c->match, "require") != 0 &&
	    strcmp(c->match, "forbid") != 0)
		return rules_err(L, rules_get(L, node, "match"), "check %s: "
		    "match must be require or forbid, not \"%s\"", c->id,
		    c->match);
	if (c->separator != NULL && strlen(c->separator) != 1)
		return rules_err(L, rules_get(L, node, "separator"),
		    "check %s: separator must be exactly one character",
		    c->id);
	if (c->has_scale && !(c->scale > 0))
		return rules_err(L, rules_get(L, node, "scale"), "check %s: "
		    "scale must be greater than 0", c->id);
	if (c->kind == KIND_RANGE && !c->has_min && !c->has_max)
		return rules_err(L, node, "check %s: kind range needs min, max "
		    "or both", c->id);
	if (c->has_min && c->has_max && c->min > c->max)
		return rules_err(L, rules_get(L, node, "min"), "check %s: min "
		    "is greater than max", c->id);
	if (c->kind == KIND_MAX_SPAN && !(c->max >= 0))
		return rules_err(L, rules_get(L, node, "max"), "check %s: max "
		    "must not be negative", c->id);
	if (c->pattern != NULL) {
		rc = regcomp(&re, c->pattern, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &re, buf, sizeof buf);
			return rules_err(L, rules_get(L, node, "pattern") !=
			    NULL ? rules_get(L, node, "pattern") : node,
			    "check %s: bad regular expression: %s", c->id,
			    buf);
		}
		regfree(&re);
	}
	if (c->has_when) {
		if (!rules_is_number(c->when.value))
			return rules_err(L, rules_get(L, node, "when") != NULL ?
			    rules_get(L, node, "when") : node, "check %s: "
			    "when: value \"%s\" is not a number", c->id,
			    c->when.value);
		for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
			if (strcmp(c->when.op, ops[i]) == 0)
				break;
		}
		if (i == sizeof ops / sizeof ops[0])
			return rules_err(L, rules_get(L, node, "when"),
			    "check %s: unknown operator \"%s\" (use ==, !=, "
			    "<, <=, > or >=)", c->id, c->when.op);
		if (rules_need_field(L, c, node, "when", c->when.field) == -1)
			return -1;
	}

	/* Every field a check names must be in the schema. */
	if (c->field != NULL && rules_need_field(L, c, node, "field",
	    c->field) == -1)
		return -1;
	if (c->kind == KIND_CONST && c->value != NULL &&
	    (f = rules_find_field(L->rs, c->field)) != NULL &&
	    (f->type == TYPE_NUMBER || f->type == TYPE_INTEGER) &&
	    !rules_is_number(c->value))
		return rules_err(L, rules_get(L, node, "value") != NULL ?
		    rules_get(L, node, "value") : node, "check %s: value "
		    "\"%s\" is not a number, but field %s is one", c->id,
		    c->value, c->field);
	/* Most kinds read one value of the session: a top-level field. */
	if (rules_top_only(L, c, node) == -1)
		return -1;
	for (j = 0; j < c->nfields; j++) {
		if (rules_need_field(L, c, node, "fields", c->fields[j]) == -1)
			return -1;
	}
	if (c->of != NULL && rules_need_field(L, c, node, "of", c->of) == -1)
		return -1;
	if (c->start != NULL && rules_need_field(L, c, node, "start",
	    c->start) == -1)
		return -1;
	if (c->end != NULL && rules_need_field(L, c, node, "end",
	    c->end) == -1)
		return -1;
	for (j = 0; j < c->nparts; j++) {
		if (strcmp(c->parts[j], "*") == 0) {
			if (c->separator == NULL)
				return rules_err(L, rules_get(L, node, "parts"),
				    "check %s: a \"*\" part needs a pinned "
				    "separator", c->id);
			continue;
		}
		if (rules_need_field(L, c, node, "parts", c->parts[j]) == -1)
			return -1;
	}
	/* Paths into maps and arrays must end in their items. */
	if (c->kind == KIND_SUM || c->kind == KIND_SUM_OF_SQUARES) {
		if (strstr(c->of, "*") == NULL)
			return rules_err(L, rules_get(L, node, "of"), "check %s: "
			    "of must name the items of a map or array, such "
			    "as \"purchases/*\"", c->id);
	}
	if (c->kind == KIND_COUNT || c->kind == KIND_ITEM_LIMIT) {
		const char *const *names = c->kind == KIND_COUNT ?
		    (const char *const *)&c->of : (const char *const *)c->fields;
		size_t n = c->kind == KIND_COUNT ? 1 : c->nfields;

		for (j = 0; j < n; j++) {
			f = rules_find_field(L->rs, names[j]);
			if (f->type != TYPE_OBJECT && f->type != TYPE_ARRAY)
				return rules_err(L, rules_get(L, node,
				    c->kind == KIND_COUNT ? "of" : "fields"),
				    "check %s: field \"%s\" is not an object "
				    "or an array", c->id, names[j]);
		}
	}
	return 0;
}

static int
rules_merge_check(struct rload *L, struct rdoc_check *dc, yaml_node_t *node)
{
	struct ruleset		*rs = L->rs;
	struct rules_check	*c = NULL;
	enum severity		 sev;
	size_t			 i, k;

	for (i = 0; i < rs->nchecks; i++) {
		if (strcmp(rs->checks[i].id, dc->id) == 0)
			c = &rs->checks[i];
	}
	if (dc->kind != NULL) {
		for (k = 0; k < KIND_COUNT_; k++) {
			if (strcmp(rules_kinds[k].name, dc->kind) == 0)
				break;
		}
		if (k == KIND_COUNT_)
			return rules_err(L, rules_get(L, node, "kind"), "check "
			    "%s: unknown kind \"%s\" (see ssaudit-rules(5))",
			    dc->id, dc->kind);
		if (c != NULL && c->kind != (enum rules_kind)k)
			return rules_err(L, rules_get(L, node, "kind"), "check "
			    "%s is of kind %s; a later file may change its "
			    "parameters but not its kind", dc->id,
			    rules_kinds[c->kind].name);
		if (c == NULL && rules_kinds[k].single) {
			for (i = 0; i < rs->nchecks; i++) {
				if (rs->checks[i].kind == (enum rules_kind)k)
					return rules_err(L, rules_get(L, node,
					    "kind"), "check %s: there can be "
					    "only one check of kind %s (%s is "
					    "one)", dc->id, dc->kind,
					    rs->checks[i].id);
			}
		}
	} else if (c == NULL)
		return rules_err(L, node, "check %s is new here and needs a "
		    "kind (or its id is misspelt)", dc->id);
	else
		k = c->kind;

	if (c == NULL) {
		rs->checks = xreallocarray(rs->checks, rs->nchecks + 1,
		    sizeof *rs->checks);
		c = &rs->checks[rs->nchecks++];
		memset(c, 0, sizeof *c);
		c->id = xstrdup(dc->id);
		c->kind = (enum rules_kind)k;
		c->severity = rules_kinds[k].severity;
		c->enabled = 1;
		c->threshold_fraction = -1;
		c->pos.file = L->path;
		c->pos.line = (int)node->start_mark.line + 1;
		c->pos.column = (int)node->start_mark.column + 1;
	}
	if (dc->severity != NULL) {
		if (finding_severity_parse(dc->severity, &sev) == -1)
			return rules_err(L, rules_get(L, node, "severity"),
			    "check %s: unknown severity \"%s\" (use error, "
			    "warning or info)", dc->id, dc->severity);
		c->severity = sev;
	}
	if (dc->enabled != NULL)
		c->enabled = *dc->enabled;
	if (dc->threshold != NULL) {
		if (rules_parse_threshold(dc->threshold, &c->threshold_count,
		    &c->threshold_fraction) == -1)
			return rules_err(L, rules_get(L, node, "threshold"),
			    "check %s: bad threshold \"%s\": use a count of "
			    "findings (\"10\") or a percentage of sessions "
			    "(\"0.1%%\")", dc->id, dc->threshold);
		rules_set_str(&c->threshold, dc->threshold);
	}
	rules_set_str(&c->description, dc->description);
	rules_set_str(&c->example, dc->example);
	rules_set_str(&c->field, dc->field);
	rules_set_strv(&c->fields, &c->nfields, dc->fields, dc->fields_count);
	rules_set_str(&c->of, dc->of);
	rules_set_strv(&c->parts, &c->nparts, dc->parts, dc->parts_count);
	rules_set_str(&c->separator, dc->separator);
	rules_set_str(&c->value, dc->value);
	rules_set_strv(&c->values, &c->nvalues, dc->values, dc->values_count);
	rules_set_str(&c->value_from, dc->value_from);
	if (dc->min != NULL) {
		c->has_min = 1;
		c->min = *dc->min;
	}
	if (dc->max != NULL) {
		c->has_max = 1;
		c->max = *dc->max;
	}
	rules_set_str(&c->pattern, dc->pattern);
	rules_set_str(&c->match, dc->match);
	rules_set_str(&c->start, dc->start);
	rules_set_str(&c->end, dc->end);
	if (dc->scale != NULL) {
		c->has_scale = 1;
		c->scale = *dc->scale;
	}
	if (dc->money != NULL)
		c->money = *dc->money;
	if (dc->when != NULL) {
		c->has_when = 1;
		rules_set_str(&c->when.field, dc->when->field);
		rules_set_str(&c->when.op, dc->when->op);
		rules_set_str(&c->when.value, dc->when->value);
	}
	if (dc->one_way != NULL)
		c->one_way = *dc->one_way;
	return rules_validate_check(L, c, node);
}

static int
rules_read(const char *path, char **bufp, size_t *lenp, char **cause)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: cannot open rule file: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, "%s: cannot read rule file: %s", path,
		    errno != 0 && !S_ISDIR(st.st_mode) ? strerror(errno) :
		    "not a regular file");
		close(fd);
		return -1;
	}
	if (st.st_size > RULES_MAX_FILE) {
		xasprintf(cause, "%s: rule file larger than 16 MiB", path);
		close(fd);
		return -1;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			xasprintf(cause, "%s: cannot read rule file: %s", path,
			    n == 0 ? "file shrank" : strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int
rules_load(struct ruleset *rs, const char *path, const char *text,
    size_t len, char **cause)
{
	struct rload		 L;
	yaml_parser_t		 parser;
	yaml_node_t		*root, *seq, *item;
	struct rdoc		*rd = NULL;
	cyaml_err_t		 cerr;
	char			*buf = NULL;
	unsigned		 i;
	int			 rv = -1, have_doc = 0;

	*cause = NULL;
	memset(&L, 0, sizeof L);
	L.rs = rs;
	if (text == NULL) {
		if (rules_read(path, &buf, &len, cause) == -1)
			return -1;
		text = buf;
	}
	rs->layers = xreallocarray(rs->layers, rs->nlayers + 1,
	    sizeof *rs->layers);
	rs->layers[rs->nlayers++] = xstrdup(path);
	L.path = rs->layers[rs->nlayers - 1];

	if (!yaml_parser_initialize(&parser)) {
		xasprintf(cause, "%s: cannot start the YAML parser", path);
		goto out;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	if (!yaml_parser_load(&parser, &L.doc)) {
		xasprintf(cause, "%s:%zu:%zu: invalid YAML: %s%s%s", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem != NULL ? parser.problem : "syntax error",
		    parser.context != NULL ? " " : "",
		    parser.context != NULL ? parser.context : "");
		yaml_parser_delete(&parser);
		goto out;
	}
	yaml_parser_delete(&parser);
	have_doc = 1;
	if ((root = yaml_document_get_root_node(&L.doc)) == NULL) {
		xasprintf(cause, "%s: the rule file is empty", path);
		goto out;
	}
	if (rules_check_node(&L, root, &rdoc_schema, "") == -1)
		goto out;

	cerr = cyaml_load_data((const uint8_t *)text, len, &rules_cyaml_cfg,
	    &rdoc_schema, (cyaml_data_t **)&rd, NULL);
	if (cerr != CYAML_OK) {
		xasprintf(cause, "%s: cannot load rules: %s", path,
		    cyaml_strerror(cerr));
		goto out;
	}
	if (rd->version != NULL && *rd->version != 1) {
		rules_err(&L, rules_get(&L, root, "version"), "rule file "
		    "version %u is not supported (this is version 1)",
		    *rd->version);
		goto out;
	}
	if (rd->settings != NULL) {
		struct rdoc_settings *ds = rd->settings;

		if (ds->max_line_length != NULL) {
			if (*ds->max_line_length < 1 ||
			    *ds->max_line_length > 1024UL * 1024 * 1024) {
				rules_err(&L, rules_get(&L, rules_get(&L, root,
				    "settings"), "max_line_length"),
				    "max_line_length must be from 1 to "
				    "1073741824 bytes");
				goto out;
			}
			rs->settings.max_line_length =
			    (size_t)*ds->max_line_length;
		}
		if (ds->item_limit != NULL) {
			if (*ds->item_limit < 1) {
				rules_err(&L, rules_get(&L, rules_get(&L, root,
				    "settings"), "item_limit"),
				    "item_limit must be at least 1");
				goto out;
			}
			rs->settings.item_limit = (size_t)*ds->item_limit;
		}
		if ((ds->money_tolerance != NULL &&
		    !(*ds->money_tolerance >= 0)) ||
		    (ds->relative_tolerance != NULL &&
		    !(*ds->relative_tolerance >= 0)) ||
		    (ds->file_window_slack_minutes != NULL &&
		    !(*ds->file_window_slack_minutes >= 0))) {
			rules_err(&L, rules_get(&L, root, "settings"),
			    "settings: tolerances and slack must not be "
			    "negative");
			goto out;
		}
		if (ds->money_tolerance != NULL)
			rs->settings.money_tolerance = *ds->money_tolerance;
		if (ds->relative_tolerance != NULL)
			rs->settings.relative_tolerance =
			    *ds->relative_tolerance;
		if (ds->account != NULL &&
		    strspn(ds->account, "0123456789") != strlen(ds->account)) {
			rules_err(&L, rules_get(&L, rules_get(&L, root,
			    "settings"), "account"), "settings.account \"%s\" "
			    "is not a numeric account id (or empty)",
			    ds->account);
			goto out;
		}
		rules_set_str(&rs->settings.account, ds->account);
		if (ds->interval_minutes != NULL) {
			if (*ds->interval_minutes < 1 ||
			    *ds->interval_minutes > 1440 ||
			    1440 % *ds->interval_minutes != 0) {
				rules_err(&L, rules_get(&L, rules_get(&L, root,
				    "settings"), "interval_minutes"),
				    "interval_minutes must divide a day (1440 "
				    "minutes): 15, 30, 60, ...");
				goto out;
			}
			rs->settings.interval_minutes =
			    (int)*ds->interval_minutes;
		}
		rules_set_str(&rs->settings.duration, ds->duration);
		rules_set_str(&rs->settings.extension, ds->extension);
		if (ds->retention_days != NULL)
			rs->settings.retention_days =
			    (unsigned)*ds->retention_days;
		if (ds->file_window_slack_minutes != NULL)
			rs->settings.file_window_slack_minutes =
			    *ds->file_window_slack_minutes;
		if (ds->session_open_hours != NULL)
			rs->settings.session_open_hours =
			    (unsigned)*ds->session_open_hours;
	}
	seq = rules_get(&L, root, "fields");
	for (i = 0; i < rd->fields_count; i++) {
		item = rules_node(&L, seq->data.sequence.items.start[i]);
		if (rules_merge_field(&L, &rd->fields[i], item) == -1)
			goto out;
	}
	seq = rules_get(&L, root, "checks");
	for (i = 0; i < rd->checks_count; i++) {
		item = rules_node(&L, seq->data.sequence.items.start[i]);
		if (rules_merge_check(&L, &rd->checks[i], item) == -1)
			goto out;
	}
	rv = 0;
out:
	if (rv == -1 && *cause == NULL)
		*cause = L.cause != NULL ? L.cause : xstrdup(path);
	else
		free(L.cause);
	if (rd != NULL)
		cyaml_free(&rules_cyaml_cfg, &rdoc_schema, rd, 0);
	if (have_doc)
		yaml_document_delete(&L.doc);
	free(buf);
	return rv;
}

int
rules_finish(struct ruleset *rs, char **cause)
{
	size_t	 i, n = 0;

	*cause = NULL;
	for (i = 0; i < rs->nchecks; i++)
		n += rs->checks[i].enabled != 0;
	if (n == 0) {
		xasprintf(cause, "%s: no check is enabled: there is nothing "
		    "to audit", rs->nlayers > 0 ? rs->layers[rs->nlayers - 1] :
		    "rules");
		return -1;
	}
	return 0;
}

void
rules_to_ruletab(const struct ruleset *rs, struct ruletab *rt)
{
	const struct rules_check	*c;
	struct rule			*r;
	size_t				 i;
	int				 b;

	rt->n = rs->nchecks;
	rt->rules = xcalloc(rt->n, sizeof *rt->rules);
	for (i = 0; i < RULE_BUILTIN_COUNT; i++)
		rt->builtin[i] = -1;
	for (i = 0; i < rs->nchecks; i++) {
		c = &rs->checks[i];
		r = &rt->rules[i];
		r->id = c->id;
		r->kind = (int)c->kind;
		r->severity = c->severity;
		r->summary = c->description != NULL ? c->description : "";
		r->enabled = c->enabled;
		r->threshold_count = c->threshold_count;
		r->threshold_fraction = c->threshold_fraction;
		b = rules_builtin_of(c->kind);
		r->scope = b < 0 ? SCOPE_SESSION : b <= RULE_BLANK_LINE ?
		    SCOPE_LINE : SCOPE_FILE;
		if (b >= 0)
			rt->builtin[b] = (int)i;
	}
}

/* Print s as a double-quoted YAML scalar. */
static void
rules_print_str(FILE *fp, const char *s)
{
	const unsigned char	*p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "\\x%02x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
rules_print_strv(FILE *fp, const char *key, char **v, size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	fprintf(fp, "    %s: [", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputs(i % 8 == 0 ? ",\n      " : ", ", fp);
		rules_print_str(fp, v[i]);
	}
	fputs("]\n", fp);
}

static void
rules_print_opt(FILE *fp, const char *key, const char *s)
{
	if (s == NULL)
		return;
	fprintf(fp, "    %s: ", key);
	rules_print_str(fp, s);
	fputc('\n', fp);
}

/* Print a number with the fewest digits that read back the same. */
static void
rules_print_num(FILE *fp, const char *key, double d)
{
	char	 buf[64];
	int	 prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	snprintf(buf, sizeof buf, "%.*g", prec, d);
	fprintf(fp, "%s: %s\n", key, buf);
}

void
rules_print(FILE *fp, const struct ruleset *rs)
{
	const struct rules_field	*f;
	const struct rules_check	*c;
	size_t				 i;

	fputs("# The effective rules of ssaudit, layered from:\n", fp);
	for (i = 0; i < rs->nlayers; i++)
		fprintf(fp, "#   %s\n", rs->layers[i]);
	fputs("version: 1\n\nsettings:\n", fp);
	fprintf(fp, "  max_line_length: %zu\n", rs->settings.max_line_length);
	fprintf(fp, "  item_limit: %zu\n", rs->settings.item_limit);
	rules_print_num(fp, "  money_tolerance", rs->settings.money_tolerance);
	rules_print_num(fp, "  relative_tolerance",
	    rs->settings.relative_tolerance);
	fputs("  account: ", fp);
	rules_print_str(fp, rs->settings.account);
	fprintf(fp, "\n  interval_minutes: %d\n", rs->settings.interval_minutes);
	fputs("  duration: ", fp);
	rules_print_str(fp, rs->settings.duration);
	fputs("\n  extension: ", fp);
	rules_print_str(fp, rs->settings.extension);
	fprintf(fp, "\n  retention_days: %u\n", rs->settings.retention_days);
	rules_print_num(fp, "  file_window_slack_minutes",
	    rs->settings.file_window_slack_minutes);
	fprintf(fp, "  session_open_hours: %u\n",
	    rs->settings.session_open_hours);
	fputs("\nfields:\n", fp);
	for (i = 0; i < rs->nfields; i++) {
		f = &rs->fields[i];
		fputs("  - name: ", fp);
		rules_print_str(fp, f->name);
		fprintf(fp, "\n    type: %s\n", rules_types[f->type]);
		fprintf(fp, "    required: %s\n", f->required ? "true" :
		    "false");
		fprintf(fp, "    nullable: %s\n", f->nullable ? "true" :
		    "false");
		if (f->personal)
			fputs("    personal: true\n", fp);
		rules_print_opt(fp, "description", f->description);
	}
	fputs("\nchecks:\n", fp);
	for (i = 0; i < rs->nchecks; i++) {
		c = &rs->checks[i];
		fputs("  - id: ", fp);
		rules_print_str(fp, c->id);
		fprintf(fp, "\n    kind: %s\n", rules_kinds[c->kind].name);
		fprintf(fp, "    severity: %s\n",
		    finding_severity_name(c->severity));
		fprintf(fp, "    enabled: %s\n", c->enabled ? "true" : "false");
		rules_print_opt(fp, "threshold", c->threshold);
		rules_print_opt(fp, "field", c->field);
		rules_print_strv(fp, "fields", c->fields, c->nfields);
		rules_print_opt(fp, "of", c->of);
		rules_print_strv(fp, "parts", c->parts, c->nparts);
		rules_print_opt(fp, "separator", c->separator);
		rules_print_opt(fp, "value", c->value);
		rules_print_strv(fp, "values", c->values, c->nvalues);
		rules_print_opt(fp, "value_from", c->value_from);
		if (c->has_min)
			rules_print_num(fp, "    min", c->min);
		if (c->has_max)
			rules_print_num(fp, "    max", c->max);
		rules_print_opt(fp, "pattern", c->pattern);
		rules_print_opt(fp, "match", c->match);
		rules_print_opt(fp, "start", c->start);
		rules_print_opt(fp, "end", c->end);
		if (c->has_scale)
			rules_print_num(fp, "    scale", c->scale);
		if (c->money)
			fputs("    money: true\n", fp);
		if (c->has_when) {
			fputs("    when: { field: ", fp);
			rules_print_str(fp, c->when.field);
			fputs(", op: ", fp);
			rules_print_str(fp, c->when.op);
			fputs(", value: ", fp);
			rules_print_str(fp, c->when.value);
			fputs(" }\n", fp);
		}
		if (c->one_way)
			fputs("    one_way: true\n", fp);
		rules_print_opt(fp, "description", c->description);
		rules_print_opt(fp, "example", c->example);
	}
}
