/* SPDX-License-Identifier: MIT */
/*
 * ssgen: the deterministic test-data generator of ssaudit.  It writes a
 * day of Monetate Session Stream files (one gzip-compressed JSON Lines
 * file per 15-minute interval, in the vendor's directory layout), or a
 * single such file, and can inject defects at chosen rates.  Beside the
 * data it writes the ground truth (every finding ssaudit should report,
 * as TSV) and the line and session counts expected for each file, so
 * that tests and benchmarks can score the auditor.
 *
 * The same options always give the same bytes: randomness comes from
 * xoshiro256** seeded from --seed, with one stream per file so that a
 * file never depends on the ones before it; the gzip header carries no
 * time and no name; nothing reads the clock.  Each line is built in one
 * reusable buffer and streamed through deflate, so memory does not grow
 * with the size of a file.
 *
 * Clean sessions satisfy every rule of the default catalogue (SPEC.md
 * section 4); the only findings in a day without --inject are the
 * item-limit warnings of the deliberate bot-like sessions.  Each
 * injected defect breaks exactly one rule.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZLIB_CONST
#include <zlib.h>

#define SSGEN_MINUTE_MS		(60LL * 1000)
#define SSGEN_HOUR_MS		(60 * SSGEN_MINUTE_MS)
#define SSGEN_DAY_MS		(24 * SSGEN_HOUR_MS)
#define SSGEN_INTERVAL_MS	(15 * SSGEN_MINUTE_MS)
/* Clean spans stay well below the 12 hour session-length limit. */
#define SSGEN_MAX_SPAN_MS	(11 * SSGEN_HOUR_MS + 30 * SSGEN_MINUTE_MS)
#define SSGEN_ITEM_LIMIT	1000
#define SSGEN_MAX_OFFERS	(SSGEN_ITEM_LIMIT + 8)
#define SSGEN_MAX_VIEWS		1200
#define SSGEN_MAX_SMALL		8
#define SSGEN_MAX_ITEMS		4
#define SSGEN_MAX_PURCHASES	2
#define SSGEN_MAX_INTERVALS	96
/*
 * Visitor numbers are a bijection of (interval, sequence) in 33 bits, so
 * that guids never repeat within a day; a file may therefore hold up to
 * 2^26 sessions, long-line sessions included.
 */
#define SSGEN_SEQ_BITS		26
#define SSGEN_MAX_SESSIONS	30000000L
#define SSGEN_MAX_LONG_LINE	(1L << 30)
#define SSGEN_DEFAULT_LONG_LINE	(17L * 1024 * 1024)
#define SSGEN_CHUNK		(256 * 1024)
#define SSGEN_PAD_TARGET	99999U
#define SSGEN_EXIT_USAGE	2

#define SSGEN_NONE		(-1)

/* Defect classes; the names are the rule ids they break. */
enum ssgen_class {
	SSGEN_JSON_SYNTAX,
	SSGEN_UTF8,
	SSGEN_BLANK_LINE,
	SSGEN_LINE_LENGTH,
	SSGEN_REQUIRED_FIELD,
	SSGEN_FIELD_TYPE,
	SSGEN_UNKNOWN_FIELD,
	SSGEN_FLAG_VALUE,
	SSGEN_SESSION_COUNT,
	SSGEN_GUID_COMPOSITION,
	SSGEN_SESSION_ID_COMPOSITION,
	SSGEN_ACCOUNT_MATCH,
	SSGEN_SS_PAGE_VIEWS,
	SSGEN_SS_TIME_ON_SITE,
	SSGEN_SS_SESSION_VALUE,
	SSGEN_SS_PURCHASE_VALUE,
	SSGEN_SESSION_VALUE_SUM,
	SSGEN_PURCHASE_COUNT,
	SSGEN_HAS_PURCHASE,
	SSGEN_HAS_PRODUCT_VIEW,
	SSGEN_BOUNCE,
	SSGEN_NON_NEGATIVE,
	SSGEN_TIME_ORDER,
	SSGEN_SESSION_LENGTH,
	SSGEN_TIME_ON_SITE,
	SSGEN_EVENT_TIME,
	SSGEN_CLOSED,
	SSGEN_COUNTRY_CODE,
	SSGEN_ITEM_LIMIT_CLASS,
	SSGEN_DUPLICATE_SESSION,
	SSGEN_FILE_WINDOW,
	SSGEN_PII,
	SSGEN_GZIP_TRUNCATED,
	SSGEN_GZIP_CRC,
	SSGEN_GZIP_NOTGZIP,
	SSGEN_EMPTY_FILE,
	SSGEN_MULTI_MEMBER,
	SSGEN_NCLASSES
};

enum ssgen_scope {
	SSGEN_SCOPE_LINE,
	SSGEN_SCOPE_SESSION,
	SSGEN_SCOPE_FILE
};

struct ssgen_class_info {
	const char		*name;
	enum ssgen_scope	 scope;
};

static const struct ssgen_class_info ssgen_classes[SSGEN_NCLASSES] = {
	{ "json-syntax",		SSGEN_SCOPE_LINE },
	{ "utf8",			SSGEN_SCOPE_LINE },
	{ "blank-line",			SSGEN_SCOPE_LINE },
	{ "line-length",		SSGEN_SCOPE_LINE },
	{ "required-field",		SSGEN_SCOPE_SESSION },
	{ "field-type",			SSGEN_SCOPE_SESSION },
	{ "unknown-field",		SSGEN_SCOPE_SESSION },
	{ "flag-value",			SSGEN_SCOPE_SESSION },
	{ "session-count",		SSGEN_SCOPE_SESSION },
	{ "guid-composition",		SSGEN_SCOPE_SESSION },
	{ "session-id-composition",	SSGEN_SCOPE_SESSION },
	{ "account-match",		SSGEN_SCOPE_SESSION },
	{ "ss-page-views",		SSGEN_SCOPE_SESSION },
	{ "ss-time-on-site",		SSGEN_SCOPE_SESSION },
	{ "ss-session-value",		SSGEN_SCOPE_SESSION },
	{ "ss-purchase-value",		SSGEN_SCOPE_SESSION },
	{ "session-value-sum",		SSGEN_SCOPE_SESSION },
	{ "purchase-count",		SSGEN_SCOPE_SESSION },
	{ "has-purchase",		SSGEN_SCOPE_SESSION },
	{ "has-product-view",		SSGEN_SCOPE_SESSION },
	{ "bounce",			SSGEN_SCOPE_SESSION },
	{ "non-negative",		SSGEN_SCOPE_SESSION },
	{ "time-order",			SSGEN_SCOPE_SESSION },
	{ "session-length",		SSGEN_SCOPE_SESSION },
	{ "time-on-site",		SSGEN_SCOPE_SESSION },
	{ "event-time",			SSGEN_SCOPE_SESSION },
	{ "closed",			SSGEN_SCOPE_SESSION },
	{ "country-code",		SSGEN_SCOPE_SESSION },
	{ "item-limit",			SSGEN_SCOPE_SESSION },
	{ "duplicate-session",		SSGEN_SCOPE_SESSION },
	{ "file-window",		SSGEN_SCOPE_SESSION },
	{ "pii",			SSGEN_SCOPE_SESSION },
	{ "gzip-truncated",		SSGEN_SCOPE_FILE },
	{ "gzip-crc",			SSGEN_SCOPE_FILE },
	{ "gzip-notgzip",		SSGEN_SCOPE_FILE },
	{ "empty-file",			SSGEN_SCOPE_FILE },
	{ "multi-member",		SSGEN_SCOPE_FILE }
};

/* The t/f flags, in the (alphabetical) order they are written. */
enum ssgen_flag {
	SSGEN_F_HAS_CART,
	SSGEN_F_HAS_NEW_CUSTOMER,
	SSGEN_F_HAS_PRODUCT_VIEW,
	SSGEN_F_HAS_PURCHASE,
	SSGEN_F_HAS_REC_CART,
	SSGEN_F_HAS_REC_CLICK,
	SSGEN_F_HAS_REC_IMPRESSION,
	SSGEN_F_HAS_REC_PURCHASE,
	SSGEN_F_HAS_STEALTH,
	SSGEN_F_IS_BOUNCE,
	SSGEN_F_IS_CLOSED,
	SSGEN_NFLAGS
};

static const char *const ssgen_flag_names[SSGEN_NFLAGS] = {
	"has_cart",
	"has_new_customer",
	"has_product_view",
	"has_purchase",
	"has_recommendation_cart",
	"has_recommendation_click",
	"has_recommendation_impression",
	"has_recommendation_purchase",
	"has_stealth",
	"is_bounce",
	"is_closed"
};

/*
 * Flags that no rule but required-field and flag-value looks at.  Only
 * these are dropped or garbled: without has_purchase, has_product_view,
 * is_bounce or is_closed another rule might fire (or stay silent) too.
 */
static const int ssgen_free_flags[] = {
	SSGEN_F_HAS_CART,
	SSGEN_F_HAS_NEW_CUSTOMER,
	SSGEN_F_HAS_REC_CART,
	SSGEN_F_HAS_REC_CLICK,
	SSGEN_F_HAS_REC_IMPRESSION,
	SSGEN_F_HAS_REC_PURCHASE,
	SSGEN_F_HAS_STEALTH
};
#define SSGEN_NFREE_FLAGS \
	(sizeof(ssgen_free_flags) / sizeof(ssgen_free_flags[0]))

struct ssgen_agent {
	const char	*browser;
	const char	*version;
	int		 major;
	const char	*os;
	const char	*os_version;
	const char	*device;
	int		 width;
	int		 height;
	int		 weight;
};

static const struct ssgen_agent ssgen_agents[] = {
	{ "Chrome", "131.0.6778.86", 131, "Windows", "10", "Computer",
	    1920, 1080, 14 },
	{ "Chrome", "130.0.6723.117", 130, "Windows", "10", "Computer",
	    1366, 768, 5 },
	{ "Edge", "131.0.2903.70", 131, "Windows", "11", "Computer",
	    1536, 864, 6 },
	{ "Firefox", "133.0", 133, "Windows", "11", "Computer",
	    1920, 1080, 3 },
	{ "Safari", "18.1.1", 18, "Mac OS X", "10.15.7", "Computer",
	    1440, 900, 6 },
	{ "Chrome", "131.0.6778.86", 131, "Mac OS X", "10.15.7", "Computer",
	    2560, 1440, 4 },
	{ "Firefox", "132.0", 132, "Linux", "", "Computer",
	    1920, 1200, 1 },
	{ "Mobile Safari", "18.1", 18, "iOS", "18.1.1", "Phone",
	    390, 844, 18 },
	{ "Mobile Safari", "17.6", 17, "iOS", "17.6.1", "Phone",
	    414, 896, 7 },
	{ "Chrome Mobile", "131.0.6778.81", 131, "Android", "14", "Phone",
	    412, 915, 12 },
	{ "Chrome Mobile", "130.0.6723.102", 130, "Android", "13", "Phone",
	    393, 873, 6 },
	{ "Samsung Internet", "26.0", 26, "Android", "14", "Phone",
	    360, 800, 4 },
	{ "Mobile Safari", "18.1", 18, "iOS", "18.1", "Tablet",
	    820, 1180, 4 },
	{ "Chrome", "131.0.6778.85", 131, "Android", "13", "Tablet",
	    800, 1280, 2 }
};

/* What the bot-like sessions claim to be. */
static const struct ssgen_agent ssgen_bot_agent = {
	"Chrome", "119.0.0.0", 119, "Linux", "", "Computer", 1920, 1080, 1
};

