/* SPDX-License-Identifier: MIT */
/*
 * ssaudit: audit Monetate Session Stream exports.  main() parses the
 * options, loads and layers the rules, runs the audit (or the rules and
 * explain commands) and maps the result to the exit status of SPEC
 * section 6: 0 passed, 1 the gate failed, 2 an error (which wins).
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate.h"
#include "audit.h"
#include "explain.h"
#include "finding.h"
#include "msg.h"
#include "options.h"
#include "report.h"
#include "rules.h"
#include "session.h"
#include "xmalloc.h"

#define MAIN_BUILTIN_NAME	"<built-in session-stream.yaml>"

/*
 * Load the default rules: $SSAUDIT_RULES, else the installed file, else
 * the copy compiled into the program.
 */
static int
main_load_default(struct ruleset *rs, char **cause)
{
	const char	*env = getenv("SSAUDIT_RULES");

	if (env != NULL && *env != '\0')
		return rules_load(rs, env, NULL, 0, cause);
	if (access(SSAUDIT_RULES_PATH, R_OK) == 0)
		return rules_load(rs, SSAUDIT_RULES_PATH, NULL, 0, cause);
	return rules_load(rs, MAIN_BUILTIN_NAME, rules_builtin_text,
	    rules_builtin_len, cause);
}

/* Build the ruleset of the options; NULL after printing why. */
static struct ruleset *
main_rules(const struct options *opt, const char *const *files, int nfiles)
{
	struct ruleset	*rs;
	char		*cause = NULL;
	int		 i;

	rs = rules_new();
	if (!opt->no_default_rules && main_load_default(rs, &cause) == -1)
		goto fail;
	for (i = 0; i < nfiles; i++) {
		if (rules_load(rs, files[i], NULL, 0, &cause) == -1)
			goto fail;
	}
	if (rules_finish(rs, &cause) == -1)
		goto fail;
	return rs;
fail:
	msg_error("%s", cause);
	free(cause);
	rules_free(rs);
	return NULL;
}

/*
 * ssaudit rules --check FILE...: each file on top of the defaults and
 * the -r files.
 */
static int
main_rules_check(const struct options *opt)
{
	struct ruleset	*rs;
	struct ruletab	 rt;
	struct session_plan *plan;
	const char	**files;
	char		*cause = NULL;
	int		 i, status = 0;

	files = xcalloc((size_t)opt->nrules + 1, sizeof *files);
	for (i = 0; i < opt->nrules; i++)
		files[i] = opt->rules[i];
	for (i = 0; i < opt->npaths; i++) {
		files[opt->nrules] = opt->paths[i];
		rs = main_rules(opt, files, opt->nrules + 1);
		if (rs == NULL) {
			status = 2;
			continue;
		}
		rules_to_ruletab(rs, &rt);
		plan = session_plan_new(rs, &rt, 0, &cause);
		if (plan == NULL) {
			msg_error("%s", cause);
			free(cause);
			status = 2;
		} else if (!opt->quiet)
			printf("%s: ok\n", opt->paths[i]);
		session_plan_free(plan);
		ruletab_clear(&rt);
		rules_free(rs);
	}
	free(files);
	return status;
}

static int
main_audit(const struct options *opt, struct ruleset *rs)
{
	struct ruletab		 rt;
	struct session_plan	*plan;
	struct aggregate	*agg = NULL;
	struct report		*rep = NULL;
	struct audit		 a;
	char			*cause = NULL;
	int			 status;

	rules_to_ruletab(rs, &rt);
	if ((plan = session_plan_new(rs, &rt, opt->show_values,
	    &cause)) == NULL) {
		msg_error("%s", cause);
		free(cause);
		ruletab_clear(&rt);
		return 2;
	}
	agg = aggregate_new(&rt, opt->examples);
	if (report_open(opt->format, &rt, opt->output, opt->fail_on,
	    opt->quiet, &rep, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		status = 2;
		goto out;
	}
	audit_init(&a, rs, &rt, &rs->settings, agg, rep, opt->show_values,
	    opt->account, opt->now_ms, opt->jobs);
	if (audit_paths(&a, opt->paths, opt->npaths, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		report_abort(rep);
		audit_clear(&a);
		status = 2;
		goto out;
	}

	status = aggregate_fails(agg, opt->fail_on) ? 1 : 0;
	/*
	 * A gate that audited nothing must not pass: a path that holds no
	 * *.json.gz or *.json file (and no day directory, whose missing
	 * intervals would be findings) is an error.
	 */
	if (agg->nfiles == 0 && agg->ndays == 0 && a.errors == 0) {
		msg_error("no *.json.gz or *.json file found in the paths "
		    "given: nothing was audited");
		status = 2;
	}
	if (a.errors > 0)
		status = 2;
	if (report_close(rep, agg, &cause) == -1) {
		msg_error("%s", cause);
		free(cause);
		status = 2;
	}
	audit_clear(&a);
out:
	aggregate_free(agg);
	session_plan_free(plan);
	ruletab_clear(&rt);
	return status;
}

int
main(int argc, char **argv)
{
	struct options		 opt;
	struct ruleset		*rs;
	int			 status;

	setlocale(LC_ALL, "C");
	options_parse(argc, argv, &opt);
	msg_set_quiet(opt.quiet);

	if (opt.cmd == CMD_RULES && opt.check) {
		status = main_rules_check(&opt);
		free(opt.rules);
		return status;
	}
	rs = main_rules(&opt, opt.rules, opt.nrules);
	if (rs == NULL) {
		free(opt.rules);
		return 2;
	}
	switch (opt.cmd) {
	case CMD_RULES:
		rules_print(stdout, rs);
		status = fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
		if (status != 0)
			msg_error("<stdout>: cannot write the rules");
		break;
	case CMD_EXPLAIN:
		status = explain_rule(stdout, rs, opt.paths[0]);
		if (status == -1) {
			msg_error("explain: unknown rule id %s (ssaudit rules "
			    "lists every check)", opt.paths[0]);
			status = 2;
		} else if (fflush(stdout) != 0 || ferror(stdout)) {
			msg_error("<stdout>: cannot write the explanation");
			status = 2;
		}
		break;
	default:
		status = main_audit(&opt, rs);
		break;
	}
	rules_free(rs);
	free(opt.rules);
	return status;
}
