/* SPDX-License-Identifier: MIT */
/*
 * Expanding command-line paths into the list of files to audit.  A file
 * or "-" is taken as it is; a directory is walked recursively, taking the
 * files named *.json.gz and *.json, each directory's entries sorted by
 * name (bytewise) so that the order, and so every report, is the same on
 * every run.  Symbolic links are followed; a directory met again below
 * itself is skipped rather than looped over.
 *
 * Ownership: the list owns its paths and messages.
 */
#ifndef SSAUDIT_WALK_H
#define SSAUDIT_WALK_H

#include <stddef.h>

struct walk_entry {
	char	*path;
	char	*error;		/* set: the path could not be read */
	int	 is_dir;	/* a directory walked, listed before its files */
};

struct walk_list {
	struct walk_entry	*v;
	size_t			 n;
	size_t			 cap;
};

void	walk_init(struct walk_list *);
void	walk_clear(struct walk_list *);
/*
 * Append path, or the files below it, to the list.  Paths that cannot be
 * read become entries with an error, in their place in the order.
 */
void	walk_path(struct walk_list *, const char *path);
/* Whether a name is one a directory walk takes. */
int	walk_wanted(const char *name);
/* Whether name ends in suffix (and is longer than it). */
int	walk_has_suffix(const char *name, const char *suffix);
/* The last component of a path; borrowed from path. */
const char	*walk_base(const char *path);

#endif
