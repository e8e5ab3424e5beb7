/* SPDX-License-Identifier: MIT */
/*
 * Allocation wrappers that never return NULL: on failure they print
 * "ssaudit: out of memory" and exit with status 2.
 *
 * Ownership: everything returned belongs to the caller and is released
 * with free().
 */
#ifndef SSAUDIT_XMALLOC_H
#define SSAUDIT_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

#endif
