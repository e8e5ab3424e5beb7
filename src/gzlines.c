/* SPDX-License-Identifier: MIT */
/*
 * The line reader.  Raw bytes come from read(2) into a fixed input buffer;
 * for gzip they are inflated by zlib into the line buffer, otherwise they
 * are read straight into it.  Lines are cut with memchr() and handed out
 * in place, so a line is copied at most once (by compaction) on its way.
 *
 * zlib's gzread() is not used: it passes non-gzip bytes through silently,
 * reads a zero-byte file as empty and cannot say after which line a
 * member broke.  Driving inflate() ourselves gives all three.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "gzlines.h"
#include "xmalloc.h"

#define GZL_IN_SIZE	(128 * 1024)
#define GZL_CHUNK	(256 * 1024)

enum gzl_damage {
	GZL_DAMAGE_NONE,
	GZL_DAMAGE_NOT_GZIP,
	GZL_DAMAGE_TRUNCATED,
	GZL_DAMAGE_DATA,
	GZL_DAMAGE_TRAILING
};

struct gzlines {
	int			 fd;
	int			 close_fd;
	char			*name;
	size_t			 max_line;

	int			 is_gzip;
	z_stream		 zs;
	int			 zs_init;
	int			 in_member;	/* inside a gzip member */
	unsigned char		*in;
	size_t			 in_len;	/* plain: bytes not yet moved */
	int			 in_eof;
	unsigned long long	 bytes_in;

	char			*buf;
	size_t			 cap;
	size_t			 start;		/* first byte of current line */
	size_t			 end;		/* end of valid data */
	size_t			 scan;		/* searched for LF up to here */
	int			 out_eof;	/* no more data will come */
	int			 clean_end;	/* the data ended normally */

	int			 skipping;	/* inside an over-long line */
	size_t			 skip_len;
	int			 skip_cr;	/* the last byte counted was CR */

	unsigned long long	 lineno;
	size_t			 partial;	/* incomplete bytes dropped */

	enum gzl_damage		 damage;
	int			 damage_told;
	int			 not_gzip_pending;
	char			*damage_detail;
	unsigned long long	 trailing;	/* bytes after last member */
	char			*message;	/* last message handed out */
	int			 read_errno;
};

static int	gzl_read_in(struct gzlines *, size_t);
static void	gzl_fill(struct gzlines *);

int
gzlines_open(const char *path, size_t max_line, int expect_gzip,
    struct gzlines **glp, char **cause)
{
	struct stat	 st;
	int		 fd;

	*glp = NULL;
	*cause = NULL;
	if (strcmp(path, "-") == 0)
		return gzlines_open_fd(STDIN_FILENO, "<stdin>", max_line,
		    expect_gzip, glp, cause);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		xasprintf(cause, "%s: cannot stat: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		xasprintf(cause, "%s: cannot read: %s", path,
		    strerror(EISDIR));
		close(fd);
		return -1;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if (gzlines_open_fd(fd, path, max_line, expect_gzip, glp, cause) == -1) {
		close(fd);
		return -1;
	}
	return 0;
}

int
gzlines_open_fd(int fd, const char *name, size_t max_line, int expect_gzip,
    struct gzlines **glp, char **cause)
{
	struct gzlines	*gl;

	*glp = NULL;
	*cause = NULL;
	gl = xcalloc(1, sizeof *gl);
	gl->fd = fd;
	gl->close_fd = fd != STDIN_FILENO;
	gl->name = xstrdup(name);
	gl->max_line = max_line == 0 ? GZL_DEFAULT_MAX_LINE : max_line;
	gl->in = xmalloc(GZL_IN_SIZE);
	gl->cap = GZL_CHUNK;
	gl->buf = xmalloc(gl->cap);

	/*
	 * Look at the first two bytes.  A pipe may hand them over one at a
	 * time, so read until there are two or the input ends.
	 */
	while (gl->in_len < 2 && !gl->in_eof) {
		if (gzl_read_in(gl, gl->in_len) == -1)
			break;
	}
	if (gl->read_errno != 0) {
		xasprintf(cause, "%s: cannot read: %s", name,
		    strerror(gl->read_errno));
		gl->close_fd = 0;
		gzlines_close(gl);
		return -1;
	}
	if (gl->in_len >= 2 && gl->in[0] == 0x1f && gl->in[1] == 0x8b) {
		gl->is_gzip = 1;
		/* 16 + MAX_WBITS: gzip wrapper only, with its CRC check. */
		if (inflateInit2(&gl->zs, 16 + MAX_WBITS) != Z_OK) {
			xasprintf(cause, "%s: cannot start zlib: %s", name,
			    gl->zs.msg != NULL ? gl->zs.msg : "inflateInit2");
			gl->close_fd = 0;
			gzlines_close(gl);
			return -1;
		}
		gl->zs_init = 1;
		gl->zs.next_in = gl->in;
		gl->zs.avail_in = (uInt)gl->in_len;
		gl->in_len = 0;
		gl->in_member = 1;
	} else if (expect_gzip && gl->in_len > 0) {
		gl->damage = GZL_DAMAGE_NOT_GZIP;
		gl->not_gzip_pending = 1;
	}
	*glp = gl;
	return 0;
}

