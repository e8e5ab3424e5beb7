/* SPDX-License-Identifier: MIT */
/*
 * The audit: reader, workers and merge (see audit.h).  A chunk is the
 * unit that flows through: it belongs to one file, holds copies of up to
 * AUDIT_CHUNK_BYTES of its lines (or one longer line) with their numbers
 * and the reader's other events (over-long lines, damage), and, once a
 * worker is done with it, the findings of each line, their strings kept
 * in the chunk's own arena.  Chunks are merged strictly in the order the
 * reader made them.
 *
 * A file's name and place are checked by the reader, before its bytes,
 * but the findings are emitted by the merge, so they come first in the
 * file's findings as they would in a sequential run.
 */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "check.h"
#include "gzlines.h"
#include "msg.h"
#include "session.h"
#include "uniq.h"
#include "walk.h"
#include "xmalloc.h"

#define AUDIT_CHUNK_BYTES	(1024 * 1024)
#define AUDIT_CHUNK_ITEMS	4096
#define AUDIT_MAX_PLACE		(LAYOUT_MAX_PROBLEMS + 2)

/* What a file's name and place say, and the findings about them. */
struct audit_place {
	struct layout_name	 name;
	struct layout_path	 where;
	int			 name_ok;	/* no filename-* problem */
	const char		*account;	/* expected, or NULL */
	struct layout_problem	 probs[AUDIT_MAX_PLACE];
	int			 nprobs;
};

/* One input file, shared by the reader, the workers and the merge. */
struct audit_file {
	char			*path;		/* as reported */
	struct audit_place	 pl;
	unsigned long long	 bytes_in;
	char			*read_error;	/* the OS failed a read */
};

enum audit_item_type {
	ITEM_LINE,
	ITEM_LONG,
	ITEM_CORRUPT
};

struct audit_item {
	enum audit_item_type	 type;
	unsigned long long	 lineno;
	size_t			 off;		/* in data (ITEM_LINE) */
	size_t			 len;
	char			*msg;		/* ITEM_CORRUPT */
	int			 is_session;
	size_t			 f0;		/* first finding */
	size_t			 nf;
};

/* A finding kept in a chunk: strings as offsets into the arena. */
struct audit_rfind {
	int			 rule;
	unsigned long long	 line;
	unsigned long		 column;
	size_t			 field;		/* SIZE_MAX: none */
	size_t			 sid;
	size_t			 msg;
	size_t			 key;
	size_t			 key_len;
};

struct audit_chunk {
	struct audit_chunk	*next;
	struct audit_file	*file;		/* NULL: a dir or an error */
	int			 begin;		/* the file's first chunk */
	int			 end;		/* the file's last chunk */
	char			*dir;		/* a directory walked */
	char			*error;		/* a path that cannot be read */
	char			*data;
	size_t			 dlen;
	size_t			 dcap;
	struct audit_item	*items;
	size_t			 nitems;
	size_t			 citems;
	size_t			 nlines;	/* ITEM_LINE items */
	struct audit_rfind	*fs;
	size_t			 nfs;
	size_t			 cfs;
	char			*arena;
	size_t			 alen;
	size_t			 acap;
	int			 taken;
	int			 done;
};

struct audit_worker;
struct audit_merge;

/*
 * With many files, each worker reads whole files itself (file mode): a
 * job is one entry of the walk, and its checked chunks wait in the job
 * for the merge.  Line data is dropped once checked, so a job ahead of
 * the merge keeps only its findings and line records.
 */
struct audit_job {
	struct audit_job	*next;
	char			*path;		/* a file to read, or NULL */
	char			*dir;		/* a directory walked */
	char			*error;		/* a path that cannot be read */
	int			 claimed;
	int			 finished;
	struct audit_chunk	*head;		/* checked, not yet merged */
	struct audit_chunk	*tail;
};

struct audit_pipe {
	struct audit		*a;
	/*
	 * With one job there are no threads: the reader checks and merges
	 * each chunk as it makes it, through the same code.
	 */
	struct audit_worker	*inline_worker;
	struct audit_merge	*inline_merge;
	struct audit_job	*jobs;		/* file mode: first unmerged */
	struct audit_job	*next_job;	/* first unclaimed */
	size_t			 ahead;		/* claimed, not merged */
	size_t			 max_ahead;
	size_t			 buffered;	/* chunks filed, not merged */
	size_t			 max_buffered;
	char *const		*paths;
	int			 npaths;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv_work;	/* a chunk to check, or the end */
	pthread_cond_t		 cv_done;	/* a chunk checked */
	pthread_cond_t		 cv_space;	/* room for another chunk */
	struct audit_chunk	*head;
	struct audit_chunk	*tail;
	struct audit_chunk	*next_work;
	size_t			 inflight;
	size_t			 max_inflight;
	size_t			 inflight_bytes;
	size_t			 max_bytes;
	int			 reader_done;
};

