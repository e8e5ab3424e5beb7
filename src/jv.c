/* SPDX-License-Identifier: MIT */
/*
 * The tape parser.  It runs after jsonscan_check() has accepted the line,
 * so it never meets bad syntax and can go straight through: recursion is
 * bounded by the scanner's depth limit.  While parsing, nodes refer to
 * each other and to their strings by index, since both arrays may grow;
 * the indices become pointers once the line is done.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"
#include "xmalloc.h"

/* Parse-time links, kept beside the nodes. */
struct jv_link {
	size_t		 next;		/* 0: none */
	size_t		 key;		/* offset in s, or SIZE_MAX */
	size_t		 str;		/* offset in s, or SIZE_MAX */
};

struct jv_parser {
	struct jv_doc	*doc;
	const char	*t;
	size_t		 len;
	size_t		 pos;
	struct jv_link	*links;
	size_t		 clinks;
};

void
jv_doc_init(struct jv_doc *doc)
{
	memset(doc, 0, sizeof *doc);
}

void
jv_doc_clear(struct jv_doc *doc)
{
	free(doc->v);
	free(doc->s);
	free(doc->links);
	memset(doc, 0, sizeof *doc);
}

static size_t
jv_node(struct jv_parser *P, enum jv_type type)
{
	struct jv_doc	*doc = P->doc;
	size_t		 i = doc->n;

	if (doc->n == doc->cap) {
		doc->cap = doc->cap == 0 ? 256 : doc->cap * 2;
		doc->v = xreallocarray(doc->v, doc->cap, sizeof *doc->v);
	}
	if (doc->n >= P->clinks) {
		P->clinks = doc->cap;
		P->links = xreallocarray(P->links, P->clinks,
		    sizeof *P->links);
	}
	memset(&doc->v[i], 0, sizeof doc->v[i]);
	doc->v[i].type = type;
	P->links[i].next = 0;
	P->links[i].key = SIZE_MAX;
	P->links[i].str = SIZE_MAX;
	doc->n++;
	return i;
}

static void
jv_ws(struct jv_parser *P)
{
	while (P->pos < P->len && (P->t[P->pos] == ' ' ||
	    P->t[P->pos] == '\t' || P->t[P->pos] == '\r' ||
	    P->t[P->pos] == '\n'))
		P->pos++;
}

static void
jv_room(struct jv_doc *doc, size_t more)
{
	if (doc->slen + more <= doc->scap)
		return;
	if (doc->scap == 0)
		doc->scap = 4096;
	while (doc->slen + more > doc->scap)
		doc->scap *= 2;
	doc->s = xreallocarray(doc->s, 1, doc->scap);
}

