/* SPDX-License-Identifier: MIT */
/*
 * The csv report: every finding one row, streamed as the audit goes, for
 * loading into a warehouse.  Header and quoting follow SPEC section 7 and
 * RFC 4180; file findings leave the line empty.
 */
#include "config.h"

#include <stdio.h>

#include "report.h"

static void
report_csv_begin(struct report *rep)
{
	fputs("file,line,rule,severity,field,session_id,message\r\n",
	    rep->fp);
}

static void
report_csv_finding(struct report *rep, const char *file,
    const struct finding *f)
{
	const struct rule	*r = &rep->rt->rules[f->rule];

	report_csv_field(rep->fp, file);
	fputc(',', rep->fp);
	if (f->line > 0)
		fprintf(rep->fp, "%llu", f->line);
	fputc(',', rep->fp);
	report_csv_field(rep->fp, r->id);
	fputc(',', rep->fp);
	report_csv_field(rep->fp, finding_severity_name(r->severity));
	fputc(',', rep->fp);
	report_csv_field(rep->fp, f->field);
	fputc(',', rep->fp);
	report_csv_field(rep->fp, f->session_id);
	fputc(',', rep->fp);
	report_csv_field(rep->fp, f->message);
	fputs("\r\n", rep->fp);
}

static void
report_csv_end(struct report *rep, struct aggregate *agg)
{
	(void)rep;
	(void)agg;
}

const struct report_writer report_csv_writer = {
	"csv",
	report_csv_begin,
	report_csv_finding,
	report_csv_end,
};