struct audit_worker {
	struct audit_pipe	*pp;
	pthread_t		 tid;
	struct checker		*ck;
	struct session_plan	*plan;
	struct audit_chunk	*chunk;		/* being checked */
};

void
audit_init(struct audit *a, const struct ruleset *rs, const struct ruletab *rt,
    const struct rules_settings *set, struct aggregate *agg,
    struct report *rep, int show_values, const char *account, int64_t now_ms,
    int jobs)
{
	memset(a, 0, sizeof *a);
	a->rs = rs;
	a->rt = rt;
	a->set = set;
	a->agg = agg;
	a->rep = rep;
	a->show_values = show_values;
	a->account = account;
	a->now_ms = now_ms;
	a->jobs = jobs < 1 ? 1 : jobs;
	a->lp.interval_minutes = set->interval_minutes;
	a->lp.duration = set->duration;
	a->lp.extension = set->extension;
	/* One set per unique check, made when first needed. */
	a->uniq = xcalloc(rt->n + 1, sizeof *a->uniq);
}

void
audit_clear(struct audit *a)
{
	size_t	 i;

	for (i = 0; i < a->rt->n; i++)
		uniq_free(a->uniq[i]);
	free(a->uniq);
	a->uniq = NULL;
}

static void __attribute__((format(printf, 3, 4)))
audit_place_problem(struct audit_place *pl, enum rule_builtin rule,
    const char *fmt, ...)
{
	va_list	 ap;

	if (pl->nprobs >= AUDIT_MAX_PLACE)
		return;
	pl->probs[pl->nprobs].rule = rule;
	va_start(ap, fmt);
	vsnprintf(pl->probs[pl->nprobs].message,
	    sizeof pl->probs[pl->nprobs].message, fmt, ap);
	va_end(ap);
	pl->nprobs++;
}

/* Check the name and place of a file (the reader, before its bytes). */
static void
audit_place(const struct audit *a, const char *path, struct audit_place *pl)
{
	char		 when[32];
	int64_t		 age_ms, day_ms;

	memset(pl, 0, sizeof *pl);
	pl->account = a->account;
	if (strcmp(path, "-") == 0) {
		if (pl->account == NULL && a->set->account[0] != '\0')
			pl->account = a->set->account;
		return;
	}
	pl->nprobs = layout_check_name(walk_base(path), &a->lp, &pl->name,
	    pl->probs);
	pl->name_ok = pl->nprobs == 0;

	layout_parse_path(path, &pl->where);
	if (pl->where.has_day && pl->name.date_ok &&
	    (pl->name.year != pl->where.year ||
	    pl->name.month != pl->where.month || pl->name.day != pl->where.day))
		audit_place_problem(pl, RULE_DIRECTORY_DATE, "the file name's "
		    "day %04d-%02d-%02d differs from its directory "
		    "%04d/%02d/%02d", pl->name.year, pl->name.month,
		    pl->name.day, pl->where.year, pl->where.month,
		    pl->where.day);
	/* The expected account: --account, else the path, else settings. */
	if (pl->account == NULL && pl->where.has_account)
		pl->account = pl->where.account;
	if (pl->account == NULL && a->set->account[0] != '\0')
		pl->account = a->set->account;

	/* Retention, by the name's date, else the directory's day. */
	if (pl->name.date_ok)
		day_ms = pl->name.start_ms;
	else if (pl->where.has_day)
		day_ms = layout_days(pl->where.year, pl->where.month,
		    pl->where.day) * LAYOUT_DAY_MS;
	else
		return;
	age_ms = a->now_ms - day_ms;
	if (age_ms > (int64_t)a->set->retention_days * LAYOUT_DAY_MS) {
		layout_format_time(day_ms, when, sizeof when);
		audit_place_problem(pl, RULE_RETENTION, "the file's data of "
		    "%.10s is %lld days old, past the %u-day retention", when,
		    (long long)(age_ms / LAYOUT_DAY_MS),
		    a->set->retention_days);
	}
}

/* Chunks. */

static struct audit_chunk *
audit_chunk_new(struct audit_file *file)
{
	struct audit_chunk	*c;

	c = xcalloc(1, sizeof *c);
	c->file = file;
	return c;
}

