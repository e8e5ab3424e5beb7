/* SPDX-License-Identifier: MIT */
/*
 * Strict UTF-8 validation over raw line bytes.  Session lines are almost
 * all ASCII, so the loop skips eight ASCII bytes at a time and only
 * decodes sequences when a high bit shows up.  json-c's own check (0.16)
 * lets overlong forms and encoded surrogates through, hence this file.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define UTF8_HIGH_BITS	0x8080808080808080ULL

static const char *const utf8_names[] = {
	[UTF8_OK] = "valid",
	[UTF8_BAD_BYTE] = "a byte that never occurs in UTF-8",
	[UTF8_STRAY] = "a continuation byte without a lead byte",
	[UTF8_TRUNCATED] = "a truncated multi-byte sequence",
	[UTF8_OVERLONG] = "an overlong encoding",
	[UTF8_SURROGATE] = "an encoded UTF-16 surrogate",
	[UTF8_TOO_BIG] = "a code point above U+10FFFF",
};

const char *
utf8_error_name(enum utf8_error e)
{
	return utf8_names[e];
}

enum utf8_error
utf8_check(const unsigned char *s, size_t len, size_t *offp)
{
	size_t		 i = 0, n, k;
	uint64_t	 w;
	unsigned int	 c, b, lo, hi;

	*offp = 0;
	while (i < len) {
		/* Fast path: eight ASCII bytes at a time. */
		while (i + 8 <= len) {
			memcpy(&w, s + i, sizeof w);
			if ((w & UTF8_HIGH_BITS) != 0)
				break;
			i += 8;
		}
		while (i < len && s[i] < 0x80)
			i++;
		if (i >= len)
			break;

		c = s[i];
		/*
		 * Following RFC 3629's table, the lead byte fixes the length
		 * and the allowed range of the second byte; that range is what
		 * excludes overlong forms, surrogates and values past U+10FFFF.
		 */
		lo = 0x80;
		hi = 0xbf;
		if (c < 0xc0) {
			*offp = i;
			return UTF8_STRAY;
		} else if (c < 0xc2) {
			*offp = i;
			return UTF8_OVERLONG;
		} else if (c < 0xe0) {
			n = 2;
		} else if (c < 0xf0) {
			n = 3;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c < 0xf5) {
			n = 4;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			*offp = i;
			return UTF8_BAD_BYTE;
		}
		for (k = 1; k < n; k++) {
			if (i + k >= len) {
				*offp = i;
				return UTF8_TRUNCATED;
			}
			b = s[i + k];
			if (k == 1 && (b < lo || b > hi) && b >= 0x80 &&
			    b <= 0xbf) {
				*offp = i;
				if (c == 0xed)
					return UTF8_SURROGATE;
				if (c == 0xf4)
					return UTF8_TOO_BIG;
				return UTF8_OVERLONG;
			}
			if (b < 0x80 || b > 0xbf) {
				*offp = i;
				return UTF8_TRUNCATED;
			}
		}
		i += n;
	}
	return UTF8_OK;
}