struct ssgen_place {
	const char	*city;
	const char	*region;
	const char	*country;
	int		 weight;
};

static const struct ssgen_place ssgen_places[] = {
	{ "New York", "NY", "US", 8 },
	{ "Los Angeles", "CA", "US", 6 },
	{ "Chicago", "IL", "US", 5 },
	{ "Austin", "TX", "US", 3 },
	{ "Seattle", "WA", "US", 3 },
	{ "Miami", "FL", "US", 3 },
	{ "London", "ENG", "GB", 5 },
	{ "Manchester", "ENG", "GB", 2 },
	{ "Edinburgh", "SCT", "GB", 1 },
	{ "Berlin", "BE", "DE", 3 },
	{ "München", "BY", "DE", 2 },
	{ "Köln", "NW", "DE", 2 },
	{ "Paris", "IDF", "FR", 3 },
	{ "Lyon", "ARA", "FR", 1 },
	{ "São Paulo", "SP", "BR", 3 },
	{ "Rio de Janeiro", "RJ", "BR", 2 },
	{ "Zürich", "ZH", "CH", 2 },
	{ "Genève", "GE", "CH", 1 },
	{ "Kraków", "12", "PL", 2 },
	{ "Łódź", "10", "PL", 1 },
	{ "東京", "13", "JP", 3 },
	{ "大阪", "27", "JP", 1 },
	{ "Москва", "MOW", "RU", 2 },
	{ "Санкт-Петербург", "SPE", "RU", 1 },
	{ "Reykjavík", "1", "IS", 1 },
	{ "Toronto", "ON", "CA", 3 },
	{ "Montréal", "QC", "CA", 2 },
	{ "Madrid", "MD", "ES", 2 },
	{ "Málaga", "AN", "ES", 1 },
	{ "Amsterdam", "NH", "NL", 2 },
	{ "Göteborg", "O", "SE", 1 },
	{ "Dublin", "D", "IE", 1 },
	{ "Sydney", "NSW", "AU", 2 },
	{ "Auckland", "AUK", "NZ", 1 },
	{ "Ciudad de México", "CMX", "MX", 2 },
	{ "서울", "11", "KR", 2 },
	{ "İstanbul", "34", "TR", 1 },
	{ "Αθήνα", "I", "GR", 1 },
	{ "Praha", "10", "CZ", 1 },
	{ "Mumbai", "MH", "IN", 2 },
	{ "北京", "BJ", "CN", 1 },
	{ "Singapore", "", "SG", 1 },
	{ "Cape Town", "WC", "ZA", 1 },
	{ "תל אביב-יפו", "TA", "IL", 1 },
	{ "القاهرة", "C", "EG", 1 },
	{ NULL, NULL, "US", 2 }		/* the IP lookup found no city */
};

/*
 * Custom target values of clean data: short labels, some needing JSON
 * escapes, none that could pass for an e-mail address or phone number.
 */
static const char *const ssgen_target_values[] = {
	"vip",
	"loyalty-gold",
	"loyalty-silver",
	"newsletter",
	"returning",
	"abtest-b",
	"summer-sale",
	"free-shipping",
	"mobile-app",
	"de-DE",
	"fr-FR",
	"student",
	"b2b",
	"wishlist",
	"Größe M",
	"café",
	"プレミアム",
	"27\" monitor",
	"tab\there",
	"path\\segment"
};

/* Values of the pii defect: they must look like personal data. */
static const char *const ssgen_pii_values[] = {
	"jane.doe@example.com",
	"j.smith+shop@mail.example.org",
	"+14155550132"
};

static const char *const ssgen_bad_flags[] = { "true", "T", "yes", "1" };
static const char *const ssgen_bad_countries[] = { "XX", "ZZ", "AA" };
static const char *const ssgen_bad_utf8[] = {
	"\xc0\xaf",		/* overlong '/' */
	"\xed\xa0\x80",		/* encoded surrogate U+D800 */
	"\xf5\x80\x80\x80",	/* lead byte past U+10FFFF */
	"\xe2\x82",		/* truncated (the closing quote follows) */
	"\xf4\x90\x80\x80"	/* U+110000 */
};
static const char *const ssgen_blank_lines[] = { "", "  ", " \t " };

#define SSGEN_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct ssgen_rng {
	uint64_t	 s[4];
};

struct ssgen_buf {
	char		*p;
	size_t		 len;
	size_t		 cap;
};

#define SSGEN_LIT(b, s)	ssgen_buf_add((b), (s), sizeof(s) - 1)

/* offers and page_event_ids entries: an id and its first-seen time. */
struct ssgen_stamp {
	uint32_t	 id;
	int64_t		 time;
};

/* cart_lines and view_lines items (view lines have no SKU). */
struct ssgen_pline {
	uint32_t	 product;
	uint32_t	 sku;
	int64_t		 time;
};

struct ssgen_item {
	uint32_t	 product;
	uint32_t	 sku;
	int64_t		 unit;		/* cents */
	int		 quantity;
};

struct ssgen_purchase {
	uint32_t		 id;
	int64_t			 value;		/* cents */
	int64_t			 time;
	int			 nitems;
	struct ssgen_item	 items[SSGEN_MAX_ITEMS];
};

struct ssgen_target {
	uint32_t	 id;
	const char	*value;
};

/* Ways a field is written with the wrong JSON type (field-type). */
enum ssgen_retype {
	SSGEN_RETYPE_NONE,
	SSGEN_RETYPE_SCREEN_WIDTH,	/* "1920" */
	SSGEN_RETYPE_SCREEN_HEIGHT,	/* "1080" */
	SSGEN_RETYPE_BROWSER_VERSION	/* 131 */
};

/*
 * One session as it will be written.  Money is kept in cents and its
 * squares in units of 1e-4, so that every printed value is exact and
 * the squares match the printed values to the last digit.
 */
struct ssgen_sess {
	int64_t			 account_id;
	char			 guid[96];
	char			 session_id[192];
	int64_t			 start_time;
	int64_t			 end_time;
	int64_t			 session_count;
	int64_t			 page_views;
	int64_t			 page_views_ss;
	int64_t			 time_on_site;
	int64_t			 time_on_site_ss;
	int64_t			 product_view_count;
	int64_t			 purchase_count;
	int64_t			 session_value;
	int64_t			 session_value_ss;
	int64_t			 purchase_value_ss;
	int64_t			 screen_width;
	int64_t			 screen_height;
	const char		*flag[SSGEN_NFLAGS];
	const struct ssgen_agent *agent;
	const char		*city;
	const char		*region;
	const char		*country_code;
	uint32_t		 customer_id;	/* 0 is null */
	uint32_t		 customer_link;	/* 0 is null */
	char			 monetate_id[48];

	struct ssgen_target	 targets[SSGEN_MAX_SMALL];
	int			 ntargets;
	struct ssgen_stamp	 offers[SSGEN_MAX_OFFERS];
	int			 noffers;
	struct ssgen_stamp	 events[SSGEN_MAX_SMALL];
	int			 nevents;
	struct ssgen_pline	 carts[SSGEN_MAX_SMALL];
	int			 ncarts;
	struct ssgen_pline	 views[SSGEN_MAX_VIEWS];
	int			 nviews;
	struct ssgen_purchase	 purchases[SSGEN_MAX_PURCHASES];
	int			 npurchases;

	/* How the line departs from a clean one, for some defects. */
	int			 drop_flag;	/* SSGEN_NONE or a flag */
	enum ssgen_retype	 retype;
	int			 x_extra;
	const char		*bad_utf8;	/* raw bytes after the os */
	int			 pad;		/* write the pad target */
};

/* Constraints a defect puts on the session before it is made. */
struct ssgen_want {
	int		 bot;
	int		 purchase;	/* at least one purchase */
	int		 page_views;	/* exactly, if not 0 */
	int		 quiet;		/* no timed events at all */
	int64_t		 span;		/* exactly, if not 0 */
	int64_t		 min_span;
	int64_t		 shift;		/* end_time moved off the interval */
};

/* An expected finding of the current file. */
struct ssgen_row {
	unsigned long long	 line;		/* 0 for the file */
	const char		*rule;
	char			 field[64];
};

struct ssgen_opts {
	int64_t		 account;
	int		 year;
	int		 month;
	int		 day;
	int64_t		 day_ms;
	uint64_t	 seed;
	int		 intervals;
	long		 sessions;
	const char	*single;
	int		 plain;
	double		 big;
	double		 rate[SSGEN_NCLASSES];	/* files, for file classes */
	long		 long_line;
	const char	*truth;
	const char	*counts;
	const char	*outdir;
};

struct ssgen_out {
	const char	*path;
	int		 fd;
	int		 gzip;
	int		 live;		/* a gzip member is open */
	z_stream	 zs;
	gz_header	 head;
	unsigned long	 crc;		/* of the last finished member */
	unsigned char	*stage;
	size_t		 slen;
	unsigned char	*obuf;
	unsigned long long bytes;
};

struct ssgen {
	struct ssgen_opts	 opt;
	struct ssgen_sess	*sess;
	struct ssgen_buf	 line;
	struct ssgen_buf	 saved;		/* candidate for duplicates */
	size_t			 pad_off;	/* where the pad goes in line */
	struct ssgen_out	 out;
	struct ssgen_row	*rows;
	size_t			 nrows;
	size_t			 caprows;
	struct ssgen_row	 pend[2];	/* findings of the next line */
	int			 npend;
	int			 fclass[SSGEN_MAX_INTERVALS];
	uint64_t		 visitor_key;
	FILE			*truth;
	FILE			*counts;
};

static void	ssgen_die(const char *, ...)
		    __attribute__((__format__(__printf__, 1, 2), __noreturn__));
static void	ssgen_usage_error(const char *, ...)
		    __attribute__((__format__(__printf__, 1, 2), __noreturn__));

static void
ssgen_die(const char *fmt, ...)
{
	va_list	 ap;

	fputs("ssgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(SSGEN_EXIT_USAGE);
}

static void *
ssgen_xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n)) == NULL)
		ssgen_die("out of memory (%zu bytes)", n);
	return p;
}

static void
ssgen_usage(FILE *f)
{
	int	 scope, i, col;

	fputs("usage: ssgen [--plain] [--account ID] [--big-sessions RATE] "
	    "[--counts FILE]\n"
	    "             [--date YYYY-MM-DD] [--inject CLASS=RATE]... "
	    "[--intervals N]\n"
	    "             [--long-line BYTES] [--seed N] [--sessions N] "
	    "[--single FILE]\n"
	    "             [--truth FILE] OUTDIR\n"
	    "       ssgen --help\n"
	    "defaults: --account 1234 --date 2026-11-30 --seed 1 "
	    "--intervals 96\n"
	    "          --sessions 200 --big-sessions 0.002 "
	    "--long-line 17825792\n", f);
	for (scope = SSGEN_SCOPE_LINE; scope <= SSGEN_SCOPE_FILE; scope++) {
		col = fprintf(f, "%s classes (%s):",
		    scope == SSGEN_SCOPE_LINE ? "line" :
		    scope == SSGEN_SCOPE_SESSION ? "session" : "file",
		    scope == SSGEN_SCOPE_FILE ? "RATE is a number of files" :
		    "RATE is a fraction of lines");
		for (i = 0; i < SSGEN_NCLASSES; i++) {
			if ((int)ssgen_classes[i].scope != scope)
				continue;
			if (col + 1 + (int)strlen(ssgen_classes[i].name) > 76)
				col = fprintf(f, "\n   ") - 1;
			col += fprintf(f, " %s", ssgen_classes[i].name);
		}
		fputc('\n', f);
	}
}