static void
audit_chunk_free(struct audit_chunk *c)
{
	size_t	 i;

	for (i = 0; i < c->nitems; i++)
		free(c->items[i].msg);
	free(c->items);
	free(c->data);
	free(c->fs);
	free(c->arena);
	free(c->dir);
	free(c->error);
	free(c);
}

static struct audit_item *
audit_chunk_item(struct audit_chunk *c, enum audit_item_type type,
    unsigned long long lineno)
{
	struct audit_item	*it;

	if (c->nitems == c->citems) {
		c->citems = c->citems == 0 ? 256 : c->citems * 2;
		c->items = xreallocarray(c->items, c->citems, sizeof *c->items);
	}
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof *it);
	it->type = type;
	it->lineno = lineno;
	return it;
}

static void
audit_chunk_line(struct audit_chunk *c, const struct gzl_line *ln)
{
	struct audit_item	*it;
	size_t			 need = c->dlen + ln->len + 1;

	if (need > c->dcap) {
		c->dcap = need > AUDIT_CHUNK_BYTES ? need : AUDIT_CHUNK_BYTES;
		c->data = xreallocarray(c->data, 1, c->dcap);
	}
	it = audit_chunk_item(c, ITEM_LINE, ln->lineno);
	it->off = c->dlen;
	it->len = ln->len;
	memcpy(c->data + c->dlen, ln->data, ln->len);
	c->dlen += ln->len;
	c->data[c->dlen++] = '\0';
	c->nlines++;
}

/* Copy a string into the chunk's arena; return its offset. */
static size_t
audit_arena(struct audit_chunk *c, const char *s, size_t len)
{
	size_t	 off = c->alen;

	if (c->alen + len + 1 > c->acap) {
		c->acap = c->acap == 0 ? 4096 : c->acap;
		while (c->alen + len + 1 > c->acap)
			c->acap *= 2;
		c->arena = xreallocarray(c->arena, 1, c->acap);
	}
	memcpy(c->arena + c->alen, s, len);
	c->arena[c->alen + len] = '\0';
	c->alen += len + 1;
	return off;
}

/* The pipe. */

static void	audit_check_chunk(struct audit_worker *, struct audit_chunk *);
static void	audit_keep(void *, const struct finding *);
static void	audit_merge_chunk(struct audit *, struct audit_merge *,
		    struct audit_chunk *);
static void	audit_chunk_free(struct audit_chunk *);

/*
 * Hand a chunk to the merge (and to the workers if it has lines).  In
 * file mode the reading worker w checks it at once and files it in its
 * job.
 */
static void
audit_push(struct audit_pipe *pp, struct audit_job *job,
    struct audit_worker *w, struct audit_chunk *c)
{
	if (job != NULL) {
		if (c->nlines > 0)
			audit_check_chunk(w, c);
		free(c->data);
		c->data = NULL;
		c->taken = c->done = 1;
		pthread_mutex_lock(&pp->mu);
		/*
		 * A job ahead of the merge waits while the backlog is full,
		 * so memory stays bounded however large the files; the job
		 * being merged never waits, so the merge always progresses.
		 */
		while (pp->buffered >= pp->max_buffered && job != pp->jobs)
			pthread_cond_wait(&pp->cv_space, &pp->mu);
		pp->buffered++;
		if (job->tail != NULL)
			job->tail->next = c;
		else
			job->head = c;
		job->tail = c;
		pthread_cond_broadcast(&pp->cv_done);
		pthread_mutex_unlock(&pp->mu);
		return;
	}
	if (pp->inline_worker != NULL) {
		if (c->nlines > 0)
			audit_check_chunk(pp->inline_worker, c);
		audit_merge_chunk(pp->a, pp->inline_merge, c);
		audit_chunk_free(c);
		return;
	}
	pthread_mutex_lock(&pp->mu);
	/*
	 * Bound what is in flight by count and by bytes; a chunk holding
	 * one line longer than the byte bound waits for an empty pipe.
	 */
	while (pp->inflight > 0 && (pp->inflight >= pp->max_inflight ||
	    pp->inflight_bytes + c->dcap > pp->max_bytes))
		pthread_cond_wait(&pp->cv_space, &pp->mu);
	pp->inflight_bytes += c->dcap;
	if (c->nlines == 0)
		c->taken = c->done = 1;
	if (pp->tail != NULL)
		pp->tail->next = c;
	else
		pp->head = c;
	pp->tail = c;
	if (pp->next_work == NULL && !c->taken)
		pp->next_work = c;
	pp->inflight++;
	pthread_cond_broadcast(&pp->cv_work);
	pthread_cond_signal(&pp->cv_done);
	pthread_mutex_unlock(&pp->mu);
}

