/* SPDX-License-Identifier: MIT */
/*
 * Counting findings and keeping the first few of each rule.  Files are
 * added in audit order, and the examples are the first ones met, so the
 * result depends only on the input, never on timing.
 */
#include "config.h"

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
	return agg;
}

void
aggregate_free(struct aggregate *agg)
{
	size_t	 i;

	if (agg == NULL)
		return;
	for (i = 0; i < agg->nfiles; i++)
		free(agg->files[i].path);
	for (i = 0; i < agg->nex; i++) {
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
}

void
aggregate_add(struct aggregate *agg, const struct finding *f)
{
	const struct rule	*r = &agg->rt->rules[f->rule];
	struct agg_example	*ex;

	agg->rule_count[f->rule]++;
	agg->sev[r->severity]++;
	if (agg->nfiles > 0)
		agg->files[agg->nfiles - 1].sev[r->severity]++;
	if (agg->rule_examples[f->rule] >= agg->max_examples)
		return;
	agg->rule_examples[f->rule]++;
	if (agg->nex == agg->capex) {
		agg->capex = agg->capex == 0 ? 32 : agg->capex * 2;
		agg->ex = xreallocarray(agg->ex, agg->capex, sizeof *agg->ex);
	}
	ex = &agg->ex[agg->nex++];
	ex->rule = f->rule;
	ex->file = agg->nfiles > 0 ? agg->nfiles - 1 : 0;
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
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return strcmp(x->message, y->message);
}

void
aggregate_sort_examples(struct aggregate *agg)
{
	if (agg->nex > 1)
		qsort(agg->ex, agg->nex, sizeof *agg->ex,
		    aggregate_example_cmp);
}
