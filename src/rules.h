/* SPDX-License-Identifier: MIT */
/*
 * Rule files: YAML documents read with libcyaml (and libyaml, for the
 * line and column of every error), layered in order into one ruleset.
 * A ruleset holds the settings, the field schema and the checks; each
 * check is an instance of a parameterised kind (see rules_kind_name()).
 * Later files override earlier ones by check id and by field name,
 * parameter by parameter, so a site file states only what differs.
 *
 * Ownership: a ruleset owns every string and array in it; free it with
 * rules_free().  Checks and fields keep the order of first appearance.
 */
#ifndef SSAUDIT_RULES_H
#define SSAUDIT_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "finding.h"

enum rules_kind {
	/* Built into the reader and the line pipeline. */
	KIND_JSON_SYNTAX,
	KIND_UTF8,
	KIND_LINE_LENGTH,
	KIND_BLANK_LINE,
	KIND_GZIP,
	KIND_EMPTY_FILE,
	KIND_FILENAME,
	KIND_FILENAME_DATE,
	KIND_FILENAME_ALIGNMENT,
	KIND_FILENAME_DURATION,
	KIND_DIRECTORY_DATE,
	KIND_COVERAGE,
	KIND_RETENTION,
	/* The schema. */
	KIND_REQUIRED,
	KIND_TYPE,
	KIND_UNKNOWN,
	/* Values. */
	KIND_FLAG,
	KIND_CONST,
	KIND_ENUM,
	KIND_SET,
	KIND_RANGE,
	KIND_PATTERN,
	KIND_SQUARE,
	KIND_SUM_OF_SQUARES,
	KIND_SUM,
	KIND_COUNT,
	KIND_EQUIVALENCE,
	KIND_COMPOSITION,
	KIND_ITEM_LIMIT,
	KIND_TIME_ORDER,
	KIND_MAX_SPAN,
	KIND_WITHIN_SPAN,
	KIND_TIMES_WITHIN,
	KIND_UNIQUE,
	KIND_FILE_WINDOW,
	KIND_COUNT_
};

enum rules_type {
	TYPE_ANY,
	TYPE_STRING,
	TYPE_NUMBER,
	TYPE_INTEGER,
	TYPE_BOOLEAN,
	TYPE_OBJECT,
	TYPE_ARRAY
};

struct rules_pos {
	const char	*file;		/* one of ruleset.layers */
	int		 line;
	int		 column;
};

struct rules_field {
	char		*name;		/* a path: "a", "a/ * /b" */
	enum rules_type	 type;
	int		 required;
	int		 nullable;	/* default: !required */
	int		 nullable_set;
	int		 personal;
	char		*description;
	struct rules_pos pos;
};

struct rules_cond {
	char		*field;
	char		*op;		/* == != < <= > >= */
	char		*value;
};

struct rules_check {
	char		*id;
	enum rules_kind	 kind;
	enum severity	 severity;
	int		 enabled;
	char		*threshold;	/* as written, or NULL */
	unsigned long long threshold_count;
	double		 threshold_fraction;	/* -1: a count */
	char		*description;
	char		*example;

	/* Parameters; which ones a kind takes is in rules.c. */
	char		*field;
	char		**fields;
	size_t		 nfields;
	char		*of;
	char		**parts;
	size_t		 nparts;
	char		*separator;
	char		*value;
	char		**values;
	size_t		 nvalues;
	char		*value_from;
	int		 has_min;
	double		 min;
	int		 has_max;
	double		 max;
	char		*pattern;
	char		*match;
	char		*start;
	char		*end;
	double		 scale;
	int		 has_scale;
	int		 money;
	struct rules_cond when;
	int		 has_when;
	int		 one_way;

	struct rules_pos pos;
};

struct rules_settings {
	size_t		 max_line_length;
	size_t		 item_limit;
	double		 money_tolerance;
	double		 relative_tolerance;
	char		*account;	/* "" or NULL: none */
	int		 interval_minutes;
	char		*duration;
	char		*extension;
	unsigned	 retention_days;
	double		 file_window_slack_minutes;
	unsigned	 session_open_hours;
};

struct ruleset {
	struct rules_settings	 settings;
	struct rules_field	*fields;
	size_t			 nfields;
	struct rules_check	*checks;
	size_t			 nchecks;
	char			**layers;	/* file names, in order */
	size_t			 nlayers;
};

/* An empty ruleset with the default settings. */
struct ruleset	*rules_new(void);
void		 rules_free(struct ruleset *);
/*
 * Layer the rule file at path (or, if text is not NULL, the text given,
 * named path in messages) onto rs.  Return 0, or -1 with *cause set to an
 * allocated "file:line:column: what is wrong" message.  rs is unusable
 * after a failure.
 */
int	rules_load(struct ruleset *rs, const char *path, const char *text,
	    size_t len, char **cause);
/*
 * Check the layered result as a whole (at least one enabled check).
 * Return 0, or -1 with *cause allocated.
 */
int	rules_finish(struct ruleset *rs, char **cause);
/* Print the effective rules as a YAML rule file. */
void	rules_print(FILE *, const struct ruleset *);
/* Find a check by id, or NULL. */
const struct rules_check *rules_find_check(const struct ruleset *,
	    const char *);
/* Find a field by name (path), or NULL. */
const struct rules_field *rules_find_field(const struct ruleset *,
	    const char *);
const char	*rules_kind_name(enum rules_kind);
/* The built-in rule kind a line or file rule uses, or -1. */
int		 rules_builtin_of(enum rules_kind);
/*
 * Fill rt with one rule per check of rs, in order, and map the built-in
 * kinds.  rt borrows the strings of rs.
 */
void	rules_to_ruletab(const struct ruleset *, struct ruletab *);
/* The default rules compiled into the program (the installed file's text). */
extern const char	rules_builtin_text[];
extern const size_t	rules_builtin_len;

#endif
