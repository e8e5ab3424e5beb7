/* SPDX-License-Identifier: MIT */
/*
 * zfloor: the zlib-only floor of the benchmark.  It reads each gzip file
 * named on the command line with read(2), inflates it (every member of a
 * multi-member file), cuts the output into lines with memchr() and counts
 * the lines and the uncompressed bytes.  It does nothing else: no JSON, no
 * checks, no report, so its speed is the most any auditor built on zlib
 * can reach.  It prints one line: "files N lines N bytes N".
 *
 * Exit status: 0 on success, 2 on a usage error or when a file could not
 * be read or inflated (the counts of the other files are still printed).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#define ZFLOOR_IN_SIZE		(128 * 1024)
#define ZFLOOR_BUF_SIZE		(256 * 1024)

struct zfloor {
	unsigned long long	 files;
	unsigned long long	 lines;
	unsigned long long	 bytes;

	z_stream		 zs;
	unsigned char		*in;
	char			*buf;	/* partial line, then new output */
	size_t			 cap;
};

static void	*zfloor_xmalloc(size_t);
static void	 zfloor_room(struct zfloor *, size_t *, size_t *, size_t *);
static int	 zfloor_file(struct zfloor *, const char *);

static void *
zfloor_xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size)) == NULL) {
		fprintf(stderr, "zfloor: out of memory\n");
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
zfloor_room(struct zfloor *zf, size_t *start, size_t *scan, size_t *end)
{
	char	*nbuf;

	if (zf->cap - *end >= zf->cap / 4)
		return;
	if (*start > 0) {
		memmove(zf->buf, zf->buf + *start, *end - *start);
		*end -= *start;
		*scan -= *start;
		*start = 0;
	}
	if (zf->cap - *end < zf->cap / 2) {
		if ((nbuf = realloc(zf->buf, zf->cap * 2)) == NULL) {
			fprintf(stderr, "zfloor: out of memory\n");
			exit(2);
		}
		zf->buf = nbuf;
		zf->cap *= 2;
	}
}

/*
 * Inflate the file at path and count its lines and bytes.  Return 0, or
 * -1 after printing why the file could not be read or inflated.
 */
static int
zfloor_file(struct zfloor *zf, const char *path)
{
	z_stream	*zs = &zf->zs;
	size_t		 start = 0, scan = 0, end = 0;
	ssize_t		 n;
	char		*nl;
	int		 fd, ret, ended = 0, eof = 0, rv = -1;

	if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "zfloor: %s: open: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (inflateReset(zs) != Z_OK) {
		fprintf(stderr, "zfloor: %s: inflateReset failed\n", path);
		goto out;
	}
	zs->next_in = zf->in;
	zs->avail_in = 0;
	for (;;) {
		if (zs->avail_in == 0 && !eof) {
			n = read(fd, zf->in, ZFLOOR_IN_SIZE);
			if (n == -1) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, "zfloor: %s: read: %s\n", path,
				    strerror(errno));
				goto out;
			}
			if (n == 0)
				eof = 1;
			zs->next_in = zf->in;
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
				fprintf(stderr, "zfloor: %s: inflateReset "
				    "failed\n", path);
				goto out;
			}
			ended = 0;
		}
		zfloor_room(zf, &start, &scan, &end);
		zs->next_out = (unsigned char *)zf->buf + end;
		zs->avail_out = (uInt)(zf->cap - end);
		ret = inflate(zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			ended = 1;
		else if (ret == Z_BUF_ERROR && eof && zs->avail_in == 0) {
			/* No input left and no progress: a cut member. */
			fprintf(stderr, "zfloor: %s: inflate: unexpected end "
			    "of file\n", path);
			goto out;
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			fprintf(stderr, "zfloor: %s: inflate: %s\n", path,
			    zs->msg != NULL ? zs->msg : zError(ret));
			goto out;
		}
		zf->bytes += zf->cap - zs->avail_out - end;
		end = zf->cap - zs->avail_out;
		while ((nl = memchr(zf->buf + scan, '\n', end - scan)) !=
		    NULL) {
			zf->lines++;
			start = scan = (size_t)(nl - zf->buf) + 1;
		}
		scan = end;
	}
	/* A last line without a newline is still a line. */
	if (end > start)
		zf->lines++;
	zf->files++;
	rv = 0;
out:
	close(fd);
	return rv;
}

int
main(int argc, char **argv)
{
	struct zfloor	 zf;
	int		 i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: zfloor file.json.gz ...\n");
		return 2;
	}
	memset(&zf, 0, sizeof zf);
	if (inflateInit2(&zf.zs, 16 + MAX_WBITS) != Z_OK) {
		fprintf(stderr, "zfloor: inflateInit2 failed\n");
		return 2;
	}
	zf.in = zfloor_xmalloc(ZFLOOR_IN_SIZE);
	zf.cap = ZFLOOR_BUF_SIZE;
	zf.buf = zfloor_xmalloc(zf.cap);
	for (i = 1; i < argc; i++) {
		if (zfloor_file(&zf, argv[i]) == -1)
			status = 2;
	}
	inflateEnd(&zf.zs);
	free(zf.buf);
	free(zf.in);
	printf("files %llu lines %llu bytes %llu\n", zf.files, zf.lines,
	    zf.bytes);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "zfloor: stdout: %s\n", strerror(errno));
		return 2;
	}
	return status;
}
