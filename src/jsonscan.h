/* SPDX-License-Identifier: MIT */
/*
 * A strict JSON syntax check (RFC 8259) over one line, in one pass and
 * without allocating.  json-c, even in strict mode, accepts single-quoted
 * strings, NaN, Infinity, "1." and raw control characters in strings,
 * all of which a warehouse loader rejects; this scanner does not.  It also
 * rejects \u escapes that leave a UTF-16 surrogate unpaired, and nesting
 * deeper than JSONSCAN_MAX_DEPTH (json-c's own limit).
 *
 * Ownership: the input is only read; messages are static strings.
 */
#ifndef SSAUDIT_JSONSCAN_H
#define SSAUDIT_JSONSCAN_H

#include <stddef.h>

#define JSONSCAN_MAX_DEPTH	32

/*
 * Check that s[0..len) is one JSON value, with optional whitespace around
 * it.  Return 0, or -1 with the offending byte's offset in *offp and a
 * description in *whyp.  *firstp gets the first non-blank byte (or 0),
 * so the caller can tell an object from other values.
 */
int	jsonscan_check(const char *s, size_t len, size_t *offp,
	    const char **whyp, int *firstp);

#endif