static void
ssgen_usage_error(const char *fmt, ...)
{
	va_list	 ap;

	fputs("ssgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ssgen_usage(stderr);
	exit(SSGEN_EXIT_USAGE);
}

/*
 * Random numbers: xoshiro256** seeded through splitmix64.  rand() would
 * differ between C libraries; this gives the same bytes everywhere.
 */
static uint64_t
ssgen_splitmix(uint64_t *x)
{
	uint64_t	 z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
ssgen_rng_seed(struct ssgen_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t	 x;
	int		 i;

	x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
	(void)ssgen_splitmix(&x);
	for (i = 0; i < 4; i++)
		r->s[i] = ssgen_splitmix(&x);
}

static uint64_t
ssgen_rng_next(struct ssgen_rng *r)
{
	uint64_t	*s = r->s, result, t;

	result = s[1] * 5;
	result = ((result << 7) | (result >> 57)) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

/* A number in [0, n); n must not be 0.  The modulo bias is negligible. */
static uint64_t
ssgen_rng_below(struct ssgen_rng *r, uint64_t n)
{
	return ssgen_rng_next(r) % n;
}

/* A number in [lo, hi]. */
static int64_t
ssgen_rng_range(struct ssgen_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)ssgen_rng_below(r, (uint64_t)(hi - lo) + 1);
}

static double
ssgen_rng_unit(struct ssgen_rng *r)
{
	return (double)(ssgen_rng_next(r) >> 11) * 0x1.0p-53;
}

static int
ssgen_rng_chance(struct ssgen_rng *r, double p)
{
	return ssgen_rng_unit(r) < p;
}

static const struct ssgen_agent *
ssgen_pick_agent(struct ssgen_rng *r)
{
	size_t	 i;
	int	 total = 0, k;

	for (i = 0; i < SSGEN_NELEM(ssgen_agents); i++)
		total += ssgen_agents[i].weight;
	k = (int)ssgen_rng_below(r, (uint64_t)total);
	for (i = 0; k >= ssgen_agents[i].weight; i++)
		k -= ssgen_agents[i].weight;
	return &ssgen_agents[i];
}

static const struct ssgen_place *
ssgen_pick_place(struct ssgen_rng *r)
{
	size_t	 i;
	int	 total = 0, k;

	for (i = 0; i < SSGEN_NELEM(ssgen_places); i++)
		total += ssgen_places[i].weight;
	k = (int)ssgen_rng_below(r, (uint64_t)total);
	for (i = 0; k >= ssgen_places[i].weight; i++)
		k -= ssgen_places[i].weight;
	return &ssgen_places[i];
}

/*
 * Growable byte buffer.  Numbers are formatted by hand: printf would be
 * the bottleneck when writing hundreds of megabytes.
 */
static void
ssgen_buf_reserve(struct ssgen_buf *b, size_t more)
{
	size_t	 cap;
	char	*p;

	if (b->len + more <= b->cap)
		return;
	cap = b->cap == 0 ? 4096 : b->cap;
	while (cap < b->len + more)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL)
		ssgen_die("out of memory (%zu bytes)", cap);
	b->p = p;
	b->cap = cap;
}

static void
ssgen_buf_add(struct ssgen_buf *b, const void *p, size_t n)
{
	ssgen_buf_reserve(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
ssgen_buf_char(struct ssgen_buf *b, char c)
{
	ssgen_buf_reserve(b, 1);
	b->p[b->len++] = c;
}

/* Append v in decimal, zero-padded to at least width digits. */
static void
ssgen_buf_pad(struct ssgen_buf *b, uint64_t v, int width)
{
	char	 tmp[24], *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v != 0 || width > 0);
	ssgen_buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void
ssgen_buf_i64(struct ssgen_buf *b, int64_t v)
{
	if (v < 0) {
		ssgen_buf_char(b, '-');
		ssgen_buf_pad(b, (uint64_t)0 - (uint64_t)v, 1);
	} else
		ssgen_buf_pad(b, (uint64_t)v, 1);
}

/* Money: cents as a number with two decimals. */
static void
ssgen_buf_money(struct ssgen_buf *b, int64_t cents)
{
	ssgen_buf_pad(b, (uint64_t)(cents / 100), 1);
	ssgen_buf_char(b, '.');
	ssgen_buf_pad(b, (uint64_t)(cents % 100), 2);
}

/* A square of money, kept in units of 1e-4: exact with four decimals. */
static void
ssgen_buf_square(struct ssgen_buf *b, int64_t v)
{
	ssgen_buf_pad(b, (uint64_t)(v / 10000), 1);
	ssgen_buf_char(b, '.');
	ssgen_buf_pad(b, (uint64_t)(v % 10000), 4);
}

/*
 * Append s as a JSON string, then the raw bytes of extra (if any) inside
 * the quotes: that is how the utf8 defect plants its invalid bytes.
 */
static void
ssgen_buf_jstr_extra(struct ssgen_buf *b, const char *s, const char *extra)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*u;
	char			 esc[6];

	ssgen_buf_char(b, '"');
	for (u = (const unsigned char *)s; *u != '\0'; u++) {
		if (*u >= 0x20 && *u != '"' && *u != '\\') {
			ssgen_buf_char(b, (char)*u);
			continue;
		}
		switch (*u) {
		case '"':
			SSGEN_LIT(b, "\\\"");
			break;
		case '\\':
			SSGEN_LIT(b, "\\\\");
			break;
		case '\n':
			SSGEN_LIT(b, "\\n");
			break;
		case '\r':
			SSGEN_LIT(b, "\\r");
			break;
		case '\t':
			SSGEN_LIT(b, "\\t");
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[*u >> 4];
			esc[5] = hex[*u & 0xf];
			ssgen_buf_add(b, esc, sizeof(esc));
			break;
		}
	}
	if (extra != NULL)
		ssgen_buf_add(b, extra, strlen(extra));
	ssgen_buf_char(b, '"');
}

static void
ssgen_buf_jstr(struct ssgen_buf *b, const char *s)
{
	if (s == NULL)
		SSGEN_LIT(b, "null");
	else
		ssgen_buf_jstr_extra(b, s, NULL);
}

/*
 * Output files.  Bytes are gathered in a stage buffer and handed to
 * deflate (or write(2)) a chunk at a time, so that short lines do not
 * cost one deflate call each.  deflate is driven directly, not through
 * gzopen(), because the defects need a stream cut after a full flush, a
 * damaged trailer and several members in one file.
 */
static void
ssgen_out_raw(struct ssgen_out *o, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(o->fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			ssgen_die("%s: write: %s", o->path, strerror(errno));
		}
		c += w;
		n -= (size_t)w;
		o->bytes += (unsigned long long)w;
	}
}

static void
ssgen_out_pump(struct ssgen_out *o, const void *p, size_t n, int flush)
{
	int	 rc;

	o->zs.next_in = p;
	o->zs.avail_in = (uInt)n;
	do {
		o->zs.next_out = o->obuf;
		o->zs.avail_out = SSGEN_CHUNK;
		rc = deflate(&o->zs, flush);
		if (rc == Z_STREAM_ERROR)
			ssgen_die("%s: deflate failed", o->path);
		ssgen_out_raw(o, o->obuf, SSGEN_CHUNK - o->zs.avail_out);
	} while (o->zs.avail_out == 0);
}

static void
ssgen_out_begin(struct ssgen_out *o)
{
	memset(&o->zs, 0, sizeof(o->zs));
	if (deflateInit2(&o->zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16,
	    8, Z_DEFAULT_STRATEGY) != Z_OK)
		ssgen_die("%s: deflateInit2 failed", o->path);
	/*
	 * No time, no name, and a fixed OS byte (3, Unix), so the header is
	 * the same whatever the machine.
	 */
	memset(&o->head, 0, sizeof(o->head));
	o->head.os = 3;
	if (deflateSetHeader(&o->zs, &o->head) != Z_OK)
		ssgen_die("%s: deflateSetHeader failed", o->path);
	o->live = 1;
}

static void
ssgen_out_stage(struct ssgen_out *o, int flush)
{
	if (o->gzip)
		ssgen_out_pump(o, o->stage, o->slen, flush);
	else
		ssgen_out_raw(o, o->stage, o->slen);
	o->slen = 0;
}

static void
ssgen_out_write(struct ssgen_out *o, const void *p, size_t n)
{
	if (o->slen + n > SSGEN_CHUNK)
		ssgen_out_stage(o, Z_NO_FLUSH);
	if (n >= SSGEN_CHUNK) {
		if (o->gzip)
			ssgen_out_pump(o, p, n, Z_NO_FLUSH);
		else
			ssgen_out_raw(o, p, n);
		return;
	}
	memcpy(o->stage + o->slen, p, n);
	o->slen += n;
}

static void
ssgen_out_open(struct ssgen_out *o, const char *path, int gzip)
{
	o->path = path;
	o->gzip = gzip;
	o->live = 0;
	o->slen = 0;
	o->bytes = 0;
	o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (o->fd == -1)
		ssgen_die("%s: open: %s", path, strerror(errno));
	if (gzip)
		ssgen_out_begin(o);
}

/* Finish the current gzip member: final block and trailer. */
static void
ssgen_out_end_member(struct ssgen_out *o)
{
	ssgen_out_stage(o, Z_FINISH);
	o->crc = o->zs.adler;
	(void)deflateEnd(&o->zs);
	o->live = 0;
}

/*
 * Cut the stream after the lines written so far: a full flush makes
 * them decodable, and no final block or trailer follows.
 */
static void
ssgen_out_cut(struct ssgen_out *o)
{
	ssgen_out_stage(o, Z_FULL_FLUSH);
	(void)deflateEnd(&o->zs);
	o->live = 0;
}

static void
ssgen_out_close(struct ssgen_out *o, int bad_crc)
{
	unsigned char	 le[4];
	unsigned long	 crc;

	if (o->live)
		ssgen_out_end_member(o);
	else if (!o->gzip)
		ssgen_out_stage(o, Z_NO_FLUSH);
	if (bad_crc) {
		/* The trailer is CRC-32 then ISIZE, little-endian. */
		crc = ~o->crc & 0xffffffffUL;
		le[0] = (unsigned char)(crc & 0xff);
		le[1] = (unsigned char)((crc >> 8) & 0xff);
		le[2] = (unsigned char)((crc >> 16) & 0xff);
		le[3] = (unsigned char)((crc >> 24) & 0xff);
		if (pwrite(o->fd, le, sizeof(le), (off_t)(o->bytes - 8)) !=
		    (ssize_t)sizeof(le))
			ssgen_die("%s: write: %s", o->path, strerror(errno));
	}
	if (close(o->fd) == -1)
		ssgen_die("%s: close: %s", o->path, strerror(errno));
	o->fd = -1;
}

/* Create path and its parents, like mkdir -p. */
static void
ssgen_mkdirs(const char *path)
{
	char		 tmp[PATH_MAX];
	struct stat	 st;
	char		*p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		ssgen_die("%s: path too long", path);
	for (p = tmp + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			int	 last = *p == '\0';

			*p = '\0';
			if (mkdir(tmp, 0777) == -1 && (errno != EEXIST ||
			    stat(tmp, &st) == -1 || !S_ISDIR(st.st_mode)))
				ssgen_die("%s: mkdir: %s", tmp,
				    strerror(errno == EEXIST ? ENOTDIR :
				    errno));
			if (last)
				break;
			*p = '/';
		} else if (*p == '\0')
			break;
	}
}

