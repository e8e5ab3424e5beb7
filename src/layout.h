/* SPDX-License-Identifier: MIT */
/*
 * File names, directory layout and time.  A Session Stream file is named
 *     YYYYMMDDThhmmss.sssZ_PT15M-<unique>.json.gz
 * and lives in <account>/raw_data/session_stream/YYYY/MM/DD/.  This
 * module parses both strictly and says which part is wrong; it does no
 * I/O and keeps no state.
 *
 * Ownership: results are written into caller-provided structures.
 */
#ifndef SSAUDIT_LAYOUT_H
#define SSAUDIT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"

#define LAYOUT_DAY_MS	(86400000LL)
#define LAYOUT_MAX_PROBLEMS	4

struct layout_params {
	int		 interval_minutes;	/* divides 1440 */
	const char	*duration;		/* "PT15M" */
	const char	*extension;		/* ".json.gz" */
};

/* What a file name says. */
struct layout_name {
	int		 shape_ok;	/* the grammar matched */
	int		 date_ok;	/* a real date and time */
	int		 aligned;	/* on an interval boundary */
	int		 duration_ok;
	int		 year, month, day, hour, minute, second, millis;
	int64_t		 start_ms;	/* Unix ms, when date_ok */
};

struct layout_problem {
	enum rule_builtin	 rule;
	char			 message[256];
};

/* Where a file sits. */
struct layout_path {
	int		 has_day;	/* .../YYYY/MM/DD/file */
	int		 year, month, day;
	char		 daydir[4096];	/* the YYYY/MM/DD directory */
	int		 has_account;	/* .../ACCOUNT/raw_data/... */
	char		 account[64];
};

/*
 * Parse the base name of a file.  Fill *np and up to LAYOUT_MAX_PROBLEMS
 * problems (filename, filename-date, filename-duration,
 * filename-alignment); return their number.
 */
int	layout_check_name(const char *base, const struct layout_params *,
	    struct layout_name *np, struct layout_problem *probs);
/* Find the YYYY/MM/DD directory and the account above a file's path. */
void	layout_parse_path(const char *path, struct layout_path *);
/* Whether a directory path ends in YYYY/MM/DD; fill y, m, d if so. */
int	layout_is_daydir(const char *path, int *y, int *m, int *d);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t	layout_days(int y, int m, int d);
/* Whether y-m-d is a real date. */
int	layout_valid_date(int y, int m, int d);
/* Parse YYYY-MM-DDThh:mm:ssZ into Unix ms; return 0 or -1. */
int	layout_parse_time(const char *, int64_t *);
/* Format Unix ms as YYYY-MM-DDThh:mm:ssZ into buf. */
void	layout_format_time(int64_t, char *buf, size_t size);

#endif
