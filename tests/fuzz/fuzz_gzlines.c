/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: any bytes as a file named *.gz through the line
 * reader, with a tiny line limit so over-long lines are exercised too.
 * Built and run by tests/fuzz/run, not by make check.
 */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "gzlines.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gzlines	*gl;
	struct gzl_line	 ln;
	char		*cause = NULL;
	int		 fd, n = 0;

	if ((fd = memfd_create("fuzz", 0)) == -1)
		abort();
	if (write(fd, data, size) != (ssize_t)size ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	if (gzlines_open_fd(fd, "fuzz.json.gz", 64, 1, &gl, &cause) == -1) {
		free(cause);
		close(fd);
		return 0;
	}
	/* EOF must come, and come to stay. */
	while (gzlines_next(gl, &ln) != GZL_EOF)
		if (++n > 1000000)
			abort();
	if (gzlines_next(gl, &ln) != GZL_EOF)
		abort();
	gzlines_close(gl);
	return 0;
}
