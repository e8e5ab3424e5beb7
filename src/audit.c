/* SPDX-License-Identifier: MIT */
/*
 * The audit loop.  A file is read once, from the first byte to the last:
 * the reader's events become line checks or findings, and every finding
 * goes both to the aggregate (counts, examples) and to the report writer
 * (which may stream it).  Damage in a file never stops the run; only a
 * path the operating system refuses to read is an error, and even then
 * the other paths are audited.
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
audit_init(struct audit *a, const struct ruletab *rt, struct aggregate *agg,
    struct report *rep, size_t max_line, struct session_plan *plan,
    const char *account)
{
	struct session_hook	 hook;

	memset(a, 0, sizeof *a);
	a->rt = rt;
	a->agg = agg;
	a->rep = rep;
	a->max_line = max_line;
	a->plan = plan;
	a->account = account;
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

	aggregate_add(a->agg, f);
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

int
audit_file(struct audit *a, const char *path)
{
	struct finding_sink	 sink = { audit_emit, a };
	struct gzlines		*gl = NULL;
	struct gzl_line		 ln;
	enum gzl_event		 ev;
	unsigned long long	 lines = 0, sessions = 0;
	char			*cause = NULL, msg[160];
	int			 damaged = 0, rv = 0, done = 0;

	if (gzlines_open(path, a->max_line, audit_has_suffix(path, ".gz"),
	    &gl, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		a->errors++;
		return -1;
	}
	a->path = strcmp(path, "-") == 0 ? "<stdin>" : path;
	aggregate_file_begin(a->agg, a->path);
	if (a->plan != NULL)
		session_begin_file(a->plan, a->path, a->account);
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
			    ln.len, a->max_line);
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
		if (gzlines_bytes_in(gl) == 0)
			audit_builtin_finding(a, RULE_EMPTY_FILE, 0,
			    "the file is empty (zero bytes)");
		else
			audit_builtin_finding(a, RULE_EMPTY_FILE, 0,
			    "the gzip data holds no lines");
	}
	aggregate_file_end(a->agg, lines, sessions, gzlines_bytes_in(gl));
	gzlines_close(gl);
	a->path = NULL;
	return rv;
}

void
audit_paths(struct audit *a, char *const *paths, int npaths)
{
	struct walk_list	 wl;
	size_t			 i;
	int			 p;

	for (p = 0; p < npaths; p++) {
		walk_init(&wl);
		walk_path(&wl, paths[p]);
		for (i = 0; i < wl.n; i++) {
			if (wl.v[i].error != NULL) {
				msg_error("%s", wl.v[i].error);
				a->errors++;
				continue;
			}
			(void)audit_file(a, wl.v[i].path);
		}
		walk_clear(&wl);
	}
}
