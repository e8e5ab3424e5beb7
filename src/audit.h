/* SPDX-License-Identifier: MIT */
/*
 * One audit run.  Three kinds of thread share the work:
 *   - a reader walks the paths, checks each file's name and place,
 *     inflates it and cuts it into chunks of lines, in order;
 *   - N workers check the lines of any chunk (line rules and session
 *     checks), each with its own checker and plan, so one large file
 *     keeps every worker busy;
 *   - the caller's thread merges the chunks back in their order: it
 *     counts, reports, resolves duplicates and judges coverage.
 * With many files (two a worker) there is no reader: each worker reads
 * and checks whole files, and the merge takes the files in order.  With
 * one job, one thread does all three in turn.
 * Because everything that depends on order happens in the merge, the
 * report is byte for byte the same whatever N.  Memory stays bounded: at
 * most a fixed number of chunks is in flight, each holding at most a
 * chunk's worth of lines or one line up to the line limit.
 *
 * Ownership: struct audit borrows the ruleset, ruletab, aggregate and
 * report, and owns its duplicate set.
 */
#ifndef SSAUDIT_AUDIT_H
#define SSAUDIT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "finding.h"
#include "layout.h"
#include "report.h"
#include "rules.h"

struct uniq;

struct audit {
	const struct ruleset		*rs;		/* NULL: line rules only */
	const struct ruletab		*rt;
	const struct rules_settings	*set;
	int				 show_values;
	const char			*account;	/* --account, or NULL */
	int64_t				 now_ms;	/* --now */
	int				 jobs;
	struct aggregate		*agg;
	struct report			*rep;		/* may be NULL */
	struct layout_params		 lp;
	struct uniq			**uniq;		/* by rule */
	const char			*path;		/* being merged */
	int				 errors;	/* unreadable paths */
};

/*
 * Set up an audit with jobs worker threads.  rs (may be NULL: only line
 * and file rules) gives the session checks; account, if not NULL, is the
 * account every session must have, whatever the path says; now_ms is the
 * reference time for retention and partial days.
 */
void	audit_init(struct audit *, const struct ruleset *rs,
	    const struct ruletab *, const struct rules_settings *,
	    struct aggregate *, struct report *, int show_values,
	    const char *account, int64_t now_ms, int jobs);
void	audit_clear(struct audit *);
/*
 * Audit the given paths (files, directories, "-") in order, then judge
 * the coverage of the day directories walked.  Files that cannot be
 * opened or read are reported with msg_error() and counted in a->errors;
 * the rest are still audited.  Return 0, or -1 if a plan could not be
 * compiled (*cause set).
 */
int	audit_paths(struct audit *, char *const *paths, int npaths,
	    char **cause);

#endif