static void
audit_push_note(struct audit_pipe *pp, char *dir, char *error)
{
	struct audit_chunk	*c = audit_chunk_new(NULL);

	c->dir = dir;
	c->error = error;
	audit_push(pp, NULL, NULL, c);
}

/* Read one file into chunks (for job, read by worker w, in file mode). */
static void
audit_read_file(struct audit_pipe *pp, struct audit_job *job,
    struct audit_worker *w, const char *path)
{
	struct audit		*a = pp->a;
	struct audit_file	*f;
	struct audit_chunk	*c;
	struct audit_item	*it;
	struct audit_worker	*direct;
	struct finding_sink	 sink;
	struct gzlines		*gl = NULL;
	struct gzl_line		 ln;
	char			*cause = NULL;
	int			 done = 0;

	/*
	 * The thread that reads may also be the one that checks (file mode,
	 * one job): it then checks each line in the reader's buffer, with
	 * no copy, and the chunk carries only the results.
	 */
	direct = job != NULL ? w : pp->inline_worker;
	if (gzlines_open(path, a->set->max_line_length,
	    walk_has_suffix(path, ".gz"), &gl, &cause) == -1) {
		c = audit_chunk_new(NULL);
		c->error = cause;
		audit_push(pp, job, w, c);
		return;
	}
	f = xcalloc(1, sizeof *f);
	f->path = xstrdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
	audit_place(a, path, &f->pl);
	c = audit_chunk_new(f);
	c->begin = 1;
	if (direct != NULL) {
		sink.emit = audit_keep;
		sink.arg = direct;
		if (direct->plan != NULL)
			session_begin_file(direct->plan, f->pl.account,
			    f->pl.name.start_ms, f->pl.name_ok);
	}
	while (!done) {
		switch (gzlines_next(gl, &ln)) {
		case GZL_LINE:
			if (direct == NULL) {
				audit_chunk_line(c, &ln);
				break;
			}
			it = audit_chunk_item(c, ITEM_LINE, ln.lineno);
			it->f0 = c->nfs;
			direct->chunk = c;
			it->is_session = checker_line(direct->ck, ln.data,
			    ln.len, ln.lineno, &sink);
			it->nf = c->nfs - it->f0;
			break;
		case GZL_LONG:
			it = audit_chunk_item(c, ITEM_LONG, ln.lineno);
			it->len = ln.len;
			break;
		case GZL_CORRUPT:
			it = audit_chunk_item(c, ITEM_CORRUPT, 0);
			it->msg = xstrdup(ln.message);
			break;
		case GZL_ERROR:
			f->read_error = xstrdup(ln.message);
			done = 1;
			break;
		case GZL_EOF:
			done = 1;
			break;
		}
		if (!done && (c->dlen >= AUDIT_CHUNK_BYTES ||
		    c->nitems >= AUDIT_CHUNK_ITEMS)) {
			audit_push(pp, job, w, c);
			c = audit_chunk_new(f);
		}
	}
	f->bytes_in = gzlines_bytes_in(gl);
	gzlines_close(gl);
	c->end = 1;
	audit_push(pp, job, w, c);
}

