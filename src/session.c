/* SPDX-License-Identifier: MIT */
/*
 * Compiling rules into a plan and running it on sessions.  The checks are
 * written per kind, never per field: each kind reads its inputs through
 * field references compiled from the rule file (a slot, then the rest of
 * a path, "*" standing for every key or index), so a new field or a new
 * instance of a kind needs a rule file, not code.
 */
#include "config.h"

#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "jv.h"
#include "session.h"
#include "xmalloc.h"

#define SESSION_PATH_MAX	512
#define SESSION_PATH_DEPTH	40
#define SESSION_MSG_MAX		1024
#define SESSION_MAX_DEPTH	8

/* A node of the field schema. */
struct shape {
	char		*name;		/* path component, or "*" */
	size_t		 namelen;
	char		*path;		/* the full schema name */
	enum rules_type	 type;
	int		 required;
	int		 nullable;
	int		 personal;
	struct shape	**kids;		/* named children */
	size_t		 nkids;
	struct shape	*any;		/* the "*" child */
	int		 slot;		/* top level: its slot; else -1 */
	char		*held;		/* checks held back when bad */
};

/* A compiled reference to a field: a slot and the path below it. */
struct fref {
	const char	*name;		/* as written in the rule */
	int		 slot;
	const char	*comps[SESSION_MAX_DEPTH];
	size_t		 ncomps;
	const struct shape *shape;	/* the field's schema node */
};

enum slot_state {
	SLOT_ABSENT,
	SLOT_NULL,
	SLOT_BAD,
	SLOT_OK
};

struct slot {
	const struct jv	*v;
	enum slot_state		 st;
};

struct op {
	const struct rules_check *c;
	int			 rule;
	struct fref		 field;
	struct fref		*fields;
	size_t			 nfields;
	struct fref		 of;
	struct fref		*parts;		/* slot -1: "*" */
	size_t			 nparts;
	struct fref		 start;
	struct fref		 end;
	struct fref		 cond;
	int			 cond_op;
	double			 cond_value;
	int			 value_is_num;
	double			 value_num;
	char			**values;	/* sorted, for enum and set */
	size_t			 nvalues;
	regex_t			 re;
	int			 has_re;
	int			 forbid;
};

struct session_plan {
	const struct ruleset	*rs;
	const struct ruletab	*rt;
	int			 show_values;
	struct shape		*root;
	struct shape		**slots;	/* top-level shapes by slot */
	size_t			 nslots;
	int			*htab;		/* key hash -> slot + 1 */
	size_t			 hcap;
	struct op		*ops;
	size_t			 nops;
	int			 name_slot[2];	/* session_id, guid, or -1 */
	int			 r_required;
	int			 r_type;
	int			 r_unknown;
	const char		*account;
	int			 has_window;
	double			 window[2];	/* ms, slack included */

	/* Per session. */
	struct slot		*sv;
	const struct finding_sink *sink;
	unsigned long long	 lineno;
	const char		*sid;
	struct {
		const char	*s;		/* NULL: an array index */
		size_t		 len;		/* or the index */
	}			 comps[SESSION_PATH_DEPTH];
	size_t			 depth;
	char			 path[SESSION_PATH_MAX];
	char			 msg[SESSION_MSG_MAX];
};

enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

static uint64_t
session_hash(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static struct shape *
shape_new(const char *name, const char *path)
{
	struct shape	*sh;

	sh = xcalloc(1, sizeof *sh);
	sh->name = xstrdup(name);
	sh->namelen = strlen(name);
	sh->path = xstrdup(path);
	sh->type = TYPE_ANY;
	sh->nullable = 1;
	sh->slot = -1;
	return sh;
}

static void
shape_free(struct shape *sh)
{
	size_t	 i;

	if (sh == NULL)
		return;
	for (i = 0; i < sh->nkids; i++)
		shape_free(sh->kids[i]);
	shape_free(sh->any);
	free(sh->kids);
	free(sh->name);
	free(sh->path);
	free(sh->held);
	free(sh);
}

/* A named child by name and length, as member names come. */
static struct shape *
shape_kid_len(const struct shape *sh, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < sh->nkids; i++) {
		if (sh->kids[i]->namelen == len &&
		    memcmp(sh->kids[i]->name, name, len) == 0)
			return sh->kids[i];
	}
	return NULL;
}

static struct shape *
shape_kid(const struct shape *sh, const char *name)
{
	size_t	 i;

	if (strcmp(name, "*") == 0)
		return sh->any;
	for (i = 0; i < sh->nkids; i++) {
		if (strcmp(sh->kids[i]->name, name) == 0)
			return sh->kids[i];
	}
	return NULL;
}

