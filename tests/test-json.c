/* test-json.c — strict JSON helpers, the deterministic writer, schema JSON */
#include "config.h"

#include <math.h>
#include <string.h>

#include <newsmark/newsmark.h>

#include "app/core/newsmark-json-private.h"

static void
test_line_column (void)
{
  const char *data = "ab\ncé—d\n\nx";
  int line, column;

  _newsmark_json_offset_to_line_column (data, strlen (data), 0, &line, &column);
  g_assert_cmpint (line, ==, 1);
  g_assert_cmpint (column, ==, 1);
  _newsmark_json_offset_to_line_column (data, strlen (data), 2, &line, &column);
  g_assert_cmpint (line, ==, 1);
  g_assert_cmpint (column, ==, 3);
  /* "d" is the 4th code point of line 2 (bytes: c, é×2, —×3). */
  _newsmark_json_offset_to_line_column (data, strlen (data), 3 + 6, &line, &column);
  g_assert_cmpint (line, ==, 2);
  g_assert_cmpint (column, ==, 4);
  _newsmark_json_offset_to_line_column (data, strlen (data), strlen (data) - 1, &line, &column);
  g_assert_cmpint (line, ==, 4);
  g_assert_cmpint (column, ==, 1);
}

static void
expect_syntax (const char *data,
               const char *message)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  json_object *root = _newsmark_json_parse (data, strlen (data), "f.json", problems, &error);

  g_assert_null (root);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  json_object *root;

  root = _newsmark_json_parse ("  {\"a\": [1, 2.5, \"x\"]}\n\n", 24, "f.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_type (root), ==, json_type_object);
  json_object_put (root);

  /* Exponents are numbers, not words such as NaN. */
  root = _newsmark_json_parse ("{\"a\": [1e5, 2.5E-3, -1e+2]}", 27, "f.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  json_object_put (root);
  g_assert_true (_newsmark_json_is_plain_json ("[1e5, 2.5E-3, -1e+2]", 20));

  expect_syntax ("{\"a\": 1} x", "f.json:1:10: error: unexpected data after the end of the JSON value");
  expect_syntax ("{\"a\": 1}\n{\"b\": 2}", "f.json:2:1: error: unexpected data after the end of the JSON value");
  expect_syntax ("", "f.json:1:1: error: the file is empty (expected a JSON object)");
  expect_syntax ("   \n ", "f.json:2:2: error: unexpected end of file (the JSON value is incomplete)");
  expect_syntax ("null", "f.json:1:1: error: expected a JSON object, got null");
  expect_syntax ("{\"a\": \"caf\xc3\"}", "f.json:1:11: error: invalid UTF-8 (byte 0xC3); the file must be UTF-8");
  {
    g_autoptr(GError) nul_error = NULL;
    json_object *nul_root = _newsmark_json_parse ("{\"a\": 1}\0 ", 10, "f.json", NULL, &nul_error);

    g_assert_null (nul_root);
    g_assert_cmpstr (nul_error->message, ==, "f.json:1:9: error: a NUL byte is not allowed in a JSON file");
  }
  /* Long strings go through the eight-bytes-at-a-time scan. */
  expect_syntax ("{\"a\": \"abcdefghijklmnopqrstuvwxyz\tabcdefghijklmnopq\"}",
                 "f.json:1:34: error: JSON syntax error: control character inside a string "
                 "(it must be written as an escape such as \\n or \\u0009)");
  expect_syntax ("{\"a\": 1,\n \"b\": nope}", "f.json:2:8: error: JSON syntax error: null expected");
  /* Accepted by json-c's strict mode, but not JSON. */
  expect_syntax ("{'a': 1}", "f.json:1:2: error: JSON syntax error: single-quoted string (JSON strings use double quotes)");
  expect_syntax ("{\"a\": [1, NaN]}", "f.json:1:11: error: JSON syntax error: not a JSON value "
                 "(NaN and Infinity are not allowed; only true, false and null are words)");
  expect_syntax ("{\"a\": -Infinity}", "f.json:1:8: error: JSON syntax error: not a JSON value "
                 "(NaN and Infinity are not allowed; only true, false and null are words)");
  expect_syntax ("{\"a\": \"é\ttab\"}", "f.json:1:9: error: JSON syntax error: control character inside a string "
                 "(it must be written as an escape such as \\n or \\u0009)");
}

/* What json-c accepts and repairs silently: each is an error with the JSON
 * path of the value and its line and column. */
static void
test_string_rules (void)
{
  /* A NUL escape would cut the note short. */
  expect_syntax ("{\"spans\": [{\"note\": \"Name\\u0000 HIDDEN\"}]}",
                 "f.json:1:26: error: spans[0].note: \\u0000 (a NUL character) at code point 4 of the "
                 "string: it is not allowed, since most readers would cut the text short there");
  /* Lone surrogates would become U+FFFD; the offset counts code points,
   * an escaped pair being one. */
  expect_syntax ("{\"document\": {\"text\": \"é\\ud83d\\ude00\\n\\ud83d!\"}}",
                 "f.json:1:39: error: document.text: lone surrogate \\uD83D at code point 3 of the "
                 "string: a high surrogate escape must be followed by a low one (\\uDC00–\\uDFFF); "
                 "this is not a Unicode character");
  expect_syntax ("{\"a\": [\"x\", \"\\uDC00\"]}",
                 "f.json:1:14: error: a[1]: lone surrogate \\uDC00 at code point 0 of the string: a low "
                 "surrogate escape must follow a high one (\\uD800–\\uDBFF); this is not a Unicode "
                 "character");
  expect_syntax ("{\"a\": {\"b\\u0000\": 1}}",
                 "f.json:1:10: error: a: \\u0000 (a NUL character) at code point 1 of a key: it is not "
                 "allowed, since most readers would cut the text short there");
  /* A duplicate key: json-c would keep the last one. */
  expect_syntax ("{\"spans\": [{\"text\": \"NONSENSE\",\n  \"text\": \"PORT ALDER\"}]}",
                 "f.json:2:3: error: spans[0].text: duplicate key \"text\" (the first is at line 1, "
                 "column 13): readers disagree on which one counts, so an object may not have the same "
                 "key twice");
  /* Spelt differently, the same key. */
  expect_syntax ("{\"text\": 1, \"t\\u0065xt\": 2}",
                 "f.json:1:13: error: text: duplicate key \"text\" (the first is at line 1, column 2): "
                 "readers disagree on which one counts, so an object may not have the same key twice");
  /* In an object large enough to be looked up by hash. */
  {
    g_autoptr(GString) big = g_string_new ("{");

    for (guint i = 0; i < 40; i++)
      g_string_append_printf (big, "\"k%u\": %u, ", i, i);
    g_string_append (big, "\"k7\": 0}");
    expect_syntax (big->str, "f.json:1:422: error: k7: duplicate key \"k7\" (the first is at line 1, "
                   "column 65): readers disagree on which one counts, so an object may not have the "
                   "same key twice");
  }
  /* The same key in different objects, and escapes that are fine. */
  {
    const char *ok = "{\"a\": {\"x\": 1}, \"b\": {\"x\": [{\"x\": 1}, {\"x\": \"\\ud83d\\ude00\\u0001\\\\u0000\"}]}}";
    g_autoptr(GError) error = NULL;
    json_object *root = _newsmark_json_parse (ok, strlen (ok), "f.json", NULL, &error);

    g_assert_no_error (error);
    json_object_put (root);
  }
  /* Reading pieces as one text finds a key repeated across them. */
  {
    const char *pieces[] = { "{\"log\": [], \"spans\": [", "], \"log\": []}" };
    gsize lengths[] = { strlen (pieces[0]), strlen (pieces[1]) };

    g_assert_false (_newsmark_json_pieces_are_plain (pieces, lengths, 2));
    g_assert_true (_newsmark_json_is_plain_json (pieces[0], lengths[0]));
    g_assert_true (_newsmark_json_is_plain_json (pieces[1], lengths[1]));
    g_assert_false (_newsmark_json_is_plain_json ("{\"a\": \"\\u0000\"}", 15));
  }
}

static void
test_reader (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  const char *data = "{\"s\": \"x\", \"n\": -3, \"big\": 5000000000, \"d\": 1.5, \"b\": true, \"o\": {}, \"a\": [], \"z\": null}";
  json_object *root = _newsmark_json_parse (data, strlen (data), "r.json", problems, NULL);
  NewsmarkJsonReader r;
  const char *s;
  guint u = 0;
  gboolean present;
  double d;
  gboolean b;
  gsize mark;
  const NewsmarkProblem *p;
  static const char * const allowed[] = { "s", "n", "big", "d", "b", "o", "a", NULL };

  g_assert_nonnull (root);
  _newsmark_json_reader_init (&r, "r.json", problems);
  mark = _newsmark_json_path_push_key (&r, "spans");
  _newsmark_json_path_push_index (&r, 12);
  g_assert_cmpstr (r.path->str, ==, "spans[12]");

  g_assert_true (_newsmark_json_get_string (&r, root, "s", TRUE, &s));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (_newsmark_json_get_string (&r, root, "missing", FALSE, &s));
  g_assert_null (s);
  g_assert_true (_newsmark_json_get_number (&r, root, "d", TRUE, &d, &present));
  g_assert_true (present);
  g_assert_cmpfloat (d, ==, 1.5);
  g_assert_true (_newsmark_json_get_boolean (&r, root, "b", TRUE, &b, NULL));
  g_assert_true (b);
  g_assert_cmpuint (r.n_errors, ==, 0);

  g_assert_false (_newsmark_json_get_uint (&r, root, "s", TRUE, &u, &present));
  g_assert_false (present);
  g_assert_false (_newsmark_json_get_uint (&r, root, "n", TRUE, &u, NULL));
  g_assert_false (_newsmark_json_get_uint (&r, root, "big", TRUE, &u, NULL));
  g_assert_false (_newsmark_json_get_uint (&r, root, "d", TRUE, &u, NULL));
  g_assert_false (_newsmark_json_get_string (&r, root, "gone", TRUE, &s));
  g_assert_false (_newsmark_json_get_boolean (&r, root, "z", TRUE, &b, NULL));
  g_assert_false (_newsmark_json_check_keys (&r, root, allowed));
  g_assert_cmpuint (r.n_errors, ==, 7);
  g_assert_cmpuint (problems->len, ==, 7);

  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->json_path, ==, "spans[12].s");
  g_assert_cmpstr (p->message, ==, "expected a non-negative integer, got string");
  g_assert_cmpstr (p->file, ==, "r.json");
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpstr (p->message, ==, "expected a non-negative integer, got -3");
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpstr (p->message, ==, "expected a non-negative integer up to 4294967295, got 5000000000");
  p = g_ptr_array_index (problems, 3);
  g_assert_cmpstr (p->message, ==, "expected a non-negative integer, got number");
  p = g_ptr_array_index (problems, 4);
  g_assert_cmpstr (p->json_path, ==, "spans[12].gone");
  g_assert_cmpstr (p->message, ==, "missing required key (expected a string)");
  p = g_ptr_array_index (problems, 5);
  g_assert_cmpstr (p->message, ==, "expected a boolean, got null");
  p = g_ptr_array_index (problems, 6);
  g_assert_cmpstr (p->json_path, ==, "spans[12].z");
  g_assert_cmpstr (p->message, ==, "unknown key \"z\" (allowed here: s, n, big, d, b, o, a)");

  _newsmark_json_path_pop (&r, mark);
  g_assert_cmpstr (r.path->str, ==, "");
  _newsmark_json_reader_clear (&r);
  json_object_put (root);
}

