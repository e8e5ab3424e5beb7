/* SPDX-License-Identifier: MIT */
/*
 * File-name grammar and layout.  The name is read left to right, each
 * part against what it must be, so that the message names the first part
 * that is wrong: the shape first (filename), then the calendar
 * (filename-date), the duration (filename-duration) and the alignment on
 * an interval boundary (filename-alignment).  Dates are computed with
 * days-from-civil arithmetic, never with the C library's time zone.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

int64_t
layout_days(int y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
layout_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
layout_valid_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && layout_leap(y));
}

/* Read n digits at s into *vp; return 0, or -1 if they are not digits. */
static int
layout_digits(const char *s, int n, int *vp)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*vp = v;
	return 0;
}

static int __attribute__((format(printf, 4, 5)))
layout_problem(struct layout_problem *probs, int n, enum rule_builtin rule,
    const char *fmt, ...)
{
	va_list	 ap;

	if (n >= LAYOUT_MAX_PROBLEMS)
		return n;
	probs[n].rule = rule;
	va_start(ap, fmt);
	vsnprintf(probs[n].message, sizeof probs[n].message, fmt, ap);
	va_end(ap);
	return n + 1;
}

/* Whether s (len bytes) looks like an ISO-8601 duration (P...). */
static int
layout_is_duration(const char *s, size_t len)
{
	size_t	 i;

	if (len < 2 || s[0] != 'P')
		return 0;
	for (i = 1; i < len; i++) {
		if (!isdigit((unsigned char)s[i]) && strchr("YMWDTHS.,",
		    s[i]) == NULL)
			return 0;
	}
	return 1;
}

int
layout_check_name(const char *base, const struct layout_params *lp,
    struct layout_name *np, struct layout_problem *probs)
{
	const char	*s = base, *dash, *u;
	size_t		 len = strlen(base), elen = strlen(lp->extension), dlen;
	int		 n = 0;

	memset(np, 0, sizeof *np);
	if (len <= elen || strcmp(base + len - elen, lp->extension) != 0)
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\" does not end in %s", base, lp->extension);
	len -= elen;

	/* YYYYMMDD T hhmmss . sss Z _ */
	if (len < 21 || layout_digits(s, 4, &np->year) == -1 ||
	    layout_digits(s + 4, 2, &np->month) == -1 ||
	    layout_digits(s + 6, 2, &np->day) == -1)
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\" does not start with a date YYYYMMDD", base);
	if (s[8] != 'T')
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected T after the date, found '%c'", base,
		    s[8]);
	if (layout_digits(s + 9, 2, &np->hour) == -1 ||
	    layout_digits(s + 11, 2, &np->minute) == -1 ||
	    layout_digits(s + 13, 2, &np->second) == -1)
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected the time hhmmss after T", base);
	if (s[15] != '.' || layout_digits(s + 16, 3, &np->millis) == -1)
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected milliseconds .sss after the time",
		    base);
	if (s[19] != 'Z')
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected Z (UTC) after the time, found '%c'",
		    base, s[19]);
	if (s[20] != '_')
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected _ after the time, found '%c'", base,
		    s[20]);
	dash = memchr(s + 21, '-', len - 21);
	if (dash == NULL)
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected - and a unique suffix after the "
		    "duration", base);
	dlen = (size_t)(dash - (s + 21));
	if (!layout_is_duration(s + 21, dlen))
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": expected an ISO-8601 duration such as %s "
		    "after _", base, lp->duration);
	u = dash + 1;
	if (u == s + len)
		return layout_problem(probs, n, RULE_FILENAME, "file name "
		    "\"%.100s\": the unique suffix after - is empty", base);
	for (; u < s + len; u++) {
		if (!isalnum((unsigned char)*u))
			return layout_problem(probs, n, RULE_FILENAME, "file "
			    "name \"%.100s\": stray character '%c' in the "
			    "unique suffix (letters and digits only)", base, *u);
	}
	np->shape_ok = 1;

	np->date_ok = layout_valid_date(np->year, np->month, np->day) &&
	    np->hour < 24 && np->minute < 60 && np->second < 60;
	if (!np->date_ok)
		n = layout_problem(probs, n, RULE_FILENAME_DATE, "file name "
		    "\"%.100s\": %04d-%02d-%02dT%02d:%02d:%02dZ is not a real "
		    "date and time", base, np->year, np->month, np->day,
		    np->hour, np->minute, np->second);
	else
		np->start_ms = (layout_days(np->year, np->month, np->day) *
		    86400 + np->hour * 3600 + np->minute * 60 + np->second) *
		    1000 + np->millis;
	np->duration_ok = strlen(lp->duration) == dlen &&
	    memcmp(s + 21, lp->duration, dlen) == 0;
	if (!np->duration_ok)
		n = layout_problem(probs, n, RULE_FILENAME_DURATION, "file name "
		    "\"%.100s\": duration %.*s, expected %s", base, (int)dlen,
		    s + 21, lp->duration);
	np->aligned = np->minute % lp->interval_minutes == 0 &&
	    np->second == 0 && np->millis == 0;
	if (np->date_ok && !np->aligned)
		n = layout_problem(probs, n, RULE_FILENAME_ALIGNMENT, "file "
		    "name \"%.100s\": %02d:%02d:%02d.%03d is not on a "
		    "%d-minute boundary", base, np->hour, np->minute,
		    np->second, np->millis, lp->interval_minutes);
	return n;
}

