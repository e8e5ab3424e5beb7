/* SPDX-License-Identifier: MIT */
/*
 * Counting findings and keeping the first few of each rule.  Files are
 * added in audit order, and the examples are the first ones met, so the
 * result depends only on the input, never on timing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "xmalloc.h"

struct aggregate *
aggregate_new(const struct ruletab *rt, size_t max_examples)
{
	struct aggregate	*agg;

	agg = xcalloc(1, sizeof *agg);
	agg->rt = rt;
	agg->max_examples = max_examples;
	agg->rule_count = xcalloc(rt->n, sizeof *agg->rule_count);
	agg->rule_examples = xcalloc(rt->n, sizeof *agg->rule_examples);
	agg->cur = -1;
	return agg;
}

void
aggregate_free(struct aggregate *agg)
{
	size_t	 i;

	if (agg == NULL)
		return;
	for (i = 0; i < agg->nfiles; i++) {
		free(agg->files[i].path);
		free(agg->files[i].rule_count);
	}
	for (i = 0; i < agg->ndays; i++) {
		free(agg->days[i].dir);
		free(agg->days[i].have);
	}
	free(agg->days);
	for (i = 0; i < agg->nex; i++) {
		free(agg->ex[i].path);
		free(agg->ex[i].field);
		free(agg->ex[i].session_id);
		free(agg->ex[i].message);
	}
	free(agg->files);
	free(agg->ex);
	free(agg->rule_count);
	free(agg->rule_examples);
	free(agg);
}

void
aggregate_file_begin(struct aggregate *agg, const char *path)
{
	struct agg_file	*af;

	if (agg->nfiles == agg->capfiles) {
		agg->capfiles = agg->capfiles == 0 ? 64 : agg->capfiles * 2;
		agg->files = xreallocarray(agg->files, agg->capfiles,
		    sizeof *agg->files);
	}
	af = &agg->files[agg->nfiles++];
	memset(af, 0, sizeof *af);
	af->path = xstrdup(path);
	af->rule_count = xcalloc(agg->rt->n, sizeof *af->rule_count);
	agg->cur = (long)agg->nfiles - 1;
}

void
aggregate_file_in_layout(struct aggregate *agg)
{
	if (agg->cur >= 0)
		agg->files[agg->cur].in_layout = 1;
}

long
aggregate_find_day(const struct aggregate *agg, const char *dir)
{
	size_t	 i;

	for (i = agg->ndays; i > 0; i--) {
		if (strcmp(agg->days[i - 1].dir, dir) == 0)
			return (long)i - 1;
	}
	return -1;
}

size_t
aggregate_day(struct aggregate *agg, const char *dir, int y, int m, int d,
    int intervals)
{
	struct agg_day	*day;
	long		 i;

	if ((i = aggregate_find_day(agg, dir)) >= 0)
		return (size_t)i;
	agg->days = xreallocarray(agg->days, agg->ndays + 1,
	    sizeof *agg->days);
	day = &agg->days[agg->ndays++];
	memset(day, 0, sizeof *day);
	day->dir = xstrdup(dir);
	snprintf(day->date, sizeof day->date, "%04d-%02d-%02d", y, m, d);
	day->intervals = intervals;
	day->have = xcalloc((size_t)intervals, 1);
	return agg->ndays - 1;
}

void
aggregate_add(struct aggregate *agg, const char *path, const struct finding *f)
{
	const struct rule	*r = &agg->rt->rules[f->rule];
	struct agg_example	*ex;

	agg->rule_count[f->rule]++;
	agg->sev[r->severity]++;
	agg->seq++;
	if (agg->cur >= 0) {
		agg->files[agg->cur].sev[r->severity]++;
		agg->files[agg->cur].rule_count[f->rule]++;
	}
	if (agg->rule_examples[f->rule] >= agg->max_examples)
		return;
	agg->rule_examples[f->rule]++;
	if (agg->nex == agg->capex) {
		agg->capex = agg->capex == 0 ? 32 : agg->capex * 2;
		agg->ex = xreallocarray(agg->ex, agg->capex, sizeof *agg->ex);
	}
	ex = &agg->ex[agg->nex++];
	ex->rule = f->rule;
	ex->seq = agg->seq;
	ex->path = xstrdup(path);
	ex->line = f->line;
	ex->column = f->column;
	ex->field = f->field != NULL ? xstrdup(f->field) : NULL;
	ex->session_id = f->session_id != NULL ? xstrdup(f->session_id) :
	    NULL;
	ex->message = xstrdup(f->message != NULL ? f->message : "");
}

void
aggregate_file_end(struct aggregate *agg, unsigned long long lines,
    unsigned long long sessions, unsigned long long bytes)
{
	struct agg_file	*af = &agg->files[agg->nfiles - 1];

	agg->cur = -1;
	af->lines = lines;
	af->sessions = sessions;
	af->bytes = bytes;
	agg->lines += lines;
	agg->sessions += sessions;
}

int
aggregate_rule_fails(const struct aggregate *agg, size_t i, int fail_on)
{
	const struct rule	*r = &agg->rt->rules[i];
	unsigned long long	 n = agg->rule_count[i];

	if (fail_on == AGG_FAIL_NEVER || !r->enabled || n == 0 ||
	    (int)r->severity < fail_on)
		return 0;
	if (r->threshold_fraction >= 0)
		return (double)n > r->threshold_fraction *
		    (double)agg->sessions;
	return n > r->threshold_count;
}

int
aggregate_fails(const struct aggregate *agg, int fail_on)
{
	size_t	 i;

	for (i = 0; i < agg->rt->n; i++) {
		if (aggregate_rule_fails(agg, i, fail_on))
			return 1;
	}
	return 0;
}

static int
aggregate_example_cmp(const void *a, const void *b)
{
	const struct agg_example	*x = a, *y = b;

	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

void
aggregate_sort_examples(struct aggregate *agg)
{
	if (agg->nex > 1)
		qsort(agg->ex, agg->nex, sizeof *agg->ex,
		    aggregate_example_cmp);
}
