/* SPDX-License-Identifier: MIT */
/*
 * Line rules and the hand-over of parsed sessions.  Order matters: a blank
 * line is reported as such and not as bad JSON, and invalid UTF-8 before
 * the syntax.  The strict scanner decides the syntax; json-c, which
 * accepts more than RFC 8259 does and allocates for every value, is no
 * longer on this path: the session is laid out as a tape instead.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "check.h"
#include "jv.h"
#include "jsonscan.h"
#include "utf8.h"
#include "xmalloc.h"

struct checker {
	const struct ruletab	*rt;
	struct jv_doc		 doc;
	struct session_hook	 hook;
	char			 msg[256];
};

struct checker *
checker_new(const struct ruletab *rt)
{
	struct checker	*ck;

	ck = xcalloc(1, sizeof *ck);
	ck->rt = rt;
	jv_doc_init(&ck->doc);
	return ck;
}

void
checker_free(struct checker *ck)
{
	if (ck == NULL)
		return;
	jv_doc_clear(&ck->doc);
	free(ck);
}

void
checker_set_session_hook(struct checker *ck, const struct session_hook *h)
{
	ck->hook = *h;
}

/* Report a built-in line rule, unless the rule set leaves it out. */
static void
checker_emit(struct checker *ck, const struct finding_sink *sink,
    enum rule_builtin which, unsigned long long lineno, unsigned long column)
{
	struct finding	 f;
	int		 rule = ck->rt->builtin[which];

	if (rule < 0 || !ck->rt->rules[rule].enabled)
		return;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.line = lineno;
	f.column = column;
	f.message = ck->msg;
	sink->emit(sink->arg, &f);
}

static int
checker_is_blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case ' ':
		case '\t':
		case '\r':
		case '\v':
		case '\f':
			break;
		default:
			return 0;
		}
	}
	return 1;
}

/* What a JSON value is, from its first byte. */
static const char *
checker_kind_name(int first)
{
	switch (first) {
	case '[':
		return "an array";
	case '"':
		return "a string";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	default:
		return "a number";
	}
}

int
checker_line(struct checker *ck, const char *line, size_t len,
    unsigned long long lineno, const struct finding_sink *sink)
{
	enum utf8_error		 uerr;
	const char		*why = NULL;
	size_t			 off;
	int			 first;

	if (checker_is_blank(line, len)) {
		snprintf(ck->msg, sizeof ck->msg, len == 0 ? "empty line" :
		    "line holds only whitespace");
		checker_emit(ck, sink, RULE_BLANK_LINE, lineno, 0);
		return 0;
	}
	uerr = utf8_check((const unsigned char *)line, len, &off);
	if (uerr != UTF8_OK) {
		snprintf(ck->msg, sizeof ck->msg, "invalid UTF-8 at byte "
		    "%zu: %s (0x%02x)", off + 1, utf8_error_name(uerr),
		    (unsigned char)line[off]);
		checker_emit(ck, sink, RULE_UTF8, lineno, off + 1);
		return 0;
	}

	if (jsonscan_check(line, len, &off, &why, &first) == -1) {
		snprintf(ck->msg, sizeof ck->msg, "invalid JSON at byte %zu: "
		    "%s", off + 1, why);
		checker_emit(ck, sink, RULE_JSON_SYNTAX, lineno, off + 1);
		return 0;
	}
	if (first != '{') {
		snprintf(ck->msg, sizeof ck->msg, "the line is %s, not a "
		    "JSON object", checker_kind_name(first));
		checker_emit(ck, sink, RULE_JSON_SYNTAX, lineno, 1);
		return 0;
	}

	/*
	 * Only a session that a check will read is laid out: the scanner
	 * has vouched for the syntax, so this cannot fail.
	 */
	if (ck->hook.check != NULL)
		ck->hook.check(ck->hook.arg, jv_parse(&ck->doc, line, len),
		    lineno, sink);
	return 1;
}
