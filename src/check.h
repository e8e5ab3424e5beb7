/* SPDX-License-Identifier: MIT */
/*
 * The per-line check pipeline.  Each line goes through the line rules in
 * order: blank-line, utf8, then json-syntax (a strict scanner of our
 * own), and is then laid out as a tape of typed values (jv.h) in buffers
 * reused from line to line.  A line that passes them is a session: it is counted
 * and handed, parsed, to the session checks.  A line stopped by a line
 * rule is not a session, so every line is either a session or exactly
 * one line finding.
 *
 * Ownership: a struct checker owns its tape.  It borrows the ruletab,
 * which must outlive it.  Findings go to the sink passed with each line,
 * with strings that are valid only during the emit() call.
 */
#ifndef SSAUDIT_CHECK_H
#define SSAUDIT_CHECK_H

#include <stddef.h>

#include "finding.h"

struct checker;
struct jv;

/*
 * A session check: called with every parsed session, emitting findings
 * through sink.  The object is borrowed for the duration of the call.
 */
struct session_hook {
	void	(*check)(void *, const struct jv *, unsigned long long,
		    const struct finding_sink *);
	void	 *arg;
};

struct checker	*checker_new(const struct ruletab *);
void		 checker_free(struct checker *);
/* Install the session checks (none by default). */
void		 checker_set_session_hook(struct checker *,
		    const struct session_hook *);

/*
 * Check one line (without its LF).  Return 1 if the line is a session, 0
 * if a line rule stopped it.
 */
int	checker_line(struct checker *, const char *line, size_t len,
	    unsigned long long lineno, const struct finding_sink *);

#endif