static char *
string_literal (const char *s)
{
  GString *out = g_string_new (NULL);
  _newsmark_json_write_string (out, s);
  return g_string_free (out, FALSE);
}

static void
test_write_string (void)
{
  struct { const char *in, *out; } cases[] = {
    { "plain", "\"plain\"" },
    { "a/b", "\"a/b\"" },
    { "q\"b\\", "\"q\\\"b\\\\\"" },
    { "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
    { "\x01\x1f", "\"\\u0001\\u001f\"" },
    { "é — 🚲 “x”", "\"é — 🚲 “x”\"" },
    { "\x7f", "\"\x7f\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lit = string_literal (cases[i].in);
      json_object *parsed;

      g_assert_cmpstr (lit, ==, cases[i].out);
      /* Same as json-c's own escaping with NOSLASHESCAPE. */
      parsed = json_object_new_string (cases[i].in);
      g_assert_cmpstr (lit, ==, json_object_to_json_string_ext (parsed, JSON_C_TO_STRING_NOSLASHESCAPE));
      json_object_put (parsed);
    }
}

static char *
double_text (double v)
{
  GString *out = g_string_new (NULL);
  _newsmark_json_write_double (out, v);
  return g_string_free (out, FALSE);
}

static void
test_write_double (void)
{
  struct { double in; const char *out; } cases[] = {
    { 0.93, "0.93" },
    { 1.0, "1" },
    { -2.0, "-2" },
    { 0.0, "0" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1e-7, "1e-07" },
    { 123456.789, "123456.789" },
    { 1e300, "1e+300" },
    { 2.0 / 3.0, "0.6666666666666666" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = double_text (cases[i].in);

      g_assert_cmpstr (text, ==, cases[i].out);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].in);
    }

  {
    g_autofree char *nan_text = double_text (NAN);
    g_assert_cmpstr (nan_text, ==, "null");
  }
}

static void
test_write_value (void)
{
  const char *data = "{\"b\": [1, 2.50, {\"c\": null}], \"a\": \"x/y\", \"t\": true, \"big\": 18446744073709551615}";
  json_object *root = _newsmark_json_parse (data, strlen (data), NULL, NULL, NULL);
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;

  _newsmark_json_write_value (out, root);
  text = g_string_free (out, FALSE);
  g_assert_cmpstr (text, ==, "{\"b\": [1, 2.5, {\"c\": null}], \"a\": \"x/y\", \"t\": true, \"big\": 18446744073709551615}");
  json_object_put (root);
}

/* ---- Schema JSON ----------------------------------------------------------------------- */

static void
test_schema_default_matches_file (void)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autofree char *json = newsmark_schema_to_json (schema);
  const char *source = g_getenv ("NEWSMARK_SOURCE_DIR");
  g_autofree char *path = g_build_filename (source ? source : SOURCE_DIR, "data", "schemas", "newsroom.json", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpstr (newsmark_schema_get_name (schema), ==, "newsroom");
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_schema_get_labels (schema)), ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_schema_get_relation_types (schema)), ==, 2);
  g_assert_nonnull (newsmark_schema_find_label_by_key (schema, "q"));

  /* Writing the bundled schema gives the shipped file back, byte for byte. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (json, ==, contents);
}

static void
test_schema_round_trip (void)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autofree char *json = newsmark_schema_to_json (schema);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSchema) again = newsmark_schema_load_data (json, -1, "s.json", &error);
  g_autofree char *json2 = NULL;
  NewsmarkLabel *claim;
  NewsmarkAttributeDef *def;
  double min, max;

  g_assert_no_error (error);
  json2 = newsmark_schema_to_json (again);
  g_assert_cmpstr (json, ==, json2);

  claim = newsmark_schema_find_label (again, "CLAIM");
  def = newsmark_label_find_attribute (claim, "checkworthy");
  g_assert_cmpint (newsmark_attribute_def_get_kind (def), ==, NEWSMARK_ATTRIBUTE_NUMBER);
  g_assert_true (newsmark_attribute_def_get_range (def, &min, &max));
  g_assert_cmpfloat (min, ==, 1);
  g_assert_cmpfloat (max, ==, 5);
  g_assert_true (newsmark_attribute_def_get_integer (def));
}

static void
expect_schema_error (const char    *json,
                     NewsmarkError  code,
                     const char    *message)
{
  g_autofree char *data = g_strdup (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSchema) schema = NULL;

  g_strdelimit (data, "'", '"');
  schema = newsmark_schema_load_data (data, -1, "s.json", &error);
  g_assert_null (schema);
  g_assert_error (error, NEWSMARK_ERROR, (gint) code);
  if (strstr (error->message, message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", message, error->message);
}

#define LABEL_P "{'name': 'PERSON', 'category': 'entity', 'colour': '#3584e4', 'key': 'p'}"

static void
test_schema_errors (void)
{
  expect_schema_error ("{'format': 'newsmark-annotations', 'name': 'x', 'labels': []}", NEWSMARK_ERROR_FORMAT,
                       "s.json: error: format: expected \"newsmark-schema\", got \"newsmark-annotations\" "
                       "(this is not a Newsmark label schema)");
  expect_schema_error ("{'format': 'newsmark-schema', 'version': 3, 'name': 'x', 'labels': []}", NEWSMARK_ERROR_VERSION,
                       "version: written by a newer Newsmark (schema version 3); this one reads version 1");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [" LABEL_P ", " LABEL_P "]}",
                       NEWSMARK_ERROR_INVALID, "labels[1].name: duplicate label \"PERSON\" (also labels[0])");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [" LABEL_P ", "
                       "{'name': 'PLACE', 'category': 'entity', 'colour': '#000000', 'key': 'p'}]}",
                       NEWSMARK_ERROR_INVALID, "labels[1].key: key \"p\" is already used by labels[0]");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'thing', 'colour': '#000000'}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].category: unknown category \"thing\" (expected entity, quote or claim)");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'entity', 'colour': 'red'}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].colour: expected a colour as \"#rrggbb\", got \"red\"");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'entity', 'colour': '#000000', 'key': 'ab'}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].key: expected a single character, got \"ab\"");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'entity', 'colour': '#000000', "
                       "'attributes': [{'name': 'k', 'type': 'enum'}]}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].attributes[0].values: missing required key (expected an array)");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'entity', 'colour': '#000000', "
                       "'attributes': [{'name': 'k', 'type': 'colour'}]}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].attributes[0].type: unknown attribute type \"colour\" (expected enum, boolean, text or number)");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'entity', 'colour': '#000000', "
                       "'attributes': [{'name': 'k', 'type': 'number', 'min': 5, 'max': 1}]}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].attributes[0].max: the range is reversed (min 5 is above max 1)");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [{'name': 'A', 'category': 'entity', 'colour': '#000000', "
                       "'attributes': [{'name': 'k', 'type': 'text', 'values': ['a']}]}]}",
                       NEWSMARK_ERROR_INVALID, "labels[0].attributes[0].values: only enum attributes have values (this one is text)");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [" LABEL_P "], "
                       "'relations': [{'name': 'speaker', 'from': ['QUOTE'], 'to': ['PERSON']}]}",
                       NEWSMARK_ERROR_INVALID, "relations[0].from[0]: unknown label \"QUOTE\" (not in \"labels\")");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [" LABEL_P "], 'colours': 1}",
                       NEWSMARK_ERROR_INVALID, "colours: unknown key \"colours\" (allowed here: format, version, name, labels, relations)");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': {}}",
                       NEWSMARK_ERROR_INVALID, "labels: expected an array, got object");
  expect_schema_error ("{'format': 'newsmark-schema', 'name': 'x', 'labels': [" LABEL_P "]} x",
                       NEWSMARK_ERROR_SYNTAX, "s.json:1:");
}

static void
test_schema_load_file (void)
{
  const char *source = g_getenv ("NEWSMARK_SOURCE_DIR");
  g_autofree char *path = g_build_filename (source ? source : SOURCE_DIR, "data", "schemas", "newsroom.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/schema.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_load_file (file, &error);
  g_autoptr(NewsmarkSchema) none = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (schema);
  none = newsmark_schema_load_file (missing, &error);
  g_assert_null (none);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/schema.json: cannot read the schema: "));
  g_clear_error (&error);

  /* A schema file reads strings by the same rules as any other JSON. */
  {
    g_autofree char *contents = NULL;
    g_autofree char *twice = NULL;
    char *name;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    name = strstr (contents, "\"name\"");
    g_assert_nonnull (name);
    twice = g_strdup_printf ("%.*s\"name\": \"other\", %s", (int) (name - contents), contents, name);
    none = newsmark_schema_load_data (twice, -1, "twice.json", &error);
    g_assert_null (none);
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
    g_assert_nonnull (strstr (error->message, "error: name: duplicate key \"name\""));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/line-column", test_line_column);
  g_test_add_func ("/json/parse", test_parse);
  g_test_add_func ("/json/string-rules", test_string_rules);
  g_test_add_func ("/json/reader", test_reader);
  g_test_add_func ("/json/write-string", test_write_string);
  g_test_add_func ("/json/write-double", test_write_double);
  g_test_add_func ("/json/write-value", test_write_value);
  g_test_add_func ("/json/schema/default-matches-file", test_schema_default_matches_file);
  g_test_add_func ("/json/schema/round-trip", test_schema_round_trip);
  g_test_add_func ("/json/schema/errors", test_schema_errors);
  g_test_add_func ("/json/schema/load-file", test_schema_load_file);

  return g_test_run ();
}