static unsigned int
jv_hex4(const char *p)
{
	unsigned int	 u = 0, k, c;

	for (k = 0; k < 4; k++) {
		c = (unsigned char)p[k];
		u = u * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return u;
}

static void
jv_utf8(struct jv_doc *doc, unsigned int cp)
{
	char	*o = doc->s + doc->slen;

	if (cp < 0x80) {
		o[0] = (char)cp;
		doc->slen += 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		doc->slen += 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		doc->slen += 3;
	} else {
		o[0] = (char)(0xf0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (char)(0x80 | (cp & 0x3f));
		doc->slen += 4;
	}
}

/* Copy the string at P->pos (its opening quote), unescaped; return its
 * offset in doc->s and its length in *lenp. */
static size_t
jv_string(struct jv_parser *P, size_t *lenp)
{
	struct jv_doc	*doc = P->doc;
	const char	*t = P->t, *q;
	size_t		 off, start, end;
	unsigned int	 u, lo;
	char		 c;

	start = ++P->pos;
	/* Most strings have no escape: find the end and copy at once. */
	q = memchr(t + start, '"', P->len - start);
	end = q != NULL ? (size_t)(q - t) : P->len;
	if (memchr(t + start, '\\', end - start) == NULL) {
		jv_room(doc, end - start + 1);
		off = doc->slen;
		memcpy(doc->s + off, t + start, end - start);
		doc->slen += end - start;
		doc->s[doc->slen++] = '\0';
		*lenp = end - start;
		P->pos = end + 1;
		return off;
	}
	/* The unescaped text is never longer than the escaped one. */
	jv_room(doc, P->len - start + 1);
	off = doc->slen;
	while (P->pos < P->len && (c = t[P->pos]) != '"') {
		if (c != '\\') {
			doc->s[doc->slen++] = c;
			P->pos++;
			continue;
		}
		c = t[P->pos + 1];
		P->pos += 2;
		switch (c) {
		case 'b':
			doc->s[doc->slen++] = '\b';
			break;
		case 'f':
			doc->s[doc->slen++] = '\f';
			break;
		case 'n':
			doc->s[doc->slen++] = '\n';
			break;
		case 'r':
			doc->s[doc->slen++] = '\r';
			break;
		case 't':
			doc->s[doc->slen++] = '\t';
			break;
		case 'u':
			u = jv_hex4(t + P->pos);
			P->pos += 4;
			if (u >= 0xd800 && u <= 0xdbff) {
				/* The scanner made sure the low half follows. */
				lo = jv_hex4(t + P->pos + 2);
				P->pos += 6;
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			jv_utf8(doc, u);
			break;
		default:
			doc->s[doc->slen++] = c;
			break;
		}
	}
	P->pos++;
	*lenp = doc->slen - off;
	doc->s[doc->slen++] = '\0';
	return off;
}

static void
jv_number(struct jv_parser *P, size_t i)
{
	struct jv	*v;
	const char	*t = P->t + P->pos;
	size_t		 n = 0, digits = 0;
	int64_t		 x = 0;
	int		 neg = 0, frac = 0;
	char		*end;

	if (t[0] == '-') {
		neg = 1;
		n = 1;
	}
	for (; P->pos + n < P->len; n++) {
		char c = t[n];

		if (c >= '0' && c <= '9') {
			if (!frac) {
				/* Past 18 digits strtoll decides, not x. */
				if (digits < 18)
					x = x * 10 + (c - '0');
				digits++;
			}
		} else if (c == '.' || c == 'e' || c == 'E' || c == '+' ||
		    c == '-')
			frac = 1;
		else
			break;
	}
	v = &P->doc->v[i];
	if (!frac && digits <= 18) {
		v->type = JV_INT;
		v->i = neg ? -x : x;
		v->d = (double)v->i;
	} else {
		/* strtod stops at the delimiter that follows every number. */
		v->d = strtod(t, &end);
		v->type = JV_DOUBLE;
		if (!frac) {
			/* 19 digits or more: an int64 if it fits. */
			errno = 0;
			v->i = strtoll(t, &end, 10);
			if (errno == 0)
				v->type = JV_INT;
		}
	}
	P->pos += n;
}

static void	jv_value(struct jv_parser *);

static void
jv_container(struct jv_parser *P, int object)
{
	size_t		 self, child, prev = 0, key = 0, klen = 0;
	uint32_t	 count = 0;

	self = jv_node(P, object ? JV_OBJECT : JV_ARRAY);
	P->pos++;
	jv_ws(P);
	if (P->t[P->pos] == (object ? '}' : ']')) {
		P->pos++;
		return;
	}
	for (;;) {
		jv_ws(P);
		if (object) {
			key = jv_string(P, &klen);
			jv_ws(P);
			P->pos++;		/* the colon */
			jv_ws(P);
		}
		child = P->doc->n;
		jv_value(P);
		if (object) {
			P->links[child].key = key;
			P->doc->v[child].keylen = klen;
		}
		if (count > 0)
			P->links[prev].next = child;
		prev = child;
		count++;
		jv_ws(P);
		if (P->t[P->pos++] != ',')
			break;
	}
	P->doc->v[self].count = count;
}

static void
jv_value(struct jv_parser *P)
{
	size_t	 i, len;
	char	 c;

	jv_ws(P);
	c = P->t[P->pos];
	switch (c) {
	case '{':
		jv_container(P, 1);
		break;
	case '[':
		jv_container(P, 0);
		break;
	case '"':
		i = jv_node(P, JV_STRING);
		P->links[i].str = jv_string(P, &len);
		P->doc->v[i].len = len;
		break;
	case 't':
		i = jv_node(P, JV_BOOL);
		P->doc->v[i].i = 1;
		P->pos += 4;
		break;
	case 'f':
		(void)jv_node(P, JV_BOOL);
		P->pos += 5;
		break;
	case 'n':
		(void)jv_node(P, JV_NULL);
		P->pos += 4;
		break;
	default:
		i = jv_node(P, JV_INT);
		jv_number(P, i);
		break;
	}
}

const struct jv *
jv_parse(struct jv_doc *doc, const char *text, size_t len)
{
	struct jv_parser	 P;
	struct jv		*v;
	size_t			 i;

	memset(&P, 0, sizeof P);
	P.links = doc->links;
	P.clinks = doc->clinks;
	P.doc = doc;
	P.t = text;
	P.len = len;
	doc->n = 0;
	doc->slen = 0;
	jv_value(&P);
	/* Indices become pointers now that nothing moves any more. */
	for (i = 0; i < doc->n; i++) {
		v = &doc->v[i];
		v->next = P.links[i].next != 0 ? &doc->v[P.links[i].next] :
		    NULL;
		v->key = P.links[i].key != SIZE_MAX ? doc->s +
		    P.links[i].key : NULL;
		if (P.links[i].str != SIZE_MAX)
			v->str = doc->s + P.links[i].str;
	}
	/* The links are kept for the next line, like the nodes. */
	doc->links = P.links;
	doc->clinks = P.clinks;
	return &doc->v[0];
}

const struct jv *
jv_get(const struct jv *obj, const char *key)
{
	const struct jv	*m;

	if (obj->type != JV_OBJECT)
		return NULL;
	for (m = jv_child(obj); m != NULL; m = m->next) {
		if (strcmp(m->key, key) == 0)
			return m;
	}
	return NULL;
}

const struct jv *
jv_index(const struct jv *arr, size_t i)
{
	const struct jv	*e;

	if (arr->type != JV_ARRAY || i >= arr->count)
		return NULL;
	for (e = jv_child(arr); i > 0; i--)
		e = e->next;
	return e;
}
