/* SPDX-License-Identifier: MIT */
/*
 * Directory walking for the audit's inputs.  Errors are not printed here:
 * they are kept in the list, in walk order, and reported by the caller
 * when it reaches them, so the run goes on and the report stays complete.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "walk.h"
#include "xmalloc.h"

/* The directories from the top down to the one being read. */
struct walk_chain {
	dev_t			 dev;
	ino_t			 ino;
	const struct walk_chain	*up;
};

void
walk_init(struct walk_list *wl)
{
	memset(wl, 0, sizeof *wl);
}

void
walk_clear(struct walk_list *wl)
{
	size_t	 i;

	for (i = 0; i < wl->n; i++) {
		free(wl->v[i].path);
		free(wl->v[i].error);
	}
	free(wl->v);
	memset(wl, 0, sizeof *wl);
}

static void
walk_add(struct walk_list *wl, char *path, char *error)
{
	if (wl->n == wl->cap) {
		wl->cap = wl->cap == 0 ? 64 : wl->cap * 2;
		wl->v = xreallocarray(wl->v, wl->cap, sizeof *wl->v);
	}
	wl->v[wl->n].path = path;
	wl->v[wl->n].error = error;
	wl->v[wl->n].is_dir = 0;
	wl->n++;
}

int
walk_has_suffix(const char *name, const char *suffix)
{
	size_t	 n = strlen(name), m = strlen(suffix);

	return n > m && strcmp(name + n - m, suffix) == 0;
}

int
walk_wanted(const char *name)
{
	return walk_has_suffix(name, ".json.gz") ||
	    walk_has_suffix(name, ".json");
}

const char *
walk_base(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static int
walk_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void	walk_dir(struct walk_list *, const char *,
		    const struct walk_chain *);

static void
walk_one(struct walk_list *wl, const char *path, int top,
    const struct walk_chain *up)
{
	struct walk_chain	 here;
	const struct walk_chain	*c;
	struct stat		 st;
	char			*error = NULL;

	if (stat(path, &st) == -1) {
		/*
		 * Inside a directory, a dangling link matters only if its
		 * name says it should be audited.
		 */
		if (!top && !walk_wanted(walk_base(path)))
			return;
		xasprintf(&error, "%s: cannot open: %s", path,
		    strerror(errno));
		walk_add(wl, xstrdup(path), error);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (top || (S_ISREG(st.st_mode) &&
		    walk_wanted(walk_base(path))))
			walk_add(wl, xstrdup(path), NULL);
		return;
	}
	for (c = up; c != NULL; c = c->up) {
		if (c->dev == st.st_dev && c->ino == st.st_ino)
			return;
	}
	here.dev = st.st_dev;
	here.ino = st.st_ino;
	here.up = up;
	walk_dir(wl, path, &here);
}

static void
walk_dir(struct walk_list *wl, const char *path,
    const struct walk_chain *here)
{
	DIR		*d;
	struct dirent	*de;
	char		**names = NULL, *child, *error = NULL;
	size_t		 n = 0, cap = 0, i, len;

	if ((d = opendir(path)) == NULL) {
		xasprintf(&error, "%s: cannot open directory: %s", path,
		    strerror(errno));
		walk_add(wl, xstrdup(path), error);
		return;
	}
	/* The directory itself, so that the audit knows which it walked. */
	walk_add(wl, xstrdup(path), NULL);
	wl->v[wl->n - 1].is_dir = 1;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[n++] = xstrdup(de->d_name);
	}
	if (errno != 0) {
		xasprintf(&error, "%s: cannot read directory: %s", path,
		    strerror(errno));
		walk_add(wl, xstrdup(path), error);
	}
	closedir(d);
	qsort(names, n, sizeof *names, walk_cmp);
	len = strlen(path);
	for (i = 0; i < n; i++) {
		if (len > 0 && path[len - 1] == '/')
			xasprintf(&child, "%s%s", path, names[i]);
		else
			xasprintf(&child, "%s/%s", path, names[i]);
		walk_one(wl, child, 0, here);
		free(child);
		free(names[i]);
	}
	free(names);
}

void
walk_path(struct walk_list *wl, const char *path)
{
	char	*p;
	size_t	 len;

	if (strcmp(path, "-") == 0) {
		walk_add(wl, xstrdup(path), NULL);
		return;
	}
	/* "day/" and "day" name the same directory: report it one way. */
	p = xstrdup(path);
	for (len = strlen(p); len > 1 && p[len - 1] == '/'; len--)
		p[len - 1] = '\0';
	walk_one(wl, p, 1, NULL);
	free(p);
}
