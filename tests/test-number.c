/* test-number.c — the one checked conversion of numbers from files */
#include "config.h"

#include <string.h>

#include <newsmark/newsmark.h>

#include "app/core/newsmark-number-private.h"

static void
expect_text (const char *text,
             gint64      min,
             gint64      max,
             const char *problem)
{
  g_autofree char *got = NULL;
  gint64 v = -42;
  gboolean ok = _newsmark_number_parse (text, -1, min, max, &v, &got);

  if (problem == NULL)
    {
      g_assert_true (ok);
      g_assert_null (got);
    }
  else
    {
      g_assert_false (ok);
      g_assert_cmpint (v, ==, -42);
      g_assert_cmpstr (got, ==, problem);
    }
}

static void
test_text (void)
{
  g_autofree char *long_digits = g_strnfill (60, '9');
  g_autofree char *long_problem = NULL;
  gint64 v;
  guint u = 0;

  g_assert_true (_newsmark_number_parse ("4294967295", -1, 0, G_MAXUINT, &v, NULL));
  g_assert_cmpint (v, ==, G_MAXUINT);
  g_assert_true (_newsmark_number_parse ("0", -1, 0, G_MAXUINT, &v, NULL));
  g_assert_cmpint (v, ==, 0);
  g_assert_true (_newsmark_number_parse ("-7", -1, -10, 10, &v, NULL));
  g_assert_cmpint (v, ==, -7);
  /* Only @len bytes are read: "12-18" gives 12 and 18. */
  g_assert_true (_newsmark_number_parse_uint ("12-18", 2, &u, NULL));
  g_assert_cmpuint (u, ==, 12);
  g_assert_true (_newsmark_number_parse_uint ("12-18" + 3, -1, &u, NULL));
  g_assert_cmpuint (u, ==, 18);

  expect_text ("4294967296", 0, G_MAXUINT, "expected a non-negative integer up to 4294967295, got 4294967296");
  expect_text ("-3", 0, G_MAXUINT, "expected a non-negative integer, got -3");
  /* Beyond 64 bits, as written, never as 18446744073709551615. */
  expect_text ("18446744073709551616", 0, G_MAXUINT,
               "expected a non-negative integer up to 4294967295, got 18446744073709551616");
  expect_text ("-18446744073709551616", 0, G_MAXUINT,
               "expected a non-negative integer, got -18446744073709551616");
  long_problem = g_strdup_printf ("expected a non-negative integer up to 4294967295, got %.40s…", long_digits);
  expect_text (long_digits, 0, G_MAXUINT, long_problem);
  expect_text ("", 0, G_MAXUINT, "expected a non-negative integer, got nothing");
  expect_text ("+1", 0, G_MAXUINT, "expected a non-negative integer, got “+1”");
  expect_text (" 1", 0, G_MAXUINT, "expected a non-negative integer, got “ 1”");
  expect_text ("1 ", 0, G_MAXUINT, "expected a non-negative integer, got “1 ”");
  expect_text ("1a", 0, G_MAXUINT, "expected a non-negative integer, got “1a”");
  expect_text ("-", 0, G_MAXUINT, "expected a non-negative integer, got “-”");
  expect_text ("0x10", 0, G_MAXUINT, "expected a non-negative integer, got “0x10”");
  expect_text ("1e3", 0, G_MAXUINT, "expected a non-negative integer, got “1e3”");
  expect_text ("0", 1, 100, "expected an integer from 1 to 100, got 0");
  expect_text ("101", 1, 100, "expected an integer from 1 to 100, got 101");
  expect_text ("x", G_MININT64, G_MAXINT64, "expected an integer, got “x”");

  /* A NUL inside the bytes given is not a number's end. */
  g_assert_false (_newsmark_number_parse_uint ("1\0" "2", 3, &u, NULL));
}

static json_object *
parse_one (const char *json)
{
  g_autofree char *array = g_strdup_printf ("[%s]", json);
  json_object *root = json_tokener_parse (array);
  json_object *value;

  g_assert_nonnull (root);
  value = json_object_get (json_object_array_get_idx (root, 0));
  json_object_put (root);
  return value;
}

static void
expect_json (const char *json,
             gint64      min,
             gint64      max,
             gint64      value,
             const char *problem)
{
  json_object *obj = parse_one (json);
  g_autofree char *got = NULL;
  gint64 v = -42;
  gboolean ok = _newsmark_number_from_json (obj, min, max, &v, &got);

  if (problem == NULL)
    {
      g_assert_true (ok);
      g_assert_cmpint (v, ==, value);
    }
  else
    {
      g_assert_false (ok);
      g_assert_cmpint (v, ==, -42);
      g_assert_cmpstr (got, ==, problem);
    }
  json_object_put (obj);
}

static void
test_json (void)
{
  expect_json ("4294967295", 0, G_MAXUINT, G_MAXUINT, NULL);
  expect_json ("-1", G_MININT64, G_MAXINT64, -1, NULL);
  expect_json ("9223372036854775807", G_MININT64, G_MAXINT64, G_MAXINT64, NULL);
  expect_json ("4294967302", 0, G_MAXUINT, 0,
               "expected a non-negative integer up to 4294967295, got 4294967302");
  expect_json ("-3", 0, G_MAXUINT, 0, "expected a non-negative integer, got -3");
  expect_json ("9223372036854775808", 0, G_MAXUINT, 0,
               "expected a non-negative integer up to 4294967295, got 9223372036854775808");
  /* json-c saturates these; the saturated value is never shown as read. */
  expect_json ("18446744073709551616", 0, G_MAXUINT, 0,
               "expected a non-negative integer up to 4294967295, got 2^64 - 1 or more (out of range)");
  expect_json ("99999999999999999999999", G_MININT64, G_MAXINT64, 0,
               "expected an integer, got 2^64 - 1 or more (out of range)");
  expect_json ("-9223372036854775809", G_MININT64, G_MAXINT64, 0,
               "expected an integer, got -2^63 or less (out of range)");
  expect_json ("1.0", 0, G_MAXUINT, 0, "expected a non-negative integer, got number");
  expect_json ("\"3\"", 0, G_MAXUINT, 0, "expected a non-negative integer, got string");
  expect_json ("null", 0, G_MAXUINT, 0, "expected a non-negative integer, got null");
}

static void
expect_double (const char *json,
               double      value,
               const char *problem)
{
  json_object *obj = parse_one (json);
  g_autofree char *got = NULL;
  double d = -42;
  gboolean ok = _newsmark_number_from_json_double (obj, &d, &got);

  if (problem == NULL)
    {
      g_assert_true (ok);
      g_assert_cmpfloat (d, ==, value);
    }
  else
    {
      g_assert_false (ok);
      g_assert_cmpstr (got, ==, problem);
    }
  json_object_put (obj);
}

static void
test_json_double (void)
{
  expect_double ("0.5", 0.5, NULL);
  expect_double ("-2", -2, NULL);
  expect_double ("9223372036854775808", 9223372036854775808.0, NULL);
  expect_double ("1e400", 0, "expected a finite number, got 1e400");
  expect_double ("18446744073709551616", 0,
                 "expected a number, got an integer of 2^64 - 1 or more (out of range)");
  expect_double ("-99999999999999999999", 0,
                 "expected a number, got an integer of -2^63 or less (out of range)");
  expect_double ("\"high\"", 0, "expected a number, got string");
  expect_double ("true", 0, "expected a number, got boolean");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/number/text", test_text);
  g_test_add_func ("/number/json", test_json);
  g_test_add_func ("/number/json-double", test_json_double);

  return g_test_run ();
}