/*
 * A time in [start_time, end_time], for events of the session.
 */
static int64_t
ssgen_time_in(struct ssgen_rng *r, const struct ssgen_sess *s)
{
	return ssgen_rng_range(r, s->start_time, s->end_time);
}

/*
 * Fill n stamps with distinct ids (ascending from a random base, so the
 * JSON object has no duplicate keys) and times inside the span.
 */
static void
ssgen_stamps(struct ssgen_rng *r, const struct ssgen_sess *s,
    struct ssgen_stamp *st, int n, uint32_t lo, uint32_t spread)
{
	uint32_t	 id;
	int		 i;

	id = lo + (uint32_t)ssgen_rng_below(r, spread);
	for (i = 0; i < n; i++) {
		st[i].id = id;
		st[i].time = ssgen_time_in(r, s);
		id += 1 + (uint32_t)ssgen_rng_below(r, 97);
	}
}

/* Evenly spread, increasing times for n product lines. */
static void
ssgen_plines(struct ssgen_rng *r, const struct ssgen_sess *s,
    struct ssgen_pline *pl, int n, int with_sku)
{
	int64_t		 step;
	int		 i;

	step = n == 0 ? 0 : (s->end_time - s->start_time) / n;
	for (i = 0; i < n; i++) {
		pl[i].product = 100000 + (uint32_t)ssgen_rng_below(r, 900000);
		pl[i].sku = with_sku ? 1 + (uint32_t)ssgen_rng_below(r, 40) : 0;
		pl[i].time = s->start_time + i * step +
		    ssgen_rng_range(r, 0, step);
	}
}

/*
 * The visitor number of a guid: a bijection of (interval, sequence)
 * scrambled by the seed, so that no two sessions of a day share a guid
 * and the numbers still look random.
 */
static uint64_t
ssgen_visitor(const struct ssgen *g, int interval, uint64_t seq)
{
	const uint64_t	 mask = (1ULL << 33) - 1;
	uint64_t	 x;

	x = ((uint64_t)interval << SSGEN_SEQ_BITS | seq) & mask;
	x ^= g->visitor_key & mask;
	x = (x * 0x2545f4914fULL) & mask;
	x ^= x >> 15;
	x = (x * 0x1b873593ULL) & mask;
	x ^= x >> 13;
	return 1000000000ULL + x;
}

static void
ssgen_sess_guid(struct ssgen_sess *s, int64_t account)
{
	snprintf(s->guid, sizeof(s->guid), "%lld:%s", (long long)account,
	    s->monetate_id);
}

/* Compose session_id: guid, purchase_count, start_time, end_time. */
static void
ssgen_sess_compose(struct ssgen_sess *s, int64_t purchase_count,
    int64_t first, int64_t second)
{
	snprintf(s->session_id, sizeof(s->session_id), "%s-%lld-%lld-%lld",
	    s->guid, (long long)purchase_count, (long long)first,
	    (long long)second);
}

static void
ssgen_sess_flags(struct ssgen_sess *s, struct ssgen_rng *r, int bounce)
{
	int	 impression, click, cart;

	s->flag[SSGEN_F_HAS_CART] = s->ncarts > 0 ? "t" : "f";
	s->flag[SSGEN_F_HAS_PRODUCT_VIEW] = s->product_view_count > 0 ?
	    "t" : "f";
	s->flag[SSGEN_F_HAS_PURCHASE] = s->purchase_count > 0 ? "t" : "f";
	impression = ssgen_rng_chance(r, bounce ? 0.12 : 0.35);
	click = impression && ssgen_rng_chance(r, 0.25);
	cart = click && s->ncarts > 0 && ssgen_rng_chance(r, 0.4);
	s->flag[SSGEN_F_HAS_REC_IMPRESSION] = impression ? "t" : "f";
	s->flag[SSGEN_F_HAS_REC_CLICK] = click ? "t" : "f";
	s->flag[SSGEN_F_HAS_REC_CART] = cart ? "t" : "f";
	s->flag[SSGEN_F_HAS_REC_PURCHASE] = cart && s->npurchases > 0 &&
	    ssgen_rng_chance(r, 0.5) ? "t" : "f";
	s->flag[SSGEN_F_HAS_STEALTH] = ssgen_rng_chance(r, 0.01) ? "t" : "f";
	s->flag[SSGEN_F_IS_BOUNCE] = bounce ? "t" : "f";
	s->flag[SSGEN_F_IS_CLOSED] = "t";
}

static void
ssgen_sess_purchases(struct ssgen_sess *s, struct ssgen_rng *r)
{
	struct ssgen_purchase	*p;
	struct ssgen_item	*it;
	int64_t			 mid;
	uint32_t		 id;
	int			 i, j;

	s->npurchases = ssgen_rng_chance(r, 0.2) ? 2 : 1;
	id = 100000000 + (uint32_t)ssgen_rng_below(r, 800000000);
	mid = s->start_time + (s->end_time - s->start_time) / 2;
	for (i = 0; i < s->npurchases; i++) {
		p = &s->purchases[i];
		p->id = id + (uint32_t)i;
		p->nitems = (int)ssgen_rng_range(r, 1, SSGEN_MAX_ITEMS);
		p->value = 0;
		for (j = 0; j < p->nitems; j++) {
			it = &p->items[j];
			/* Mostly products the visitor looked at. */
			if (s->nviews > 0 && ssgen_rng_chance(r, 0.7))
				it->product = s->views[ssgen_rng_below(r,
				    (uint64_t)s->nviews)].product;
			else
				it->product = 100000 +
				    (uint32_t)ssgen_rng_below(r, 900000);
			it->sku = 1 + (uint32_t)ssgen_rng_below(r, 40);
			it->unit = ssgen_rng_range(r, 5, 250) * 100;
			if (ssgen_rng_chance(r, 0.6))
				it->unit -= 1;
			it->quantity = ssgen_rng_chance(r, 0.75) ? 1 :
			    (int)ssgen_rng_range(r, 2, 3);
			p->value += it->unit * it->quantity;
		}
		p->time = ssgen_rng_range(r, mid, s->end_time);
		s->session_value += p->value;
		s->purchase_value_ss += p->value * p->value;
	}
	s->purchase_count = s->npurchases;
	s->session_value_ss = s->session_value * s->session_value;
}

/*
 * Make a clean session whose end_time lies in the interval starting at
 * t0 (moved by w->shift), honouring the constraints in w.
 */
static void
ssgen_sess_make(struct ssgen *g, struct ssgen_rng *r, int interval,
    int64_t t0, uint64_t seq, const struct ssgen_want *w)
{
	struct ssgen_sess		*s = g->sess;
	const struct ssgen_place	*pl;
	int64_t				 span, secs, first_seen, dwell;
	int				 bounce = 0, pv, i, new_customer;
	double				 u;

	s->ntargets = s->noffers = s->nevents = s->ncarts = s->nviews = 0;
	s->npurchases = 0;
	s->purchase_count = s->session_value = 0;
	s->session_value_ss = s->purchase_value_ss = 0;
	s->drop_flag = SSGEN_NONE;
	s->retype = SSGEN_RETYPE_NONE;
	s->x_extra = s->pad = 0;
	s->bad_utf8 = NULL;
	s->account_id = g->opt.account;
	s->session_count = 1;

	s->agent = w->bot ? &ssgen_bot_agent : ssgen_pick_agent(r);
	s->screen_width = s->agent->width;
	s->screen_height = s->agent->height;
	pl = ssgen_pick_place(r);
	s->city = pl->city;
	s->region = pl->region;
	s->country_code = pl->country;
	new_customer = ssgen_rng_chance(r, 0.35);
	s->flag[SSGEN_F_HAS_NEW_CUSTOMER] = new_customer ? "t" : "f";

	/* About 40 % of visits bounce; most of the others are short. */
	if (w->bot)
		pv = (int)ssgen_rng_range(r, 1000, 1500);
	else if (w->page_views != 0)
		pv = w->page_views;
	else if (w->purchase)
		pv = (int)ssgen_rng_range(r, 3, 14);
	else if (ssgen_rng_chance(r, 0.40)) {
		pv = 1;
		bounce = 1;
	} else {
		u = ssgen_rng_unit(r);
		if (u < 0.05)
			pv = 1;
		else if (u < 0.75)
			pv = (int)ssgen_rng_range(r, 2, 5);
		else if (u < 0.95)
			pv = (int)ssgen_rng_range(r, 6, 15);
		else
			pv = (int)ssgen_rng_range(r, 16, 40);
	}
	s->page_views = pv;
	s->page_views_ss = (int64_t)pv * pv;

	if (w->span != 0)
		span = w->span;
	else if (w->bot)
		span = ssgen_rng_range(r, SSGEN_HOUR_MS, 4 * SSGEN_HOUR_MS);
	else if (bounce)
		span = ssgen_rng_chance(r, 0.3) ? 0 :
		    ssgen_rng_range(r, 1000, 60000);
	else if (ssgen_rng_chance(r, 0.01))
		span = ssgen_rng_range(r, SSGEN_HOUR_MS, SSGEN_MAX_SPAN_MS);
	else {
		for (span = 0, i = 0; i < pv; i++) {
			dwell = ssgen_rng_range(r, 5000, 240000);
			span += dwell;
		}
		if (span > SSGEN_MAX_SPAN_MS)
			span = SSGEN_MAX_SPAN_MS;
	}
	if (span < w->min_span)
		span = w->min_span;
	s->end_time = t0 + ssgen_rng_range(r, 0, SSGEN_INTERVAL_MS - 1) +
	    w->shift;
	s->start_time = s->end_time - span;

	/*
	 * time_on_site is in whole seconds and never exceeds the span, so
	 * it passes however the auditor rounds the span.
	 */
	secs = span / 1000;
	if (bounce)
		s->time_on_site = ssgen_rng_range(r, 0, secs);
	else
		s->time_on_site = secs / 2 + ssgen_rng_range(r, 0,
		    secs - secs / 2);
	s->time_on_site_ss = s->time_on_site * s->time_on_site;

	if (w->quiet)
		s->product_view_count = 0;
	else if (w->bot)
		s->product_view_count = ssgen_rng_range(r, SSGEN_ITEM_LIMIT,
		    SSGEN_MAX_VIEWS - 1);
	else if (bounce)
		s->product_view_count = ssgen_rng_chance(r, 0.35);
	else {
		s->product_view_count = ssgen_rng_range(r, 0, pv);
		if (w->purchase && s->product_view_count == 0)
			s->product_view_count = 1;
	}
	/* Now and then a product view was not recorded as a view line. */
	s->nviews = (int)s->product_view_count;
	if (s->nviews > 2 && !w->bot && ssgen_rng_chance(r, 0.1))
		s->nviews--;
	ssgen_plines(r, s, s->views, s->nviews, 0);

	if (!w->quiet && !bounce && !w->bot &&
	    (w->purchase || ssgen_rng_chance(r, 0.15))) {
		s->ncarts = (int)ssgen_rng_range(r, 1, 4);
		ssgen_plines(r, s, s->carts, s->ncarts, 1);
	}
	if (w->purchase || (!w->quiet && !bounce && !w->bot && pv >= 3 &&
	    ssgen_rng_chance(r, 0.068)))
		ssgen_sess_purchases(s, r);

	if (!w->quiet) {
		u = ssgen_rng_unit(r);
		s->noffers = w->bot ? (int)ssgen_rng_range(r, 1, 3) :
		    u < 0.35 ? 0 : u < 0.65 ? 1 : u < 0.85 ? 2 :
		    (int)ssgen_rng_range(r, 3, 6);
		ssgen_stamps(r, s, s->offers, s->noffers, 1000000, 8000000);
		s->nevents = bounce ? (int)ssgen_rng_range(r, 0, 1) :
		    (int)ssgen_rng_range(r, 0, 5);
		ssgen_stamps(r, s, s->events, s->nevents, 1000, 60000);
	}
	u = ssgen_rng_unit(r);
	s->ntargets = u < 0.4 ? 0 : u < 0.75 ? 1 : (int)ssgen_rng_range(r,
	    2, 4);
	for (i = 0; i < s->ntargets; i++) {
		s->targets[i].id = (uint32_t)(1000 + 2000 * i) +
		    (uint32_t)ssgen_rng_below(r, 2000);
		s->targets[i].value = ssgen_target_values[ssgen_rng_below(r,
		    SSGEN_NELEM(ssgen_target_values))];
	}

	if (s->npurchases > 0 || ssgen_rng_chance(r, 0.15)) {
		s->customer_id = 10000000 + (uint32_t)ssgen_rng_below(r,
		    90000000);
		u = ssgen_rng_unit(r);
		s->customer_link = u < 0.6 ? s->customer_id : u < 0.7 ?
		    10000000 + (uint32_t)ssgen_rng_below(r, 90000000) : 0;
	} else {
		s->customer_id = 0;
		s->customer_link = ssgen_rng_chance(r, 0.05) ?
		    10000000 + (uint32_t)ssgen_rng_below(r, 90000000) : 0;
	}

	ssgen_sess_flags(s, r, bounce);

	first_seen = new_customer ? s->start_time : s->start_time -
	    ssgen_rng_range(r, SSGEN_DAY_MS, 400 * SSGEN_DAY_MS);
	snprintf(s->monetate_id, sizeof(s->monetate_id), "2.%llu.%lld",
	    (unsigned long long)ssgen_visitor(g, interval, seq),
	    (long long)first_seen);
	ssgen_sess_guid(s, s->account_id);
}