/*
 * Read more raw input into gl->in at offset off.  Return the number of
 * bytes read, 0 at end of input, or -1 after a read error (recorded).
 */
static int
gzl_read_in(struct gzlines *gl, size_t off)
{
	ssize_t	 n;

	if (gl->in_eof)
		return 0;
	do
		n = read(gl->fd, gl->in + off, GZL_IN_SIZE - off);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		gl->read_errno = errno;
		gl->in_eof = 1;
		return -1;
	}
	if (n == 0) {
		gl->in_eof = 1;
		return 0;
	}
	gl->bytes_in += (unsigned long long)n;
	gl->in_len = off + (size_t)n;
	if (gl->is_gzip) {
		gl->zs.next_in = gl->in;
		gl->zs.avail_in = (uInt)gl->in_len;
		gl->in_len = 0;
	}
	return (int)n;
}

/* Make room for at least a chunk of data after gl->end. */
static void
gzl_make_room(struct gzlines *gl)
{
	size_t	 want, newcap;

	if (gl->start > 0) {
		memmove(gl->buf, gl->buf + gl->start, gl->end - gl->start);
		gl->end -= gl->start;
		gl->scan -= gl->start;
		gl->start = 0;
	}
	want = gl->end + GZL_CHUNK / 2;
	if (want <= gl->cap)
		return;
	/*
	 * The pending data is part of one line that is at most max_line + 1
	 * bytes (the CR), otherwise it would be skipped, so the buffer never
	 * grows past the limit plus a chunk.
	 */
	newcap = gl->cap * 2;
	if (newcap < want)
		newcap = want;
	if (newcap > gl->max_line + GZL_CHUNK + 2)
		newcap = gl->max_line + GZL_CHUNK + 2;
	if (newcap < want)
		newcap = want;
	gl->buf = xreallocarray(gl->buf, 1, newcap);
	gl->cap = newcap;
}

static void
gzl_stop(struct gzlines *gl, int clean)
{
	gl->out_eof = 1;
	gl->clean_end = clean;
}

/* Count and discard whatever follows the last gzip member. */
static void
gzl_drain_trailing(struct gzlines *gl)
{
	int	 n;

	gl->trailing = gl->zs.avail_in;
	gl->zs.avail_in = 0;
	while ((n = gzl_read_in(gl, 0)) > 0) {
		gl->trailing += (unsigned long long)n;
		gl->zs.avail_in = 0;
	}
}

/*
 * Between two members: start the next one if the gzip magic follows,
 * stop cleanly at the end of input, and otherwise record trailing garbage.
 */
static void
gzl_next_member(struct gzlines *gl)
{
	size_t	 have;

	/*
	 * Two bytes are needed to see the magic, and a pipe may hand them
	 * over one at a time: read until there are two or the input ends,
	 * carrying a lone byte to the front of the buffer.
	 */
	while (gl->zs.avail_in < 2 && !gl->in_eof) {
		have = gl->zs.avail_in;
		if (have == 1)
			gl->in[0] = gl->zs.next_in[0];
		if (gzl_read_in(gl, have) <= 0) {
			gl->zs.next_in = gl->in;
			gl->zs.avail_in = (uInt)have;
			break;
		}
	}
	if (gl->zs.avail_in == 0) {
		gzl_stop(gl, gl->read_errno == 0);
		return;
	}
	if (gl->zs.avail_in >= 2 && gl->zs.next_in[0] == 0x1f &&
	    gl->zs.next_in[1] == 0x8b) {
		inflateReset(&gl->zs);
		gl->in_member = 1;
		return;
	}
	gl->damage = GZL_DAMAGE_TRAILING;
	gzl_drain_trailing(gl);
	/* The members before the garbage were whole: keep their last line. */
	gzl_stop(gl, 1);
}

