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
#include <stdint.h>

#include "finding.h"

/* --fail-on never: no finding fails the gate. */
#define AGG_FAIL_NEVER	(-1)

struct agg_file {
	char			*path;
	int			 in_layout;	/* under YYYY/MM/DD */
	unsigned long long	*rule_count;	/* by rule index */
	unsigned long long	 lines;
	unsigned long long	 sessions;
	unsigned long long	 bytes;		/* bytes read (compressed) */
	unsigned long long	 sev[SEV_COUNT];
};

struct agg_example {
	int			 rule;
	size_t			 seq;		/* audit order */
	char			*path;		/* file or day directory */
	unsigned long long	 line;
	unsigned long		 column;
	char			*field;
	char			*session_id;
	char			*message;
};

enum agg_day_status {
	AGG_DAY_COMPLETE,
	AGG_DAY_INCOMPLETE,
	AGG_DAY_PARTIAL
};

/* One audited day directory and its coverage. */
struct agg_day {
	char			*dir;
	char			 date[11];	/* YYYY-MM-DD */
	int64_t			 start_ms;
	int			 intervals;
	unsigned char		*have;		/* files per interval, capped */
	size_t			 files;
	size_t			 empty_files;
	size_t			 broken_files;
	unsigned long long	 lines;
	unsigned long long	 sessions;
	enum agg_day_status	 status;
	int			 missing;	/* intervals without a file */
	int			 due;		/* intervals over by --now */
	int64_t			 complete_at;	/* ms: end + open sessions */
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
	size_t			 seq;
	long			 cur;		/* current file, or -1 */
	struct agg_day		*days;
	size_t			 ndays;
};

struct aggregate	*aggregate_new(const struct ruletab *, size_t);
void			 aggregate_free(struct aggregate *);
/* Start a file; findings added until the next call belong to it. */
void	aggregate_file_begin(struct aggregate *, const char *path);
/*
 * Count a finding.  path names where it is (a file or a day directory);
 * it also counts against the current file, if one is open.
 */
void	aggregate_add(struct aggregate *, const char *path,
	    const struct finding *);
/* Close the current file with its line and session counts. */
void	aggregate_file_end(struct aggregate *, unsigned long long lines,
	    unsigned long long sessions, unsigned long long bytes);
/* Whether rule i fails the gate at fail_on (a severity or AGG_FAIL_NEVER). */
int	aggregate_rule_fails(const struct aggregate *, size_t, int fail_on);
/* Whether the gate fails: any rule fails. */
int	aggregate_fails(const struct aggregate *, int fail_on);
/* Examples sorted by rule index, then in audit order. */
void	aggregate_sort_examples(struct aggregate *);
/* Mark the current file as inside the YYYY/MM/DD layout. */
void	aggregate_file_in_layout(struct aggregate *);
/*
 * Register an audited day directory (once); return its index.  intervals
 * is the number of intervals in a day.
 */
size_t	aggregate_day(struct aggregate *, const char *dir, int y, int m, int d,
	    int intervals);
/* Find a registered day directory; return its index or -1. */
long	aggregate_find_day(const struct aggregate *, const char *dir);

#endif
