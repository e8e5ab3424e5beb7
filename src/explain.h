/* SPDX-License-Identifier: MIT */
/*
 * ssaudit explain: what one check verifies, its kind, severity, gate
 * threshold and parameters, and an example of a violating session.
 *
 * Ownership: nothing is kept.
 */
#ifndef SSAUDIT_EXPLAIN_H
#define SSAUDIT_EXPLAIN_H

#include <stdio.h>

#include "rules.h"

/* Print the check named id; return 0, -1 if there is none. */
int	explain_rule(FILE *, const struct ruleset *, const char *id);

#endif