/* Serialise the session as one JSON object (no newline) into b. */
static void
ssgen_sess_json(struct ssgen *g, const struct ssgen_sess *s,
    struct ssgen_buf *b)
{
	const struct ssgen_purchase	*p;
	const struct ssgen_item		*it;
	int				 i, j;

	b->len = 0;
	SSGEN_LIT(b, "{\"account_id\":");
	ssgen_buf_i64(b, s->account_id);
	SSGEN_LIT(b, ",\"browser\":");
	ssgen_buf_jstr(b, s->agent->browser);
	SSGEN_LIT(b, ",\"browser_version\":");
	if (s->retype == SSGEN_RETYPE_BROWSER_VERSION)
		ssgen_buf_i64(b, s->agent->major);
	else
		ssgen_buf_jstr(b, s->agent->version);
	SSGEN_LIT(b, ",\"cart_lines\":[");
	for (i = 0; i < s->ncarts; i++) {
		if (i > 0)
			ssgen_buf_char(b, ',');
		SSGEN_LIT(b, "{\"product_id\":\"P");
		ssgen_buf_pad(b, s->carts[i].product, 6);
		SSGEN_LIT(b, "\",\"sku\":\"P");
		ssgen_buf_pad(b, s->carts[i].product, 6);
		ssgen_buf_char(b, '-');
		ssgen_buf_pad(b, s->carts[i].sku, 2);
		SSGEN_LIT(b, "\",\"time\":");
		ssgen_buf_i64(b, s->carts[i].time);
		ssgen_buf_char(b, '}');
	}
	SSGEN_LIT(b, "],\"city\":");
	ssgen_buf_jstr(b, s->city);
	SSGEN_LIT(b, ",\"country_code\":");
	ssgen_buf_jstr(b, s->country_code);
	SSGEN_LIT(b, ",\"custom_targets\":{");
	for (i = 0; i < s->ntargets; i++) {
		if (i > 0)
			ssgen_buf_char(b, ',');
		ssgen_buf_char(b, '"');
		ssgen_buf_pad(b, s->targets[i].id, 1);
		SSGEN_LIT(b, "\":");
		ssgen_buf_jstr(b, s->targets[i].value);
	}
	if (s->pad) {
		if (s->ntargets > 0)
			ssgen_buf_char(b, ',');
		ssgen_buf_char(b, '"');
		ssgen_buf_pad(b, SSGEN_PAD_TARGET, 1);
		SSGEN_LIT(b, "\":\"");
		g->pad_off = b->len;
		ssgen_buf_char(b, '"');
	}
	SSGEN_LIT(b, "},\"customer_id\":");
	if (s->customer_id == 0)
		SSGEN_LIT(b, "null");
	else {
		SSGEN_LIT(b, "\"C");
		ssgen_buf_pad(b, s->customer_id, 8);
		ssgen_buf_char(b, '"');
	}
	SSGEN_LIT(b, ",\"customer_link\":");
	if (s->customer_link == 0)
		SSGEN_LIT(b, "null");
	else {
		SSGEN_LIT(b, "\"C");
		ssgen_buf_pad(b, s->customer_link, 8);
		ssgen_buf_char(b, '"');
	}
	SSGEN_LIT(b, ",\"device_type\":");
	ssgen_buf_jstr(b, s->agent->device);
	SSGEN_LIT(b, ",\"end_time\":");
	ssgen_buf_i64(b, s->end_time);
	SSGEN_LIT(b, ",\"guid\":");
	ssgen_buf_jstr(b, s->guid);
	for (i = 0; i < SSGEN_NFLAGS; i++) {
		if (i == s->drop_flag)
			continue;
		SSGEN_LIT(b, ",\"");
		ssgen_buf_add(b, ssgen_flag_names[i],
		    strlen(ssgen_flag_names[i]));
		SSGEN_LIT(b, "\":");
		ssgen_buf_jstr(b, s->flag[i]);
	}
	SSGEN_LIT(b, ",\"offers\":{");
	for (i = 0; i < s->noffers; i++) {
		if (i > 0)
			ssgen_buf_char(b, ',');
		ssgen_buf_char(b, '"');
		ssgen_buf_pad(b, s->offers[i].id, 1);
		SSGEN_LIT(b, "\":");
		ssgen_buf_i64(b, s->offers[i].time);
	}
	SSGEN_LIT(b, "},\"os\":");
	ssgen_buf_jstr_extra(b, s->agent->os, s->bad_utf8);
	SSGEN_LIT(b, ",\"os_version\":");
	ssgen_buf_jstr(b, s->agent->os_version);
	SSGEN_LIT(b, ",\"page_event_ids\":{");
	for (i = 0; i < s->nevents; i++) {
		if (i > 0)
			ssgen_buf_char(b, ',');
		ssgen_buf_char(b, '"');
		ssgen_buf_pad(b, s->events[i].id, 1);
		SSGEN_LIT(b, "\":");
		ssgen_buf_i64(b, s->events[i].time);
	}
	SSGEN_LIT(b, "},\"page_views\":");
	ssgen_buf_i64(b, s->page_views);
	SSGEN_LIT(b, ",\"page_views_ss\":");
	ssgen_buf_i64(b, s->page_views_ss);
	SSGEN_LIT(b, ",\"product_view_count\":");
	ssgen_buf_i64(b, s->product_view_count);
	SSGEN_LIT(b, ",\"purchase_count\":");
	ssgen_buf_i64(b, s->purchase_count);
	SSGEN_LIT(b, ",\"purchase_lines\":{");
	for (i = 0; i < s->npurchases; i++) {
		p = &s->purchases[i];
		if (i > 0)
			ssgen_buf_char(b, ',');
		SSGEN_LIT(b, "\"ORD");
		ssgen_buf_pad(b, p->id, 9);
		SSGEN_LIT(b, "\":{\"items\":[");
		for (j = 0; j < p->nitems; j++) {
			it = &p->items[j];
			if (j > 0)
				ssgen_buf_char(b, ',');
			SSGEN_LIT(b, "{\"product_id\":\"P");
			ssgen_buf_pad(b, it->product, 6);
			SSGEN_LIT(b, "\",\"quantity\":");
			ssgen_buf_i64(b, it->quantity);
			SSGEN_LIT(b, ",\"sku\":\"P");
			ssgen_buf_pad(b, it->product, 6);
			ssgen_buf_char(b, '-');
			ssgen_buf_pad(b, it->sku, 2);
			SSGEN_LIT(b, "\",\"unit_price\":");
			ssgen_buf_money(b, it->unit);
			ssgen_buf_char(b, '}');
		}
		SSGEN_LIT(b, "],\"time\":");
		ssgen_buf_i64(b, p->time);
		SSGEN_LIT(b, ",\"value\":");
		ssgen_buf_money(b, p->value);
		ssgen_buf_char(b, '}');
	}
	SSGEN_LIT(b, "},\"purchase_value_ss\":");
	ssgen_buf_square(b, s->purchase_value_ss);
	SSGEN_LIT(b, ",\"purchases\":{");
	for (i = 0; i < s->npurchases; i++) {
		if (i > 0)
			ssgen_buf_char(b, ',');
		SSGEN_LIT(b, "\"ORD");
		ssgen_buf_pad(b, s->purchases[i].id, 9);
		SSGEN_LIT(b, "\":");
		ssgen_buf_money(b, s->purchases[i].value);
	}
	SSGEN_LIT(b, "},\"region\":");
	ssgen_buf_jstr(b, s->region);
	SSGEN_LIT(b, ",\"screen_height\":");
	if (s->retype == SSGEN_RETYPE_SCREEN_HEIGHT)
		ssgen_buf_char(b, '"');
	ssgen_buf_i64(b, s->screen_height);
	if (s->retype == SSGEN_RETYPE_SCREEN_HEIGHT)
		ssgen_buf_char(b, '"');
	SSGEN_LIT(b, ",\"screen_width\":");
	if (s->retype == SSGEN_RETYPE_SCREEN_WIDTH)
		ssgen_buf_char(b, '"');
	ssgen_buf_i64(b, s->screen_width);
	if (s->retype == SSGEN_RETYPE_SCREEN_WIDTH)
		ssgen_buf_char(b, '"');
	SSGEN_LIT(b, ",\"session_count\":");
	ssgen_buf_i64(b, s->session_count);
	SSGEN_LIT(b, ",\"session_id\":");
	ssgen_buf_jstr(b, s->session_id);
	SSGEN_LIT(b, ",\"session_value\":");
	ssgen_buf_money(b, s->session_value);
	SSGEN_LIT(b, ",\"session_value_ss\":");
	ssgen_buf_square(b, s->session_value_ss);
	SSGEN_LIT(b, ",\"start_time\":");
	ssgen_buf_i64(b, s->start_time);
	SSGEN_LIT(b, ",\"time_on_site\":");
	ssgen_buf_i64(b, s->time_on_site);
	SSGEN_LIT(b, ",\"time_on_site_ss\":");
	ssgen_buf_i64(b, s->time_on_site_ss);
	SSGEN_LIT(b, ",\"view_lines\":[");
	for (i = 0; i < s->nviews; i++) {
		if (i > 0)
			ssgen_buf_char(b, ',');
		SSGEN_LIT(b, "{\"product_id\":\"P");
		ssgen_buf_pad(b, s->views[i].product, 6);
		SSGEN_LIT(b, "\",\"time\":");
		ssgen_buf_i64(b, s->views[i].time);
		ssgen_buf_char(b, '}');
	}
	ssgen_buf_char(b, ']');
	if (s->x_extra)
		SSGEN_LIT(b, ",\"x_extra\":1");
	ssgen_buf_char(b, '}');
}

