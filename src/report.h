/* SPDX-License-Identifier: MIT */
/*
 * Report writers.  Each format fills in the same three hooks: begin, one
 * call per finding as the audit goes (the csv writer streams them; the
 * others leave them to the aggregate), and end, which renders the summary
 * from the aggregate.  A report goes to standard output or to a file that
 * is written under a temporary name and renamed into place only when it is
 * complete, so a reader never sees half a report.
 *
 * Ownership: a struct report owns its stream and paths.  It borrows the
 * aggregate passed to report_close().
 */
#ifndef SSAUDIT_REPORT_H
#define SSAUDIT_REPORT_H

#include <stdio.h>

#include "aggregate.h"
#include "finding.h"

#define REPORT_VERSION	1

struct report;

struct report_writer {
	const char	*name;
	void		(*begin)(struct report *);
	void		(*finding)(struct report *, const char *file,
			    const struct finding *);
	void		(*end)(struct report *, struct aggregate *);
};

struct report {
	const struct report_writer	*w;
	const struct ruletab		*rt;
	FILE				*fp;
	char				*path;		/* NULL: stdout */
	char				*tmppath;
	int				 fail_on;
	int				 null;		/* -q: no output */
};

/* Return the writer for a --format name, or NULL. */
const struct report_writer	*report_find(const char *);
/* A comma-separated list of the format names, for usage messages. */
const char			*report_names(void);

/*
 * Start a report in format w to path (NULL for standard output; quiet
 * set: write nothing).  Return 0, or -1 with *cause allocated.
 */
int	report_open(const struct report_writer *, const struct ruletab *,
	    const char *path, int fail_on, int quiet, struct report **,
	    char **cause);
void	report_finding(struct report *, const char *file,
	    const struct finding *);
/*
 * Render the end of the report and commit it.  Return 0, or -1 with
 * *cause allocated when the report could not be written (nothing is left
 * at path then).  Frees the report either way.
 */
int	report_close(struct report *, struct aggregate *, char **cause);
/* Drop a report without committing it. */
void	report_abort(struct report *);

/* Helpers for the writers. */
void	report_json_string(FILE *, const char *);
void	report_csv_field(FILE *, const char *);
const char *report_verdict(const struct aggregate *, int fail_on);
const char *report_fail_on_name(int fail_on);

extern const struct report_writer report_text_writer;
extern const struct report_writer report_json_writer;
extern const struct report_writer report_csv_writer;

#endif
