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

#include "aggregate.h"
#include "options.h"

enum {
	OPT_EXAMPLES = 256,
	OPT_FAIL_ON
};

/* The leading colon: report a missing argument as ':', not '?'. */
static const char shortopts[] = ":f:ho:qV";

static const struct option longopts[] = {
	{ "examples",	required_argument,	NULL,	OPT_EXAMPLES },
	{ "fail-on",	required_argument,	NULL,	OPT_FAIL_ON },
	{ "format",	required_argument,	NULL,	'f' },
	{ "help",	no_argument,		NULL,	'h' },
	{ "output",	required_argument,	NULL,	'o' },
	{ "quiet",	no_argument,		NULL,	'q' },
	{ "version",	no_argument,		NULL,	'V' },
	{ NULL,		0,			NULL,	0 }
};

void
options_usage(int status)
{
	FILE	*fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: ssaudit [-hqV] [-f format] [-o file] [--examples n]\n"
	    "               [--fail-on severity] path ...\n"
	    "\n"
	    "Audit Session Stream files (gzip JSON Lines): files, "
	    "directories\n"
	    "(recursive, *.json.gz and *.json) or - for standard input.\n"
	    "\n"
	    "  -f, --format FORMAT   report format: %s (default text)\n"
	    "  -o, --output FILE     write the report to FILE "
	    "(default: standard output)\n"
	    "      --examples N      example findings kept per rule "
	    "(default %d)\n"
	    "      --fail-on SEV     error, warning, info or never "
	    "(default error)\n"
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
	int		 ch, i, nstdin;

	memset(o, 0, sizeof *o);
	opterr = 0;
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
		case 'o':
			if (optarg[0] == '\0')
				options_fail("--output: empty file name");
			o->output = optarg;
			break;
		case 'q':
			o->quiet = 1;
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
	o->paths = argv + optind;
	o->npaths = argc - optind;
	if (o->npaths == 0)
		options_fail("no path to audit");
	for (i = 0, nstdin = 0; i < o->npaths; i++) {
		if (strcmp(o->paths[i], "-") == 0 && nstdin++ > 0)
			options_fail("standard input (-) can be given only "
			    "once");
	}
}