/* Note a finding expected on the next line written. */
static void
ssgen_expect(struct ssgen *g, const char *rule, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
ssgen_expect(struct ssgen *g, const char *rule, const char *fmt, ...)
{
	struct ssgen_row	*row;
	va_list			 ap;

	if (g->npend == (int)SSGEN_NELEM(g->pend))
		ssgen_die("internal error: too many findings for one line");
	row = &g->pend[g->npend++];
	row->rule = rule;
	va_start(ap, fmt);
	vsnprintf(row->field, sizeof(row->field), fmt, ap);
	va_end(ap);
}

static void
ssgen_row_add(struct ssgen *g, unsigned long long line, const char *rule,
    const char *field)
{
	struct ssgen_row	*rows;
	size_t			 cap;

	if (g->nrows == g->caprows) {
		cap = g->caprows == 0 ? 64 : g->caprows * 2;
		if ((rows = realloc(g->rows, cap * sizeof(*rows))) == NULL)
			ssgen_die("out of memory");
		g->rows = rows;
		g->caprows = cap;
	}
	g->rows[g->nrows].line = line;
	g->rows[g->nrows].rule = rule;
	snprintf(g->rows[g->nrows].field, sizeof(g->rows[0].field), "%s",
	    field);
	g->nrows++;
}

/* Turn the pending findings into rows of the given line. */
static void
ssgen_expect_flush(struct ssgen *g, unsigned long long line)
{
	int	 i;

	for (i = 0; i < g->npend; i++)
		ssgen_row_add(g, line, g->pend[i].rule, g->pend[i].field);
	g->npend = 0;
}

/*
 * Constraints a defect needs before the session is made: what it breaks
 * must exist (purchases to miscount, page views beyond one for a false
 * bounce, a span to reverse) and nothing else may break with it.
 */
static void
ssgen_defect_want(int cls, struct ssgen_rng *r, struct ssgen_want *w)
{
	switch (cls) {
	case SSGEN_SS_PURCHASE_VALUE:
	case SSGEN_SESSION_VALUE_SUM:
	case SSGEN_PURCHASE_COUNT:
		w->purchase = 1;
		break;
	case SSGEN_BOUNCE:
		w->page_views = 3;
		break;
	case SSGEN_SESSION_ID_COMPOSITION:
		/* Swapping equal times would change nothing. */
		w->min_span = 1000;
		break;
	case SSGEN_TIME_ORDER:
		w->quiet = 1;
		break;
	case SSGEN_SESSION_LENGTH:
		w->span = 13 * SSGEN_HOUR_MS + ssgen_rng_range(r, 0,
		    30 * SSGEN_MINUTE_MS);
		break;
	case SSGEN_FILE_WINDOW:
		/* Two hours or more after, or before, the file's interval. */
		w->shift = ssgen_rng_chance(r, 0.5) ?
		    2 * SSGEN_HOUR_MS + SSGEN_INTERVAL_MS :
		    -2 * SSGEN_HOUR_MS - SSGEN_INTERVAL_MS;
		break;
	default:
		break;
	}
}

/*
 * Break the session made under ssgen_defect_want() so that it violates
 * one rule, note the finding, and compose session_id.  Every change that
 * touches a part of session_id (account, guid, purchase count, times) is
 * made before it is composed, so session-id-composition stays quiet.
 */
static void
ssgen_defect_apply(struct ssgen *g, int cls, struct ssgen_rng *r)
{
	struct ssgen_sess	*s = g->sess;
	const char		*name;
	uint32_t		 id;
	int			 f, v, i;

	name = cls == SSGEN_NONE ? NULL : ssgen_classes[cls].name;
	switch (cls) {
	case SSGEN_REQUIRED_FIELD:
		f = ssgen_free_flags[ssgen_rng_below(r, SSGEN_NFREE_FLAGS)];
		s->drop_flag = f;
		ssgen_expect(g, name, "/%s", ssgen_flag_names[f]);
		break;
	case SSGEN_FIELD_TYPE:
		v = (int)ssgen_rng_range(r, SSGEN_RETYPE_SCREEN_WIDTH,
		    SSGEN_RETYPE_BROWSER_VERSION);
		s->retype = (enum ssgen_retype)v;
		ssgen_expect(g, name, "%s",
		    v == SSGEN_RETYPE_SCREEN_WIDTH ? "/screen_width" :
		    v == SSGEN_RETYPE_SCREEN_HEIGHT ? "/screen_height" :
		    "/browser_version");
		break;
	case SSGEN_UNKNOWN_FIELD:
		s->x_extra = 1;
		ssgen_expect(g, name, "/x_extra");
		break;
	case SSGEN_FLAG_VALUE:
		f = ssgen_free_flags[ssgen_rng_below(r, SSGEN_NFREE_FLAGS)];
		s->flag[f] = ssgen_bad_flags[ssgen_rng_below(r,
		    SSGEN_NELEM(ssgen_bad_flags))];
		ssgen_expect(g, name, "/%s", ssgen_flag_names[f]);
		break;
	case SSGEN_SESSION_COUNT:
		s->session_count = ssgen_rng_chance(r, 0.5) ? 2 :
		    ssgen_rng_chance(r, 0.5) ? 0 : 3;
		ssgen_expect(g, name, "/session_count");
		break;
	case SSGEN_GUID_COMPOSITION:
		/*
		 * No colon, an empty Monetate id, or another account in
		 * front.  The separator of session_id ('-') appears in none
		 * of them, so the composition still parses.
		 */
		switch (ssgen_rng_below(r, 3)) {
		case 0:
			snprintf(s->guid, sizeof(s->guid), "%lld%s",
			    (long long)s->account_id, s->monetate_id);
			break;
		case 1:
			snprintf(s->guid, sizeof(s->guid), "%lld:",
			    (long long)s->account_id);
			break;
		default:
			ssgen_sess_guid(s, s->account_id + 7);
			break;
		}
		ssgen_expect(g, name, "/guid");
		break;
	case SSGEN_ACCOUNT_MATCH:
		s->account_id += ssgen_rng_range(r, 1, 9000);
		ssgen_sess_guid(s, s->account_id);
		ssgen_expect(g, name, "/account_id");
		break;
	case SSGEN_SS_PAGE_VIEWS:
		s->page_views_ss = s->page_views > 1 &&
		    ssgen_rng_chance(r, 0.5) ? s->page_views :
		    s->page_views_ss + 1;
		ssgen_expect(g, name, "/page_views_ss");
		break;
	case SSGEN_SS_TIME_ON_SITE:
		s->time_on_site_ss = s->time_on_site > 1 &&
		    ssgen_rng_chance(r, 0.5) ? s->time_on_site :
		    s->time_on_site_ss + ssgen_rng_range(r, 1, 100);
		ssgen_expect(g, name, "/time_on_site_ss");
		break;
	case SSGEN_SS_SESSION_VALUE:
		/* Far beyond any sane tolerance, absolute or relative. */
		s->session_value_ss += s->session_value_ss / 10 + 15000;
		ssgen_expect(g, name, "/session_value_ss");
		break;
	case SSGEN_SS_PURCHASE_VALUE:
		s->purchase_value_ss += s->purchase_value_ss / 10 + 12345;
		ssgen_expect(g, name, "/purchase_value_ss");
		break;
	case SSGEN_SESSION_VALUE_SUM:
		s->session_value += ssgen_rng_range(r, 100, 1000);
		s->session_value_ss = s->session_value * s->session_value;
		ssgen_expect(g, name, "/session_value");
		break;
	case SSGEN_PURCHASE_COUNT:
		/* has_purchase stays "t" and session_id carries the count. */
		s->purchase_count = s->npurchases + 1;
		ssgen_expect(g, name, "/purchase_count");
		break;
	case SSGEN_HAS_PURCHASE:
		s->flag[SSGEN_F_HAS_PURCHASE] = s->purchase_count > 0 ?
		    "f" : "t";
		ssgen_expect(g, name, "/has_purchase");
		break;
	case SSGEN_HAS_PRODUCT_VIEW:
		s->flag[SSGEN_F_HAS_PRODUCT_VIEW] =
		    s->product_view_count > 0 ? "f" : "t";
		ssgen_expect(g, name, "/has_product_view");
		break;
	case SSGEN_BOUNCE:
		s->flag[SSGEN_F_IS_BOUNCE] = "t";
		ssgen_expect(g, name, "/is_bounce");
		break;
	case SSGEN_NON_NEGATIVE:
		if (ssgen_rng_chance(r, 0.5)) {
			s->screen_height = -1;
			ssgen_expect(g, name, "/screen_height");
		} else {
			s->screen_width = -1;
			ssgen_expect(g, name, "/screen_width");
		}
		break;
	case SSGEN_TIME_ORDER:
		/*
		 * end_time stays in the file's interval and start_time moves
		 * after it.  The session has no timed events (any time would
		 * lie outside an inverted span).  time-on-site and event-time
		 * are not evaluated on an inverted span: time-order covers it.
		 */
		s->start_time = s->end_time + ssgen_rng_range(r, 1000,
		    10 * SSGEN_MINUTE_MS);
		ssgen_expect(g, name, "/end_time");
		break;
	case SSGEN_SESSION_LENGTH:
		ssgen_expect(g, name, "/end_time");
		break;
	case SSGEN_TIME_ON_SITE:
		s->time_on_site = (s->end_time - s->start_time) / 1000 +
		    ssgen_rng_range(r, 1, 600);
		s->time_on_site_ss = s->time_on_site * s->time_on_site;
		ssgen_expect(g, name, "/time_on_site");
		break;
	case SSGEN_EVENT_TIME:
		if (ssgen_rng_chance(r, 0.5)) {
			if (s->noffers == 0) {
				s->offers[0].id = 1000000 +
				    (uint32_t)ssgen_rng_below(r, 8000000);
				s->noffers = 1;
			}
			i = (int)ssgen_rng_below(r, (uint64_t)s->noffers);
			s->offers[i].time = s->end_time +
			    ssgen_rng_range(r, 1, 10 * SSGEN_MINUTE_MS);
			ssgen_expect(g, name, "/offers/%u", s->offers[i].id);
		} else {
			if (s->nevents == 0) {
				s->events[0].id = 1000 +
				    (uint32_t)ssgen_rng_below(r, 60000);
				s->nevents = 1;
			}
			i = (int)ssgen_rng_below(r, (uint64_t)s->nevents);
			s->events[i].time = s->start_time -
			    ssgen_rng_range(r, 1, 10 * SSGEN_MINUTE_MS);
			ssgen_expect(g, name, "/page_event_ids/%u",
			    s->events[i].id);
		}
		break;
	case SSGEN_CLOSED:
		s->flag[SSGEN_F_IS_CLOSED] = "f";
		ssgen_expect(g, name, "/is_closed");
		break;
	case SSGEN_COUNTRY_CODE:
		s->country_code = ssgen_bad_countries[ssgen_rng_below(r,
		    SSGEN_NELEM(ssgen_bad_countries))];
		ssgen_expect(g, name, "/country_code");
		break;
	case SSGEN_ITEM_LIMIT_CLASS:
		s->noffers = (int)ssgen_rng_range(r, SSGEN_ITEM_LIMIT,
		    SSGEN_MAX_OFFERS);
		ssgen_stamps(r, s, s->offers, s->noffers, 1000000, 8000000);
		ssgen_expect(g, name, "/offers");
		break;
	case SSGEN_FILE_WINDOW:
		ssgen_expect(g, name, "/end_time");
		break;
	case SSGEN_PII:
		if (s->ntargets == SSGEN_MAX_SMALL)
			s->ntargets--;
		id = s->ntargets == 0 ? 1000 :
		    s->targets[s->ntargets - 1].id + 1 +
		    (uint32_t)ssgen_rng_below(r, 500);
		s->targets[s->ntargets].id = id;
		s->targets[s->ntargets].value =
		    ssgen_pii_values[ssgen_rng_below(r,
		    SSGEN_NELEM(ssgen_pii_values))];
		s->ntargets++;
		ssgen_expect(g, name, "/custom_targets/%u", id);
		break;
	default:
		break;
	}

	if (cls == SSGEN_SESSION_ID_COMPOSITION) {
		/* Start and end swapped, or the wrong purchase count. */
		if (ssgen_rng_chance(r, 0.7))
			ssgen_sess_compose(s, s->purchase_count, s->end_time,
			    s->start_time);
		else
			ssgen_sess_compose(s, s->purchase_count + 1,
			    s->start_time, s->end_time);
		ssgen_expect(g, name, "/session_id");
	} else
		ssgen_sess_compose(s, s->purchase_count, s->start_time,
		    s->end_time);
}

/*
 * Corrupt the JSON text of a line in one of several ways; the line stays
 * valid UTF-8 and not blank, so only json-syntax applies.
 */
static void
ssgen_break_json(struct ssgen_buf *b, struct ssgen_rng *r)
{
	switch (ssgen_rng_below(r, 4)) {
	case 0:
		b->len--;			/* no closing brace */
		break;
	case 1:
		b->p[b->len - 1] = ',';		/* trailing comma */
		ssgen_buf_char(b, '}');
		break;
	case 2:
		/* Valid JSON, but an array, not an object. */
		ssgen_buf_reserve(b, 2);
		memmove(b->p + 1, b->p, b->len);
		b->p[0] = '[';
		b->len++;
		ssgen_buf_char(b, ']');
		break;
	default:
		/* A single-quoted key: the line starts {"account_id": */
		b->p[1] = '\'';
		b->p[12] = '\'';
		break;
	}
}

static void
ssgen_write_line(struct ssgen *g, const char *p, size_t n)
{
	ssgen_out_write(&g->out, p, n);
	ssgen_out_write(&g->out, "\n", 1);
}

/*
 * The extra line of the line-length defect: a clean session whose
 * custom_targets hold a padding string making the line long bytes (or
 * the bare session, if that is already longer).  The padding is
 * streamed, never built in memory.
 */
static void
ssgen_long_line(struct ssgen *g, struct ssgen_rng *r, int interval,
    int64_t t0, uint64_t seq)
{
	static char		 pad[64 * 1024];
	struct ssgen_want	 w;
	size_t			 want, n, chunk;

	if (pad[0] != 'x')
		memset(pad, 'x', sizeof(pad));
	memset(&w, 0, sizeof(w));
	ssgen_sess_make(g, r, interval, t0, seq, &w);
	ssgen_sess_compose(g->sess, g->sess->purchase_count,
	    g->sess->start_time, g->sess->end_time);
	g->sess->pad = 1;
	ssgen_sess_json(g, g->sess, &g->line);
	want = (size_t)g->opt.long_line;
	n = want > g->line.len ? want - g->line.len : 0;
	ssgen_out_write(&g->out, g->line.p, g->pad_off);
	for (; n > 0; n -= chunk) {
		chunk = n < sizeof(pad) ? n : sizeof(pad);
		ssgen_out_write(&g->out, pad, chunk);
	}
	ssgen_write_line(g, g->line.p + g->pad_off,
	    g->line.len - g->pad_off);
}

static int
ssgen_row_cmp(const void *va, const void *vb)
{
	const struct ssgen_row	*a = va, *b = vb;
	int			 c;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	return strcmp(a->field, b->field);
}

/* Pick a defect class (or none) for one line of a file. */
static int
ssgen_pick_class(struct ssgen *g, struct ssgen_rng *r, int *bot)
{
	double	 u, acc;
	int	 c;

	*bot = 0;
	u = ssgen_rng_unit(r);
	acc = g->opt.big;
	if (u < acc) {
		*bot = 1;
		return SSGEN_NONE;
	}
	for (c = 0; c < SSGEN_NCLASSES; c++) {
		if (ssgen_classes[c].scope == SSGEN_SCOPE_FILE ||
		    g->opt.rate[c] <= 0)
			continue;
		acc += g->opt.rate[c];
		if (u < acc)
			return c;
	}
	return SSGEN_NONE;
}

/* Write the file of one interval (or the --single file). */
static void
ssgen_file(struct ssgen *g, int interval)
{
	struct ssgen_rng	 rng, *r = &rng;
	struct ssgen_want	 w;
	char			 rel[PATH_MAX], path[PATH_MAX], dir[PATH_MAX];
	char			*slash;
	const char		*blank;
	int64_t			 t0, unique;
	uint64_t		 seq = 0;
	unsigned long long	 lineno = 0, sessions = 0;
	long			 i, n = g->opt.sessions, cut = -1, split = -1;
	int			 fclass = g->fclass[interval], cls, bot;
	int			 defects, hh, mm;
	size_t			 k;

	t0 = g->opt.day_ms + interval * SSGEN_INTERVAL_MS;
	ssgen_rng_seed(r, g->opt.seed, (uint64_t)interval + 1);
	/* The unique part looks like the time the file was written. */
	unique = t0 + SSGEN_INTERVAL_MS + ssgen_rng_range(r, SSGEN_MINUTE_MS,
	    30 * SSGEN_MINUTE_MS);
	hh = interval / 4;
	mm = interval % 4 * 15;
	if (g->opt.single != NULL)
		k = (size_t)snprintf(rel, sizeof(rel), "%s", g->opt.single);
	else
		k = (size_t)snprintf(rel, sizeof(rel),
		    "%lld/raw_data/session_stream/%04d/%02d/%02d/"
		    "%04d%02d%02dT%02d%02d00.000Z_PT15M-%013lld.json%s",
		    (long long)g->opt.account, g->opt.year, g->opt.month,
		    g->opt.day, g->opt.year, g->opt.month, g->opt.day, hh, mm,
		    (long long)unique, g->opt.plain ? "" : ".gz");
	if (k >= sizeof(rel) || (size_t)snprintf(path, sizeof(path), "%s/%s",
	    g->opt.outdir, rel) >= sizeof(path))
		ssgen_die("%s/%s: path too long", g->opt.outdir, rel);
	memcpy(dir, path, sizeof(dir));
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		ssgen_mkdirs(dir);
	}

	g->nrows = 0;
	g->npend = 0;
	g->saved.len = 0;
	if (fclass == SSGEN_EMPTY_FILE) {
		ssgen_out_open(&g->out, path, 0);
		ssgen_out_close(&g->out, 0);
		goto done;
	}
	ssgen_out_open(&g->out, path,
	    !g->opt.plain && fclass != SSGEN_GZIP_NOTGZIP);
	/* Files with a file defect carry nothing else that is reported. */
	defects = fclass == SSGEN_NONE || fclass == SSGEN_MULTI_MEMBER;
	if (fclass == SSGEN_GZIP_TRUNCATED)
		cut = (long)ssgen_rng_range(r, 1, n - 1);
	if (fclass == SSGEN_MULTI_MEMBER)
		split = (long)ssgen_rng_range(r, 1, n - 1);

	for (i = 0; i < n; i++) {
		cls = SSGEN_NONE;
		bot = 0;
		if (defects)
			cls = ssgen_pick_class(g, r, &bot);
		/* The first clean line of a file cannot be repeated yet. */
		if (cls == SSGEN_DUPLICATE_SESSION && g->saved.len == 0)
			cls = SSGEN_NONE;

		if (cls == SSGEN_BLANK_LINE) {
			blank = ssgen_blank_lines[ssgen_rng_below(r,
			    SSGEN_NELEM(ssgen_blank_lines))];
			ssgen_write_line(g, blank, strlen(blank));
			ssgen_row_add(g, ++lineno, "blank-line", "");
			cls = SSGEN_NONE;
		} else if (cls == SSGEN_LINE_LENGTH) {
			ssgen_long_line(g, r, interval, t0, seq++);
			ssgen_row_add(g, ++lineno, "line-length", "");
			cls = SSGEN_NONE;
		}

		if (cls == SSGEN_DUPLICATE_SESSION) {
			/* Repeat the last clean session, once. */
			ssgen_write_line(g, g->saved.p, g->saved.len);
			ssgen_row_add(g, ++lineno, "duplicate-session",
			    "/session_id");
			sessions++;
			g->saved.len = 0;
			goto next;
		}

		memset(&w, 0, sizeof(w));
		w.bot = bot;
		ssgen_defect_want(cls, r, &w);
		ssgen_sess_make(g, r, interval, t0, seq++, &w);
		ssgen_defect_apply(g, cls, r);
		if (cls == SSGEN_UTF8)
			g->sess->bad_utf8 = ssgen_bad_utf8[ssgen_rng_below(r,
			    SSGEN_NELEM(ssgen_bad_utf8))];
		ssgen_sess_json(g, g->sess, &g->line);
		if (cls == SSGEN_JSON_SYNTAX)
			ssgen_break_json(&g->line, r);
		ssgen_write_line(g, g->line.p, g->line.len);
		lineno++;
		if (cls == SSGEN_JSON_SYNTAX || cls == SSGEN_UTF8)
			ssgen_expect(g, ssgen_classes[cls].name, "%s", "");
		else
			sessions++;
		if (bot)
			ssgen_expect(g, "item-limit", "/view_lines");
		ssgen_expect_flush(g, lineno);
		if (cls == SSGEN_NONE && !bot &&
		    g->opt.rate[SSGEN_DUPLICATE_SESSION] > 0) {
			g->saved.len = 0;
			ssgen_buf_add(&g->saved, g->line.p, g->line.len);
		}
next:
		if (i + 1 == cut)
			break;
		if (i + 1 == split) {
			ssgen_out_end_member(&g->out);
			ssgen_out_begin(&g->out);
		}
	}
	if (cut != -1)
		ssgen_out_cut(&g->out);
	ssgen_out_close(&g->out, fclass == SSGEN_GZIP_CRC);
	if (fclass == SSGEN_GZIP_TRUNCATED || fclass == SSGEN_GZIP_CRC ||
	    fclass == SSGEN_GZIP_NOTGZIP)
		ssgen_row_add(g, 0, "gzip", "");

done:
	if (lineno == 0)
		ssgen_row_add(g, 0, "empty-file", "");
	if (g->nrows > 1)
		qsort(g->rows, g->nrows, sizeof(*g->rows), ssgen_row_cmp);
	if (g->truth != NULL) {
		for (k = 0; k < g->nrows; k++) {
			if (g->rows[k].line == 0)
				fprintf(g->truth, "%s\t\t%s\t%s\n", rel,
				    g->rows[k].rule, g->rows[k].field);
			else
				fprintf(g->truth, "%s\t%llu\t%s\t%s\n", rel,
				    g->rows[k].line, g->rows[k].rule,
				    g->rows[k].field);
		}
	}
	if (g->counts != NULL)
		fprintf(g->counts, "%s\t%llu\t%llu\n", rel, lineno, sessions);
}