/* Find or make the shape of a schema path, creating its ancestors. */
static struct shape *
shape_at(struct shape *root, const char *path, int create)
{
	struct shape	*sh = root, *k;
	char		*copy, *comp, *save = NULL;
	size_t		 len;

	copy = xstrdup(path);
	for (comp = strtok_r(copy, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		k = shape_kid(sh, comp);
		if (k == NULL) {
			if (!create) {
				sh = NULL;
				break;
			}
			len = (size_t)(comp - copy) + strlen(comp);
			k = shape_new(comp, "");
			free(k->path);
			k->path = xstrndup(path, len);
			if (strcmp(comp, "*") == 0)
				sh->any = k;
			else {
				sh->kids = xreallocarray(sh->kids, sh->nkids + 1,
				    sizeof *sh->kids);
				sh->kids[sh->nkids++] = k;
			}
		}
		sh = k;
	}
	free(copy);
	return sh;
}

static int __attribute__((format(printf, 3, 4)))
plan_err(char **cause, const struct rules_check *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	xasprintf(cause, "%s:%d:%d: check %s: %s", c->pos.file, c->pos.line,
	    c->pos.column, c->id, what);
	free(what);
	return -1;
}

/* Compile a field reference.  The rule loader has checked the name. */
static void
plan_fref(struct session_plan *p, const char *name, struct fref *fr)
{
	const char	*s, *slash;
	char		*top;
	struct shape	*sh;
	size_t		 n = 0;

	memset(fr, 0, sizeof *fr);
	fr->name = name;
	fr->slot = -1;
	if (strcmp(name, "*") == 0)
		return;
	slash = strchr(name, '/');
	top = slash != NULL ? xstrndup(name, (size_t)(slash - name)) :
	    xstrdup(name);
	sh = shape_kid(p->root, top);
	free(top);
	fr->slot = sh != NULL ? sh->slot : -1;
	for (s = slash; s != NULL && n < SESSION_MAX_DEPTH; n++) {
		/* Components point into the rule's own string. */
		fr->comps[n] = s + 1;
		s = strchr(s + 1, '/');
	}
	fr->ncomps = n;
	fr->shape = shape_at(p->root, name, 0);
}

/* The length of the component starting at s. */
static size_t
comp_len(const char *s)
{
	const char	*e = strchr(s, '/');

	return e != NULL ? (size_t)(e - s) : strlen(s);
}

static int
plan_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
plan_is_numeric(const struct fref *fr)
{
	return fr->shape != NULL && (fr->shape->type == TYPE_NUMBER ||
	    fr->shape->type == TYPE_INTEGER);
}

static int
plan_parse_num(const char *s, double *dp)
{
	char	*end;

	if (s == NULL || *s == '\0')
		return -1;
	*dp = strtod(s, &end);
	return *end == '\0' && isfinite(*dp) ? 0 : -1;
}

/* Append id to the list of checks a shape holds back. */
static void
plan_hold(struct shape *sh, const char *id)
{
	char	*t;

	if (sh == NULL || (sh->held != NULL && strstr(sh->held, id) != NULL))
		return;
	xasprintf(&t, "%s%s%s", sh->held != NULL ? sh->held : "",
	    sh->held != NULL ? ", " : "", id);
	free(sh->held);
	sh->held = t;
}

static void
plan_hold_fref(struct session_plan *p, const struct fref *fr, const char *id)
{
	if (fr->slot >= 0)
		plan_hold(p->slots[fr->slot], id);
}

static int
plan_op(struct session_plan *p, const struct rules_check *c, int rule,
    struct op *o, char **cause)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	size_t		 i;
	int		 rc;
	char		 buf[256];

	memset(o, 0, sizeof *o);
	o->c = c;
	o->rule = rule;
	if (c->field != NULL) {
		plan_fref(p, c->field, &o->field);
		plan_hold_fref(p, &o->field, c->id);
	}
	if (c->nfields > 0) {
		o->fields = xcalloc(c->nfields, sizeof *o->fields);
		o->nfields = c->nfields;
		for (i = 0; i < c->nfields; i++)
			plan_fref(p, c->fields[i], &o->fields[i]);
	}
	if (c->of != NULL) {
		plan_fref(p, c->of, &o->of);
		plan_hold_fref(p, &o->of, c->id);
	}
	if (c->nparts > 0) {
		o->parts = xcalloc(c->nparts, sizeof *o->parts);
		o->nparts = c->nparts;
		for (i = 0; i < c->nparts; i++) {
			plan_fref(p, c->parts[i], &o->parts[i]);
			plan_hold_fref(p, &o->parts[i], c->id);
		}
	}
	if (c->start != NULL) {
		plan_fref(p, c->start, &o->start);
		plan_hold_fref(p, &o->start, c->id);
	}
	if (c->end != NULL) {
		plan_fref(p, c->end, &o->end);
		plan_hold_fref(p, &o->end, c->id);
	}
	if (c->has_when) {
		plan_fref(p, c->when.field, &o->cond);
		plan_hold_fref(p, &o->cond, c->id);
		for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
			if (strcmp(c->when.op, ops[i]) == 0)
				o->cond_op = (int)i;
		}
		if (plan_parse_num(c->when.value, &o->cond_value) == -1)
			return plan_err(cause, c, "when: value \"%s\" is not a "
			    "number", c->when.value);
	}
	if (c->kind == KIND_CONST && c->value != NULL &&
	    plan_is_numeric(&o->field)) {
		if (plan_parse_num(c->value, &o->value_num) == -1)
			return plan_err(cause, c, "value \"%s\" is not a "
			    "number, but field %s is one", c->value, c->field);
		o->value_is_num = 1;
	}
	if (c->kind == KIND_FLAG || c->kind == KIND_ENUM ||
	    c->kind == KIND_SET) {
		if (c->nvalues == 0) {
			o->nvalues = 2;
			o->values = xcalloc(2, sizeof *o->values);
			o->values[0] = xstrdup("f");
			o->values[1] = xstrdup("t");
		} else {
			o->nvalues = c->nvalues;
			o->values = xcalloc(c->nvalues, sizeof *o->values);
			for (i = 0; i < c->nvalues; i++)
				o->values[i] = xstrdup(c->values[i]);
			qsort(o->values, o->nvalues, sizeof *o->values,
			    plan_cmp_str);
		}
	}
	if (c->pattern != NULL) {
		rc = regcomp(&o->re, c->pattern, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &o->re, buf, sizeof buf);
			return plan_err(cause, c, "bad regular expression: %s",
			    buf);
		}
		o->has_re = 1;
		o->forbid = c->match != NULL && strcmp(c->match, "forbid") == 0;
	}
	return 0;
}

static void
plan_op_clear(struct op *o)
{
	size_t	 i;

	free(o->fields);
	free(o->parts);
	for (i = 0; i < o->nvalues; i++)
		free(o->values[i]);
	free(o->values);
	if (o->has_re)
		regfree(&o->re);
}

static int	slot_of(const struct session_plan *, const char *, size_t);

