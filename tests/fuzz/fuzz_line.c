/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: one line through the whole line pipeline (blank,
 * UTF-8, the strict scanner, the tape and every check of the default
 * rules).  Built and run by tests/fuzz/run, not by make check.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rules.h"
#include "session.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_emit(void *arg, const struct finding *f)
{
	(void)arg;
	(void)f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ruleset		*rs;
	static struct ruletab		 rt;
	static struct session_plan	*plan;
	static struct checker		*ck;
	struct finding_sink		 sink = { fuzz_emit, NULL };
	struct session_hook		 hook;
	char				*cause = NULL, *line;

	if (rs == NULL) {
		rs = rules_new();
		if (rules_load(rs, "default", rules_builtin_text,
		    rules_builtin_len, &cause) == -1)
			abort();
		rules_to_ruletab(rs, &rt);
		if ((plan = session_plan_new(rs, &rt, 0, &cause)) == NULL)
			abort();
		session_begin_file(plan, "1234", 1796000000000LL, 1);
		ck = checker_new(&rt);
		hook.check = session_check;
		hook.arg = plan;
		checker_set_session_hook(ck, &hook);
	}
	/* Lines reach the checker NUL-terminated, as the reader makes them. */
	if ((line = malloc(size + 1)) == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	(void)checker_line(ck, line, size, 1, &sink);
	free(line);
	return 0;
}
