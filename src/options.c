/* SPDX-License-Identifier: MIT */
/*
 * Option parsing.  The long options are the public interface documented in
 * ssaudit(1); each has a long form, the frequent ones a short one too.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "layout.h"
#include "options.h"
#include "xmalloc.h"

enum {
	OPT_ACCOUNT = 256,
	OPT_CHECK,
	OPT_EXAMPLES,
	OPT_FAIL_ON,
	OPT_NO_DEFAULT_RULES,
	OPT_NOW,
	OPT_SHOW_VALUES
};

/* The leading colon: report a missing argument as ':', not '?'. */
static const char shortopts[] = ":f:hj:o:qr:V";

static const struct option longopts[] = {
	{ "account",	required_argument,	NULL,	OPT_ACCOUNT },
	{ "check",	no_argument,		NULL,	OPT_CHECK },
	{ "examples",	required_argument,	NULL,	OPT_EXAMPLES },
	{ "fail-on",	required_argument,	NULL,	OPT_FAIL_ON },
	{ "format",	required_argument,	NULL,	'f' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "jobs",	required_argument,	NULL,	'j' },
	{ "no-default-rules", no_argument,	NULL,	OPT_NO_DEFAULT_RULES },
	{ "now",	required_argument,	NULL,	OPT_NOW },
	{ "output",	required_argument,	NULL,	'o' },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "rules",	required_argument,	NULL,	'r' },
	{ "show-values", no_argument,		NULL,	OPT_SHOW_VALUES },
	{ "version",	no_argument,		NULL,	'V' },
	{ NULL,		0,			NULL,	0 }
};

void
options_usage(int status)
{
	FILE	*fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: ssaudit [-hqV] [-f format] [-j jobs] [-o file] "
	    "[-r rules]\n"
	    "               [--account id] [--examples n] "
	    "[--fail-on severity]\n"
	    "               [--no-default-rules] [--now time] "
	    "[--show-values] path ...\n"
	    "       ssaudit rules [-r rules] [--no-default-rules]\n"
	    "       ssaudit rules --check file ...\n"
	    "       ssaudit explain [-r rules] rule-id\n"
	    "\n"
	    "Audit Session Stream files (gzip JSON Lines): files, "
	    "directories\n"
	    "(recursive, *.json.gz and *.json) or - for standard input.\n"
	    "\n"
	    "  -f, --format FORMAT   report format: %s (default text)\n"
	    "  -j, --jobs N          worker threads (default: the CPUs "
	    "online)\n"
	    "  -o, --output FILE     write the report to FILE "
	    "(default: standard output)\n"
	    "  -r, --rules FILE      layer a rule file on the default rules "
	    "(repeatable)\n"
	    "      --account ID      the account every session must belong "
	    "to\n"
	    "      --examples N      example findings kept per rule "
	    "(default %d)\n"
	    "      --fail-on SEV     error, warning, info or never "
	    "(default error)\n"
	    "      --no-default-rules  start from no rules: only the -r files\n"
	    "      --now TIME        reference time YYYY-MM-DDThh:mm:ssZ "
	    "(default: now)\n"
	    "      --show-values     let personal data appear in reports\n"
	    "  -q, --quiet           no report on standard output, "
	    "no warnings\n"
	    "  -h, --help            print this help and exit\n"
	    "  -V, --version         print the version and exit\n"
	    "\n"
	    "Exit status: 0 passed, 1 the gate failed, 2 error.  "
	    "See ssaudit(1).\n",
	    report_names(), OPTIONS_DEFAULT_EXAMPLES);
	exit(status);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
options_fail(const char *fmt, ...)
{
	va_list	 ap;

	fputs("ssaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	options_usage(2);
}

static int
options_account_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
	}
	return 1;
}

static size_t
options_count(const char *opt, const char *arg, unsigned long max)
{
	unsigned long	 v;
	char		*end;

	errno = 0;
	if (arg[0] == '\0' || arg[0] == '-' || arg[0] == '+')
		goto bad;
	v = strtoul(arg, &end, 10);
	if (*end != '\0' || errno != 0 || v > max)
		goto bad;
	return (size_t)v;
bad:
	fprintf(stderr, "ssaudit: %s: %s: expected a whole number from 0 "
	    "to %lu\n", opt, arg, max);
	options_usage(2);
}