/* Parse a whole decimal number in [lo, hi], or fail with a usage error. */
static long long
ssgen_parse_num(const char *opt, const char *s, long long lo, long long hi)
{
	char		*end;
	long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9')
		ssgen_usage_error("--%s: not a number: %s", opt, s);
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		ssgen_usage_error("--%s: not a number: %s", opt, s);
	if (errno == ERANGE || v < lo || v > hi)
		ssgen_usage_error("--%s: %s is out of range %lld..%lld", opt, s,
		    lo, hi);
	return v;
}

static double
ssgen_parse_rate(const char *opt, const char *s, double hi)
{
	char	*end;
	double	 v;

	if ((*s < '0' || *s > '9') && *s != '.')
		ssgen_usage_error("--%s: not a number: %s", opt, s);
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0' || errno == ERANGE)
		ssgen_usage_error("--%s: not a number: %s", opt, s);
	if (!(v >= 0 && v <= hi))
		ssgen_usage_error("--%s: %s is out of range 0..%g", opt, s, hi);
	return v;
}

static int
ssgen_days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
ssgen_days_from_civil(int y, int m, int d)
{
	int64_t		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
ssgen_parse_date(struct ssgen_opts *o, const char *s)
{
	int	 i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			ssgen_usage_error("--date: not YYYY-MM-DD: %s", s);
	}
	if (s[10] != '\0')
		ssgen_usage_error("--date: not YYYY-MM-DD: %s", s);
	o->year = atoi(s);
	o->month = atoi(s + 5);
	o->day = atoi(s + 8);
	if (o->year < 1970 || o->month < 1 || o->month > 12 || o->day < 1 ||
	    o->day > ssgen_days_in_month(o->year, o->month))
		ssgen_usage_error("--date: no such day: %s", s);
	o->day_ms = ssgen_days_from_civil(o->year, o->month, o->day) *
	    SSGEN_DAY_MS;
}

