/* SPDX-License-Identifier: MIT */
/*
 * A compact, read-only JSON document: the values of one line laid out in
 * document order in one array of nodes (a tape), with every string and
 * member name copied, unescaped and NUL-terminated, into one buffer.
 * Both are reused from line to line, so parsing a session allocates
 * nothing once the buffers have grown to the longest line.
 *
 * The text must have passed jsonscan_check() first: jv_parse() relies on
 * it and does no validation of its own.
 *
 * Ownership: a struct jv_doc owns its arrays; the nodes and strings it
 * hands out are valid until the next jv_parse() or jv_doc_clear().
 */
#ifndef SSAUDIT_JV_H
#define SSAUDIT_JV_H

#include <stddef.h>
#include <stdint.h>

enum jv_type {
	JV_NULL,
	JV_BOOL,
	JV_INT,		/* an integer literal that fits in int64_t */
	JV_DOUBLE,	/* any other number */
	JV_STRING,
	JV_ARRAY,
	JV_OBJECT
};

struct jv {
	enum jv_type		 type;
	uint32_t		 count;		/* members or elements */
	const struct jv		*next;		/* next sibling, or NULL */
	const char		*key;		/* member name, or NULL */
	size_t			 keylen;
	const char		*str;		/* JV_STRING */
	size_t			 len;
	int64_t			 i;		/* JV_INT, JV_BOOL */
	double			 d;		/* every number */
};

struct jv_link;

struct jv_doc {
	struct jv		*v;
	size_t			 n;
	size_t			 cap;
	char			*s;
	size_t			 slen;
	size_t			 scap;
	struct jv_link		*links;		/* parse-time, reused */
	size_t			 clinks;
};

void	jv_doc_init(struct jv_doc *);
void	jv_doc_clear(struct jv_doc *);
/* Parse len bytes of checked JSON; return the root value. */
const struct jv	*jv_parse(struct jv_doc *, const char *text, size_t len);

/* The first member or element of a container, or NULL. */
static inline const struct jv *
jv_child(const struct jv *v)
{
	return v->count > 0 ? v + 1 : NULL;
}

/* The member of an object named key, or NULL. */
const struct jv	*jv_get(const struct jv *obj, const char *key);
/* Element i of an array, or NULL (linear: use jv_child/next in loops). */
const struct jv	*jv_index(const struct jv *arr, size_t i);

#endif
