/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the line reader: plain and gzip input, multi-member gzip,
 * every kind of damage, line endings, over-long lines and standard input.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "gzlines.h"
#include "xmalloc.h"

static char	tmpdir[] = "/tmp/test_gzlines.XXXXXX";

/* Compress len bytes at data as one gzip member into *outp. */
static size_t
gz(const char *data, size_t len, unsigned char **outp)
{
	z_stream	 zs;
	size_t		 cap = len + 128;
	unsigned char	*out = xmalloc(cap);

	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	cap = zs.total_out;
	deflateEnd(&zs);
	*outp = out;
	return cap;
}

static char *
put(const char *name, const void *data, size_t len)
{
	char	*path;
	FILE	*fp;

	xasprintf(&path, "%s/%s", tmpdir, name);
	assert_non_null(fp = fopen(path, "wb"));
	if (len > 0)
		assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static char *
put_gz(const char *name, const char *text)
{
	unsigned char	*z;
	size_t		 n;
	char		*path;

	n = gz(text, strlen(text), &z);
	path = put(name, z, n);
	free(z);
	return path;
}

static struct gzlines *
open_ok(const char *path, size_t max, int expect_gzip)
{
	struct gzlines	*gl = NULL;
	char		*cause = NULL;

	if (gzlines_open(path, max, expect_gzip, &gl, &cause) != 0)
		fail_msg("open %s: %s", path, cause);
	return gl;
}

static void
expect_line(struct gzlines *gl, unsigned long long lineno, const char *text)
{
	struct gzl_line	 ln;

	assert_int_equal(gzlines_next(gl, &ln), GZL_LINE);
	assert_int_equal(ln.lineno, lineno);
	assert_int_equal(ln.len, strlen(text));
	assert_memory_equal(ln.data, text, ln.len);
}

static void
expect_corrupt(struct gzlines *gl, const char *needle)
{
	struct gzl_line	 ln;

	assert_int_equal(gzlines_next(gl, &ln), GZL_CORRUPT);
	assert_non_null(ln.message);
	if (strstr(ln.message, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", ln.message, needle);
}

static void
expect_eof(struct gzlines *gl)
{
	struct gzl_line	 ln;

	assert_int_equal(gzlines_next(gl, &ln), GZL_EOF);
	/* EOF is sticky. */
	assert_int_equal(gzlines_next(gl, &ln), GZL_EOF);
}

static void
test_plain_lf_crlf_no_final_newline(void **state)
{
	struct gzlines	*gl;
	char		*path;

	(void)state;
	path = put("a.json", "one\ntwo\r\n\nthree\r\rx\nlast", 23);
	gl = open_ok(path, 0, 0);
	assert_false(gzlines_is_gzip(gl));
	expect_line(gl, 1, "one");
	expect_line(gl, 2, "two");
	expect_line(gl, 3, "");
	/* Only the CR right before the LF is a line ending. */
	expect_line(gl, 4, "three\r\rx");
	expect_line(gl, 5, "last");
	expect_eof(gl);
	assert_int_equal(gzlines_lines(gl), 5);
	gzlines_close(gl);
	free(path);
}

static void
test_gzip_multi_member(void **state)
{
	unsigned char	*a, *b, *both;
	size_t		 na, nb;
	struct gzlines	*gl;
	char		*path;

	(void)state;
	/* The first member ends in the middle of a line. */
	na = gz("m1 line1\nm1 line2\nsplit ", 24, &a);
	nb = gz("line\nm2 line2\n", 14, &b);
	both = xmalloc(na + nb);
	memcpy(both, a, na);
	memcpy(both + na, b, nb);
	path = put("multi.json.gz", both, na + nb);
	gl = open_ok(path, 0, 1);
	assert_true(gzlines_is_gzip(gl));
	expect_line(gl, 1, "m1 line1");
	expect_line(gl, 2, "m1 line2");
	expect_line(gl, 3, "split line");
	expect_line(gl, 4, "m2 line2");
	expect_eof(gl);
	assert_int_equal(gzlines_bytes_in(gl), na + nb);
	gzlines_close(gl);
	free(a);
	free(b);
	free(both);
	free(path);
}

static void
test_gzip_truncated(void **state)
{
	char		 text[4096], *path;
	unsigned char	*z;
	size_t		 n, i, off = 0;
	struct gzlines	*gl;
	struct gzl_line	 ln;
	int		 lines = 0;

	(void)state;
	for (i = 0; i < 100; i++)
		off += (size_t)snprintf(text + off, sizeof text - off,
		    "{\"n\":%zu}\n", i);
	n = gz(text, off, &z);
	/* Cut the member in half: no trailer, no end of stream. */
	path = put("trunc.json.gz", z, n / 2);
	gl = open_ok(path, 0, 1);
	while (gzlines_next(gl, &ln) == GZL_LINE) {
		lines++;
		assert_int_equal(ln.lineno, (unsigned long long)lines);
		assert_int_equal(ln.data[0], '{');
		assert_int_equal(ln.data[ln.len - 1], '}');
	}
	/* The loop stopped at the damage report. */
	assert_int_equal(ln.lineno, 0);
	assert_non_null(ln.message);
	assert_non_null(strstr(ln.message, "truncated gzip data"));
	assert_true(lines < 100);
	{
		char	 want[64];

		snprintf(want, sizeof want, "after %d complete lines", lines);
		if (strstr(ln.message, want) == NULL)
			fail_msg("\"%s\" lacks \"%s\"", ln.message, want);
	}
	expect_eof(gl);
	gzlines_close(gl);
	free(z);
	free(path);
}

static void
test_gzip_truncated_header_only(void **state)
{
	unsigned char	*z;
	size_t		 n;
	struct gzlines	*gl;
	char		*path;

	(void)state;
	n = gz("abc\n", 4, &z);
	(void)n;
	/* Ten bytes: the gzip header and nothing else. */
	path = put("hdr.json.gz", z, 10);
	gl = open_ok(path, 0, 1);
	expect_corrupt(gl, "after 0 complete lines");
	expect_eof(gl);
	gzlines_close(gl);
	free(z);
	free(path);
}

static void
test_gzip_crc_and_length(void **state)
{
	unsigned char	*z;
	size_t		 n;
	struct gzlines	*gl;
	char		*path;

	(void)state;
	n = gz("a\nb\n", 4, &z);
	z[n - 8] ^= 0xff;	/* CRC-32 */
	path = put("crc.json.gz", z, n);
	gl = open_ok(path, 0, 1);
	expect_line(gl, 1, "a");
	expect_line(gl, 2, "b");
	expect_corrupt(gl, "CRC-32 mismatch");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);

	z[n - 8] ^= 0xff;
	z[n - 4] ^= 0x01;	/* ISIZE */
	path = put("len.json.gz", z, n);
	gl = open_ok(path, 0, 1);
	expect_line(gl, 1, "a");
	expect_line(gl, 2, "b");
	expect_corrupt(gl, "length mismatch");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
	free(z);
}

static void
test_gzip_crc_partial_line_dropped(void **state)
{
	unsigned char	*z;
	size_t		 n;
	struct gzlines	*gl;
	char		*path;

	(void)state;
	n = gz("a\nbcd", 5, &z);
	z[n - 8] ^= 0xff;
	path = put("crc2.json.gz", z, n);
	gl = open_ok(path, 0, 1);
	expect_line(gl, 1, "a");
	expect_corrupt(gl, "the incomplete line 2 (3 bytes) is not audited");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
	free(z);
}

static void
test_gzip_trailing_garbage(void **state)
{
	unsigned char	*z, *buf;
	size_t		 n;
	struct gzlines	*gl;
	char		*path;

	(void)state;
	n = gz("a\nlast", 6, &z);
	buf = xmalloc(n + 5);
	memcpy(buf, z, n);
	memcpy(buf + n, "junk!", 5);
	path = put("trail.json.gz", buf, n + 5);
	gl = open_ok(path, 0, 1);
	expect_line(gl, 1, "a");
	/* The member was whole, so its unterminated last line counts. */
	expect_line(gl, 2, "last");
	expect_corrupt(gl, "5 bytes of trailing garbage");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
	free(z);
	free(buf);
}

static void
test_not_gzip(void **state)
{
	struct gzlines	*gl;
	char		*path;

	(void)state;
	path = put("fake.json.gz", "{\"a\":1}\n{\"b\":2}\n", 16);
	gl = open_ok(path, 0, 1);
	expect_corrupt(gl, "not gzip data");
	expect_line(gl, 1, "{\"a\":1}");
	expect_line(gl, 2, "{\"b\":2}");
	expect_eof(gl);
	gzlines_close(gl);

	/* Plain text is fine when gzip is not expected. */
	gl = open_ok(path, 0, 0);
	expect_line(gl, 1, "{\"a\":1}");
	expect_line(gl, 2, "{\"b\":2}");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);

	/* A one-byte file cannot hold the magic. */
	path = put("one.json.gz", "\x1f", 1);
	gl = open_ok(path, 0, 1);
	expect_corrupt(gl, "not gzip data");
	expect_line(gl, 1, "\x1f");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
}

static void
test_empty_files(void **state)
{
	struct gzlines	*gl;
	char		*path;

	(void)state;
	path = put("zero.json.gz", "", 0);
	gl = open_ok(path, 0, 1);
	expect_eof(gl);
	assert_int_equal(gzlines_bytes_in(gl), 0);
	assert_int_equal(gzlines_lines(gl), 0);
	gzlines_close(gl);
	free(path);

	path = put_gz("nolines.json.gz", "");
	gl = open_ok(path, 0, 1);
	assert_true(gzlines_is_gzip(gl));
	expect_eof(gl);
	assert_true(gzlines_bytes_in(gl) > 0);
	assert_int_equal(gzlines_lines(gl), 0);
	gzlines_close(gl);
	free(path);
}

static void
test_long_lines(void **state)
{
	struct gzlines	*gl;
	struct gzl_line	 ln;
	char		*big, *text, *path;
	size_t		 n = 3 * 1024 * 1024, max = 1000;

	(void)state;
	big = xmalloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	/* Short, long, exactly the limit, long without a final newline. */
	xasprintf(&text, "short\n%s\n%.*s\r\nnext\n%s", big, (int)max, big,
	    big);
	path = put_gz("long.json.gz", text);
	gl = open_ok(path, max, 1);
	expect_line(gl, 1, "short");
	assert_int_equal(gzlines_next(gl, &ln), GZL_LONG);
	assert_int_equal(ln.lineno, 2);
	assert_int_equal(ln.len, n);
	assert_null(ln.data);
	assert_int_equal(gzlines_next(gl, &ln), GZL_LINE);
	assert_int_equal(ln.lineno, 3);
	assert_int_equal(ln.len, max);
	expect_line(gl, 4, "next");
	assert_int_equal(gzlines_next(gl, &ln), GZL_LONG);
	assert_int_equal(ln.lineno, 5);
	assert_int_equal(ln.len, n);
	expect_eof(gl);
	/* The buffer never grew to hold a 3 MiB line. */
	assert_true(gzlines_capacity(gl) < 1024 * 1024);
	gzlines_close(gl);
	free(path);
	free(text);
	free(big);
}

static void
test_long_line_at_limit_plus_one(void **state)
{
	struct gzlines	*gl;
	struct gzl_line	 ln;
	char		*path;

	(void)state;
	path = put("lim.json", "abcd\nabcde\nabcd\r\n", 17);
	gl = open_ok(path, 4, 0);
	expect_line(gl, 1, "abcd");
	assert_int_equal(gzlines_next(gl, &ln), GZL_LONG);
	assert_int_equal(ln.lineno, 2);
	assert_int_equal(ln.len, 5);
	expect_line(gl, 3, "abcd");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
}

static void
test_many_lines_across_chunks(void **state)
{
	struct gzlines	*gl;
	struct gzl_line	 ln;
	char		*text, *path, want[32];
	size_t		 cap = 4 * 1024 * 1024, off = 0;
	unsigned long	 i, nlines = 200000;

	(void)state;
	text = xmalloc(cap);
	for (i = 1; i <= nlines; i++)
		off += (size_t)snprintf(text + off, cap - off, "line %lu\n",
		    i);
	path = put_gz("many.json.gz", text);
	gl = open_ok(path, 0, 1);
	for (i = 1; i <= nlines; i++) {
		assert_int_equal(gzlines_next(gl, &ln), GZL_LINE);
		snprintf(want, sizeof want, "line %lu", i);
		assert_int_equal(ln.len, strlen(want));
		assert_memory_equal(ln.data, want, ln.len);
	}
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
	free(text);
}

static void
test_stdin(void **state)
{
	struct gzlines	*gl;
	unsigned char	*z;
	size_t		 n;
	int		 fds[2], saved;

	(void)state;
	n = gz("s1\ns2\n", 6, &z);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], z, n), (ssize_t)n);
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	gl = open_ok("-", 0, 0);
	assert_true(gzlines_is_gzip(gl));
	expect_line(gl, 1, "s1");
	expect_line(gl, 2, "s2");
	expect_eof(gl);
	gzlines_close(gl);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	free(z);
}

