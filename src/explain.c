/* SPDX-License-Identifier: MIT */
/*
 * The explain command.  Its text comes from the rule file itself (the
 * description and example of each check) and from the parameters as
 * layered, so it always tells what this run would check.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "explain.h"

static void
explain_list(FILE *fp, const char *key, char **v, size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	fprintf(fp, "  %-11s ", key);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s%s", i > 0 ? ", " : "", v[i]);
	fputc('\n', fp);
}

static void
explain_opt(FILE *fp, const char *key, const char *s)
{
	if (s != NULL)
		fprintf(fp, "  %-11s %s\n", key, s);
}

int
explain_rule(FILE *fp, const struct ruleset *rs, const char *id)
{
	const struct rules_check	*c;

	if ((c = rules_find_check(rs, id)) == NULL)
		return -1;
	fprintf(fp, "%s: %s\n", c->id, c->description != NULL ?
	    c->description : "(no description)");
	fprintf(fp, "  %-11s %s\n", "kind", rules_kind_name(c->kind));
	fprintf(fp, "  %-11s %s\n", "severity",
	    finding_severity_name(c->severity));
	fprintf(fp, "  %-11s %s\n", "enabled", c->enabled ? "yes" : "no");
	fprintf(fp, "  %-11s %s\n", "threshold", c->threshold != NULL ?
	    c->threshold : "none: the first finding fails the gate");
	fprintf(fp, "  %-11s %s:%d\n", "defined in", c->pos.file, c->pos.line);
	explain_opt(fp, "field", c->field);
	explain_list(fp, "fields", c->fields, c->nfields);
	explain_opt(fp, "of", c->of);
	explain_list(fp, "parts", c->parts, c->nparts);
	if (c->kind == KIND_COMPOSITION)
		fprintf(fp, "  %-11s %s\n", "separator", c->separator != NULL ?
		    c->separator : "any one character, the same at every "
		    "joint, found in neither neighbour");
	explain_opt(fp, "value", c->value);
	if (c->nvalues > 8)
		fprintf(fp, "  %-11s %zu values (ssaudit rules lists them)\n",
		    "values", c->nvalues);
	else
		explain_list(fp, "values", c->values, c->nvalues);
	explain_opt(fp, "value from", c->value_from);
	if (c->has_min)
		fprintf(fp, "  %-11s %g\n", "min", c->min);
	if (c->has_max)
		fprintf(fp, "  %-11s %g\n", "max", c->max);
	explain_opt(fp, "pattern", c->pattern);
	explain_opt(fp, "match", c->match);
	explain_opt(fp, "start", c->start);
	explain_opt(fp, "end", c->end);
	if (c->has_scale)
		fprintf(fp, "  %-11s %g\n", "scale", c->scale);
	if (c->money)
		fprintf(fp, "  %-11s within %g (money)\n", "tolerance",
		    rs->settings.money_tolerance);
	if (c->has_when)
		fprintf(fp, "  %-11s %s %s %s%s\n", "when", c->when.field,
		    c->when.op, c->when.value, c->one_way ? " (one way: "
		    "only a \"t\" flag must satisfy it)" : "");
	if (c->kind == KIND_ITEM_LIMIT)
		fprintf(fp, "  %-11s %zu\n", "item limit",
		    rs->settings.item_limit);
	if (c->example != NULL)
		fprintf(fp, "example of a violation:\n  %s\n", c->example);
	return 0;
}
