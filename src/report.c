/* SPDX-License-Identifier: MIT */
/*
 * Format dispatch, the output stream's life cycle and escaping shared by
 * the writers.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "utf8.h"
#include "xmalloc.h"

static const struct report_writer *const report_writers[] = {
	&report_text_writer,
	&report_json_writer,
	&report_csv_writer,
};
#define REPORT_NWRITERS (sizeof report_writers / sizeof report_writers[0])

const struct report_writer *
report_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < REPORT_NWRITERS; i++) {
		if (strcmp(report_writers[i]->name, name) == 0)
			return report_writers[i];
	}
	return NULL;
}

const char *
report_names(void)
{
	return "text, json, csv";
}

int
report_open(const struct report_writer *w, const struct ruletab *rt,
    const char *path, int fail_on, int quiet, struct report **repp,
    char **cause)
{
	struct report	*rep;
	struct stat	 st;
	char		*target = NULL;
	int		 fd;

	*repp = NULL;
	*cause = NULL;
	rep = xcalloc(1, sizeof *rep);
	rep->w = w;
	rep->rt = rt;
	rep->fail_on = fail_on;
	if (path != NULL && strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    !S_ISREG(st.st_mode)) {
		/*
		 * A device or a FIFO (/dev/stdout, a pipe to a mailer) is
		 * written as it is: a rename would replace it with a file.
		 */
		rep->path = xstrdup(path);
		if ((rep->fp = fopen(path, "w")) == NULL) {
			xasprintf(cause, "%s: cannot open: %s", path,
			    strerror(errno));
			goto fail;
		}
	} else if (path != NULL && strcmp(path, "-") != 0) {
		/* Through a symbolic link, the file it names is replaced. */
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			target = realpath(path, NULL);
		rep->path = target != NULL ? target : xstrdup(path);
		xasprintf(&rep->tmppath, "%s.tmpXXXXXX", rep->path);
		if ((fd = mkstemp(rep->tmppath)) == -1) {
			xasprintf(cause, "%s: cannot create: %s", path,
			    strerror(errno));
			goto fail;
		}
		if ((rep->fp = fdopen(fd, "w")) == NULL) {
			xasprintf(cause, "%s: cannot open: %s", path,
			    strerror(errno));
			close(fd);
			unlink(rep->tmppath);
			goto fail;
		}
	} else if (quiet) {
		rep->null = 1;
		if ((rep->fp = fopen("/dev/null", "w")) == NULL) {
			xasprintf(cause, "/dev/null: cannot open: %s",
			    strerror(errno));
			goto fail;
		}
	} else
		rep->fp = stdout;
	rep->w->begin(rep);
	*repp = rep;
	return 0;
fail:
	free(rep->path);
	free(rep->tmppath);
	free(rep);
	return -1;
}

void
report_finding(struct report *rep, const char *file, const struct finding *f)
{
	if (rep->w->finding != NULL)
		rep->w->finding(rep, file, f);
}

static void
report_free(struct report *rep)
{
	free(rep->path);
	free(rep->tmppath);
	free(rep);
}

void
report_abort(struct report *rep)
{
	if (rep == NULL)
		return;
	if (rep->fp != stdout)
		fclose(rep->fp);
	if (rep->tmppath != NULL)
		unlink(rep->tmppath);
	report_free(rep);
}

int
report_close(struct report *rep, struct aggregate *agg, char **cause)
{
	const char	*name = rep->path != NULL ? rep->path : "<stdout>";
	int		 rv = -1, failed;

	*cause = NULL;
	rep->w->end(rep, agg);
	failed = fflush(rep->fp) != 0 || ferror(rep->fp);
	if (failed)
		xasprintf(cause, "%s: cannot write report: %s", name,
		    strerror(errno));
	if (rep->fp != stdout) {
		if (fclose(rep->fp) != 0 && !failed) {
			failed = 1;
			xasprintf(cause, "%s: cannot write report: %s", name,
			    strerror(errno));
		}
	}
	rep->fp = NULL;
	if (rep->tmppath != NULL) {
		if (failed)
			unlink(rep->tmppath);
		else if (rename(rep->tmppath, rep->path) == -1) {
			xasprintf(cause, "%s: cannot rename %s into place: %s",
			    rep->path, rep->tmppath, strerror(errno));
			unlink(rep->tmppath);
			failed = 1;
		} else {
			/* mkstemp() made it 0600; give it the umask's mode. */
			mode_t mask = umask(0);
			umask(mask);
			(void)chmod(rep->path, 0666 & ~mask);
		}
	}
	if (!failed)
		rv = 0;
	report_free(rep);
	return rv;
}

/*
 * Write s as a JSON string.  Bytes that are not valid UTF-8 (a path can
 * hold anything) become U+FFFD so the report stays valid JSON.
 */
void
report_json_string(FILE *fp, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len, off, i;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	len = strlen(s);
	fputc('"', fp);
	while (len > 0) {
		if (utf8_check(p, len, &off) == UTF8_OK)
			off = len;
		for (i = 0; i < off; i++) {
			switch (p[i]) {
			case '"':
				fputs("\\\"", fp);
				break;
			case '\\':
				fputs("\\\\", fp);
				break;
			case '\n':
				fputs("\\n", fp);
				break;
			case '\r':
				fputs("\\r", fp);
				break;
			case '\t':
				fputs("\\t", fp);
				break;
			default:
				if (p[i] < 0x20 || p[i] == 0x7f)
					fprintf(fp, "\\u%04x", p[i]);
				else
					fputc(p[i], fp);
			}
		}
		if (off < len) {
			fputs("\\ufffd", fp);
			off++;
		}
		p += off;
		len -= off;
	}
	fputc('"', fp);
}

/* Write s as one RFC 4180 field: quoted when it holds , " CR or LF. */
void
report_csv_field(FILE *fp, const char *s)
{
	const char	*p;

	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

const char *
report_verdict(const struct aggregate *agg, int fail_on)
{
	return aggregate_fails(agg, fail_on) ? "fail" : "pass";
}

const char *
report_fail_on_name(int fail_on)
{
	if (fail_on == AGG_FAIL_NEVER)
		return "never";
	return finding_severity_name((enum severity)fail_on);
}