/* zlib's own words for a damaged stream, in the user's terms. */
static const char *
gzl_zlib_reason(const char *msg)
{
	if (msg == NULL)
		return "invalid compressed data";
	if (strcmp(msg, "incorrect data check") == 0)
		return "CRC-32 mismatch";
	if (strcmp(msg, "incorrect length check") == 0)
		return "length mismatch (ISIZE)";
	return msg;
}

/* Inflate until some output appears or the stream ends. */
static void
gzl_fill_gzip(struct gzlines *gl)
{
	size_t	 before = gl->end;
	int	 ret;

	while (gl->end == before && !gl->out_eof) {
		if (!gl->in_member) {
			gzl_next_member(gl);
			continue;
		}
		if (gl->zs.avail_in == 0) {
			if (gzl_read_in(gl, 0) <= 0) {
				/* The input ended inside a member. */
				if (gl->read_errno == 0)
					gl->damage = GZL_DAMAGE_TRUNCATED;
				gzl_stop(gl, 0);
				break;
			}
		}
		gl->zs.next_out = (unsigned char *)gl->buf + gl->end;
		gl->zs.avail_out = (uInt)(gl->cap - gl->end);
		ret = inflate(&gl->zs, Z_NO_FLUSH);
		gl->end = gl->cap - gl->zs.avail_out;
		switch (ret) {
		case Z_OK:
		case Z_BUF_ERROR:
			break;
		case Z_STREAM_END:
			gl->in_member = 0;
			break;
		case Z_MEM_ERROR:
			fprintf(stderr, "ssaudit: out of memory in zlib\n");
			exit(2);
		default:
			gl->damage = GZL_DAMAGE_DATA;
			free(gl->damage_detail);
			gl->damage_detail = xstrdup(gzl_zlib_reason(gl->zs.msg));
			gzl_stop(gl, 0);
			break;
		}
	}
}

static void
gzl_fill_plain(struct gzlines *gl)
{
	ssize_t	 n;
	size_t	 take;

	if (gl->in_len > 0) {
		/* Bytes read while looking for the magic. */
		take = gl->in_len;
		if (take > gl->cap - gl->end)
			take = gl->cap - gl->end;
		memcpy(gl->buf + gl->end, gl->in, take);
		memmove(gl->in, gl->in + take, gl->in_len - take);
		gl->in_len -= take;
		gl->end += take;
		return;
	}
	if (gl->in_eof) {
		gzl_stop(gl, gl->read_errno == 0);
		return;
	}
	do
		n = read(gl->fd, gl->buf + gl->end, gl->cap - gl->end);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		gl->read_errno = errno;
		gl->in_eof = 1;
		gzl_stop(gl, 0);
	} else if (n == 0) {
		gl->in_eof = 1;
		gzl_stop(gl, 1);
	} else {
		gl->bytes_in += (unsigned long long)n;
		gl->end += (size_t)n;
	}
}

static void
gzl_fill(struct gzlines *gl)
{
	gzl_make_room(gl);
	if (gl->is_gzip)
		gzl_fill_gzip(gl);
	else
		gzl_fill_plain(gl);
}

/* Say what broke and after which line; the message lives in gl. */
static const char *
gzl_damage_message(struct gzlines *gl)
{
	char	*tail = NULL;

	free(gl->message);
	gl->message = NULL;
	if (gl->partial > 0)
		xasprintf(&tail, "; the incomplete line %llu (%zu bytes) is "
		    "not audited", gl->lineno + 1, gl->partial);
	switch (gl->damage) {
	case GZL_DAMAGE_NOT_GZIP:
		xasprintf(&gl->message, "not gzip data (the file does not "
		    "start with the gzip magic bytes 1f 8b): read as plain "
		    "text");
		break;
	case GZL_DAMAGE_TRUNCATED:
		xasprintf(&gl->message, "truncated gzip data: the input ends "
		    "inside a compressed member after %llu complete lines%s",
		    gl->lineno, tail != NULL ? tail : "");
		break;
	case GZL_DAMAGE_DATA:
		xasprintf(&gl->message, "corrupt gzip data (%s) after %llu "
		    "complete lines%s", gl->damage_detail, gl->lineno,
		    tail != NULL ? tail : "");
		break;
	case GZL_DAMAGE_TRAILING:
		xasprintf(&gl->message, "%llu bytes of trailing garbage after "
		    "the last gzip member, after %llu lines: ignored",
		    gl->trailing, gl->lineno);
		break;
	case GZL_DAMAGE_NONE:
		break;
	}
	free(tail);
	return gl->message;
}

