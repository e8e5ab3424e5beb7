/* SPDX-License-Identifier: MIT */
/*
 * Findings and the rule catalogue.  A finding is one fact about bad data:
 * which rule, where (file, line, column, field) and a message.  Rules are
 * addressed by a small integer, their index in a struct ruletab, so that
 * counting a finding is an array increment.
 *
 * The catalogue holds every rule id of the specification with its default
 * severity and a one-line summary.  A struct ruletab is the run's view of
 * it: which rules are enabled and at what severity and threshold.
 *
 * Ownership: a struct finding only borrows its strings; whoever keeps a
 * finding past the call that received it copies them.  A ruletab owns
 * nothing but its own array; rule ids are static strings.
 */
#ifndef SSAUDIT_FINDING_H
#define SSAUDIT_FINDING_H

#include <stddef.h>

enum severity {
	SEV_INFO,
	SEV_WARNING,
	SEV_ERROR
};
#define SEV_COUNT 3

/* Where a rule applies: a whole file, one line, or one parsed session. */
enum rule_scope {
	SCOPE_FILE,
	SCOPE_LINE,
	SCOPE_SESSION
};

/*
 * The built-in line and file rules, in catalogue order.  With the built-in
 * table (ruletab_init()) these are also the rule indices; with a rule
 * file, ruletab.builtin maps each to the check that carries it.
 */
enum rule_builtin {
	RULE_JSON_SYNTAX,
	RULE_UTF8,
	RULE_LINE_LENGTH,
	RULE_BLANK_LINE,
	RULE_GZIP,
	RULE_EMPTY_FILE,
	RULE_FILENAME,
	RULE_FILENAME_DATE,
	RULE_FILENAME_ALIGNMENT,
	RULE_FILENAME_DURATION,
	RULE_DIRECTORY_DATE,
	RULE_COVERAGE,
	RULE_RETENTION,
	RULE_BUILTIN_COUNT
};

struct rule_info {
	const char	*id;
	enum severity	 severity;
	enum rule_scope	 scope;
	const char	*summary;
};

/* One rule as this run applies it. */
struct rule {
	const char	*id;
	int		 kind;		/* enum rules_kind */
	enum severity	 severity;
	enum rule_scope	 scope;
	const char	*summary;
	int		 enabled;
	/*
	 * The gate fails on this rule only when its count exceeds
	 * threshold_count, or when threshold_fraction >= 0 and its count
	 * exceeds that fraction of the sessions.  The default, 0 and -1,
	 * fails on the first finding.
	 */
	unsigned long long threshold_count;
	double		 threshold_fraction;
};

struct ruletab {
	struct rule	*rules;
	size_t		 n;
	/* The rule of each built-in kind (enum rule_builtin), or -1. */
	int		 builtin[RULE_BUILTIN_COUNT];
};

struct finding {
	int			 rule;		/* index in the ruletab */
	unsigned long long	 line;		/* 0 for a file finding */
	unsigned long		 column;	/* 1-based byte; 0 unknown */
	const char		*field;		/* JSON pointer or NULL */
	const char		*session_id;	/* or the guid; or NULL */
	const char		*message;
	/*
	 * A candidate of a unique check: the finding stands only if key
	 * was already seen in this audit, which only the audit, reading
	 * results in order, can tell.  NULL for every other finding.
	 */
	const char		*key;
	size_t			 key_len;
};

/*
 * A receiver of findings.  emit() may be called many times per line; it
 * must copy whatever it keeps.
 */
struct finding_sink {
	void	(*emit)(void *, const struct finding *);
	void	 *arg;
};

const char		*finding_severity_name(enum severity);
int			 finding_severity_parse(const char *, enum severity *);

/*
 * Fill rt with the built-in rules, all enabled at their default severity;
 * rule index i is enum rule_builtin i.  Release with ruletab_clear().
 */
void	ruletab_init(struct ruletab *);
void	ruletab_clear(struct ruletab *);
/* Return the index of the rule named id, or -1. */
int	ruletab_find(const struct ruletab *, const char *);

#endif
