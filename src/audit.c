/* SPDX-License-Identifier: MIT */
/*
 * The audit loop.  A file's name and place are checked before its bytes
 * (file-name grammar, directory day, retention, the account of its
 * path), then it is read once, from the first byte to the last: the
 * reader's events become line checks or findings, and every finding goes
 * both to the aggregate (counts, examples) and to the report writer
 * (which may stream it).  Damage in a file never stops the run; only a
 * path the operating system refuses to read is an error, and even then
 * the other paths are audited.  Coverage is judged once all files are
 * in, per day directory walked.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "gzlines.h"
#include "msg.h"
#include "session.h"
#include "walk.h"
#include "xmalloc.h"

void
audit_init(struct audit *a, const struct ruletab *rt,
    const struct rules_settings *set, struct aggregate *agg,
    struct report *rep, struct session_plan *plan, const char *account,
    int64_t now_ms)
{
	struct session_hook	 hook;

	memset(a, 0, sizeof *a);
	a->rt = rt;
	a->set = set;
	a->agg = agg;
	a->rep = rep;
	a->plan = plan;
	a->account = account;
	a->now_ms = now_ms;
	a->lp.interval_minutes = set->interval_minutes;
	a->lp.duration = set->duration;
	a->lp.extension = set->extension;
	a->ck = checker_new(rt);
	if (plan != NULL) {
		hook.check = session_check;
		hook.arg = plan;
		checker_set_session_hook(a->ck, &hook);
	}
}

void
audit_clear(struct audit *a)
{
	checker_free(a->ck);
	a->ck = NULL;
}

static void
audit_emit(void *arg, const struct finding *f)
{
	struct audit	*a = arg;

	aggregate_add(a->agg, a->path, f);
	if (a->rep != NULL)
		report_finding(a->rep, a->path, f);
}

/* Report a built-in rule, unless the rule set leaves it out. */
static void
audit_builtin_finding(struct audit *a, enum rule_builtin which,
    unsigned long long line, const char *message)
{
	struct finding	 f;
	int		 rule = a->rt->builtin[which];

	if (rule < 0 || !a->rt->rules[rule].enabled)
		return;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.line = line;
	f.message = message;
	audit_emit(a, &f);
}

