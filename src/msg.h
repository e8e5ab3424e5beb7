/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics on standard error, always prefixed "ssaudit: ".  Errors are
 * printed even with -q; warnings are not.
 *
 * Ownership: nothing is kept; the arguments are only read.
 */
#ifndef SSAUDIT_MSG_H
#define SSAUDIT_MSG_H

void	msg_set_quiet(int);
void	msg_error(const char *, ...) __attribute__((format(printf, 1, 2)));
void	msg_warn(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
