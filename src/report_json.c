/* SPDX-License-Identifier: MIT */
/*
 * The json report, version REPORT_VERSION, documented in ssaudit(1).  Keys
 * come in a fixed order and arrays in audit order, so equal input gives
 * byte-identical reports.  Partial reports of disjoint inputs carry all
 * counts needed to merge them.
 */
#include "config.h"

#include <stdio.h>

#include "report.h"

static void
report_json_begin(struct report *rep)
{
	(void)rep;
}

static void
report_json_sev(FILE *fp, const unsigned long long *sev)
{
	fprintf(fp, "\"errors\": %llu, \"warnings\": %llu, \"infos\": %llu",
	    sev[SEV_ERROR], sev[SEV_WARNING], sev[SEV_INFO]);
}

static void
report_json_day(FILE *fp, const struct agg_day *day, int first)
{
	static const char *const status[] = {
		[AGG_DAY_COMPLETE] = "complete",
		[AGG_DAY_INCOMPLETE] = "incomplete",
		[AGG_DAY_PARTIAL] = "partial",
	};
	int	 k, n, minutes = 1440 / day->intervals;

	fprintf(fp, "%s\n    {\"date\": \"%s\", \"directory\": ",
	    first ? "" : ",", day->date);
	report_json_string(fp, day->dir);
	fprintf(fp, ", \"status\": \"%s\", \"intervals\": %d, "
	    "\"covered\": %d, \"files\": %zu, \"empty_files\": %zu, "
	    "\"broken_files\": %zu, \"lines\": %llu, \"sessions\": %llu, "
	    "\"missing_intervals\": [", status[day->status], day->intervals,
	    day->intervals - day->missing, day->files, day->empty_files,
	    day->broken_files, day->lines, day->sessions);
	for (k = 0, n = 0; k < day->intervals; k++) {
		/* A partial day lists only the intervals already over. */
		if (day->have[k] != 0 || (day->status == AGG_DAY_PARTIAL &&
		    k >= day->due))
			continue;
		fprintf(fp, "%s\"%02d%02d\"", n++ > 0 ? ", " : "",
		    k * minutes / 60, k * minutes % 60);
	}
	fputs("]}", fp);
}

static void
report_json_end(struct report *rep, struct aggregate *agg)
{
	FILE			*fp = rep->fp;
	const struct rule	*r;
	struct agg_example	*ex;
	size_t			 i, j, n;

	fprintf(fp, "{\n  \"report_version\": %d,\n", REPORT_VERSION);
	fprintf(fp, "  \"tool_version\": \"%s\",\n", PACKAGE_VERSION);
	fprintf(fp, "  \"verdict\": \"%s\",\n",
	    report_verdict(agg, rep->fail_on));
	fprintf(fp, "  \"fail_on\": \"%s\",\n",
	    report_fail_on_name(rep->fail_on));
	fprintf(fp, "  \"totals\": {\"files\": %zu, \"lines\": %llu, "
	    "\"sessions\": %llu, ", agg->nfiles, agg->lines, agg->sessions);
	report_json_sev(fp, agg->sev);
	fputs("},\n", fp);

	fputs("  \"rules\": [", fp);
	for (i = 0, n = 0; i < rep->rt->n; i++) {
		r = &rep->rt->rules[i];
		if (!r->enabled)
			continue;
		fprintf(fp, "%s\n    {\"id\": ", n++ > 0 ? "," : "");
		report_json_string(fp, r->id);
		fprintf(fp, ", \"severity\": \"%s\", \"count\": %llu, "
		    "\"fails\": %s}", finding_severity_name(r->severity),
		    agg->rule_count[i],
		    aggregate_rule_fails(agg, i, rep->fail_on) ? "true" :
		    "false");
	}
	fputs(n > 0 ? "\n  ],\n" : "],\n", fp);

	fputs("  \"files\": [", fp);
	for (i = 0; i < agg->nfiles; i++) {
		fprintf(fp, "%s\n    {\"path\": ", i > 0 ? "," : "");
		report_json_string(fp, agg->files[i].path);
		fprintf(fp, ", \"lines\": %llu, \"sessions\": %llu, ",
		    agg->files[i].lines, agg->files[i].sessions);
		report_json_sev(fp, agg->files[i].sev);
		fprintf(fp, ", \"layout\": %s, \"rules\": {",
		    agg->files[i].in_layout ? "true" : "false");
		for (j = 0, n = 0; j < rep->rt->n; j++) {
			if (agg->files[i].rule_count[j] == 0)
				continue;
			fputs(n++ > 0 ? ", " : "", fp);
			report_json_string(fp, rep->rt->rules[j].id);
			fprintf(fp, ": %llu", agg->files[i].rule_count[j]);
		}
		fputs("}}", fp);
	}
	fputs(agg->nfiles > 0 ? "\n  ],\n" : "],\n", fp);

	fputs("  \"coverage\": [", fp);
	for (i = 0; i < agg->ndays; i++)
		report_json_day(fp, &agg->days[i], i == 0);
	fputs(agg->ndays > 0 ? "\n  ],\n" : "],\n", fp);

	aggregate_sort_examples(agg);
	fputs("  \"examples\": [", fp);
	for (i = 0; i < agg->nex; i++) {
		ex = &agg->ex[i];
		r = &rep->rt->rules[ex->rule];
		fprintf(fp, "%s\n    {\"file\": ", i > 0 ? "," : "");
		report_json_string(fp, ex->path);
		if (ex->line > 0)
			fprintf(fp, ", \"line\": %llu", ex->line);
		else
			fputs(", \"line\": null", fp);
		if (ex->column > 0)
			fprintf(fp, ", \"column\": %lu", ex->column);
		else
			fputs(", \"column\": null", fp);
		fputs(", \"rule\": ", fp);
		report_json_string(fp, r->id);
		fprintf(fp, ", \"severity\": \"%s\", \"field\": ",
		    finding_severity_name(r->severity));
		report_json_string(fp, ex->field);
		fputs(", \"session_id\": ", fp);
		report_json_string(fp, ex->session_id);
		fputs(", \"message\": ", fp);
		report_json_string(fp, ex->message);
		fputc('}', fp);
	}
	fputs(agg->nex > 0 ? "\n  ]\n}\n" : "]\n}\n", fp);
}

const struct report_writer report_json_writer = {
	"json",
	report_json_begin,
	NULL,
	report_json_end,
};
