/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the aggregate (counts, examples, the gate and thresholds)
 * and of the report plumbing (escaping, atomic output, write failures).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "aggregate.h"
#include "finding.h"
#include "report.h"
#include "xmalloc.h"

static void
add(struct aggregate *agg, int rule, unsigned long long line,
    const char *msg)
{
	struct finding	 f;

	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.line = line;
	f.message = msg;
	aggregate_add(agg, agg->files[agg->nfiles - 1].path, &f);
}

static void
test_counts_and_examples(void **state)
{
	struct ruletab		 rt;
	struct aggregate	*agg;
	int			 i;

	(void)state;
	ruletab_init(&rt);
	agg = aggregate_new(&rt, 2);
	aggregate_file_begin(agg, "a.json");
	for (i = 1; i <= 5; i++)
		add(agg, RULE_JSON_SYNTAX, (unsigned long long)i, "bad");
	add(agg, RULE_BLANK_LINE, 9, "blank");
	aggregate_file_end(agg, 10, 4, 100);
	aggregate_file_begin(agg, "b.json");
	add(agg, RULE_BLANK_LINE, 1, "blank");
	aggregate_file_end(agg, 3, 2, 50);

	assert_int_equal(agg->rule_count[RULE_JSON_SYNTAX], 5);
	assert_int_equal(agg->rule_count[RULE_BLANK_LINE], 2);
	assert_int_equal(agg->sev[SEV_ERROR], 5);
	assert_int_equal(agg->sev[SEV_WARNING], 2);
	assert_int_equal(agg->lines, 13);
	assert_int_equal(agg->sessions, 6);
	assert_int_equal(agg->files[0].sev[SEV_ERROR], 5);
	assert_int_equal(agg->files[1].sev[SEV_WARNING], 1);
	/* Two examples per rule, the first ones. */
	assert_int_equal(agg->nex, 4);
	aggregate_sort_examples(agg);
	assert_int_equal(agg->ex[0].rule, RULE_JSON_SYNTAX);
	assert_int_equal(agg->ex[0].line, 1);
	assert_int_equal(agg->ex[1].line, 2);
	assert_int_equal(agg->ex[2].rule, RULE_BLANK_LINE);
	assert_string_equal(agg->ex[2].path, "a.json");
	assert_string_equal(agg->ex[3].path, "b.json");
	/* Counts by rule are kept per file too. */
	assert_int_equal(agg->files[0].rule_count[RULE_JSON_SYNTAX], 5);
	assert_int_equal(agg->files[1].rule_count[RULE_JSON_SYNTAX], 0);

	assert_true(aggregate_fails(agg, SEV_ERROR));
	assert_true(aggregate_fails(agg, SEV_WARNING));
	assert_false(aggregate_fails(agg, AGG_FAIL_NEVER));
	aggregate_free(agg);
	ruletab_clear(&rt);
}

static void
test_gate_severity_and_thresholds(void **state)
{
	struct ruletab		 rt;
	struct aggregate	*agg;

	(void)state;
	ruletab_init(&rt);
	agg = aggregate_new(&rt, 5);
	aggregate_file_begin(agg, "a.json");
	add(agg, RULE_BLANK_LINE, 1, "blank");
	add(agg, RULE_BLANK_LINE, 2, "blank");
	aggregate_file_end(agg, 1002, 1000, 1);

	/* Warnings do not fail the default gate, but fail --fail-on warning. */
	assert_false(aggregate_fails(agg, SEV_ERROR));
	assert_true(aggregate_fails(agg, SEV_WARNING));
	assert_true(aggregate_fails(agg, SEV_INFO));

	/* A count threshold: fail only above it. */
	rt.rules[RULE_BLANK_LINE].threshold_count = 2;
	assert_false(aggregate_fails(agg, SEV_WARNING));
	rt.rules[RULE_BLANK_LINE].threshold_count = 1;
	assert_true(aggregate_fails(agg, SEV_WARNING));

	/* A fraction of sessions: 2 of 1000 is 0.2 %. */
	rt.rules[RULE_BLANK_LINE].threshold_fraction = 0.002;
	assert_false(aggregate_fails(agg, SEV_WARNING));
	rt.rules[RULE_BLANK_LINE].threshold_fraction = 0.001;
	assert_true(aggregate_fails(agg, SEV_WARNING));

	/* A disabled rule never fails the gate. */
	rt.rules[RULE_BLANK_LINE].enabled = 0;
	assert_false(aggregate_fails(agg, SEV_WARNING));
	aggregate_free(agg);
	ruletab_clear(&rt);
}

static char *
slurp(FILE *fp)
{
	char	*buf;
	long	 n;

	fflush(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = xcalloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	return buf;
}

static void
test_escaping(void **state)
{
	FILE	*fp;
	char	*s;

	(void)state;
	assert_non_null(fp = tmpfile());
	report_json_string(fp, "a\"b\\c\n\x01 S\xc3\xa3o \xff!");
	s = slurp(fp);
	assert_string_equal(s, "\"a\\\"b\\\\c\\n\\u0001 S\xc3\xa3o "
	    "\\ufffd!\"");
	free(s);
	fclose(fp);

	assert_non_null(fp = tmpfile());
	report_csv_field(fp, "plain");
	fputc('|', fp);
	report_csv_field(fp, "a,b");
	fputc('|', fp);
	report_csv_field(fp, "say \"hi\"");
	fputc('|', fp);
	report_csv_field(fp, "two\nlines");
	s = slurp(fp);
	assert_string_equal(s, "plain|\"a,b\"|\"say \"\"hi\"\"\"|"
	    "\"two\nlines\"");
	free(s);
	fclose(fp);
}

static void
test_output_atomic_and_errors(void **state)
{
	struct ruletab		 rt;
	struct aggregate	*agg;
	struct report		*rep;
	char			 dir[] = "/tmp/test_report.XXXXXX", *path, *cause;
	FILE			*fp;
	char			 buf[64];

	(void)state;
	ruletab_init(&rt);
	agg = aggregate_new(&rt, 5);
	assert_non_null(mkdtemp(dir));
	xasprintf(&path, "%s/report.json", dir);

	assert_int_equal(report_open(report_find("json"), &rt, path,
	    SEV_ERROR, 0, &rep, &cause), 0);
	/* Nothing at the final name until the report is complete. */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(report_close(rep, agg, &cause), 0);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(buf, sizeof buf, fp));
	assert_string_equal(buf, "{\n");
	fclose(fp);
	unlink(path);
	free(path);

	/* A directory that does not exist. */
	xasprintf(&path, "%s/no/such/report.json", dir);
	assert_int_equal(report_open(report_find("text"), &rt, path,
	    SEV_ERROR, 0, &rep, &cause), -1);
	assert_non_null(strstr(cause, "report.json: cannot create: No such "
	    "file or directory"));
	free(cause);
	free(path);
	rmdir(dir);

	aggregate_free(agg);
	ruletab_clear(&rt);
	assert_null(report_find("xml"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_examples),
		cmocka_unit_test(test_gate_severity_and_thresholds),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_output_atomic_and_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
