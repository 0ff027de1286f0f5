/* newsmark-number-private.h — numbers read from untrusted input
 *
 * Every offset, count, id and number that the annotation-file loader or an
 * importer reads — JSON numbers (the annotation file, suggestions, doccano,
 * Label Studio, spaCy) and digits in text (brat, WebAnno TSV, CoNLL) — goes
 * through these functions, so that each is range-checked the same way and
 * a bad one is reported the same way: what was expected and what the file
 * says. The caller adds the file and the place.
 *
 * json-c 0.16 saturates integers beyond 64 bits without a word:
 * 18446744073709551616 reads as 18446744073709551615 and -2^63 - 1 as
 * -2^63, and the digits as written are gone. A JSON integer at either end
 * of the 64-bit range is therefore never taken at its face value.
 */
#pragma once

#include <json-c/json.h>
#include <glib.h>

G_BEGIN_DECLS

/* All of @text (@len bytes, or up to the NUL when -1) as a decimal integer
 * in [@min, @max]: digits with an optional leading '-', no sign, space or
 * anything else. On failure returns FALSE and sets *@problem (when not
 * NULL) to "expected …, got …", quoting the text as written. */
gboolean _newsmark_number_parse            (const char  *text,
                                            gssize       len,
                                            gint64       min,
                                            gint64       max,
                                            gint64      *out,
                                            char       **problem);

/* A JSON integer in [@min, @max]; anything else (another type, a value out
 * of the range, a saturated one) is refused the same way. */
gboolean _newsmark_number_from_json        (json_object *value,
                                            gint64       min,
                                            gint64       max,
                                            gint64      *out,
                                            char       **problem);

/* A JSON number (integer or floating point) that is finite and was read
 * exactly enough: a saturated integer is refused. */
gboolean _newsmark_number_from_json_double (json_object *value,
                                            double      *out,
                                            char       **problem);

/* Offsets and counts: [0, G_MAXUINT]. */
static inline gboolean
_newsmark_number_parse_uint (const char  *text,
                             gssize       len,
                             guint       *out,
                             char       **problem)
{
  gint64 v;

  if (!_newsmark_number_parse (text, len, 0, G_MAXUINT, &v, problem))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static inline gboolean
_newsmark_number_from_json_uint (json_object *value,
                                 guint       *out,
                                 char       **problem)
{
  gint64 v;

  if (!_newsmark_number_from_json (value, 0, G_MAXUINT, &v, problem))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

G_END_DECLS