static void
ssgen_parse_inject(struct ssgen_opts *o, const char *arg)
{
	const char	*eq;
	size_t		 len;
	int		 c;

	if ((eq = strchr(arg, '=')) == NULL)
		ssgen_usage_error("--inject: expected CLASS=RATE: %s", arg);
	len = (size_t)(eq - arg);
	for (c = 0; c < SSGEN_NCLASSES; c++) {
		if (strlen(ssgen_classes[c].name) == len &&
		    strncmp(ssgen_classes[c].name, arg, len) == 0)
			break;
	}
	if (c == SSGEN_NCLASSES)
		ssgen_usage_error("--inject: unknown class: %.*s", (int)len,
		    arg);
	if (ssgen_classes[c].scope == SSGEN_SCOPE_FILE)
		o->rate[c] = (double)ssgen_parse_num("inject", eq + 1, 0,
		    SSGEN_MAX_INTERVALS);
	else
		o->rate[c] = ssgen_parse_rate("inject", eq + 1, 1);
}

enum {
	SSGEN_OPT_ACCOUNT = 256,
	SSGEN_OPT_BIG,
	SSGEN_OPT_COUNTS,
	SSGEN_OPT_DATE,
	SSGEN_OPT_INJECT,
	SSGEN_OPT_INTERVALS,
	SSGEN_OPT_LONG_LINE,
	SSGEN_OPT_PLAIN,
	SSGEN_OPT_SEED,
	SSGEN_OPT_SESSIONS,
	SSGEN_OPT_SINGLE,
	SSGEN_OPT_TRUTH
};

static const struct option ssgen_longopts[] = {
	{ "account",		required_argument, NULL, SSGEN_OPT_ACCOUNT },
	{ "big-sessions",	required_argument, NULL, SSGEN_OPT_BIG },
	{ "counts",		required_argument, NULL, SSGEN_OPT_COUNTS },
	{ "date",		required_argument, NULL, SSGEN_OPT_DATE },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "inject",		required_argument, NULL, SSGEN_OPT_INJECT },
	{ "intervals",		required_argument, NULL, SSGEN_OPT_INTERVALS },
	{ "long-line",		required_argument, NULL, SSGEN_OPT_LONG_LINE },
	{ "plain",		no_argument,	   NULL, SSGEN_OPT_PLAIN },
	{ "seed",		required_argument, NULL, SSGEN_OPT_SEED },
	{ "sessions",		required_argument, NULL, SSGEN_OPT_SESSIONS },
	{ "single",		required_argument, NULL, SSGEN_OPT_SINGLE },
	{ "truth",		required_argument, NULL, SSGEN_OPT_TRUTH },
	{ NULL,			0,		   NULL, 0 }
};

static void
ssgen_parse_args(struct ssgen_opts *o, int argc, char **argv)
{
	double	 total;
	char	*end;
	long	 files = 0, nfiles;
	int	 ch, c;

	memset(o, 0, sizeof(*o));
	o->account = 1234;
	ssgen_parse_date(o, "2026-11-30");
	o->seed = 1;
	o->intervals = SSGEN_MAX_INTERVALS;
	o->sessions = 200;
	o->big = 0.002;
	o->long_line = SSGEN_DEFAULT_LONG_LINE;

	while ((ch = getopt_long(argc, argv, "h", ssgen_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case SSGEN_OPT_ACCOUNT:
			o->account = ssgen_parse_num("account", optarg, 1,
			    999999999999LL);
			break;
		case SSGEN_OPT_BIG:
			o->big = ssgen_parse_rate("big-sessions", optarg, 1);
			break;
		case SSGEN_OPT_COUNTS:
			o->counts = optarg;
			break;
		case SSGEN_OPT_DATE:
			ssgen_parse_date(o, optarg);
			break;
		case 'h':
			ssgen_usage(stdout);
			if (fflush(stdout) == EOF || ferror(stdout))
				ssgen_die("stdout: write: %s",
				    strerror(errno));
			exit(0);
		case SSGEN_OPT_INJECT:
			ssgen_parse_inject(o, optarg);
			break;
		case SSGEN_OPT_INTERVALS:
			o->intervals = (int)ssgen_parse_num("intervals",
			    optarg, 1, SSGEN_MAX_INTERVALS);
			break;
		case SSGEN_OPT_LONG_LINE:
			o->long_line = (long)ssgen_parse_num("long-line",
			    optarg, 1, SSGEN_MAX_LONG_LINE);
			break;
		case SSGEN_OPT_PLAIN:
			o->plain = 1;
			break;
		case SSGEN_OPT_SEED:
			if (*optarg < '0' || *optarg > '9')
				ssgen_usage_error("--seed: not a number: %s",
				    optarg);
			errno = 0;
			o->seed = strtoull(optarg, &end, 10);
			if (*end != '\0' || errno == ERANGE)
				ssgen_usage_error("--seed: not a number "
				    "0..2^64-1: %s", optarg);
			break;
		case SSGEN_OPT_SESSIONS:
			o->sessions = (long)ssgen_parse_num("sessions", optarg,
			    0, SSGEN_MAX_SESSIONS);
			break;
		case SSGEN_OPT_SINGLE:
			if (*optarg == '\0')
				ssgen_usage_error("--single: empty file name");
			o->single = optarg;
			break;
		case SSGEN_OPT_TRUTH:
			o->truth = optarg;
			break;
		default:
			ssgen_usage(stderr);
			exit(SSGEN_EXIT_USAGE);
		}
	}
	if (optind == argc)
		ssgen_usage_error("missing OUTDIR");
	if (optind + 1 < argc)
		ssgen_usage_error("too many operands: %s", argv[optind + 1]);
	o->outdir = argv[optind];
	if (*o->outdir == '\0')
		ssgen_usage_error("empty OUTDIR");

	total = o->big;
	nfiles = o->single != NULL ? 1 : o->intervals;
	for (c = 0; c < SSGEN_NCLASSES; c++) {
		if (ssgen_classes[c].scope != SSGEN_SCOPE_FILE) {
			total += o->rate[c];
			continue;
		}
		if (o->rate[c] == 0)
			continue;
		files += (long)o->rate[c];
		if (c != SSGEN_EMPTY_FILE && o->plain)
			ssgen_usage_error("--inject %s: needs gzip output, "
			    "not --plain", ssgen_classes[c].name);
		if (c != SSGEN_EMPTY_FILE && o->sessions < 2)
			ssgen_usage_error("--inject %s: needs --sessions 2 or "
			    "more", ssgen_classes[c].name);
	}
	if (total > 1 + 1e-9)
		ssgen_usage_error("--inject: line and session rates plus "
		    "--big-sessions add up to %g, more than 1", total);
	if (files > nfiles)
		ssgen_usage_error("--inject: %ld file defects but only %ld "
		    "file%s", files, nfiles, nfiles == 1 ? "" : "s");
}

/*
 * Give each file class its number of files, drawn without replacement
 * from a shuffled list of the intervals, so that a file has at most one
 * file defect.
 */
static void
ssgen_plan_files(struct ssgen *g, int nfiles)
{
	struct ssgen_rng	 r;
	int			 order[SSGEN_MAX_INTERVALS];
	int			 i, j, t, c, k, next = 0;

	ssgen_rng_seed(&r, g->opt.seed, 0);
	for (i = 0; i < nfiles; i++) {
		order[i] = i;
		g->fclass[i] = SSGEN_NONE;
	}
	for (i = nfiles - 1; i > 0; i--) {
		j = (int)ssgen_rng_below(&r, (uint64_t)i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (c = 0; c < SSGEN_NCLASSES; c++) {
		if (ssgen_classes[c].scope != SSGEN_SCOPE_FILE)
			continue;
		for (k = 0; k < (int)g->opt.rate[c]; k++)
			g->fclass[order[next++]] = c;
	}
}

static FILE *
ssgen_open_table(const char *path, const char *header)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		ssgen_die("%s: open: %s", path, strerror(errno));
	fputs(header, f);
	return f;
}

static void
ssgen_close_table(FILE *f, const char *path)
{
	if (f == NULL)
		return;
	if (ferror(f) || fclose(f) == EOF)
		ssgen_die("%s: write: %s", path, strerror(errno));
}

int
main(int argc, char **argv)
{
	struct ssgen	 g;
	uint64_t	 x;
	int		 i, nfiles;

	memset(&g, 0, sizeof(g));
	ssgen_parse_args(&g.opt, argc, argv);
	g.sess = ssgen_xmalloc(sizeof(*g.sess));
	memset(g.sess, 0, sizeof(*g.sess));
	g.out.stage = ssgen_xmalloc(SSGEN_CHUNK);
	g.out.obuf = ssgen_xmalloc(SSGEN_CHUNK);
	x = g.opt.seed;
	g.visitor_key = ssgen_splitmix(&x);

	nfiles = g.opt.single != NULL ? 1 : g.opt.intervals;
	ssgen_plan_files(&g, nfiles);
	ssgen_mkdirs(g.opt.outdir);
	if (g.opt.truth != NULL)
		g.truth = ssgen_open_table(g.opt.truth,
		    "file\tline\trule\tfield\n");
	if (g.opt.counts != NULL)
		g.counts = ssgen_open_table(g.opt.counts,
		    "file\tlines\tsessions\n");
	for (i = 0; i < nfiles; i++)
		ssgen_file(&g, i);
	ssgen_close_table(g.truth, g.opt.truth);
	ssgen_close_table(g.counts, g.opt.counts);

	free(g.rows);
	free(g.line.p);
	free(g.saved.p);
	free(g.out.stage);
	free(g.out.obuf);
	free(g.sess);
	return 0;
}
