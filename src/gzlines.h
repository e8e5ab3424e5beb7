/* SPDX-License-Identifier: MIT */
/*
 * A line reader over plain or gzip-compressed input.  gzip is recognised
 * by its magic bytes, never by the name, and is inflated by zlib member
 * after member, so concatenated members read as one stream.  Lines end at
 * LF; a CR right before the LF is dropped.  The buffer grows only to the
 * longest line up to the limit: a longer line is skipped while it streams
 * past and reported as GZL_LONG with its full length.
 *
 * Damage in the compressed data (a truncated member, a CRC or length
 * mismatch, garbage after a member, or a file expected to be gzip that is
 * not) is not an error of the reader: it is reported as GZL_CORRUPT with a
 * description, after the lines before it.  Only the operating system
 * failing a read is GZL_ERROR.
 *
 * Ownership: a struct gzlines owns its buffers and its descriptor (except
 * standard input, which is left open).  The line data handed back in a
 * struct gzl_line is borrowed and valid until the next gzlines_next() or
 * gzlines_close().
 */
#ifndef SSAUDIT_GZLINES_H
#define SSAUDIT_GZLINES_H

#include <stddef.h>

#define GZL_DEFAULT_MAX_LINE	(16UL * 1024 * 1024)

enum gzl_event {
	GZL_LINE,	/* a line: data, len, lineno */
	GZL_LONG,	/* a line over the limit: lineno, len (full length) */
	GZL_CORRUPT,	/* damaged input: message; reading goes on */
	GZL_EOF,	/* no more lines */
	GZL_ERROR	/* the OS failed a read: message */
};

struct gzl_line {
	const char		*data;
	size_t			 len;
	unsigned long long	 lineno;
	const char		*message;
};

struct gzlines;

/*
 * Open path for reading ("-" is standard input, shown as name).  If
 * expect_gzip is set and the bytes are not gzip, the first event is a
 * GZL_CORRUPT saying so and the bytes are then read as plain text.
 * Return 0 and store the reader in *glp, or -1 with *cause allocated.
 */
int	gzlines_open(const char *path, size_t max_line, int expect_gzip,
	    struct gzlines **glp, char **cause);
/* The same over an open descriptor, which gzlines_close() closes. */
int	gzlines_open_fd(int fd, const char *name, size_t max_line,
	    int expect_gzip, struct gzlines **glp, char **cause);
/* Read the next event into *line; see enum gzl_event. */
enum gzl_event	gzlines_next(struct gzlines *, struct gzl_line *line);
/* Whether the input turned out to be gzip. */
int	gzlines_is_gzip(const struct gzlines *);
/* Bytes read from the file so far (compressed size for gzip). */
unsigned long long gzlines_bytes_in(const struct gzlines *);
/* Size of the line buffer now: never more than the limit plus a chunk. */
size_t	gzlines_capacity(const struct gzlines *);
/* Lines handed out so far, GZL_LONG included. */
unsigned long long gzlines_lines(const struct gzlines *);
void	gzlines_close(struct gzlines *);

#endif
