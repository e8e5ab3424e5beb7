/* SPDX-License-Identifier: MIT */
/*
 * The text report, for people: the verdict and totals first, then the
 * count of every enabled rule, the files that have findings, and the
 * first few findings of each rule as PATH:LINE:COL: SEVERITY: RULE: text.
 */
#include "config.h"

#include <stdio.h>

#include "report.h"

static void
report_text_begin(struct report *rep)
{
	(void)rep;
}

static const char *
report_text_plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
report_text_example(FILE *fp, const struct aggregate *agg,
    const struct agg_example *ex)
{
	const struct rule	*r = &agg->rt->rules[ex->rule];

	fputs(ex->path, fp);
	if (ex->line > 0) {
		fprintf(fp, ":%llu", ex->line);
		if (ex->column > 0)
			fprintf(fp, ":%lu", ex->column);
	}
	fprintf(fp, ": %s: %s: %s", finding_severity_name(r->severity),
	    r->id, ex->message);
	if (ex->field != NULL || ex->session_id != NULL) {
		fputs(" (", fp);
		if (ex->field != NULL)
			fprintf(fp, "field %s", ex->field);
		if (ex->field != NULL && ex->session_id != NULL)
			fputs(", ", fp);
		if (ex->session_id != NULL)
			fprintf(fp, "session %s", ex->session_id);
		fputc(')', fp);
	}
	fputc('\n', fp);
}

static void
report_text_coverage(FILE *fp, const struct aggregate *agg)
{
	const struct agg_day	*day;
	size_t			 i, outside = 0;
	int			 k, n, minutes;

	for (i = 0; i < agg->nfiles; i++)
		outside += !agg->files[i].in_layout;
	if (outside > 0)
		fprintf(fp, "\n%zu %s outside the YYYY/MM/DD layout: "
		    "directory-date and the path's account not checked\n",
		    outside, report_text_plural(outside, "file", "files"));
	if (agg->ndays == 0)
		return;
	fputs("\ncoverage:\n", fp);
	for (i = 0; i < agg->ndays; i++) {
		day = &agg->days[i];
		minutes = 1440 / day->intervals;
		fprintf(fp, "%s %s (%s): %d of %d intervals, %zu %s (%zu empty, "
		    "%zu broken), %llu sessions", day->date,
		    day->status == AGG_DAY_COMPLETE ? "complete" :
		    day->status == AGG_DAY_PARTIAL ? "partial" : "incomplete",
		    day->dir, day->intervals - day->missing, day->intervals, day->files,
		    report_text_plural(day->files, "file", "files"),
		    day->empty_files, day->broken_files, day->sessions);
		for (k = 0, n = 0; k < day->intervals; k++) {
			if (day->have[k] != 0 || (day->status ==
			    AGG_DAY_PARTIAL && k >= day->due))
				continue;
			if (n++ == 0)
				fputs(day->status == AGG_DAY_PARTIAL ?
				    "; missing so far:" : "; missing:", fp);
			if (n > 24) {
				fputs(" ...", fp);
				break;
			}
			fprintf(fp, " %02d%02d", k * minutes / 60,
			    k * minutes % 60);
		}
		fputc('\n', fp);
	}
}

static void
report_text_end(struct report *rep, struct aggregate *agg)
{
	FILE			*fp = rep->fp;
	const struct rule	*r;
	const struct agg_file	*af;
	size_t			 i, nbad;

	fprintf(fp, "ssaudit %s: %s (fail on %s)\n", PACKAGE_VERSION,
	    aggregate_fails(agg, rep->fail_on) ? "FAIL" : "PASS",
	    report_fail_on_name(rep->fail_on));
	fprintf(fp, "%zu %s, %llu %s, %llu %s\n", agg->nfiles,
	    report_text_plural(agg->nfiles, "file", "files"), agg->lines,
	    report_text_plural(agg->lines, "line", "lines"), agg->sessions,
	    report_text_plural(agg->sessions, "session", "sessions"));
	fprintf(fp, "%llu %s, %llu %s, %llu %s\n", agg->sev[SEV_ERROR],
	    report_text_plural(agg->sev[SEV_ERROR], "error", "errors"),
	    agg->sev[SEV_WARNING],
	    report_text_plural(agg->sev[SEV_WARNING], "warning", "warnings"),
	    agg->sev[SEV_INFO], "info");

	fprintf(fp, "\n%-24s %-8s %12s\n", "rule", "severity", "count");
	for (i = 0; i < rep->rt->n; i++) {
		r = &rep->rt->rules[i];
		if (!r->enabled)
			continue;
		fprintf(fp, "%-24s %-8s %12llu%s\n", r->id,
		    finding_severity_name(r->severity), agg->rule_count[i],
		    aggregate_rule_fails(agg, i, rep->fail_on) ? "  FAIL" :
		    "");
	}

	for (i = 0, nbad = 0; i < agg->nfiles; i++) {
		af = &agg->files[i];
		if (af->sev[SEV_ERROR] + af->sev[SEV_WARNING] +
		    af->sev[SEV_INFO] == 0)
			continue;
		if (nbad++ == 0)
			fputs("\nfiles with findings:\n", fp);
		fprintf(fp, "%s: %llu %s, %llu %s, %llu %s, %llu info\n",
		    af->path, af->lines,
		    report_text_plural(af->lines, "line", "lines"),
		    af->sev[SEV_ERROR],
		    report_text_plural(af->sev[SEV_ERROR], "error", "errors"),
		    af->sev[SEV_WARNING],
		    report_text_plural(af->sev[SEV_WARNING], "warning",
		    "warnings"), af->sev[SEV_INFO]);
	}

	report_text_coverage(fp, agg);

	if (agg->nex > 0) {
		aggregate_sort_examples(agg);
		fprintf(fp, "\nexamples (at most %zu per rule):\n",
		    agg->max_examples);
		for (i = 0; i < agg->nex; i++)
			report_text_example(fp, agg, &agg->ex[i]);
	}
}

const struct report_writer report_text_writer = {
	"text",
	report_text_begin,
	NULL,
	report_text_end,
};
