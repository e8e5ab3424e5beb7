/* SPDX-License-Identifier: MIT */
/*
 * Session checks.  A ruleset is compiled once into a plan: the field
 * schema becomes a tree of shapes, the top-level fields get slots, and
 * each check becomes an operation that names its inputs by slot.  Per
 * session, every top-level field is looked up once, while the object's
 * members are walked: its value goes into its slot and is type-checked
 * against its shape (nested items too).  The checks then read the slots;
 * a check whose input is missing or of the wrong type is not evaluated,
 * and the required-field or field-type finding for that input names the
 * checks it held back.
 *
 * Ownership: the plan borrows the ruleset and ruletab, which must outlive
 * it, and owns its compiled patterns.  A plan is used by one thread at
 * a time; each worker has its own.
 */
#ifndef SSAUDIT_SESSION_H
#define SSAUDIT_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "rules.h"

struct jv;
struct session_plan;

/*
 * Compile rs for rt (made by rules_to_ruletab()).  Return the plan, or
 * NULL with *cause allocated ("file:line:column: what is wrong").
 */
struct session_plan	*session_plan_new(const struct ruleset *rs,
			    const struct ruletab *rt, int show_values,
			    char **cause);
void			 session_plan_free(struct session_plan *);
/*
 * Start a file: account is the expected account id for account checks,
 * or NULL for none; if has_window, start_ms is the start of the file's
 * interval (file-window).  Unique checks emit candidates (finding.key)
 * that the caller resolves in audit order.
 */
void	session_begin_file(struct session_plan *, const char *account,
	    int64_t start_ms, int has_window);
/* Check one parsed session; findings go to sink. */
void	session_check(void *plan, const struct jv *obj,
	    unsigned long long lineno, const struct finding_sink *sink);

#endif
