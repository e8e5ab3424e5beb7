/* SPDX-License-Identifier: MIT */
/*
 * The catalogue of built-in rules and the run's rule table.  The ids are
 * public interface (SPEC section 4): reports, rule files and users' scripts
 * name them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "xmalloc.h"

static const struct rule_info finding_rules[RULE_BUILTIN_COUNT] = {
	[RULE_JSON_SYNTAX] = { "json-syntax", SEV_ERROR, SCOPE_LINE,
	    "the line is valid JSON and a JSON object" },
	[RULE_UTF8] = { "utf8", SEV_ERROR, SCOPE_LINE,
	    "the line is valid UTF-8 (strict: no overlong forms, surrogates "
	    "or code points above U+10FFFF)" },
	[RULE_LINE_LENGTH] = { "line-length", SEV_ERROR, SCOPE_LINE,
	    "the line is not longer than the configured limit; a longer "
	    "line is reported and skipped" },
	[RULE_BLANK_LINE] = { "blank-line", SEV_WARNING, SCOPE_LINE,
	    "the line is not empty or whitespace only" },
	[RULE_GZIP] = { "gzip", SEV_ERROR, SCOPE_FILE,
	    "a .gz file is gzip, complete, and its CRC and length match" },
	[RULE_EMPTY_FILE] = { "empty-file", SEV_WARNING, SCOPE_FILE,
	    "the file has at least one line" },
	[RULE_FILENAME] = { "filename", SEV_ERROR, SCOPE_FILE,
	    "the file name follows YYYYMMDDThhmmss.sssZ_PT15M-<unique>.json.gz" },
	[RULE_FILENAME_DATE] = { "filename-date", SEV_ERROR, SCOPE_FILE,
	    "the date and time in the file name are real" },
	[RULE_FILENAME_ALIGNMENT] = { "filename-alignment", SEV_ERROR,
	    SCOPE_FILE, "the interval starts on a 15-minute boundary" },
	[RULE_FILENAME_DURATION] = { "filename-duration", SEV_ERROR,
	    SCOPE_FILE, "the duration in the file name is PT15M" },
	[RULE_DIRECTORY_DATE] = { "directory-date", SEV_ERROR, SCOPE_FILE,
	    "the name's day is its YYYY/MM/DD directory's day" },
	[RULE_COVERAGE] = { "coverage", SEV_ERROR, SCOPE_FILE,
	    "every 15-minute interval of an audited day has a file" },
	[RULE_RETENTION] = { "retention", SEV_INFO, SCOPE_FILE,
	    "the file is within the 820-day retention" },
};

static const char *const finding_severities[SEV_COUNT] = {
	[SEV_INFO] = "info",
	[SEV_WARNING] = "warning",
	[SEV_ERROR] = "error",
};

const char *
finding_severity_name(enum severity sev)
{
	return finding_severities[sev];
}

/* Parse a severity name; return 0, or -1 if the name is not one. */
int
finding_severity_parse(const char *name, enum severity *sevp)
{
	int	 i;

	for (i = 0; i < SEV_COUNT; i++) {
		if (strcmp(name, finding_severities[i]) == 0) {
			*sevp = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

void
ruletab_init(struct ruletab *rt)
{
	size_t	 i;

	rt->n = RULE_BUILTIN_COUNT;
	rt->rules = xcalloc(rt->n, sizeof *rt->rules);
	for (i = 0; i < rt->n; i++) {
		rt->rules[i].id = finding_rules[i].id;
		rt->rules[i].severity = finding_rules[i].severity;
		rt->rules[i].scope = finding_rules[i].scope;
		rt->rules[i].summary = finding_rules[i].summary;
		rt->rules[i].enabled = 1;
		rt->rules[i].threshold_count = 0;
		rt->rules[i].threshold_fraction = -1;
		rt->rules[i].kind = (int)i;
		rt->builtin[i] = (int)i;
	}
}

void
ruletab_clear(struct ruletab *rt)
{
	free(rt->rules);
	rt->rules = NULL;
	rt->n = 0;
}

int
ruletab_find(const struct ruletab *rt, const char *id)
{
	size_t	 i;

	for (i = 0; i < rt->n; i++) {
		if (strcmp(rt->rules[i].id, id) == 0)
			return (int)i;
	}
	return -1;
}
