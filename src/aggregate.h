/* SPDX-License-Identifier: MIT */
/*
 * The aggregated result of an audit: counts per rule, per severity and per
 * file, and a bounded number of example findings per rule (the first ones
 * in audit order).  It also makes the gate decision.
 *
 * Ownership: the aggregate copies every string it keeps and frees them in
 * aggregate_free().  It borrows the ruletab, which must outlive it.
 */
#ifndef SSAUDIT_AGGREGATE_H
#define SSAUDIT_AGGREGATE_H

#include <stddef.h>

#include "finding.h"

/* --fail-on never: no finding fails the gate. */
#define AGG_FAIL_NEVER	(-1)

struct agg_file {
	char			*path;
	unsigned long long	 lines;
	unsigned long long	 sessions;
	unsigned long long	 bytes;		/* bytes read (compressed) */
	unsigned long long	 sev[SEV_COUNT];
};

struct agg_example {
	int			 rule;
	size_t			 file;		/* index in files */
	unsigned long long	 line;
	unsigned long		 column;
	char			*field;
	char			*session_id;
	char			*message;
};

struct aggregate {
	const struct ruletab	*rt;
	size_t			 max_examples;
	unsigned long long	*rule_count;	/* by rule index */
	size_t			*rule_examples;	/* examples kept, by rule */
	unsigned long long	 sev[SEV_COUNT];
	unsigned long long	 lines;
	unsigned long long	 sessions;
	struct agg_file		*files;
	size_t			 nfiles;
	size_t			 capfiles;
	struct agg_example	*ex;
	size_t			 nex;
	size_t			 capex;
};

struct aggregate	*aggregate_new(const struct ruletab *, size_t);
void			 aggregate_free(struct aggregate *);
/* Start a file; findings added until the next call belong to it. */
void	aggregate_file_begin(struct aggregate *, const char *path);
/* Count a finding against the current file. */
void	aggregate_add(struct aggregate *, const struct finding *);
/* Close the current file with its line and session counts. */
void	aggregate_file_end(struct aggregate *, unsigned long long lines,
	    unsigned long long sessions, unsigned long long bytes);
/* Whether rule i fails the gate at fail_on (a severity or AGG_FAIL_NEVER). */
int	aggregate_rule_fails(const struct aggregate *, size_t, int fail_on);
/* Whether the gate fails: any rule fails. */
int	aggregate_fails(const struct aggregate *, int fail_on);
/* Examples sorted by rule index, then file, line and column. */
void	aggregate_sort_examples(struct aggregate *);

#endif