/* The reader: the walk's entries, in order, into chunks. */
static void *
audit_reader(void *arg)
{
	struct audit_pipe	*pp = arg;
	struct audit_job	*job;

	while ((job = pp->jobs) != NULL) {
		pp->jobs = job->next;
		if (job->path != NULL)
			audit_read_file(pp, NULL, NULL, job->path);
		else
			audit_push_note(pp, job->dir, job->error);
		free(job->path);
		free(job);
	}
	pthread_mutex_lock(&pp->mu);
	pp->reader_done = 1;
	pthread_cond_broadcast(&pp->cv_work);
	pthread_cond_broadcast(&pp->cv_done);
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

/* A worker's sink: keep the finding in the chunk being checked. */
static void
audit_keep(void *arg, const struct finding *f)
{
	struct audit_worker	*w = arg;
	struct audit_chunk	*c = w->chunk;
	struct audit_rfind	*r;

	if (c->nfs == c->cfs) {
		c->cfs = c->cfs == 0 ? 64 : c->cfs * 2;
		c->fs = xreallocarray(c->fs, c->cfs, sizeof *c->fs);
	}
	r = &c->fs[c->nfs++];
	r->rule = f->rule;
	r->line = f->line;
	r->column = f->column;
	r->field = f->field != NULL ? audit_arena(c, f->field,
	    strlen(f->field)) : SIZE_MAX;
	r->sid = f->session_id != NULL ? audit_arena(c, f->session_id,
	    strlen(f->session_id)) : SIZE_MAX;
	r->msg = audit_arena(c, f->message, strlen(f->message));
	r->key = f->key != NULL ? audit_arena(c, f->key, f->key_len) :
	    SIZE_MAX;
	r->key_len = f->key_len;
}

static void
audit_check_chunk(struct audit_worker *w, struct audit_chunk *c)
{
	const struct audit_place	*pl = &c->file->pl;
	struct finding_sink		 sink = { audit_keep, w };
	struct audit_item		*it;
	size_t				 i;

	w->chunk = c;
	if (w->plan != NULL)
		session_begin_file(w->plan, pl->account, pl->name.start_ms,
		    pl->name_ok);
	for (i = 0; i < c->nitems; i++) {
		it = &c->items[i];
		if (it->type != ITEM_LINE)
			continue;
		it->f0 = c->nfs;
		it->is_session = checker_line(w->ck, c->data + it->off,
		    it->len, it->lineno, &sink);
		it->nf = c->nfs - it->f0;
	}
	w->chunk = NULL;
}

static void *
audit_worker(void *arg)
{
	struct audit_worker	*w = arg;
	struct audit_pipe	*pp = w->pp;
	struct audit_chunk	*c;

	for (;;) {
		pthread_mutex_lock(&pp->mu);
		while (pp->next_work == NULL && !pp->reader_done)
			pthread_cond_wait(&pp->cv_work, &pp->mu);
		c = pp->next_work;
		if (c == NULL) {
			pthread_mutex_unlock(&pp->mu);
			return NULL;
		}
		c->taken = 1;
		for (pp->next_work = c->next; pp->next_work != NULL &&
		    pp->next_work->taken; pp->next_work = pp->next_work->next)
			;
		pthread_mutex_unlock(&pp->mu);

		audit_check_chunk(w, c);

		pthread_mutex_lock(&pp->mu);
		c->done = 1;
		pthread_cond_broadcast(&pp->cv_done);
		pthread_mutex_unlock(&pp->mu);
	}
}

/* File mode: a worker claims the next job and reads it whole. */
static void *
audit_file_worker(void *arg)
{
	struct audit_worker	*w = arg;
	struct audit_pipe	*pp = w->pp;
	struct audit_job	*job;

	for (;;) {
		pthread_mutex_lock(&pp->mu);
		while (pp->next_job != NULL && pp->ahead >= pp->max_ahead)
			pthread_cond_wait(&pp->cv_space, &pp->mu);
		job = pp->next_job;
		if (job == NULL) {
			pthread_mutex_unlock(&pp->mu);
			return NULL;
		}
		pp->next_job = job->next;
		job->claimed = 1;
		pp->ahead++;
		pthread_mutex_unlock(&pp->mu);

		if (job->path != NULL)
			audit_read_file(pp, job, w, job->path);
		pthread_mutex_lock(&pp->mu);
		job->finished = 1;
		pthread_cond_broadcast(&pp->cv_done);
		pthread_mutex_unlock(&pp->mu);
	}
}

/* The merge. */

static void
audit_emit(struct audit *a, const struct finding *f)
{
	aggregate_add(a->agg, a->path, f);
	if (a->rep != NULL)
		report_finding(a->rep, a->path, f);
}

/* Report a built-in rule, unless the rule set leaves it out. */
static void
audit_builtin(struct audit *a, enum rule_builtin which,
    unsigned long long line, const char *message)
{
	struct finding	 f;
	int		 rule = a->rt->builtin[which];

	if (rule < 0 || !a->rt->rules[rule].enabled)
		return;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.line = line;
	f.message = message;
	audit_emit(a, &f);
}

/* A unique check's candidate stands if its key was seen before. */
static void
audit_unique(struct audit *a, struct finding *f)
{
	uint32_t	 first;
	char		 msg[512];
	size_t		 cur = a->agg->nfiles - 1;

	if (a->uniq[f->rule] == NULL)
		a->uniq[f->rule] = uniq_new();
	if (!uniq_add(a->uniq[f->rule], f->key, f->key_len, (uint32_t)cur,
	    &first))
		return;
	if (first == cur)
		snprintf(msg, sizeof msg, "duplicate %s: seen earlier in this "
		    "file", f->field != NULL ? f->field + 1 : "value");
	else
		snprintf(msg, sizeof msg, "duplicate %s: first seen in %.400s",
		    f->field != NULL ? f->field + 1 : "value",
		    a->agg->files[first].path);
	f->message = msg;
	f->key = NULL;
	audit_emit(a, f);
}

/* Count a file in its day's coverage. */
static void
audit_cover(struct audit *a, const struct audit_place *pl, int empty,
    int broken, unsigned long long lines, unsigned long long sessions)
{
	struct agg_day	*day;
	int64_t		 off;
	long		 d;
	int		 k;

	if (!pl->where.has_day ||
	    (d = aggregate_find_day(a->agg, pl->where.daydir)) < 0)
		return;
	day = &a->agg->days[d];
	day->files++;
	day->empty_files += empty != 0;
	day->broken_files += broken != 0;
	day->lines += lines;
	day->sessions += sessions;
	/*
	 * Only a well-formed name of this very day covers an interval: a
	 * file in the wrong directory or with a bad name covers nothing.
	 */
	if (!pl->name_ok || pl->name.year != pl->where.year ||
	    pl->name.month != pl->where.month || pl->name.day != pl->where.day)
		return;
	off = pl->name.start_ms - day->start_ms;
	k = (int)(off / ((int64_t)a->set->interval_minutes * 60000));
	if (k >= 0 && k < day->intervals && day->have[k] < 255)
		day->have[k]++;
}

/* The merge's state of the file being merged. */
struct audit_merge {
	unsigned long long	 lines;
	unsigned long long	 sessions;
	int			 damaged;
};

static void
audit_merge_chunk(struct audit *a, struct audit_merge *m,
    struct audit_chunk *c)
{
	struct audit_file	*f = c->file;
	struct audit_item	*it;
	struct audit_rfind	*r;
	struct finding		 fd;
	char			 msg[160];
	size_t			 i, k;
	int			 y, mo, d, empty = 0;

	if (c->error != NULL) {
		msg_error("%s", c->error);
		a->errors++;
		return;
	}
	if (c->dir != NULL) {
		/* A day directory walked: judge its coverage at the end. */
		if (layout_is_daydir(c->dir, &y, &mo, &d) &&
		    layout_valid_date(y, mo, d)) {
			k = aggregate_day(a->agg, c->dir, y, mo, d, 1440 /
			    a->set->interval_minutes);
			a->agg->days[k].start_ms = layout_days(y, mo, d) *
			    LAYOUT_DAY_MS;
		}
		return;
	}
	a->path = f->path;
	if (c->begin) {
		memset(m, 0, sizeof *m);
		aggregate_file_begin(a->agg, f->path);
		if (f->pl.where.has_day)
			aggregate_file_in_layout(a->agg);
		for (i = 0; i < (size_t)f->pl.nprobs; i++)
			audit_builtin(a, f->pl.probs[i].rule, 0,
			    f->pl.probs[i].message);
	}
	for (i = 0; i < c->nitems; i++) {
		it = &c->items[i];
		switch (it->type) {
		case ITEM_LINE:
			m->lines++;
			m->sessions += (unsigned long long)it->is_session;
			for (k = it->f0; k < it->f0 + it->nf; k++) {
				r = &c->fs[k];
				memset(&fd, 0, sizeof fd);
				fd.rule = r->rule;
				fd.line = r->line;
				fd.column = r->column;
				fd.field = r->field != SIZE_MAX ?
				    c->arena + r->field : NULL;
				fd.session_id = r->sid != SIZE_MAX ?
				    c->arena + r->sid : NULL;
				fd.message = c->arena + r->msg;
				if (r->key != SIZE_MAX) {
					fd.key = c->arena + r->key;
					fd.key_len = r->key_len;
					audit_unique(a, &fd);
				} else
					audit_emit(a, &fd);
			}
			break;
		case ITEM_LONG:
			m->lines++;
			snprintf(msg, sizeof msg, "line of %zu bytes is longer "
			    "than the limit of %zu bytes: skipped", it->len,
			    a->set->max_line_length);
			audit_builtin(a, RULE_LINE_LENGTH, it->lineno, msg);
			break;
		case ITEM_CORRUPT:
			m->damaged = 1;
			audit_builtin(a, RULE_GZIP, 0, it->msg);
			break;
		}
	}
	if (!c->end)
		return;
	if (f->read_error != NULL) {
		msg_error("%s", f->read_error);
		a->errors++;
	} else if (m->lines == 0 && !m->damaged) {
		empty = 1;
		audit_builtin(a, RULE_EMPTY_FILE, 0, f->bytes_in == 0 ?
		    "the file is empty (zero bytes)" :
		    "the gzip data holds no lines");
	}
	aggregate_file_end(a->agg, m->lines, m->sessions, f->bytes_in);
	audit_cover(a, &f->pl, empty, m->damaged, m->lines, m->sessions);
	a->path = NULL;
	free(f->path);
	free(f->read_error);
	free(f);
}

static void
audit_coverage(struct audit *a)
{
	struct agg_day	*day;
	int64_t		 ivl = (int64_t)a->set->interval_minutes * 60000;
	size_t		 i;
	int		 k, h, mi;
	char		 msg[200];

	for (i = 0; i < a->agg->ndays; i++) {
		day = &a->agg->days[i];
		day->complete_at = day->start_ms + LAYOUT_DAY_MS +
		    (int64_t)a->set->session_open_hours * 3600000;
		day->missing = 0;
		day->due = 0;
		for (k = 0; k < day->intervals; k++) {
			if (day->start_ms + (k + 1) * ivl <= a->now_ms)
				day->due++;
			if (day->have[k] == 0)
				day->missing++;
		}
		if (a->now_ms < day->complete_at) {
			/* Still open: missing intervals are not failures. */
			day->status = AGG_DAY_PARTIAL;
			continue;
		}
		day->status = day->missing > 0 ? AGG_DAY_INCOMPLETE :
		    AGG_DAY_COMPLETE;
		a->path = day->dir;
		for (k = 0; k < day->intervals; k++) {
			if (day->have[k] != 0)
				continue;
			h = (int)(k * ivl / 3600000);
			mi = (int)(k * ivl / 60000 % 60);
			snprintf(msg, sizeof msg, "no file for the interval "
			    "%02d%02d (%02d:%02d UTC, %d minutes) of %s", h, mi,
			    h, mi, a->set->interval_minutes, day->date);
			audit_builtin(a, RULE_COVERAGE, 0, msg);
		}
		a->path = NULL;
	}
}

/* Walk the paths into jobs, in order; return the number of files. */
static size_t
audit_walk(struct audit_pipe *pp)
{
	struct walk_list	 wl;
	struct audit_job	*job, **tailp = &pp->jobs;
	size_t			 i, files = 0;
	int			 p;

	for (p = 0; p < pp->npaths; p++) {
		walk_init(&wl);
		walk_path(&wl, pp->paths[p]);
		for (i = 0; i < wl.n; i++) {
			job = xcalloc(1, sizeof *job);
			if (wl.v[i].error != NULL) {
				job->error = wl.v[i].error;
				wl.v[i].error = NULL;
			} else if (wl.v[i].is_dir)
				job->dir = xstrdup(wl.v[i].path);
			else {
				job->path = xstrdup(wl.v[i].path);
				files++;
			}
			*tailp = job;
			tailp = &job->next;
		}
		walk_clear(&wl);
	}
	return files;
}

/* File mode: n workers read whole files; merge the jobs in order. */
static void
audit_file_mode(struct audit_pipe *pp, struct audit_worker *ws, int n,
    struct audit_merge *m)
{
	struct audit_job	*job;
	struct audit_chunk	*c;
	int			 i;

	pp->max_ahead = (size_t)n * 2;
	pp->max_buffered = (size_t)n * 4;
	for (i = 0; i < n; i++) {
		ws[i].pp = pp;
		if (pthread_create(&ws[i].tid, NULL, audit_file_worker,
		    &ws[i]) != 0) {
			fprintf(stderr, "ssaudit: cannot start a thread\n");
			exit(2);
		}
	}
	while ((job = pp->jobs) != NULL) {
		pthread_mutex_lock(&pp->mu);
		if (!job->claimed && job->path == NULL) {
			/*
			 * A note (a directory walked, a path that cannot be
			 * read) needs no worker: take it back from them.  It
			 * is the first unclaimed job, as every job before it
			 * has been merged.
			 */
			pp->next_job = job->next;
			job->claimed = 1;
			job->finished = 1;
			pp->ahead++;
		}
		pthread_mutex_unlock(&pp->mu);
		if (job->dir != NULL || job->error != NULL) {
			c = audit_chunk_new(NULL);
			c->dir = job->dir;
			c->error = job->error;
			job->dir = job->error = NULL;
			audit_merge_chunk(pp->a, m, c);
			audit_chunk_free(c);
		}
		for (;;) {
			pthread_mutex_lock(&pp->mu);
			while (job->head == NULL && !job->finished)
				pthread_cond_wait(&pp->cv_done, &pp->mu);
			c = job->head;
			if (c != NULL) {
				job->head = c->next;
				if (job->head == NULL)
					job->tail = NULL;
				pp->buffered--;
				pthread_cond_broadcast(&pp->cv_space);
			}
			pthread_mutex_unlock(&pp->mu);
			if (c == NULL)
				break;
			audit_merge_chunk(pp->a, m, c);
			audit_chunk_free(c);
		}
		pthread_mutex_lock(&pp->mu);
		pp->jobs = job->next;
		pp->ahead--;
		pthread_cond_broadcast(&pp->cv_space);
		pthread_mutex_unlock(&pp->mu);
		free(job->path);
		free(job);
	}
	for (i = 0; i < n; i++)
		pthread_join(ws[i].tid, NULL);
}

int
audit_paths(struct audit *a, char *const *paths, int npaths, char **cause)
{
	struct audit_pipe	 pp;
	struct audit_worker	*ws;
	struct audit_merge	 m;
	struct audit_chunk	*c;
	pthread_t		 reader;
	size_t			 files;
	int			 i, n = a->jobs;
	struct session_hook	 hook;

	*cause = NULL;
	ws = xcalloc((size_t)n, sizeof *ws);
	for (i = 0; i < n; i++) {
		ws[i].ck = checker_new(a->rt);
		if (a->rs != NULL) {
			ws[i].plan = session_plan_new(a->rs, a->rt,
			    a->show_values, cause);
			if (ws[i].plan == NULL) {
				n = i + 1;
				goto fail;
			}
			hook.check = session_check;
			hook.arg = ws[i].plan;
			checker_set_session_hook(ws[i].ck, &hook);
		}
	}

	memset(&pp, 0, sizeof pp);
	memset(&m, 0, sizeof m);
	pp.a = a;
	pp.paths = paths;
	pp.npaths = npaths;
	/* Enough chunks to keep every worker busy, at most 34 MiB. */
	pp.max_inflight = (size_t)n * 2 + 2;
	if (pp.max_inflight > 34)
		pp.max_inflight = 34;
	pp.max_bytes = pp.max_inflight * AUDIT_CHUNK_BYTES;
	pthread_mutex_init(&pp.mu, NULL);
	pthread_cond_init(&pp.cv_work, NULL);
	pthread_cond_init(&pp.cv_done, NULL);
	pthread_cond_init(&pp.cv_space, NULL);
	files = audit_walk(&pp);
	if (n == 1) {
		/* One job: one thread, no queue. */
		pp.inline_worker = &ws[0];
		pp.inline_merge = &m;
		(void)audit_reader(&pp);
		goto done;
	}
	if (files >= (size_t)n * 2) {
		/* Files enough (two a worker): file mode, no reader. */
		pp.next_job = pp.jobs;
		audit_file_mode(&pp, ws, n, &m);
		goto done;
	}
	if (pthread_create(&reader, NULL, audit_reader, &pp) != 0) {
		fprintf(stderr, "ssaudit: cannot start a thread\n");
		exit(2);
	}
	for (i = 0; i < n; i++) {
		ws[i].pp = &pp;
		if (pthread_create(&ws[i].tid, NULL, audit_worker,
		    &ws[i]) != 0) {
			fprintf(stderr, "ssaudit: cannot start a thread\n");
			exit(2);
		}
	}

	/* Merge the chunks in order as they are done. */
	for (;;) {
		pthread_mutex_lock(&pp.mu);
		while ((pp.head == NULL && !pp.reader_done) ||
		    (pp.head != NULL && !pp.head->done))
			pthread_cond_wait(&pp.cv_done, &pp.mu);
		c = pp.head;
		if (c == NULL) {
			pthread_mutex_unlock(&pp.mu);
			break;
		}
		pp.head = c->next;
		if (pp.head == NULL)
			pp.tail = NULL;
		pp.inflight--;
		pp.inflight_bytes -= c->dcap;
		pthread_cond_signal(&pp.cv_space);
		pthread_mutex_unlock(&pp.mu);
		audit_merge_chunk(a, &m, c);
		audit_chunk_free(c);
	}
	pthread_join(reader, NULL);
	for (i = 0; i < n; i++)
		pthread_join(ws[i].tid, NULL);
done:
	pthread_mutex_destroy(&pp.mu);
	pthread_cond_destroy(&pp.cv_work);
	pthread_cond_destroy(&pp.cv_done);
	pthread_cond_destroy(&pp.cv_space);
	audit_coverage(a);
	for (i = 0; i < n; i++) {
		checker_free(ws[i].ck);
		session_plan_free(ws[i].plan);
	}
	free(ws);
	return 0;
fail:
	for (i = 0; i < n; i++) {
		checker_free(ws[i].ck);
		session_plan_free(ws[i].plan);
	}
	free(ws);
	return -1;
}
