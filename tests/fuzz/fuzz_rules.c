/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a rule file layered on nothing, then compiled into a
 * plan.  Built and run by tests/fuzz/run, not by make check.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "rules.h"
#include "session.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset		*rs;
	struct ruletab		 rt;
	struct session_plan	*plan;
	char			*cause = NULL;

	rs = rules_new();
	if (rules_load(rs, "fuzz.yaml", (const char *)data, size,
	    &cause) == 0 && rules_finish(rs, &cause) == 0) {
		rules_to_ruletab(rs, &rt);
		plan = session_plan_new(rs, &rt, 0, &cause);
		session_plan_free(plan);
		ruletab_clear(&rt);
	}
	free(cause);
	rules_free(rs);
	return 0;
}