/* Hand out the line [gl->start, end), dropping one CR before the LF. */
static enum gzl_event
gzl_line(struct gzlines *gl, size_t end, struct gzl_line *line)
{
	size_t	 len = end - gl->start;

	if (len > 0 && gl->buf[gl->start + len - 1] == '\r')
		len--;
	line->lineno = ++gl->lineno;
	line->data = gl->buf + gl->start;
	line->len = len;
	line->message = NULL;
	if (len > gl->max_line) {
		line->data = NULL;
		return GZL_LONG;
	}
	return GZL_LINE;
}

enum gzl_event
gzlines_next(struct gzlines *gl, struct gzl_line *line)
{
	char	*nl;
	size_t	 end;

	memset(line, 0, sizeof *line);
	if (gl->not_gzip_pending) {
		gl->not_gzip_pending = 0;
		gl->damage_told = 1;
		line->message = gzl_damage_message(gl);
		return GZL_CORRUPT;
	}
	for (;;) {
		if (gl->skipping) {
			nl = memchr(gl->buf + gl->start, '\n',
			    gl->end - gl->start);
			if (nl != NULL || gl->out_eof) {
				end = nl != NULL ? (size_t)(nl - gl->buf) :
				    gl->end;
				gl->skip_len += end - gl->start;
				if (end > gl->start)
					gl->skip_cr = gl->buf[end - 1] == '\r';
				/* A CR before the LF is no part of the line. */
				if (gl->skip_cr)
					gl->skip_len--;
				gl->start = gl->scan = nl != NULL ? end + 1 :
				    end;
				gl->skipping = 0;
				if (nl == NULL && !gl->clean_end) {
					/*
					 * The data broke inside the line: it is
					 * incomplete, not merely long, and the
					 * damage report says so.
					 */
					gl->partial = gl->skip_len + gl->skip_cr;
					break;
				}
				line->lineno = ++gl->lineno;
				line->len = gl->skip_len;
				return GZL_LONG;
			}
			gl->skip_len += gl->end - gl->start;
			if (gl->end > gl->start)
				gl->skip_cr = gl->buf[gl->end - 1] == '\r';
			gl->start = gl->end = gl->scan = 0;
			gzl_fill(gl);
			continue;
		}
		nl = memchr(gl->buf + gl->scan, '\n', gl->end - gl->scan);
		if (nl != NULL) {
			end = (size_t)(nl - gl->buf);
			gl->scan = end + 1;
			(void)gzl_line(gl, end, line);
			gl->start = end + 1;
			return line->data == NULL ? GZL_LONG : GZL_LINE;
		}
		gl->scan = gl->end;
		if (gl->end - gl->start > gl->max_line + 1) {
			/* Too long already: stop keeping it. */
			gl->skipping = 1;
			gl->skip_len = gl->end - gl->start;
			gl->skip_cr = gl->buf[gl->end - 1] == '\r';
			gl->start = gl->end = gl->scan = 0;
			continue;
		}
		if (gl->out_eof)
			break;
		gzl_fill(gl);
	}

	/* The data has ended. */
	if (gl->start < gl->end) {
		if (gl->clean_end) {
			end = gl->end;
			(void)gzl_line(gl, end, line);
			gl->start = gl->scan = end;
			return line->data == NULL ? GZL_LONG : GZL_LINE;
		}
		gl->partial = gl->end - gl->start;
		gl->start = gl->scan = gl->end;
	}
	if (gl->damage != GZL_DAMAGE_NONE && !gl->damage_told) {
		gl->damage_told = 1;
		line->message = gzl_damage_message(gl);
		return GZL_CORRUPT;
	}
	if (gl->read_errno != 0) {
		free(gl->message);
		xasprintf(&gl->message, "%s: read error after line %llu: %s",
		    gl->name, gl->lineno, strerror(gl->read_errno));
		line->message = gl->message;
		gl->read_errno = 0;
		return GZL_ERROR;
	}
	return GZL_EOF;
}

int
gzlines_is_gzip(const struct gzlines *gl)
{
	return gl->is_gzip;
}

unsigned long long
gzlines_bytes_in(const struct gzlines *gl)
{
	return gl->bytes_in;
}

size_t
gzlines_capacity(const struct gzlines *gl)
{
	return gl->cap;
}

unsigned long long
gzlines_lines(const struct gzlines *gl)
{
	return gl->lineno;
}

void
gzlines_close(struct gzlines *gl)
{
	if (gl == NULL)
		return;
	if (gl->zs_init)
		inflateEnd(&gl->zs);
	if (gl->close_fd)
		close(gl->fd);
	free(gl->in);
	free(gl->buf);
	free(gl->name);
	free(gl->damage_detail);
	free(gl->message);
	free(gl);
}
