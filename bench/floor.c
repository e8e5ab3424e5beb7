/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's floors, one source built twice so that both read and
 * split exactly alike.  Each reads the gzip files named on the command
 * line with read(2), inflates them (every member of a multi-member file)
 * and cuts the output into lines with memchr(); it does nothing else.
 *
 * zfloor (built without FLOOR_JSONC) counts the lines and the
 * uncompressed bytes: the most any auditor built on zlib can reach.  It
 * prints "files N lines N bytes N".
 *
 * jsonfloor (built with FLOOR_JSONC) also parses every line with
 * json_tokener_parse_ex() (one tokener, reset for each line) and drops
 * the result with json_object_put(): no field is looked at and nothing is
 * checked, so its speed is the most any auditor that parses each session
 * with json-c can reach.  It prints "files N lines N bytes N objects N",
 * objects counting the lines that parsed to a complete JSON value.
 *
 * Exit status: 0 on success (a line that does not parse is only not
 * counted as an object), 2 on a usage error or when a file could not be
 * read or inflated (the counts of the other files are still printed).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef FLOOR_JSONC
#include <json-c/json.h>
#endif
#include <zlib.h>

#ifdef FLOOR_JSONC
#define FLOOR_NAME	"jsonfloor"
#else
#define FLOOR_NAME	"zfloor"
#endif
#define FLOOR_IN_SIZE	(128 * 1024)
#define FLOOR_BUF_SIZE	(256 * 1024)

struct floor {
	unsigned long long	 files;
	unsigned long long	 lines;
	unsigned long long	 bytes;
#ifdef FLOOR_JSONC
	unsigned long long	 objects;
	struct json_tokener	*tok;
#endif

	z_stream		 zs;
	unsigned char		*in;
	char			*buf;	/* partial line, then new output */
	size_t			 cap;
};

static void	*floor_xmalloc(size_t);
static void	 floor_room(struct floor *, size_t *, size_t *,
	    size_t *);
static void	 floor_line(struct floor *, const char *, size_t);
static int	 floor_file(struct floor *, const char *);

static void *
floor_xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size)) == NULL) {
		fprintf(stderr, FLOOR_NAME ": out of memory\n");
		exit(2);
	}
	return p;
}

/*
 * Make room for more output after the data in buf: move the partial line
 * at *start to the front, and double the buffer when that line fills more
 * than half of it (a line may be of any length).
 */
static void
floor_room(struct floor *jf, size_t *start, size_t *scan, size_t *end)
{
	char	*nbuf;

	if (jf->cap - *end >= jf->cap / 4)
		return;
	if (*start > 0) {
		memmove(jf->buf, jf->buf + *start, *end - *start);
		*end -= *start;
		*scan -= *start;
		*start = 0;
	}
	if (jf->cap - *end < jf->cap / 2) {
		if ((nbuf = realloc(jf->buf, jf->cap * 2)) == NULL) {
			fprintf(stderr, FLOOR_NAME ": out of memory\n");
			exit(2);
		}
		jf->buf = nbuf;
		jf->cap *= 2;
	}
}

/*
 * One line (without its newline): counted, and with FLOOR_JSONC parsed
 * and thrown away.  Lines longer than json-c's int length are counted but
 * not parsed.
 */
static void
floor_line(struct floor *jf, const char *line, size_t len)
{
#ifdef FLOOR_JSONC
	struct json_object	*obj;
#endif

	jf->lines++;
#ifdef FLOOR_JSONC
	if (len > INT_MAX)
		return;
	json_tokener_reset(jf->tok);
	obj = json_tokener_parse_ex(jf->tok, line, (int)len);
	if (obj != NULL) {
		jf->objects++;
		json_object_put(obj);
	}
#else
	(void)line;
	(void)len;
#endif
}

/*
 * Inflate the file at path and hand its lines to floor_line().  Return 0, or
 * -1 after printing why the file could not be read or inflated.
 */