/* A member boundary met one byte at a time through a pipe. */
static void
test_pipe_member_boundary(void **state)
{
	struct gzlines	*gl;
	unsigned char	*a, *b;
	size_t		 na, nb;
	int		 fds[2];
	pid_t		 pid;
	char		*cause = NULL;

	(void)state;
	na = gz("a1\na2\n", 6, &a);
	nb = gz("b1\nb2\n", 6, &b);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(fds[0]);
		/* The first member, then the magic's first byte alone. */
		if (write(fds[1], a, na) != (ssize_t)na)
			_exit(1);
		usleep(100000);
		if (write(fds[1], b, 1) != 1)
			_exit(1);
		usleep(100000);
		if (write(fds[1], b + 1, nb - 1) != (ssize_t)nb - 1)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(gzlines_open_fd(fds[0], "pipe", 0, 1, &gl, &cause),
	    0);
	expect_line(gl, 1, "a1");
	expect_line(gl, 2, "a2");
	expect_line(gl, 3, "b1");
	expect_line(gl, 4, "b2");
	expect_eof(gl);
	gzlines_close(gl);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	free(a);
	free(b);
}

/* A gzip stream that breaks inside an over-long line. */
static void
test_truncated_inside_long_line(void **state)
{
	struct gzlines	*gl;
	unsigned char	*z;
	char		*text, *path;
	size_t		 n = 2000000, nz;

	(void)state;
	text = xmalloc(n + 8);
	memcpy(text, "ok\n", 3);
	memset(text + 3, 'x', n);
	text[n + 3] = '\n';
	nz = gz(text, n + 4, &z);
	/* Keep the first half of the compressed stream. */
	path = put("trunclong.json.gz", z, nz / 2);
	gl = open_ok(path, 100, 1);
	expect_line(gl, 1, "ok");
	/* Not a line-length: an incomplete line 2, in the gzip finding. */
	expect_corrupt(gl, "after 1 complete lines; the incomplete line 2");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
	free(text);
	free(z);
}

