/* newsmark-number.c — numbers read from untrusted input
 *
 * See newsmark-number-private.h. Text is parsed by GLib's
 * g_ascii_string_to_signed, which detects overflow at any length; JSON
 * integers come from json-c, which does not, so its saturation values are
 * taken as out of range. Both end in the same range check and the same
 * message.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "newsmark-json-private.h"
#include "newsmark-number-private.h"

/* What a number in [@min, @max] is called in messages; the upper bound is
 * named only when the value was above it. */
static char *
expected (gint64   min,
          gint64   max,
          gboolean above)
{
  if (min == 0 && above)
    return g_strdup_printf ("a non-negative integer up to %" G_GINT64_FORMAT, max);
  if (min == 0)
    return g_strdup ("a non-negative integer");
  if (min == G_MININT64 && max == G_MAXINT64)
    return g_strdup ("an integer");
  return g_strdup_printf ("an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, min, max);
}

static void
set_problem (char       **problem,
             gint64       min,
             gint64       max,
             gboolean     above,
             const char  *got)
{
  g_autofree char *what = NULL;

  if (problem == NULL)
    return;
  what = expected (min, max, above);
  *problem = g_strdup_printf ("expected %s, got %s", what, got);
}

/* @text as written, cut to a readable length, for messages. */
static char *
as_written (const char *text,
            gsize       len,
            gboolean    quoted)
{
  const char *end = text + MIN (len, 40);

  /* Do not cut inside a character (the text is valid UTF-8). */
  while (end < text + len && end > text && ((guchar) *end & 0xC0) == 0x80)
    end--;
  return g_strdup_printf ("%s%.*s%s%s", quoted ? "“" : "", (int) (end - text), text,
                          end < text + len ? "…" : "", quoted ? "”" : "");
}

gboolean
_newsmark_number_parse (const char  *text,
                        gssize       len,
                        gint64       min,
                        gint64       max,
                        gint64      *out,
                        char       **problem)
{
  g_autofree char *heap = NULL;
  g_autofree char *got = NULL;
  char buffer[32];
  const char *copy;
  g_autoptr(GError) error = NULL;
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  gboolean digits;
  gint64 v;

  g_return_val_if_fail (min <= max, FALSE);

  /* GLib also takes a leading '+'; nothing in these formats writes one. */
  digits = n > 0 && (g_ascii_isdigit (text[0]) || (text[0] == '-' && n > 1 && g_ascii_isdigit (text[1])));
  /* Offsets are short: no allocation for them. */
  if (n < sizeof buffer)
    {
      memcpy (buffer, text, n);
      buffer[n] = '\0';
      copy = buffer;
    }
  else
    copy = heap = g_strndup (text, n);
  if (!digits || strlen (copy) != n ||
      !g_ascii_string_to_signed (copy, 10, G_MININT64, G_MAXINT64, &v, &error))
    {
      if (digits && g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        {
          /* Beyond 64 bits, quoted as written. */
          got = as_written (text, n, FALSE);
          set_problem (problem, min, max, text[0] != '-', got);
        }
      else
        {
          got = n == 0 ? g_strdup ("nothing") : as_written (text, n, TRUE);
          set_problem (problem, min, max, FALSE, got);
        }
      return FALSE;
    }
  if (v < min || v > max)
    {
      got = as_written (text, n, FALSE);
      set_problem (problem, min, max, v > max, got);
      return FALSE;
    }

  *out = v;
  return TRUE;
}

gboolean
_newsmark_number_from_json (json_object *value,
                            gint64       min,
                            gint64       max,
                            gint64      *out,
                            char       **problem)
{
  g_autofree char *got = NULL;
  gint64 v;

  g_return_val_if_fail (min <= max, FALSE);

  if (!json_object_is_type (value, json_type_int))
    {
      set_problem (problem, min, max, FALSE, _newsmark_json_type_name (value));
      return FALSE;
    }

  v = json_object_get_int64 (value);
  if (v == G_MAXINT64)
    {
      /* Values above G_MAXINT64 are kept as unsigned, exactly, up to
       * G_MAXUINT64, which is also what anything larger became. */
      guint64 u = json_object_get_uint64 (value);

      if (u == G_MAXUINT64)
        got = g_strdup ("2^64 - 1 or more (out of range)");
      else if (u > (guint64) G_MAXINT64)
        got = g_strdup_printf ("%" G_GUINT64_FORMAT, u);
    }
  else if (v == G_MININT64)
    got = g_strdup ("-2^63 or less (out of range)");

  if (got == NULL && v >= min && v <= max)
    {
      *out = v;
      return TRUE;
    }
  if (got == NULL)
    got = g_strdup_printf ("%" G_GINT64_FORMAT, v);
  set_problem (problem, min, max, v > max, got);
  return FALSE;
}

gboolean
_newsmark_number_from_json_double (json_object *value,
                                   double      *out,
                                   char       **problem)
{
  gint64 v;

  switch (json_object_get_type (value))
    {
    case json_type_double:
      *out = json_object_get_double (value);
      if (isfinite (*out))
        return TRUE;
      if (problem != NULL)
        *problem = g_strdup_printf ("expected a finite number, got %s",
                                    json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
      return FALSE;

    case json_type_int:
      if (!_newsmark_number_from_json (value, G_MININT64, G_MAXINT64, &v, NULL))
        {
          /* Exact unsigned values above G_MAXINT64 are numbers too. */
          guint64 u = json_object_get_uint64 (value);

          if (json_object_get_int64 (value) == G_MAXINT64 && u != G_MAXUINT64)
            {
              *out = (double) u;
              return TRUE;
            }
          if (problem != NULL)
            *problem = g_strdup_printf ("expected a number, got %s",
                                        u == G_MAXUINT64 ? "an integer of 2^64 - 1 or more (out of range)"
                                                         : "an integer of -2^63 or less (out of range)");
          return FALSE;
        }
      *out = (double) v;
      return TRUE;

    case json_type_null:
    case json_type_boolean:
    case json_type_string:
    case json_type_object:
    case json_type_array:
    default:
      if (problem != NULL)
        *problem = g_strdup_printf ("expected a number, got %s", _newsmark_json_type_name (value));
      return FALSE;
    }
}
