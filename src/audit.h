/* SPDX-License-Identifier: MIT */
/*
 * One audit run: expand the paths, read every file line by line, run the
 * checks, count the findings and feed the report.  All run state lives in
 * struct audit, so a test can run several audits in one process.
 *
 * Ownership: struct audit borrows the ruletab, aggregate and report; it
 * owns only its checker.
 */
#ifndef SSAUDIT_AUDIT_H
#define SSAUDIT_AUDIT_H

#include <stddef.h>

#include "aggregate.h"
#include "check.h"
#include "finding.h"
#include "report.h"

struct session_plan;

struct audit {
	const struct ruletab	*rt;
	struct session_plan	*plan;		/* may be NULL */
	const char		*account;	/* expected, or NULL */
	struct aggregate	*agg;
	struct report		*rep;		/* may be NULL */
	struct checker		*ck;
	size_t			 max_line;
	const char		*path;		/* file being audited */
	int			 errors;	/* paths that could not be read */
};

/*
 * Set up an audit.  plan (may be NULL: line rules only) gets every parsed
 * session; account, if not NULL, is the account every session must have.
 */
void	audit_init(struct audit *, const struct ruletab *, struct aggregate *,
	    struct report *, size_t max_line, struct session_plan *plan,
	    const char *account);
void	audit_clear(struct audit *);
/*
 * Audit the given paths (files, directories, "-") in order.  Files that
 * cannot be opened or read are reported with msg_error() and counted in
 * a->errors; the rest are still audited.
 */
void	audit_paths(struct audit *, char *const *paths, int npaths);
/* Audit one file or "-"; return 0, or -1 if it could not be read. */
int	audit_file(struct audit *, const char *path);

#endif
