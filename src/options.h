/* SPDX-License-Identifier: MIT */
/*
 * The command line of the audit: parsed into a struct options, with the
 * combinations checked.  Usage problems print one reason and the usage
 * text and exit 2; --help and --version print and exit 0.
 *
 * Ownership: the strings in struct options point into argv.
 */
#ifndef SSAUDIT_OPTIONS_H
#define SSAUDIT_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

#define OPTIONS_DEFAULT_EXAMPLES	5

enum options_cmd {
	CMD_AUDIT,
	CMD_RULES,
	CMD_EXPLAIN
};

struct options {
	enum options_cmd		 cmd;
	int				 check;		/* rules --check */
	const char			**rules;	/* -r, in order */
	int				 nrules;
	int				 no_default_rules;
	const char			*account;
	int64_t				 now_ms;	/* --now, or now */
	int				 show_values;
	int				 jobs;		/* -j, workers */
	const struct report_writer	*format;
	const char			*output;	/* NULL: stdout */
	int				 fail_on;	/* severity, or -1 */
	size_t				 examples;
	int				 quiet;
	char				**paths;
	int				 npaths;
};

/* Parse argv into o; o->rules is allocated (free it with free()). */
void	options_parse(int argc, char **argv, struct options *o);
void	options_usage(int status) __attribute__((noreturn));

#endif