static int
audit_has_suffix(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *
audit_base(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* What the name and place of a file say, for the checks of its content. */
struct audit_place {
	struct layout_name	 name;
	struct layout_path	 where;
	int			 name_ok;	/* no filename-* problem */
	long			 day;		/* aggregate day, or -1 */
	const char		*account;	/* expected, or NULL */
};

/* Check the name and place of a file before reading it. */
static void
audit_place(struct audit *a, const char *path, struct audit_place *pl)
{
	struct layout_problem	 probs[LAYOUT_MAX_PROBLEMS];
	char			 msg[320], when[32];
	int			 i, n;
	int64_t			 age_ms, day_ms;

	memset(pl, 0, sizeof *pl);
	pl->day = -1;
	pl->account = a->account;
	if (strcmp(path, "-") == 0) {
		if (pl->account == NULL && a->set->account[0] != '\0')
			pl->account = a->set->account;
		return;
	}
	n = layout_check_name(audit_base(path), &a->lp, &pl->name, probs);
	for (i = 0; i < n; i++)
		audit_builtin_finding(a, probs[i].rule, 0, probs[i].message);
	pl->name_ok = n == 0;

	layout_parse_path(path, &pl->where);
	if (pl->where.has_day) {
		aggregate_file_in_layout(a->agg);
		pl->day = aggregate_find_day(a->agg, pl->where.daydir);
		if (pl->name.date_ok && (pl->name.year != pl->where.year ||
		    pl->name.month != pl->where.month ||
		    pl->name.day != pl->where.day)) {
			snprintf(msg, sizeof msg, "the file name's day "
			    "%04d-%02d-%02d differs from its directory "
			    "%04d/%02d/%02d", pl->name.year, pl->name.month,
			    pl->name.day, pl->where.year, pl->where.month,
			    pl->where.day);
			audit_builtin_finding(a, RULE_DIRECTORY_DATE, 0, msg);
		}
	}
	/* The expected account: --account, else the path, else settings. */
	if (pl->account == NULL && pl->where.has_account)
		pl->account = pl->where.account;
	if (pl->account == NULL && a->set->account[0] != '\0')
		pl->account = a->set->account;

	/* Retention, by the name's date, else the directory's day. */
	if (pl->name.date_ok)
		day_ms = pl->name.start_ms;
	else if (pl->where.has_day)
		day_ms = layout_days(pl->where.year, pl->where.month,
		    pl->where.day) * LAYOUT_DAY_MS;
	else
		return;
	age_ms = a->now_ms - day_ms;
	if (age_ms > (int64_t)a->set->retention_days * LAYOUT_DAY_MS) {
		layout_format_time(day_ms, when, sizeof when);
		snprintf(msg, sizeof msg, "the file's data of %.10s is %lld "
		    "days old, past the %u-day retention", when,
		    (long long)(age_ms / LAYOUT_DAY_MS),
		    a->set->retention_days);
		audit_builtin_finding(a, RULE_RETENTION, 0, msg);
	}
}

/* Count a file in its day's coverage. */
static void
audit_cover(struct audit *a, const struct audit_place *pl, int empty,
    int broken, unsigned long long lines, unsigned long long sessions)
{
	struct agg_day	*day;
	int64_t		 off;
	int		 k;

	if (pl->day < 0)
		return;
	day = &a->agg->days[pl->day];
	day->files++;
	day->empty_files += empty != 0;
	day->broken_files += broken != 0;
	day->lines += lines;
	day->sessions += sessions;
	/*
	 * Only a well-formed name of this very day covers an interval: a
	 * file in the wrong directory or with a bad name covers nothing.
	 */
	if (!pl->name_ok || pl->name.year != pl->where.year ||
	    pl->name.month != pl->where.month || pl->name.day != pl->where.day)
		return;
	off = pl->name.start_ms - day->start_ms;
	k = (int)(off / ((int64_t)a->set->interval_minutes * 60000));
	if (k >= 0 && k < day->intervals && day->have[k] < 255)
		day->have[k]++;
}

int
audit_file(struct audit *a, const char *path)
{
	struct finding_sink	 sink = { audit_emit, a };
	struct audit_place	 pl;
	struct gzlines		*gl = NULL;
	struct gzl_line		 ln;
	enum gzl_event		 ev;
	unsigned long long	 lines = 0, sessions = 0;
	char			*cause = NULL, msg[160];
	int			 damaged = 0, rv = 0, done = 0, empty = 0;

	if (gzlines_open(path, a->set->max_line_length,
	    audit_has_suffix(path, ".gz"), &gl, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		a->errors++;
		return -1;
	}
	a->path = strcmp(path, "-") == 0 ? "<stdin>" : path;
	aggregate_file_begin(a->agg, a->path);
	audit_place(a, path, &pl);
	if (a->plan != NULL)
		session_begin_file(a->plan, a->path, pl.account,
		    pl.name_ok ? pl.name.start_ms : 0, pl.name_ok);
	while (!done) {
		ev = gzlines_next(gl, &ln);
		switch (ev) {
		case GZL_LINE:
			lines++;
			sessions += (unsigned long long)checker_line(a->ck,
			    ln.data, ln.len, ln.lineno, &sink);
			break;
		case GZL_LONG:
			lines++;
			snprintf(msg, sizeof msg, "line of %zu bytes is "
			    "longer than the limit of %zu bytes: skipped",
			    ln.len, a->set->max_line_length);
			audit_builtin_finding(a, RULE_LINE_LENGTH, ln.lineno,
			    msg);
			break;
		case GZL_CORRUPT:
			damaged = 1;
			audit_builtin_finding(a, RULE_GZIP, 0, ln.message);
			break;
		case GZL_ERROR:
			msg_error("%s", ln.message);
			a->errors++;
			rv = -1;
			done = 1;
			break;
		case GZL_EOF:
			done = 1;
			break;
		}
	}
	if (lines == 0 && !damaged && rv == 0) {
		empty = 1;
		if (gzlines_bytes_in(gl) == 0)
			audit_builtin_finding(a, RULE_EMPTY_FILE, 0,
			    "the file is empty (zero bytes)");
		else
			audit_builtin_finding(a, RULE_EMPTY_FILE, 0,
			    "the gzip data holds no lines");
	}
	aggregate_file_end(a->agg, lines, sessions, gzlines_bytes_in(gl));
	audit_cover(a, &pl, empty, damaged, lines, sessions);
	gzlines_close(gl);
	a->path = NULL;
	return rv;
}

void
audit_paths(struct audit *a, char *const *paths, int npaths)
{
	struct walk_list	 wl;
	struct agg_day		*day;
	size_t			 i, k;
	int			 p, y, m, d;

	for (p = 0; p < npaths; p++) {
		walk_init(&wl);
		walk_path(&wl, paths[p]);
		for (i = 0; i < wl.n; i++) {
			if (wl.v[i].error != NULL) {
				msg_error("%s", wl.v[i].error);
				a->errors++;
				continue;
			}
			if (wl.v[i].is_dir) {
				/* A day directory walked: judge its coverage. */
				if (layout_is_daydir(wl.v[i].path, &y, &m,
				    &d) && layout_valid_date(y, m, d)) {
					k = aggregate_day(a->agg, wl.v[i].path,
					    y, m, d, 1440 /
					    a->set->interval_minutes);
					day = &a->agg->days[k];
					day->start_ms = layout_days(y, m, d) *
					    LAYOUT_DAY_MS;
				}
				continue;
			}
			(void)audit_file(a, wl.v[i].path);
		}
		walk_clear(&wl);
	}
	audit_coverage(a);
}

void
audit_coverage(struct audit *a)
{
	struct agg_day	*day;
	int64_t		 ivl = (int64_t)a->set->interval_minutes * 60000;
	size_t		 i;
	int		 k, h, mi;
	char		 msg[200];

	for (i = 0; i < a->agg->ndays; i++) {
		day = &a->agg->days[i];
		day->complete_at = day->start_ms + LAYOUT_DAY_MS +
		    (int64_t)a->set->session_open_hours * 3600000;
		day->missing = 0;
		day->due = 0;
		for (k = 0; k < day->intervals; k++) {
			if (day->start_ms + (k + 1) * ivl <= a->now_ms)
				day->due++;
			if (day->have[k] == 0)
				day->missing++;
		}
		if (a->now_ms < day->complete_at) {
			/* Still open: missing intervals are not failures. */
			day->status = AGG_DAY_PARTIAL;
			continue;
		}
		day->status = day->missing > 0 ? AGG_DAY_INCOMPLETE :
		    AGG_DAY_COMPLETE;
		a->path = day->dir;
		for (k = 0; k < day->intervals; k++) {
			if (day->have[k] != 0)
				continue;
			h = (int)(k * ivl / 3600000);
			mi = (int)(k * ivl / 60000 % 60);
			snprintf(msg, sizeof msg, "no file for the interval "
			    "%02d%02d (%02d:%02d UTC, %d minutes) of %s", h, mi,
			    h, mi, a->set->interval_minutes, day->date);
			audit_builtin_finding(a, RULE_COVERAGE, 0, msg);
		}
		a->path = NULL;
	}
}
