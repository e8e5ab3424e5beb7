/* SPDX-License-Identifier: MIT */
/*
 * A strict UTF-8 validator (RFC 3629): it rejects overlong forms, encoded
 * surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray
 * continuation bytes, truncated sequences and the bytes C0, C1, F5..FF.
 *
 * Ownership: the input is only read.
 */
#ifndef SSAUDIT_UTF8_H
#define SSAUDIT_UTF8_H

#include <stddef.h>

enum utf8_error {
	UTF8_OK,
	UTF8_BAD_BYTE,		/* C0, C1, F5..FF: never valid */
	UTF8_STRAY,		/* continuation byte without a lead */
	UTF8_TRUNCATED,		/* sequence cut short */
	UTF8_OVERLONG,		/* longer encoding than needed */
	UTF8_SURROGATE,		/* U+D800..U+DFFF */
	UTF8_TOO_BIG		/* above U+10FFFF */
};

/*
 * Check len bytes at s.  Return UTF8_OK, or the first error with its byte
 * offset in *offp.
 */
enum utf8_error	 utf8_check(const unsigned char *s, size_t len,
		    size_t *offp);
/* A short English description of an error ("overlong encoding"). */
const char	*utf8_error_name(enum utf8_error);

#endif
