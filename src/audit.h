/* SPDX-License-Identifier: MIT */
/*
 * One audit run: expand the paths, check each file's name and place,
 * read it line by line, run the checks, count the findings and feed the
 * report; at the end, judge the coverage of every day directory walked.
 * All run state lives in struct audit, so a test can run several audits
 * in one process.
 *
 * Ownership: struct audit borrows the ruletab, settings, aggregate,
 * report and plan; it owns only its checker.
 */
#ifndef SSAUDIT_AUDIT_H
#define SSAUDIT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "aggregate.h"
#include "check.h"
#include "finding.h"
#include "layout.h"
#include "report.h"
#include "rules.h"

struct session_plan;

struct audit {
	const struct ruletab		*rt;
	const struct rules_settings	*set;
	struct session_plan		*plan;		/* may be NULL */
	const char			*account;	/* --account, or NULL */
	int64_t				 now_ms;	/* --now */
	struct aggregate		*agg;
	struct report			*rep;		/* may be NULL */
	struct checker			*ck;
	struct layout_params		 lp;
	const char			*path;		/* file being audited */
	int				 errors;	/* unreadable paths */
};

/*
 * Set up an audit.  plan (may be NULL: line and file rules only) gets
 * every parsed session; account, if not NULL, is the account every
 * session must have, whatever the path says; now_ms is the reference
 * time for retention and partial days.
 */
void	audit_init(struct audit *, const struct ruletab *,
	    const struct rules_settings *, struct aggregate *, struct report *,
	    struct session_plan *plan, const char *account, int64_t now_ms);
void	audit_clear(struct audit *);
/*
 * Audit the given paths (files, directories, "-") in order, then judge
 * the coverage of the day directories walked.  Files that cannot be
 * opened or read are reported with msg_error() and counted in a->errors;
 * the rest are still audited.
 */
void	audit_paths(struct audit *, char *const *paths, int npaths);
/* Audit one file or "-"; return 0, or -1 if it could not be read. */
int	audit_file(struct audit *, const char *path);
/* Judge the coverage of every registered day (audit_paths() does it). */
void	audit_coverage(struct audit *);

#endif