struct session_plan *
session_plan_new(const struct ruleset *rs, const struct ruletab *rt,
    int show_values, char **cause)
{
	struct session_plan		*p;
	const struct rules_field	*f;
	const struct rules_check	*c;
	struct shape			*sh;
	size_t				 i, j;
	uint64_t			 h;

	*cause = NULL;
	p = xcalloc(1, sizeof *p);
	p->rs = rs;
	p->rt = rt;
	p->show_values = show_values;
	p->r_required = p->r_type = p->r_unknown = -1;
	p->root = shape_new("", "");
	p->root->type = TYPE_OBJECT;

	/* The schema tree; the loader has put parents before children. */
	for (i = 0; i < rs->nfields; i++) {
		f = &rs->fields[i];
		sh = shape_at(p->root, f->name, 1);
		sh->type = f->type;
		sh->required = f->required;
		sh->nullable = f->nullable;
		sh->personal = f->personal;
	}
	p->nslots = p->root->nkids;
	p->slots = xcalloc(p->nslots + 1, sizeof *p->slots);
	p->sv = xcalloc(p->nslots + 1, sizeof *p->sv);
	for (p->hcap = 16; p->hcap < p->nslots * 4; p->hcap *= 2)
		;
	p->htab = xcalloc(p->hcap, sizeof *p->htab);
	for (i = 0; i < p->nslots; i++) {
		sh = p->root->kids[i];
		sh->slot = (int)i;
		p->slots[i] = sh;
		h = session_hash(sh->name);
		for (j = h & (p->hcap - 1); p->htab[j] != 0;
		    j = (j + 1) & (p->hcap - 1))
			;
		p->htab[j] = (int)i + 1;
	}

	p->name_slot[0] = slot_of(p, "session_id", strlen("session_id"));
	p->name_slot[1] = slot_of(p, "guid", strlen("guid"));

	p->ops = xcalloc(rs->nchecks + 1, sizeof *p->ops);
	for (i = 0; i < rs->nchecks; i++) {
		c = &rs->checks[i];
		if (!c->enabled || rules_builtin_of(c->kind) >= 0)
			continue;
		switch (c->kind) {
		case KIND_REQUIRED:
			p->r_required = (int)i;
			continue;
		case KIND_TYPE:
			p->r_type = (int)i;
			continue;
		case KIND_UNKNOWN:
			p->r_unknown = (int)i;
			continue;
		default:
			break;
		}
		if (plan_op(p, c, (int)i, &p->ops[p->nops++], cause) == -1) {
			session_plan_free(p);
			return NULL;
		}
	}
	return p;
}

void
session_plan_free(struct session_plan *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nops; i++)
		plan_op_clear(&p->ops[i]);
	free(p->ops);
	free(p->htab);
	free(p->slots);
	free(p->sv);
	shape_free(p->root);
	free(p);
}

void
session_begin_file(struct session_plan *p, const char *account,
    int64_t start_ms, int has_window)
{
	double	 slack = p->rs->settings.file_window_slack_minutes * 60000.0;

	p->account = account != NULL && *account != '\0' ? account : NULL;
	p->has_window = has_window;
	p->window[0] = (double)start_ms - slack;
	p->window[1] = (double)start_ms +
	    p->rs->settings.interval_minutes * 60000.0 + slack;
}

/*
 * JSON pointers are kept as a stack of components and written out only
 * when a finding needs one: most values visited have nothing to report.
 */
/* Push a member name (comp, len), or an array index (comp NULL, len). */
static size_t
path_push(struct session_plan *p, const char *comp, size_t len)
{
	size_t	 old = p->depth;

	if (p->depth < SESSION_PATH_DEPTH) {
		p->comps[p->depth].s = comp;
		p->comps[p->depth].len = len;
	}
	p->depth++;
	return old;
}

static size_t
path_push_index(struct session_plan *p, size_t idx)
{
	return path_push(p, NULL, idx);
}

static void
path_pop(struct session_plan *p, size_t depth)
{
	p->depth = depth;
}

/* The current JSON pointer ("/a/0/b", escaped per RFC 6901), or "". */
static const char *
path_str(struct session_plan *p)
{
	const char	*c;
	size_t		 d, i, n = 0, cap = sizeof p->path - 3;
	char		 num[24];

	for (d = 0; d < p->depth && d < SESSION_PATH_DEPTH && n < cap; d++) {
		p->path[n++] = '/';
		c = p->comps[d].s;
		if (c == NULL) {
			snprintf(num, sizeof num, "%zu", p->comps[d].len);
			for (i = 0; num[i] != '\0' && n < cap; i++)
				p->path[n++] = num[i];
			continue;
		}
		for (i = 0; i < p->comps[d].len && n < cap; i++) {
			if (c[i] == '~' || c[i] == '/') {
				p->path[n++] = '~';
				p->path[n++] = c[i] == '~' ? '0' : '1';
			} else
				p->path[n++] = c[i];
		}
	}
	p->path[n] = '\0';
	return p->path;
}

/* Hand a finding about the value at the current path to the sink. */
static void
emit_finding(struct session_plan *p, int rule, const char *message,
    const char *key, size_t keylen)
{
	struct finding	 f;

	if (rule < 0)
		return;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.line = p->lineno;
	f.field = p->depth > 0 ? path_str(p) : NULL;
	f.session_id = p->sid;
	f.message = message;
	f.key = key;
	f.key_len = keylen;
	p->sink->emit(p->sink->arg, &f);
}

