/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics for the user: "ssaudit: what failed: why" on standard error.
 * Findings about the data never come through here; they go to the report.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "msg.h"

static int	msg_quiet;

void
msg_set_quiet(int quiet)
{
	msg_quiet = quiet;
}

static void __attribute__((format(printf, 1, 0)))
msg_vprint(const char *fmt, va_list ap)
{
	fputs("ssaudit: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
msg_error(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	msg_vprint(fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	va_list	 ap;

	if (msg_quiet)
		return;
	va_start(ap, fmt);
	msg_vprint(fmt, ap);
	va_end(ap);
}