void
options_parse(int argc, char **argv, struct options *o)
{
	enum severity	 sev;
	int		 ch, i, nstdin, now_set = 0;
	long		 ncpu;

	memset(o, 0, sizeof *o);
	opterr = 0;
	o->rules = xcalloc((size_t)argc + 1, sizeof *o->rules);
	if (argc > 1 && strcmp(argv[1], "rules") == 0)
		o->cmd = CMD_RULES;
	else if (argc > 1 && strcmp(argv[1], "explain") == 0)
		o->cmd = CMD_EXPLAIN;
	if (o->cmd != CMD_AUDIT) {
		/* getopt_long() starts at argv[1]: skip the command word. */
		argv++;
		argc--;
	}
	o->format = report_find("text");
	o->fail_on = SEV_ERROR;
	o->examples = OPTIONS_DEFAULT_EXAMPLES;

	while ((ch = getopt_long(argc, argv, shortopts, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((o->format = report_find(optarg)) == NULL)
				options_fail("--format: unknown format %s "
				    "(use text, json or csv)", optarg);
			break;
		case 'h':
			options_usage(0);
		case 'j':
			o->jobs = (int)options_count("--jobs", optarg, 256);
			if (o->jobs == 0)
				options_fail("--jobs: 0: expected a whole number "
				    "from 1 to 256");
			break;
		case 'o':
			if (optarg[0] == '\0')
				options_fail("--output: empty file name");
			o->output = optarg;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'r':
			o->rules[o->nrules++] = optarg;
			break;
		case OPT_ACCOUNT:
			if (!options_account_ok(optarg))
				options_fail("--account: %s: expected the "
				    "numeric account id", optarg);
			o->account = optarg;
			break;
		case OPT_CHECK:
			o->check = 1;
			break;
		case OPT_NO_DEFAULT_RULES:
			o->no_default_rules = 1;
			break;
		case OPT_NOW:
			if (layout_parse_time(optarg, &o->now_ms) == -1)
				options_fail("--now: %s: expected a UTC time "
				    "YYYY-MM-DDThh:mm:ssZ", optarg);
			now_set = 1;
			break;
		case OPT_SHOW_VALUES:
			o->show_values = 1;
			break;
		case 'V':
			printf("ssaudit %s\n", PACKAGE_VERSION);
			exit(0);
		case OPT_EXAMPLES:
			o->examples = options_count("--examples", optarg,
			    1000000);
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "never") == 0)
				o->fail_on = AGG_FAIL_NEVER;
			else if (finding_severity_parse(optarg, &sev) == 0)
				o->fail_on = (int)sev;
			else
				options_fail("--fail-on: unknown severity %s "
				    "(use error, warning, info or never)",
				    optarg);
			break;
		case ':':
			options_fail("%s: missing argument", argv[optind - 1]);
		default:
			if (optopt != 0)
				options_fail("-%c: unknown option", optopt);
			options_fail("%s: unknown option", argv[optind - 1]);
		}
	}
	if (o->jobs == 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		o->jobs = ncpu < 1 ? 1 : ncpu > 256 ? 256 : (int)ncpu;
	}
	if (!now_set)
		o->now_ms = (int64_t)time(NULL) * 1000;
	o->paths = argv + optind;
	o->npaths = argc - optind;
	if (o->check && o->cmd != CMD_RULES)
		options_fail("--check belongs to the rules command: ssaudit "
		    "rules --check file ...");
	if (o->cmd == CMD_RULES) {
		if (o->check && o->npaths == 0)
			options_fail("rules --check: no rule file to check");
		if (!o->check && o->npaths > 0)
			options_fail("rules: unexpected argument %s (use -r "
			    "to layer files, --check to validate them)",
			    o->paths[0]);
		return;
	}
	if (o->cmd == CMD_EXPLAIN) {
		if (o->npaths != 1)
			options_fail("explain: give exactly one rule id");
		return;
	}
	if (o->npaths == 0)
		options_fail("no path to audit");
	for (i = 0, nstdin = 0; i < o->npaths; i++) {
		if (strcmp(o->paths[i], "-") == 0 && nstdin++ > 0)
			options_fail("standard input (-) can be given only "
			    "once");
	}
}