int
layout_is_daydir(const char *path, int *y, int *m, int *d)
{
	size_t	 len = strlen(path);
	const char *p;

	while (len > 1 && path[len - 1] == '/')
		len--;
	/* .../YYYY/MM/DD: ten characters, with a slash or the start before. */
	if (len < 10)
		return 0;
	p = path + len - 10;
	if (p > path && p[-1] != '/')
		return 0;
	if (layout_digits(p, 4, y) == -1 || p[4] != '/' ||
	    layout_digits(p + 5, 2, m) == -1 || p[7] != '/' ||
	    layout_digits(p + 8, 2, d) == -1)
		return 0;
	return 1;
}

void
layout_parse_path(const char *path, struct layout_path *lp)
{
	const char	*slash, *acct, *acct_end;
	size_t		 dirlen, n;
	static const char tail[] = "/raw_data/session_stream/";

	memset(lp, 0, sizeof *lp);
	if ((slash = strrchr(path, '/')) == NULL)
		return;
	dirlen = (size_t)(slash - path);
	if (dirlen >= sizeof lp->daydir)
		return;
	memcpy(lp->daydir, path, dirlen);
	lp->daydir[dirlen] = '\0';
	if (!layout_is_daydir(lp->daydir, &lp->year, &lp->month, &lp->day)) {
		lp->daydir[0] = '\0';
		return;
	}
	lp->has_day = 1;

	/* ACCOUNT/raw_data/session_stream/YYYY/MM/DD */
	n = sizeof tail - 1;
	if (dirlen < 10 + n)
		return;
	acct_end = path + dirlen - 10 - n;
	if (strncmp(acct_end, tail, n) != 0)
		return;
	for (acct = acct_end; acct > path && acct[-1] != '/'; acct--)
		;
	n = (size_t)(acct_end - acct);
	if (n == 0 || n >= sizeof lp->account)
		return;
	memcpy(lp->account, acct, n);
	lp->account[n] = '\0';
	lp->has_account = 1;
}

int
layout_parse_time(const char *s, int64_t *msp)
{
	int	 y, mo, d, h, mi, se;

	if (strlen(s) != 20 || layout_digits(s, 4, &y) == -1 || s[4] != '-' ||
	    layout_digits(s + 5, 2, &mo) == -1 || s[7] != '-' ||
	    layout_digits(s + 8, 2, &d) == -1 || s[10] != 'T' ||
	    layout_digits(s + 11, 2, &h) == -1 || s[13] != ':' ||
	    layout_digits(s + 14, 2, &mi) == -1 || s[16] != ':' ||
	    layout_digits(s + 17, 2, &se) == -1 || s[19] != 'Z')
		return -1;
	if (!layout_valid_date(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return -1;
	*msp = (layout_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) *
	    1000;
	return 0;
}

void
layout_format_time(int64_t ms, char *buf, size_t size)
{
	int64_t	 z, era, doe, yoe, y, doy, mp, d, m, secs;

	secs = ms / 1000 - (ms % 1000 < 0);
	z = (secs >= 0 ? secs : secs - 86399) / 86400;
	secs -= z * 86400;
	/* Howard Hinnant's civil_from_days. */
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
	    (long long)y, (long long)m, (long long)d, (long long)(secs / 3600),
	    (long long)(secs / 60 % 60), (long long)(secs % 60));
}