static void __attribute__((format(printf, 3, 4)))
emit(struct session_plan *p, int rule, const char *fmt, ...)
{
	va_list	 ap;

	if (rule < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	emit_finding(p, rule, p->msg, NULL, 0);
}

/* A candidate finding of a unique check: its key, no message yet. */
static void
emit_key(struct session_plan *p, int rule, const char *key, size_t len)
{
	emit_finding(p, rule, "", key, len);
}

/* JSON null as NULL, as the checks expect it. */
static const struct jv *
jvn(const struct jv *v)
{
	return v == NULL || v->type == JV_NULL ? NULL : v;
}

static int
jv_is(const struct jv *v, enum jv_type t)
{
	return v != NULL && v->type == t;
}

static const char *
json_kind(const struct jv *v)
{
	switch (v->type) {
	case JV_NULL:
		return "null";
	case JV_BOOL:
		return "a boolean";
	case JV_DOUBLE:
		return "a fractional number";
	case JV_INT:
		return "an integer";
	case JV_STRING:
		return "a string";
	case JV_ARRAY:
		return "an array";
	case JV_OBJECT:
		return "an object";
	}
	return "a value";
}

static const char *
type_words(enum rules_type t)
{
	switch (t) {
	case TYPE_STRING:
		return "a string";
	case TYPE_NUMBER:
		return "a number";
	case TYPE_INTEGER:
		return "an integer";
	case TYPE_BOOLEAN:
		return "a boolean";
	case TYPE_OBJECT:
		return "an object";
	case TYPE_ARRAY:
		return "an array";
	default:
		return "a value";
	}
}

static int
type_ok(enum rules_type t, const struct jv *v)
{
	enum jv_type	 jt = v->type;
	double		 d;

	switch (t) {
	case TYPE_ANY:
		return 1;
	case TYPE_STRING:
		return jt == JV_STRING;
	case TYPE_NUMBER:
		return jt == JV_INT || jt == JV_DOUBLE;
	case TYPE_INTEGER:
		if (jt == JV_INT)
			return 1;
		if (jt != JV_DOUBLE)
			return 0;
		d = v->d;
		return isfinite(d) && floor(d) == d;
	case TYPE_BOOLEAN:
		return jt == JV_BOOL;
	case TYPE_OBJECT:
		return jt == JV_OBJECT;
	case TYPE_ARRAY:
		return jt == JV_ARRAY;
	}
	return 0;
}

static const char *
held_note(const struct shape *sh, char *buf, size_t size)
{
	if (sh == NULL || sh->held == NULL)
		return "";
	snprintf(buf, size, "; not evaluated: %s", sh->held);
	return buf;
}

/*
 * Check v (never NULL: JSON null is handled by the caller) against its
 * shape, nested items too.  Return 1 if it fits.
 */
static int
shape_check(struct session_plan *p, const struct shape *sh,
    const struct jv *v)
{
	const struct jv	*m;
	struct shape	*k;
	size_t		 i, mark;
	char		 buf[256];
	int		 ok = 1;

	if (!type_ok(sh->type, v)) {
		emit(p, p->r_type, "%s is %s, not %s%s", sh->path[0] != '\0' ?
		    sh->path : "the session", json_kind(v), type_words(sh->type),
		    held_note(sh, buf, sizeof buf));
		return 0;
	}
	if (v->type == JV_OBJECT && (sh->nkids > 0 || sh->any != NULL)) {
		for (m = jv_child(v); m != NULL; m = m->next) {
			const char		*key = m->key;
			const struct jv		*val = jvn(m);

			k = sh->nkids > 0 ? shape_kid_len(sh, key, m->keylen) :
			    NULL;
			if (k == NULL && sh->any != NULL)
				k = sh->any;
			mark = path_push(p, key, m->keylen);
			if (k == NULL)
				emit(p, p->r_unknown, "field \"%.64s\" is not "
				    "in the schema of %s", key, sh->path);
			else if (val == NULL) {
				if (k->required)
					emit(p, p->r_required, "required field "
					    "%s is null", k->path);
				else if (!k->nullable)
					emit(p, p->r_type, "%s is null, not %s",
					    k->path, type_words(k->type));
			} else
				(void)shape_check(p, k, val);
			path_pop(p, mark);
		}
		for (i = 0; i < sh->nkids; i++) {
			k = sh->kids[i];
			if (k->required && jv_get(v, k->name) == NULL) {
				mark = path_push(p, k->name, strlen(k->name));
				emit(p, p->r_required, "required field %s is "
				    "missing", k->path);
				path_pop(p, mark);
			}
		}
	} else if (v->type == JV_ARRAY && sh->any != NULL) {
		k = sh->any;
		for (m = jv_child(v), i = 0; m != NULL; m = m->next, i++) {
			const struct jv	*e = jvn(m);

			mark = path_push_index(p, i);
			if (e == NULL) {
				if (k->required || !k->nullable)
					emit(p, k->required ? p->r_required :
					    p->r_type, "%s is null, not %s",
					    k->path, type_words(k->type));
			} else
				(void)shape_check(p, k, e);
			path_pop(p, mark);
		}
	}
	return ok;
}

/* Values reached by a field reference: iterate with a callback. */
typedef void	(*visit_fn)(struct session_plan *, const struct op *,
		    const struct jv *, void *);

static void
visit_rest(struct session_plan *p, const struct op *o, const struct fref *fr,
    size_t ci, const struct jv *v, visit_fn fn, void *arg)
{
	const char	*comp;
	size_t		 len, i, mark;
	const struct jv *e;
	char		 name[128];

	/* A null leaf is visited too: a sum must know it is not a number. */
	if (ci == fr->ncomps) {
		fn(p, o, v, arg);
		return;
	}
	if (v == NULL)
		return;
	comp = fr->comps[ci];
	len = comp_len(comp);
	if (len == 1 && comp[0] == '*') {
		if (v->type == JV_OBJECT) {
			for (e = jv_child(v); e != NULL; e = e->next) {
				mark = path_push(p, e->key, e->keylen);
				visit_rest(p, o, fr, ci + 1, jvn(e), fn, arg);
				path_pop(p, mark);
			}
		} else if (v->type == JV_ARRAY) {
			for (e = jv_child(v), i = 0; e != NULL;
			    e = e->next, i++) {
				mark = path_push_index(p, i);
				visit_rest(p, o, fr, ci + 1, jvn(e), fn, arg);
				path_pop(p, mark);
			}
		}
		return;
	}
	if (v->type != JV_OBJECT || len >= sizeof name)
		return;
	memcpy(name, comp, len);
	name[len] = '\0';
	if ((e = jv_get(v, name)) != NULL) {
		mark = path_push(p, name, len);
		visit_rest(p, o, fr, ci + 1, jvn(e), fn, arg);
		path_pop(p, mark);
	}
}

static int
fref_ok(const struct session_plan *p, const struct fref *fr)
{
	return fr->slot >= 0 && p->sv[fr->slot].st == SLOT_OK;
}

static void
visit(struct session_plan *p, const struct op *o, const struct fref *fr,
    visit_fn fn, void *arg)
{
	size_t	 mark;

	if (!fref_ok(p, fr))
		return;
	mark = path_push(p, p->slots[fr->slot]->name,
	    p->slots[fr->slot]->namelen);
	visit_rest(p, o, fr, 0, p->sv[fr->slot].v, fn, arg);
	path_pop(p, mark);
}

/* The value of a top-level reference, or NULL if it cannot be used. */
static const struct jv *
top(const struct session_plan *p, const struct fref *fr)
{
	return fref_ok(p, fr) && fr->ncomps == 0 ? p->sv[fr->slot].v : NULL;
}

static int
num(const struct jv *v, double *dp)
{
	if (v == NULL || (v->type != JV_INT && v->type != JV_DOUBLE))
		return 0;
	*dp = v->d;
	return 1;
}

static int
is_int(const struct jv *v, int64_t *ip)
{
	if (v == NULL || v->type != JV_INT)
		return 0;
	*ip = v->i;
	return 1;
}

/* Set the path to a top-level field for a finding about it. */
static size_t
at_field(struct session_plan *p, const struct fref *fr)
{
	return path_push(p, fr->name, strlen(fr->name));
}

/* A value for a message: hidden for personal fields. */
static const char *
shown(const struct session_plan *p, const struct shape *sh,
    const struct jv *v, char *buf, size_t size)
{
	const char	*s;

	if (sh != NULL && sh->personal && !p->show_values)
		return "(value hidden)";
	switch (v->type) {
	case JV_STRING:
		s = v->str;
		snprintf(buf, size, "\"%.60s%s\"", s, v->len > 60 ? "..." :
		    "");
		break;
	case JV_INT:
		snprintf(buf, size, "%lld", (long long)v->i);
		break;
	case JV_DOUBLE:
		snprintf(buf, size, "%.17g", v->d);
		break;
	case JV_BOOL:
		snprintf(buf, size, "%s", v->i ? "true" : "false");
		break;
	case JV_NULL:
		snprintf(buf, size, "null");
		break;
	default:
		snprintf(buf, size, "%s", json_kind(v));
		break;
	}
	return buf;
}

static int
close_enough(const struct session_plan *p, const struct op *o, double got,
    double want)
{
	double	 tol = p->rs->settings.relative_tolerance * fabs(want);

	if (o->c->money && p->rs->settings.money_tolerance > tol)
		tol = p->rs->settings.money_tolerance;
	return fabs(got - want) <= tol;
}

static int
container_size(const struct jv *v, size_t *np)
{
	if (v == NULL || (v->type != JV_OBJECT && v->type != JV_ARRAY))
		return 0;
	*np = v->count;
	return 1;
}

/* Whether a container reached by a reference hit the item limit. */
static int
at_limit(const struct session_plan *p, const struct jv *v)
{
	size_t	 n;

	return container_size(v, &n) && n >= p->rs->settings.item_limit;
}

/* Whether a string is one of the op's allowed values (flag, enum, set). */
static int
allowed_value(const struct op *o, const struct jv *v)
{
	const char	*s = v->str;

	/* A \u0000 inside makes it a value of its own, never an allowed one. */
	return strlen(s) == v->len && bsearch(&s, o->values, o->nvalues,
	    sizeof *o->values, plan_cmp_str) != NULL;
}

static void
check_flag(struct session_plan *p, const struct op *o, const struct jv *v,
    void *arg)
{
	const struct fref	*fr = arg;
	char			 buf[128], allowed[128];
	size_t			 i;

	if (!jv_is(v, JV_STRING))
		return;
	if (allowed_value(o, v))
		return;
	allowed[0] = '\0';
	for (i = 0; i < o->nvalues && i < 6; i++)
		snprintf(allowed + strlen(allowed), sizeof allowed -
		    strlen(allowed), "%s\"%s\"", i == 0 ? "" : i + 1 ==
		    o->nvalues ? " or " : ", ", o->values[i]);
	emit(p, o->rule, "%s is %s, not %s%s", path_str(p) + 1,
	    shown(p, fr->shape, v, buf, sizeof buf), allowed,
	    o->nvalues > 6 ? " or another allowed value" : "");
	/* Checks that read this flag later would only repeat the news. */
	if (fr->ncomps == 0 && fr->slot >= 0)
		p->sv[fr->slot].st = SLOT_BAD;
}

static void
check_set(struct session_plan *p, const struct op *o, const struct jv *v,
    void *arg)
{
	char		 buf[128];

	(void)arg;
	if (!jv_is(v, JV_STRING))
		return;
	if (allowed_value(o, v))
		return;
	emit(p, o->rule, "%s %s is not one of the %zu allowed values",
	    path_str(p) + 1, shown(p, o->field.shape, v, buf, sizeof buf),
	    o->nvalues);
}

static void
check_range(struct session_plan *p, const struct op *o,
    const struct jv *v, void *arg)
{
	const struct rules_check	*c = o->c;
	const struct fref		*fr = arg;
	double				 d;
	char				 buf[128];

	if (!num(v, &d))
		return;
	if (c->has_min && d < c->min)
		emit(p, o->rule, "%s is %s, below the minimum %g", path_str(p) + 1,
		    shown(p, fr->shape, v, buf, sizeof buf), c->min);
	else if (c->has_max && d > c->max)
		emit(p, o->rule, "%s is %s, above the maximum %g", path_str(p) + 1,
		    shown(p, fr->shape, v, buf, sizeof buf), c->max);
}

static void
check_pattern(struct session_plan *p, const struct op *o,
    const struct jv *v, void *arg)
{
	const struct fref	*fr = arg;
	int			 m;
	char			 buf[128];

	if (!jv_is(v, JV_STRING))
		return;
	m = regexec(&o->re, v->str, 0, NULL, 0) == 0;
	if (m == o->forbid)
		emit(p, o->rule, "%s %s %s the pattern of %s", path_str(p) + 1,
		    shown(p, fr->shape, v, buf, sizeof buf), m ? "matches" :
		    "does not match", o->c->id);
}

struct sum_state {
	double	 sum;
	int	 bad;
	int	 square;
};

static void
add_value(struct session_plan *p, const struct op *o, const struct jv *v,
    void *arg)
{
	struct sum_state	*st = arg;
	double			 d;

	(void)p;
	(void)o;
	if (!num(v, &d)) {
		st->bad = 1;
		return;
	}
	st->sum += st->square ? d * d : d;
}

static void
check_times(struct session_plan *p, const struct op *o,
    const struct jv *v, void *arg)
{
	const double	*span = arg;
	double		 d;

	if (!num(v, &d))
		return;
	if (d < span[0] || d > span[1])
		emit(p, o->rule, "%s is %.0f, %s the session's span [%.0f, "
		    "%.0f] by %.0f ms", path_str(p) + 1, d, d < span[0] ?
		    "before" : "after", span[0], span[1], d < span[0] ?
		    span[0] - d : d - span[1]);
}

static void
check_limit(struct session_plan *p, const struct op *o,
    const struct jv *v, void *arg)
{
	size_t	 n;

	(void)arg;
	if (container_size(v, &n) && n >= p->rs->settings.item_limit)
		emit(p, o->rule, "%s has %zu entries, at or above the item "
		    "limit of %zu: treat it as incomplete", path_str(p) + 1, n,
		    p->rs->settings.item_limit);
}

/* Decimal digits of an integer into buf (size >= 21); fast, no stdio. */
static void
fmt_int(int64_t x, char *buf, size_t size)
{
	char		 tmp[24];
	size_t		 n = 0, i = 0;
	uint64_t	 u = x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (x < 0 && i + 1 < size)
		buf[i++] = '-';
	while (n > 0 && i + 1 < size)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
}

/*
 * A part of a composition as text: a string as it is (no copy), a number
 * rendered into buf.  Return 0 if the value cannot be a part.
 */
static int
part_text(const struct jv *v, char *buf, size_t size, const char **sp,
    size_t *lenp)
{
	double	 d;

	if (v == NULL)
		return 0;
	switch (v->type) {
	case JV_STRING:
		*sp = v->str;
		*lenp = v->len;
		return 1;
	case JV_INT:
		fmt_int(v->i, buf, size);
		break;
	case JV_DOUBLE:
		d = v->d;
		if (floor(d) == d && fabs(d) < 1e18)
			snprintf(buf, size, "%.0f", d);
		else
			snprintf(buf, size, "%.17g", d);
		break;
	default:
		return 0;
	}
	*sp = buf;
	*lenp = strlen(buf);
	return 1;
}

#define COMP_MAX_PARTS	16

static void
check_composition(struct session_plan *p, const struct op *o)
{
	const struct jv	*v = top(p, &o->field);
	const char		*s, *sepc = o->c->separator, *q;
	const char		*pt[COMP_MAX_PARTS];
	size_t			 pl[COMP_MAX_PARTS];
	char			 nbuf[COMP_MAX_PARTS][32], expect[1024];
	char			 names[512];
	size_t			 i, n = o->nparts, pos = 0, len, plen;
	char			 sep = sepc != NULL ? sepc[0] : '\0';
	int			 ok = 1;

	if (!jv_is(v, JV_STRING) || n > COMP_MAX_PARTS)
		return;
	for (i = 0; i < n; i++) {
		pt[i] = "";
		pl[i] = 0;
		if (o->parts[i].slot >= 0 && !part_text(top(p, &o->parts[i]),
		    nbuf[i], sizeof nbuf[i], &pt[i], &pl[i]))
			return;
	}
	s = v->str;
	len = v->len;
	for (i = 0; i < n && ok; i++) {
		if (o->parts[i].slot < 0) {
			/* "*": a non-empty run up to the next separator. */
			q = i + 1 < n ? memchr(s + pos, sep, len - pos) : NULL;
			plen = q != NULL ? (size_t)(q - (s + pos)) : len - pos;
			if (plen == 0 || (i + 1 == n &&
			    memchr(s + pos, sep, len - pos) != NULL))
				ok = 0;
			pos += plen;
		} else {
			plen = pl[i];
			if (len - pos < plen || memcmp(s + pos, pt[i], plen) != 0)
				ok = 0;
			pos += plen;
		}
		if (!ok || i + 1 == n)
			break;
		if (pos >= len) {
			ok = 0;
			break;
		}
		if (sepc == NULL && i == 0) {
			/*
			 * The separator is the character after the first
			 * part; it must belong to neither neighbour.
			 */
			sep = s[pos];
		}
		if (s[pos] != sep || (sepc == NULL &&
		    (memchr(pt[i], sep, pl[i]) != NULL ||
		    (o->parts[i + 1].slot >= 0 &&
		    memchr(pt[i + 1], sep, pl[i + 1]) != NULL))))
			ok = 0;
		pos++;
	}
	if (ok && pos == len)
		return;
	expect[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			snprintf(expect + strlen(expect), sizeof expect -
			    strlen(expect), "%c", sepc != NULL ? sep : '?');
		if (o->parts[i].slot < 0)
			snprintf(expect + strlen(expect), sizeof expect -
			    strlen(expect), "*");
		else
			snprintf(expect + strlen(expect), sizeof expect -
			    strlen(expect), "%.*s", (int)pl[i], pt[i]);
	}
	names[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(names + strlen(names), sizeof names - strlen(names),
		    "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    o->parts[i].slot < 0 ? "any text" : o->c->parts[i]);
	pos = at_field(p, &o->field);
	emit(p, o->rule, "%s \"%.200s\" is not %s joined by %s (expected "
	    "\"%.300s\"%s)", o->field.name, s, names, sepc != NULL ?
	    "the separator" : "one separator", expect, sepc == NULL ?
	    ", ? being that separator" : "");
	path_pop(p, pos);
}

static int
cond_holds(const struct op *o, double d)
{
	switch (o->cond_op) {
	case OP_EQ:
		return d == o->cond_value;
	case OP_NE:
		return d != o->cond_value;
	case OP_LT:
		return d < o->cond_value;
	case OP_LE:
		return d <= o->cond_value;
	case OP_GT:
		return d > o->cond_value;
	default:
		return d >= o->cond_value;
	}
}

static void
run_op(struct session_plan *p, const struct op *o)
{
	const struct rules_check	*c = o->c;
	const struct jv		*v, *w;
	struct sum_state		 st;
	double				 d, e, span[2];
	int64_t				 i1, i2;
	const char			*s;
	char				 buf[128], buf2[128];
	size_t				 k, mark, n;
	int				 t, cond;

	switch (c->kind) {
	case KIND_FLAG:
		for (k = 0; k < o->nfields; k++)
			visit(p, o, &o->fields[k], check_flag,
			    &o->fields[k]);
		break;
	case KIND_CONST:
		if ((v = top(p, &o->field)) == NULL)
			break;
		mark = at_field(p, &o->field);
		if (c->value_from != NULL) {
			if (p->account != NULL && part_text(v, buf,
			    sizeof buf, &s, &n) && (n != strlen(p->account) ||
			    memcmp(s, p->account, n) != 0))
				emit(p, o->rule, "%s is %.*s, not the expected "
				    "account %s", c->field, (int)n, s,
				    p->account);
		} else if (o->value_is_num) {
			if (!num(v, &d) || d != o->value_num)
				emit(p, o->rule, "%s is %s, not %s", c->field,
				    shown(p, o->field.shape, v, buf,
				    sizeof buf), c->value);
		} else if (!jv_is(v, JV_STRING) || v->len != strlen(c->value) ||
		    memcmp(v->str, c->value, v->len) != 0)
			emit(p, o->rule, "%s is %s, not \"%s\"", c->field,
			    shown(p, o->field.shape, v, buf, sizeof buf),
			    c->value);
		path_pop(p, mark);
		break;
	case KIND_ENUM:
	case KIND_SET:
		visit(p, o, &o->field, check_set, (void *)&o->field);
		break;
	case KIND_RANGE:
		for (k = 0; k < o->nfields; k++)
			visit(p, o, &o->fields[k], check_range,
			    &o->fields[k]);
		break;
	case KIND_PATTERN:
		for (k = 0; k < o->nfields; k++)
			visit(p, o, &o->fields[k], check_pattern,
			    &o->fields[k]);
		break;
	case KIND_SQUARE:
		v = top(p, &o->field);
		w = top(p, &o->of);
		if (!num(v, &d) || !num(w, &e))
			break;
		if (is_int(v, &i1) && is_int(w, &i2) && !c->money &&
		    llabs(i2) < 3037000499LL) {
			t = i1 == i2 * i2;
		} else
			t = close_enough(p, o, d, e * e);
		if (!t) {
			mark = at_field(p, &o->field);
			emit(p, o->rule, "%s is %s, but %s squared is %.17g",
			    c->field, shown(p, o->field.shape, v, buf,
			    sizeof buf),
			    c->of, e * e);
			path_pop(p, mark);
		}
		break;
	case KIND_SUM:
	case KIND_SUM_OF_SQUARES:
		v = top(p, &o->field);
		if (!num(v, &d) || !fref_ok(p, &o->of))
			break;
		/* Incomplete input makes any sum meaningless. */
		if (at_limit(p, p->sv[o->of.slot].v))
			break;
		memset(&st, 0, sizeof st);
		st.square = c->kind == KIND_SUM_OF_SQUARES;
		mark = p->depth;
		visit(p, o, &o->of, add_value, &st);
		path_pop(p, mark);
		if (st.bad || close_enough(p, o, d, st.sum))
			break;
		mark = at_field(p, &o->field);
		emit(p, o->rule, "%s is %s, but the %s of %s is %.17g",
		    c->field, shown(p, o->field.shape, v, buf, sizeof buf),
		    st.square ?
		    "sum of squares" : "sum", c->of, st.sum);
		path_pop(p, mark);
		break;
	case KIND_COUNT:
		v = top(p, &o->field);
		w = top(p, &o->of);
		if (!num(v, &d) || w == NULL || !container_size(w, &n))
			break;
		/* At the item limit, the container is incomplete. */
		if (n >= p->rs->settings.item_limit)
			break;
		if (d != (double)n) {
			mark = at_field(p, &o->field);
			emit(p, o->rule, "%s is %s, but %s has %zu entries",
			    c->field, shown(p, o->field.shape, v, buf,
			    sizeof buf), c->of,
			    n);
			path_pop(p, mark);
		}
		break;
	case KIND_EQUIVALENCE:
		v = top(p, &o->field);
		w = top(p, &o->cond);
		if (!jv_is(v, JV_STRING) || !num(w, &d) || v->len != 1)
			break;
		s = v->str;
		if (strcmp(s, "t") != 0 && strcmp(s, "f") != 0)
			break;
		t = strcmp(s, "t") == 0;
		cond = cond_holds(o, d);
		if (c->one_way ? (t && !cond) : (t != cond)) {
			mark = at_field(p, &o->field);
			emit(p, o->rule, "%s is \"%s\" but %s is %s", c->field,
			    s, c->when.field, shown(p, o->cond.shape, w, buf2,
			    sizeof buf2));
			path_pop(p, mark);
		}
		break;
	case KIND_COMPOSITION:
		check_composition(p, o);
		break;
	case KIND_ITEM_LIMIT:
		for (k = 0; k < o->nfields; k++)
			visit(p, o, &o->fields[k], check_limit, NULL);
		break;
	case KIND_TIME_ORDER:
		if (!num(top(p, &o->start), &d) || !num(top(p, &o->end), &e))
			break;
		if (e < d) {
			mark = at_field(p, &o->end);
			emit(p, o->rule, "%s %.0f is before %s %.0f by %.0f ms",
			    c->end, e, c->start, d, d - e);
			path_pop(p, mark);
		}
		break;
	case KIND_MAX_SPAN:
		if (!num(top(p, &o->start), &d) || !num(top(p, &o->end), &e))
			break;
		if (e - d > c->max) {
			mark = at_field(p, &o->end);
			emit(p, o->rule, "the session lasts %.0f ms (%.1f "
			    "hours), longer than %.0f ms", e - d,
			    (e - d) / 3600000.0, c->max);
			path_pop(p, mark);
		}
		break;
	case KIND_WITHIN_SPAN:
		v = top(p, &o->field);
		if (!num(v, &d) || !num(top(p, &o->start), &span[0]) ||
		    !num(top(p, &o->end), &span[1]) || span[1] < span[0])
			break;
		e = d * (c->has_scale ? c->scale : 1);
		if (e > span[1] - span[0]) {
			mark = at_field(p, &o->field);
			emit(p, o->rule, "%s is %s (%.0f ms), longer than the "
			    "session's span of %.0f ms", c->field,
			    shown(p, o->field.shape, v, buf, sizeof buf), e,
			    span[1] - span[0]);
			path_pop(p, mark);
		}
		break;
	case KIND_TIMES_WITHIN:
		if (!num(top(p, &o->start), &span[0]) ||
		    !num(top(p, &o->end), &span[1]) || span[1] < span[0])
			break;
		for (k = 0; k < o->nfields; k++)
			visit(p, o, &o->fields[k], check_times, span);
		break;
	case KIND_UNIQUE:
		v = top(p, &o->field);
		if (v == NULL || !part_text(v, buf, sizeof buf, &s, &n))
			break;
		/* Only the audit, in order, knows what came before. */
		mark = at_field(p, &o->field);
		emit_key(p, o->rule, s, n);
		path_pop(p, mark);
		break;
	case KIND_FILE_WINDOW:
		if (!p->has_window || !num(top(p, &o->field), &d))
			break;
		if (d < p->window[0] || d > p->window[1]) {
			mark = at_field(p, &o->field);
			emit(p, o->rule, "%s %.0f is %.0f minutes %s the file's "
			    "interval (%g minutes of slack allowed)", c->field,
			    d, (d < p->window[0] ? p->window[0] - d :
			    d - p->window[1]) / 60000.0 +
			    p->rs->settings.file_window_slack_minutes,
			    d < p->window[0] ? "before" : "after",
			    p->rs->settings.file_window_slack_minutes);
			path_pop(p, mark);
		}
		break;
	default:
		break;
	}
}

/* Look up a top-level key once; return its slot or -1. */
static int
slot_of(const struct session_plan *p, const char *key, size_t len)
{
	size_t	 j;
	int	 s;

	for (j = session_hash(key) & (p->hcap - 1); p->htab[j] != 0;
	    j = (j + 1) & (p->hcap - 1)) {
		s = p->htab[j] - 1;
		if (p->slots[s]->namelen == len &&
		    memcmp(p->slots[s]->name, key, len) == 0)
			return s;
	}
	return -1;
}

void
session_check(void *arg, const struct jv *obj, unsigned long long lineno,
    const struct finding_sink *sink)
{
	struct session_plan	*p = arg;
	struct shape		*sh;
	const struct jv		*v, *m;
	size_t			 i, mark, unknown = 0;
	char			 buf[256];
	int			 s;

	p->sink = sink;
	p->lineno = lineno;
	p->sid = NULL;
	p->depth = 0;
	memset(p->sv, 0, p->nslots * sizeof *p->sv);

	/* One pass over the members: each to its slot, once. */
	for (m = jv_child(obj); m != NULL; m = m->next) {
		s = slot_of(p, m->key, m->keylen);
		if (s < 0) {
			unknown++;
			continue;
		}
		p->sv[s].v = jvn(m);
		p->sv[s].st = p->sv[s].v == NULL ? SLOT_NULL : SLOT_OK;
	}
	/* The session's name for findings, when it has a usable one. */
	for (i = 0; i < 2 && p->sid == NULL; i++) {
		s = p->name_slot[i];
		v = s >= 0 ? p->sv[s].v : jv_get(obj, i == 0 ? "session_id" :
		    "guid");
		if (jv_is(v, JV_STRING))
			p->sid = v->str;
	}
	/* Members the schema does not know: rare, so a second look. */
	for (m = jv_child(obj); unknown > 0 && m != NULL; m = m->next) {
		if (slot_of(p, m->key, m->keylen) >= 0)
			continue;
		unknown--;
		mark = path_push(p, m->key, m->keylen);
		emit(p, p->r_unknown, "field \"%.64s\" is not in the schema",
		    m->key);
		path_pop(p, mark);
	}
	for (i = 0; i < p->nslots; i++) {
		sh = p->slots[i];
		if (p->sv[i].st == SLOT_ABSENT || p->sv[i].st == SLOT_NULL) {
			if (!sh->required && (p->sv[i].st == SLOT_ABSENT ||
			    sh->nullable))
				continue;
			mark = path_push(p, sh->name, sh->namelen);
			if (sh->required)
				emit(p, p->r_required, "required field %s is "
				    "%s%s", sh->name, p->sv[i].st ==
				    SLOT_ABSENT ? "missing" : "null",
				    held_note(sh, buf, sizeof buf));
			else
				emit(p, p->r_type, "%s is null, not %s%s",
				    sh->name, type_words(sh->type),
				    held_note(sh, buf, sizeof buf));
			path_pop(p, mark);
			continue;
		}
		mark = path_push(p, sh->name, strlen(sh->name));
		if (!shape_check(p, sh, p->sv[i].v))
			p->sv[i].st = SLOT_BAD;
		path_pop(p, mark);
	}
	for (i = 0; i < p->nops; i++)
		run_op(p, &p->ops[i]);
}