static int
floor_file(struct floor *jf, const char *path)
{
	z_stream	*zs = &jf->zs;
	size_t		 start = 0, scan = 0, end = 0;
	ssize_t		 n;
	char		*nl;
	int		 fd, ret, ended = 0, eof = 0, rv = -1;

	if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, FLOOR_NAME ": %s: open: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (inflateReset(zs) != Z_OK) {
		fprintf(stderr, FLOOR_NAME ": %s: inflateReset failed\n", path);
		goto out;
	}
	zs->next_in = jf->in;
	zs->avail_in = 0;
	for (;;) {
		if (zs->avail_in == 0 && !eof) {
			n = read(fd, jf->in, FLOOR_IN_SIZE);
			if (n == -1) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, FLOOR_NAME ": %s: read: %s\n",
				    path, strerror(errno));
				goto out;
			}
			if (n == 0)
				eof = 1;
			zs->next_in = jf->in;
			zs->avail_in = (uInt)n;
		}
		/* More input after the end of a member: the next member. */
		if (ended) {
			if (zs->avail_in == 0) {
				if (eof)
					break;
				continue;
			}
			if (inflateReset(zs) != Z_OK) {
				fprintf(stderr, FLOOR_NAME ": %s: inflateReset "
				    "failed\n", path);
				goto out;
			}
			ended = 0;
		}
		floor_room(jf, &start, &scan, &end);
		zs->next_out = (unsigned char *)jf->buf + end;
		zs->avail_out = (uInt)(jf->cap - end);
		ret = inflate(zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			ended = 1;
		else if (ret == Z_BUF_ERROR && eof && zs->avail_in == 0) {
			/* No input left and no progress: a cut member. */
			fprintf(stderr, FLOOR_NAME ": %s: inflate: unexpected "
			    "end of file\n", path);
			goto out;
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			fprintf(stderr, FLOOR_NAME ": %s: inflate: %s\n", path,
			    zs->msg != NULL ? zs->msg : zError(ret));
			goto out;
		}
		jf->bytes += jf->cap - zs->avail_out - end;
		end = jf->cap - zs->avail_out;
		while ((nl = memchr(jf->buf + scan, '\n', end - scan)) !=
		    NULL) {
			floor_line(jf, jf->buf + start,
			    (size_t)(nl - jf->buf) - start);
			start = scan = (size_t)(nl - jf->buf) + 1;
		}
		scan = end;
	}
	/* A last line without a newline is still a line. */
	if (end > start)
		floor_line(jf, jf->buf + start, end - start);
	jf->files++;
	rv = 0;
out:
	close(fd);
	return rv;
}

int
main(int argc, char **argv)
{
	struct floor	 jf;
	int		 i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: " FLOOR_NAME " file.json.gz ...\n");
		return 2;
	}
	memset(&jf, 0, sizeof jf);
	if (inflateInit2(&jf.zs, 16 + MAX_WBITS) != Z_OK) {
		fprintf(stderr, FLOOR_NAME ": inflateInit2 failed\n");
		return 2;
	}
#ifdef FLOOR_JSONC
	if ((jf.tok = json_tokener_new()) == NULL) {
		fprintf(stderr, FLOOR_NAME ": json_tokener_new failed\n");
		return 2;
	}
#endif
	jf.in = floor_xmalloc(FLOOR_IN_SIZE);
	jf.cap = FLOOR_BUF_SIZE;
	jf.buf = floor_xmalloc(jf.cap);
	for (i = 1; i < argc; i++) {
		if (floor_file(&jf, argv[i]) == -1)
			status = 2;
	}
	inflateEnd(&jf.zs);
	free(jf.buf);
	free(jf.in);
#ifdef FLOOR_JSONC
	json_tokener_free(jf.tok);
	printf("files %llu lines %llu bytes %llu objects %llu\n", jf.files,
	    jf.lines, jf.bytes, jf.objects);
#else
	printf("files %llu lines %llu bytes %llu\n", jf.files, jf.lines,
	    jf.bytes);
#endif
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, FLOOR_NAME ": stdout: %s\n", strerror(errno));
		return 2;
	}
	return status;
}