/* An over-long CRLF line is measured without its CR, however read. */
static void
test_long_crlf_line(void **state)
{
	struct gzlines	*gl;
	struct gzl_line	 ln;
	char		*text, *path;
	size_t		 n = 700000, i;

	(void)state;
	text = xmalloc(n + 16);
	for (i = 0; i < n; i++)
		text[i] = 'x';
	memcpy(text + n, "\r\nok\r\n", 6);
	path = put("crlf.json", text, n + 6);
	gl = open_ok(path, 100, 0);
	assert_int_equal(gzlines_next(gl, &ln), GZL_LONG);
	assert_int_equal(ln.len, n);
	expect_line(gl, 2, "ok");
	expect_eof(gl);
	gzlines_close(gl);
	free(path);
	free(text);
}

static void
test_open_errors(void **state)
{
	struct gzlines	*gl = NULL;
	char		*cause = NULL, *path;

	(void)state;
	xasprintf(&path, "%s/missing.json.gz", tmpdir);
	assert_int_equal(gzlines_open(path, 0, 1, &gl, &cause), -1);
	assert_null(gl);
	assert_non_null(strstr(cause, "missing.json.gz: cannot open: "
	    "No such file or directory"));
	free(cause);
	free(path);

	assert_int_equal(gzlines_open(tmpdir, 0, 1, &gl, &cause), -1);
	assert_non_null(strstr(cause, "Is a directory"));
	free(cause);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	*cmd;
	int	 rv;

	(void)state;
	xasprintf(&cmd, "rm -rf '%s'", tmpdir);
	rv = system(cmd);
	free(cmd);
	return rv == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lf_crlf_no_final_newline),
		cmocka_unit_test(test_gzip_multi_member),
		cmocka_unit_test(test_gzip_truncated),
		cmocka_unit_test(test_gzip_truncated_header_only),
		cmocka_unit_test(test_gzip_crc_and_length),
		cmocka_unit_test(test_gzip_crc_partial_line_dropped),
		cmocka_unit_test(test_gzip_trailing_garbage),
		cmocka_unit_test(test_not_gzip),
		cmocka_unit_test(test_empty_files),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_long_line_at_limit_plus_one),
		cmocka_unit_test(test_many_lines_across_chunks),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_pipe_member_boundary),
		cmocka_unit_test(test_long_crlf_line),
		cmocka_unit_test(test_truncated_inside_long_line),
		cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
