/* SPDX-License-Identifier: MIT */
/*
 * A memory-lean set of strings for duplicate detection across a whole
 * audit.  It keeps no string, only a 96-bit fingerprint and the number
 * of the file where the string was first seen: 16 bytes an entry, in an
 * open-addressing table kept between 3/8 and 3/4 full, so 21 to 43
 * bytes for each distinct string.  Two different strings collide with a
 * probability of about n^2 / 2^97 (below 10^-12 for 10^8 sessions).
 *
 * Ownership: the set owns its table only.
 */
#ifndef SSAUDIT_UNIQ_H
#define SSAUDIT_UNIQ_H

#include <stddef.h>
#include <stdint.h>

struct uniq;

struct uniq	*uniq_new(void);
void		 uniq_free(struct uniq *);
/*
 * Add the len bytes at s, seen in file number file.  Return 1 and the
 * first file's number in *firstp if they were there already, else 0.
 */
int		 uniq_add(struct uniq *, const char *s, size_t len,
		    uint32_t file, uint32_t *firstp);
size_t		 uniq_count(const struct uniq *);
/* Bytes the table takes now. */
size_t		 uniq_bytes(const struct uniq *);

#endif
