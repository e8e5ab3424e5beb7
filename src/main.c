/* SPDX-License-Identifier: MIT */
/*
 * ssaudit: audit Monetate Session Stream exports.  main() parses the
 * options, runs the audit and maps the result to the exit status of
 * SPEC section 6: 0 passed, 1 the gate failed, 2 an error (which wins).
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "aggregate.h"
#include "audit.h"
#include "finding.h"
#include "gzlines.h"
#include "msg.h"
#include "options.h"
#include "report.h"

int
main(int argc, char **argv)
{
	struct options		 opt;
	struct ruletab		 rt;
	struct aggregate	*agg = NULL;
	struct report		*rep = NULL;
	struct audit		 a;
	char			*cause = NULL;
	int			 status;

	setlocale(LC_ALL, "C");
	options_parse(argc, argv, &opt);
	msg_set_quiet(opt.quiet);

	ruletab_init(&rt);
	agg = aggregate_new(&rt, opt.examples);
	if (report_open(opt.format, &rt, opt.output, opt.fail_on, opt.quiet,
	    &rep, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		aggregate_free(agg);
		ruletab_clear(&rt);
		return 2;
	}
	audit_init(&a, &rt, agg, rep, GZL_DEFAULT_MAX_LINE);
	audit_paths(&a, opt.paths, opt.npaths);

	status = aggregate_fails(agg, opt.fail_on) ? 1 : 0;
	if (a.errors > 0)
		status = 2;
	if (report_close(rep, agg, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		status = 2;
	}
	audit_clear(&a);
	aggregate_free(agg);
	ruletab_clear(&rt);
	return status;
}
