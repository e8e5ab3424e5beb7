/* SPDX-License-Identifier: MIT */
/*
 * The strict JSON scanner.  A table-free state machine: values are read
 * by a loop that keeps the open containers on a small fixed stack, so a
 * hostile line can neither recurse deeply nor make us allocate.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "jsonscan.h"

struct jsonscan {
	const unsigned char	*s;
	size_t			 len;
	size_t			 i;
	const char		*why;
};

static int
jsonscan_fail(struct jsonscan *js, const char *why)
{
	js->why = why;
	return -1;
}

static void
jsonscan_ws(struct jsonscan *js)
{
	while (js->i < js->len) {
		switch (js->s[js->i]) {
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			js->i++;
			break;
		default:
			return;
		}
	}
}

static int
jsonscan_hex4(struct jsonscan *js, unsigned int *up)
{
	unsigned int	 u = 0, k, c;

	for (k = 0; k < 4; k++) {
		if (js->i >= js->len)
			return jsonscan_fail(js, "line ends inside a \\u "
			    "escape");
		c = js->s[js->i];
		if (c >= '0' && c <= '9')
			u = u * 16 + (c - '0');
		else if (c >= 'a' && c <= 'f')
			u = u * 16 + (c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			u = u * 16 + (c - 'A' + 10);
		else
			return jsonscan_fail(js, "bad hex digit in a \\u "
			    "escape");
		js->i++;
	}
	*up = u;
	return 0;
}

/* A string, starting at its opening quote. */
static int
jsonscan_string(struct jsonscan *js)
{
	const unsigned char	*p;
	unsigned int		 u, lo;
	size_t			 at;

	js->i++;
	for (;;) {
		/*
		 * Skip the plain bytes, eight at a time while no byte of the
		 * word is a quote, a backslash or a control character.
		 */
		while (js->i + 8 <= js->len) {
			uint64_t	 w, q, b, lt;

			memcpy(&w, js->s + js->i, sizeof w);
			q = w ^ 0x2222222222222222ULL;
			b = w ^ 0x5c5c5c5c5c5c5c5cULL;
			q = (q - 0x0101010101010101ULL) & ~q;
			b = (b - 0x0101010101010101ULL) & ~b;
			lt = (w - 0x2020202020202020ULL) & ~w;
			if (((q | b | lt) & 0x8080808080808080ULL) != 0)
				break;
			js->i += 8;
		}
		while (js->i < js->len) {
			unsigned char c = js->s[js->i];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			js->i++;
		}
		if (js->i >= js->len)
			return jsonscan_fail(js, "line ends inside a string");
		p = js->s + js->i;
		if (*p == '"') {
			js->i++;
			return 0;
		}
		if (*p < 0x20)
			return jsonscan_fail(js, "control character in a "
			    "string (must be escaped)");
		/* A backslash. */
		at = js->i;
		js->i++;
		if (js->i >= js->len)
			return jsonscan_fail(js, "line ends inside an escape");
		switch (js->s[js->i]) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			js->i++;
			break;
		case 'u':
			js->i++;
			if (jsonscan_hex4(js, &u) == -1)
				return -1;
			if (u >= 0xdc00 && u <= 0xdfff) {
				js->i = at;
				return jsonscan_fail(js, "\\u escape of a "
				    "lone low surrogate");
			}
			if (u >= 0xd800 && u <= 0xdbff) {
				if (js->i + 1 >= js->len ||
				    js->s[js->i] != '\\' ||
				    js->s[js->i + 1] != 'u') {
					js->i = at;
					return jsonscan_fail(js, "\\u escape "
					    "of a high surrogate without its "
					    "low half");
				}
				js->i += 2;
				if (jsonscan_hex4(js, &lo) == -1)
					return -1;
				if (lo < 0xdc00 || lo > 0xdfff) {
					js->i = at;
					return jsonscan_fail(js, "\\u escape "
					    "of a high surrogate without its "
					    "low half");
				}
			}
			break;
		default:
			return jsonscan_fail(js, "invalid escape in a string");
		}
	}
}

static int
jsonscan_digits(struct jsonscan *js)
{
	size_t	 start = js->i;

	while (js->i < js->len && js->s[js->i] >= '0' && js->s[js->i] <= '9')
		js->i++;
	return js->i > start ? 0 : -1;
}

