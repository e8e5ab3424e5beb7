/* SPDX-License-Identifier: MIT */
/*
 * The fingerprint set.  The fingerprint is two 64-bit hashes of the
 * string with different seeds (a multiply-and-mix over eight-byte words,
 * finished with the murmur3 finaliser); the first picks the slot and the
 * second, cut to 32 bits, completes the 96 bits compared.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "uniq.h"
#include "xmalloc.h"

struct uniq_entry {
	uint64_t	 h;		/* 0: empty slot */
	uint32_t	 h2;
	uint32_t	 file;
};

struct uniq {
	struct uniq_entry	*v;
	size_t			 cap;		/* a power of two */
	size_t			 n;
};

static uint64_t
uniq_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t
uniq_hash(const char *s, size_t len, uint64_t seed)
{
	uint64_t	 h = seed ^ (len * 0x9e3779b97f4a7c15ULL), w;
	size_t		 i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ uniq_mix(w + seed)) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s + i, len - i);
	h = (h ^ uniq_mix(w + seed + len - i)) * 0x9e3779b97f4a7c15ULL;
	return uniq_mix(h);
}

struct uniq *
uniq_new(void)
{
	struct uniq	*u;

	u = xcalloc(1, sizeof *u);
	u->cap = 1024;
	u->v = xcalloc(u->cap, sizeof *u->v);
	return u;
}

void
uniq_free(struct uniq *u)
{
	if (u == NULL)
		return;
	free(u->v);
	free(u);
}

static void
uniq_grow(struct uniq *u)
{
	struct uniq_entry	*old = u->v;
	size_t			 oldcap = u->cap, i, j;

	u->cap *= 2;
	u->v = xcalloc(u->cap, sizeof *u->v);
	for (i = 0; i < oldcap; i++) {
		if (old[i].h == 0)
			continue;
		for (j = old[i].h & (u->cap - 1); u->v[j].h != 0;
		    j = (j + 1) & (u->cap - 1))
			;
		u->v[j] = old[i];
	}
	free(old);
}

int
uniq_add(struct uniq *u, const char *s, size_t len, uint32_t file,
    uint32_t *firstp)
{
	uint64_t	 h;
	uint32_t	 h2;
	size_t		 j;

	h = uniq_hash(s, len, 0x243f6a8885a308d3ULL);
	if (h == 0)
		h = 1;
	h2 = (uint32_t)uniq_hash(s, len, 0x13198a2e03707344ULL);
	for (j = h & (u->cap - 1); u->v[j].h != 0;
	    j = (j + 1) & (u->cap - 1)) {
		if (u->v[j].h == h && u->v[j].h2 == h2) {
			*firstp = u->v[j].file;
			return 1;
		}
	}
	u->v[j].h = h;
	u->v[j].h2 = h2;
	u->v[j].file = file;
	if (++u->n * 4 > u->cap * 3)
		uniq_grow(u);
	return 0;
}

size_t
uniq_count(const struct uniq *u)
{
	return u->n;
}

size_t
uniq_bytes(const struct uniq *u)
{
	return u->cap * sizeof *u->v;
}