static int
jsonscan_number(struct jsonscan *js)
{
	if (js->s[js->i] == '-')
		js->i++;
	if (js->i < js->len && js->s[js->i] == '0') {
		js->i++;
		if (js->i < js->len && js->s[js->i] >= '0' &&
		    js->s[js->i] <= '9')
			return jsonscan_fail(js, "number with a leading zero");
	} else if (jsonscan_digits(js) == -1)
		return jsonscan_fail(js, "digit expected in a number");
	if (js->i < js->len && js->s[js->i] == '.') {
		js->i++;
		if (jsonscan_digits(js) == -1)
			return jsonscan_fail(js, "digit expected after the "
			    "decimal point");
	}
	if (js->i < js->len && (js->s[js->i] == 'e' || js->s[js->i] == 'E')) {
		js->i++;
		if (js->i < js->len && (js->s[js->i] == '+' ||
		    js->s[js->i] == '-'))
			js->i++;
		if (jsonscan_digits(js) == -1)
			return jsonscan_fail(js, "digit expected in an "
			    "exponent");
	}
	return 0;
}

static int
jsonscan_literal(struct jsonscan *js, const char *word)
{
	size_t	 n = strlen(word);

	if (js->len - js->i < n || memcmp(js->s + js->i, word, n) != 0)
		return jsonscan_fail(js, "unexpected character (expected a "
		    "value: string, number, object, array, true, false or "
		    "null)");
	js->i += n;
	return 0;
}

/* A scalar value at js->i (the caller has skipped whitespace). */
static int
jsonscan_scalar(struct jsonscan *js)
{
	unsigned char	 c = js->s[js->i];

	if (c == '"')
		return jsonscan_string(js);
	if (c == '-' || (c >= '0' && c <= '9'))
		return jsonscan_number(js);
	if (c == 't')
		return jsonscan_literal(js, "true");
	if (c == 'f')
		return jsonscan_literal(js, "false");
	if (c == 'n')
		return jsonscan_literal(js, "null");
	return jsonscan_fail(js, "unexpected character (expected a value: "
	    "string, number, object, array, true, false or null)");
}

int
jsonscan_check(const char *s, size_t len, size_t *offp, const char **whyp,
    int *firstp)
{
	struct jsonscan	 js;
	char		 stack[JSONSCAN_MAX_DEPTH];
	int		 depth = 0;
	unsigned char	 c;

	memset(&js, 0, sizeof js);
	js.s = (const unsigned char *)s;
	js.len = len;
	*firstp = 0;
	jsonscan_ws(&js);
	if (js.i >= len) {
		js.why = "no JSON value";
		goto fail;
	}
	*firstp = js.s[js.i];

	/*
	 * Each turn reads one value.  After a value, the loop closes the
	 * containers that end and consumes the comma before the next one.
	 */
	for (;;) {
		jsonscan_ws(&js);
		if (js.i >= len) {
			js.why = "line ends where a value is expected";
			goto fail;
		}
		c = js.s[js.i];
		if (c == '{' || c == '[') {
			if (depth == JSONSCAN_MAX_DEPTH) {
				js.why = "nesting deeper than 32 levels";
				goto fail;
			}
			stack[depth++] = (char)c;
			js.i++;
			jsonscan_ws(&js);
			if (js.i < len && js.s[js.i] == (c == '{' ? '}' :
			    ']')) {
				js.i++;
				depth--;
				goto after_value;
			}
			if (c == '[')
				continue;
			goto member;
		}
		if (jsonscan_scalar(&js) == -1)
			goto fail;
after_value:
		for (;;) {
			if (depth == 0)
				goto done;
			jsonscan_ws(&js);
			if (js.i >= len) {
				js.why = stack[depth - 1] == '{' ?
				    "line ends inside an object" :
				    "line ends inside an array";
				goto fail;
			}
			c = js.s[js.i];
			if (c == ',') {
				js.i++;
				break;
			}
			if ((c == '}' && stack[depth - 1] == '{') ||
			    (c == ']' && stack[depth - 1] == '[')) {
				js.i++;
				depth--;
				continue;
			}
			js.why = stack[depth - 1] == '{' ?
			    "expected , or } after an object member" :
			    "expected , or ] after an array element";
			goto fail;
		}
		if (stack[depth - 1] == '[')
			continue;
member:
		/* An object member: "key" : value. */
		jsonscan_ws(&js);
		if (js.i >= len) {
			js.why = "line ends inside an object";
			goto fail;
		}
		if (js.s[js.i] != '"') {
			js.why = "expected a double-quoted member name";
			goto fail;
		}
		if (jsonscan_string(&js) == -1)
			goto fail;
		jsonscan_ws(&js);
		if (js.i >= len || js.s[js.i] != ':') {
			js.why = "expected : after a member name";
			goto fail;
		}
		js.i++;
	}
done:
	jsonscan_ws(&js);
	if (js.i < len) {
		js.why = "unexpected data after the JSON value";
		goto fail;
	}
	return 0;
fail:
	*offp = js.i;
	*whyp = js.why;
	return -1;
}
