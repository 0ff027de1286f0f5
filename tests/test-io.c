/* test-io.c — loading rules, their messages, and deterministic saving */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <newsmark/newsmark.h>

/* The article used throughout: curly quotes, an em dash, an accent and an
 * emoji outside the BMP, so that code point offsets differ from bytes and
 * from UTF-16. Length 74. */
#define TEXT "Mayor Renée Okafor said “the bridge is safe” on Friday — Acme 🚲 disagreed."

/* Pieces of a file, written with ' for " (converted when built). NULL takes
 * the default; "" gives an empty array. */
typedef struct {
  const char *format;
  const char *version;
  const char *document;
  const char *spans;
  const char *relations;
  const char *unplaced;
  const char *log;
  const char *extra;
} Parts;

#define SPAN_S1 "{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', 'origin': {'kind': 'human', 'annotator': 'alice'}, 'created': '2026-11-20T09:00:00Z', 'modified': '2026-11-20T09:00:00Z'}"
#define SPAN_S2 "{'id': 's2', 'label': 'QUOTE', 'start': 24, 'end': 44, 'text': '“the bridge is safe”', 'attributes': {'kind': 'direct'}, 'status': 'accepted', 'origin': {'kind': 'human', 'annotator': 'alice'}}"
#define SPAN_S3 "{'id': 's3', 'label': 'CLAIM', 'start': 25, 'end': 43, 'text': 'the bridge is safe', 'attributes': {'checkworthy': 3, 'verdict': 'unverified'}, 'note': 'Check the inspection report.', 'status': 'suggested', 'origin': {'kind': 'model', 'name': 'claims', 'version': '1.0', 'score': 0.93}}"
#define SPAN_S4 "{'id': 's4', 'label': 'DATE', 'start': 48, 'end': 54, 'text': 'Friday', 'status': 'rejected'}"
#define SPAN_S5 "{'id': 's5', 'label': 'ORG', 'start': 57, 'end': 61, 'text': 'Acme', 'status': 'accepted'}"
#define SPAN_S6 "{'id': 's6', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [48, 54]], 'text': ['Renée', 'Friday'], 'status': 'accepted'}"
#define BASE_SPANS SPAN_S1 ", " SPAN_S2 ", " SPAN_S3 ", " SPAN_S4 ", " SPAN_S5 ", " SPAN_S6
#define BASE_RELATIONS "{'id': 'r1', 'type': 'speaker', 'from': 's2', 'to': 's1'}, {'id': 'r2', 'type': 'claimant', 'from': 's3', 'to': 's1'}"
#define BASE_LOG "{'time': '2026-11-20T09:00:00Z', 'who': 'alice', 'action': 'create', 'target': 's1', 'detail': {'label': 'PERSON', 'range': [6, 18]}}"

static char *
default_document (void)
{
  g_autofree char *sha = newsmark_sha256_hex (TEXT, strlen (TEXT));

  return g_strdup_printf ("{'path': 'article.txt', 'sha256': '%s', 'length': 74, 'text': '%s'}", sha, TEXT);
}

static char *
build_file (const Parts *p)
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autofree char *schema_json = newsmark_schema_to_json (schema);
  g_autofree char *document = default_document ();
  g_autofree char *body = NULL;
  char *result;

  body = g_strdup_printf ("{'format': %s, 'version': %s, 'document': %s, 'schema': @SCHEMA@, "
                          "'spans': [%s], 'relations': [%s], 'unplaced': [%s], 'log': [%s]%s}",
                          p->format ? p->format : "'newsmark-annotations'",
                          p->version ? p->version : "1",
                          p->document ? p->document : document,
                          p->spans ? p->spans : BASE_SPANS,
                          p->relations ? p->relations : BASE_RELATIONS,
                          p->unplaced ? p->unplaced : "",
                          p->log ? p->log : BASE_LOG,
                          p->extra ? p->extra : "");
  g_strdelimit (body, "'", '"');
  {
    g_auto(GStrv) halves = g_strsplit (body, "@SCHEMA@", 2);
    result = g_strconcat (halves[0], schema_json, halves[1], NULL);
  }
  return result;
}

static void
dump_problems (GPtrArray *problems)
{
  g_autofree char *text = newsmark_problems_to_string (problems);
  g_test_message ("problems:\n%s", text);
}

static const NewsmarkProblem *
find_problem (GPtrArray  *problems,
              const char *path,
              const char *message)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->json_path, path) == 0 && g_strcmp0 (p->message, message) == 0)
        return p;
    }
  return NULL;
}

/* Loads @data, expects failure with @code and an error-level problem at
 * @path with exactly @message. */
static void
expect_problem_data (const char   *data,
                     NewsmarkError code,
                     const char   *path,
                     const char   *message)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  const NewsmarkProblem *p;

  set = newsmark_annotation_set_load_data (data, strlen (data), "test.newsmark.json", 0, problems, &error);
  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, (gint) code);
  p = find_problem (problems, path, message);
  if (p == NULL)
    {
      dump_problems (problems);
      g_error ("expected problem not reported: %s: %s", path, message);
    }
  g_assert_cmpint (p->severity, ==, NEWSMARK_SEVERITY_ERROR);
  g_assert_cmpstr (p->file, ==, "test.newsmark.json");
  /* The summary names the file. */
  g_assert_true (g_str_has_prefix (error->message, "test.newsmark.json"));
}

static void
expect_problem (const Parts *parts,
                const char  *path,
                const char  *message)
{
  g_autofree char *data = build_file (parts);
  expect_problem_data (data, NEWSMARK_ERROR_INVALID, path, message);
}

static NewsmarkAnnotationSet *
load_ok (const char *data,
         GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set;

  set = newsmark_annotation_set_load_data (data, strlen (data), "test.newsmark.json", 0, problems, &error);
  if (set == NULL && problems != NULL)
    dump_problems (problems);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

/* ---- Valid file ---------------------------------------------------------------- */

static void
test_load_valid (void)
{
  Parts parts = { 0 };
  g_autofree char *data = build_file (&parts);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(NewsmarkAnnotationSet) set = load_ok (data, problems);
  NewsmarkSpan *s1, *s3, *s6;
  const NewsmarkOrigin *origin;
  GVariant *checkworthy;
  GPtrArray *log;

  g_assert_cmpuint (newsmark_problems_count_errors (problems), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_unplaced (set)), ==, 0);
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (set), ==, "article.txt");
  g_assert_cmpuint (newsmark_document_get_length (newsmark_annotation_set_get_document (set)), ==, 74);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  g_assert_false (newsmark_annotation_set_can_undo (set));

  s1 = newsmark_annotation_set_find_span (set, "s1");
  g_assert_nonnull (s1);
  g_assert_cmpstr (newsmark_span_get_text (s1), ==, "Renée Okafor");
  origin = newsmark_span_get_origin (s1);
  g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_HUMAN);
  g_assert_cmpstr (origin->annotator, ==, "alice");
  g_assert_cmpstr (newsmark_span_get_created (s1), ==, "2026-11-20T09:00:00Z");

  s3 = newsmark_annotation_set_find_span (set, "s3");
  g_assert_cmpint (newsmark_span_get_status (s3), ==, NEWSMARK_STATUS_SUGGESTED);
  origin = newsmark_span_get_origin (s3);
  g_assert_cmpint (origin->kind, ==, NEWSMARK_ORIGIN_MODEL);
  g_assert_cmpstr (origin->name, ==, "claims");
  g_assert_true (origin->has_score);
  g_assert_cmpfloat (origin->score, ==, 0.93);
  checkworthy = newsmark_span_get_attribute (s3, "checkworthy");
  g_assert_nonnull (checkworthy);
  g_assert_cmpfloat (g_variant_get_double (checkworthy), ==, 3.0);
  g_assert_cmpstr (newsmark_span_get_note (s3), ==, "Check the inspection report.");

  s6 = newsmark_annotation_set_find_span (set, "s6");
  g_assert_cmpuint (newsmark_span_get_n_fragments (s6), ==, 2);
  g_assert_cmpuint (newsmark_span_get_fragments (s6)[1].start, ==, 48);
  g_assert_cmpstr (newsmark_span_get_fragment_texts (s6)[1], ==, "Friday");

  log = newsmark_annotation_set_get_log (set);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((NewsmarkLogEntry *) g_ptr_array_index (log, 0))->action, ==, "create");
}

/* ---- Syntax ---------------------------------------------------------------------- */

static void
test_syntax_error_position (void)
{
  const char *data = "{\n  \"format\": \"newsmark-annotations\",\n  \"version\": 1,\n  \"document\": tru\n}\n";
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  const NewsmarkProblem *p;

  set = newsmark_annotation_set_load_data (data, strlen (data), "bad.newsmark.json", 0, problems, &error);
  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->line, ==, 4);
  g_assert_cmpint (p->column, ==, 18);
  g_assert_cmpstr (error->message, ==, "bad.newsmark.json:4:18: error: JSON syntax error: boolean expected");
}

static void
test_syntax_error_column_counts_code_points (void)
{
  /* The column after "é—" is 3 code points in, not 5 bytes. */
  const char *data = "{\"é—\": x}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;

  set = newsmark_annotation_set_load_data (data, strlen (data), "c.json", 0, NULL, &error);
  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "c.json:1:8: error: JSON syntax error"));
}

static void
test_syntax_strict (void)
{
  /* Strict mode: no single quotes, no trailing commas, no comments. */
  const char *cases[] = {
    "{'format': 1}",
    "{\"format\": 1,}",
    "{\"format\": 1 /* c */}",
    "{\"a\": [1, 2,]}",
    "{\"format\": NaN}",
    "{\"format\": \"tab\there\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set =
        newsmark_annotation_set_load_data (cases[i], strlen (cases[i]), "s.json", 0, NULL, &error);

      g_assert_null (set);
      g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
    }
}

static void
test_trailing_bytes (void)
{
  Parts parts = { 0 };
  g_autofree char *valid = build_file (&parts);
  g_autofree char *spaced = g_strconcat (valid, "\n\n  \t\r\n", NULL);
  g_autofree char *trailing = g_strconcat (valid, "\n}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(NewsmarkAnnotationSet) set2 = NULL;
  g_autofree char *expected = NULL;
  int lines = 1;

  /* White space after the value is fine. */
  set = load_ok (spaced, NULL);

  for (const char *p = valid; *p; p++)
    lines += *p == '\n';
  set2 = newsmark_annotation_set_load_data (trailing, strlen (trailing), "t.json", 0, NULL, &error);
  g_assert_null (set2);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  expected = g_strdup_printf ("t.json:%d:1: error: unexpected data after the end of the JSON value", lines + 1);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_empty_and_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(NewsmarkAnnotationSet) set2 = NULL;

  set = newsmark_annotation_set_load_data ("", 0, "e.json", 0, NULL, &error);
  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "e.json:1:1: error: the file is empty (expected a JSON object)");

  set2 = newsmark_annotation_set_load_data ("{\n\"a\": [1,", 10, "t.json", 0, NULL, &error2);
  g_assert_null (set2);
  g_assert_error (error2, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_cmpstr (error2->message, ==, "t.json:2:9: error: unexpected end of file (the JSON value is incomplete)");
}

static void
test_invalid_utf8 (void)
{
  const char data[] = "{\"format\": \"news\xff\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;

  set = newsmark_annotation_set_load_data (data, sizeof data - 1, "u.json", 0, NULL, &error);
  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "u.json:1:17: error: invalid UTF-8 (byte 0xFF); the file must be UTF-8");
}

/* ---- Format and version --------------------------------------------------------- */

static void
test_wrong_format (void)
{
  Parts parts = { .format = "'newsmark-schema'" };
  g_autofree char *data = build_file (&parts);

  expect_problem_data (data, NEWSMARK_ERROR_FORMAT, "format",
                       "expected \"newsmark-annotations\", got \"newsmark-schema\" "
                       "(this is not a Newsmark annotation file)");
  expect_problem_data ("[1, 2]", NEWSMARK_ERROR_FORMAT, NULL,
                       "expected a JSON object, got array (this is not a Newsmark annotation file)");
  expect_problem_data ("{\"labels\": []}", NEWSMARK_ERROR_FORMAT, "format",
                       "missing (expected \"newsmark-annotations\"): this is not a Newsmark annotation file");
  expect_problem_data ("{\"format\": 3}", NEWSMARK_ERROR_FORMAT, "format",
                       "expected a string, got integer");
}

static void
test_newer_version (void)
{
  Parts parts = { .version = "2" };
  g_autofree char *data = build_file (&parts);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;

  expect_problem_data (data, NEWSMARK_ERROR_VERSION, "version",
                       "written by a newer Newsmark (version 2); this one reads version 1");

  set = newsmark_annotation_set_load_data (data, strlen (data), "new.json", 0, NULL, &error);
  g_assert_null (set);
  g_assert_cmpstr (error->message, ==,
                   "new.json: version: written by a newer Newsmark (version 2); this one reads version 1");
}

static void
test_bad_version (void)
{
  Parts parts = { .version = "'1'" };
  Parts parts0 = { .version = "0" };

  expect_problem (&parts, "version", "expected an integer, got string");
  expect_problem (&parts0, "version", "expected 1, got 0");
}

static void
test_unknown_keys (void)
{
  Parts top = { .extra = ", 'comments': []" };
  Parts span = { .spans = "{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', 'colour': 'red'}", .relations = "", .log = "" };

  /* An unknown key beside a nested object whose keys were all known. */
  Parts nested = { .spans = "{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                            "'origin': {'kind': 'human'}, 'x': 1}", .relations = "", .log = "" };
  Parts nested2 = { .spans = "{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                             "'origin': {'kind': 'model', 'name': 'n', 'version': '1', 'score': 0.5}, 'x': 1, 'y': 2, 'z': 3}",
                    .relations = "", .log = "" };

  expect_problem (&nested, "spans[0].x",
                  "unknown key \"x\" (allowed here: id, label, start, end, fragments, text, attributes, note, "
                  "status, origin, created, modified)");
  expect_problem (&nested2, "spans[0].z",
                  "unknown key \"z\" (allowed here: id, label, start, end, fragments, text, attributes, note, "
                  "status, origin, created, modified)");
  expect_problem (&top, "comments",
                  "unknown key \"comments\" (allowed here: format, version, state, document, schema, interchange, "
                  "spans, relations, unplaced, log, last_ids)");
  expect_problem (&span, "spans[0].colour",
                  "unknown key \"colour\" (allowed here: id, label, start, end, fragments, text, attributes, note, "
                  "status, origin, created, modified)");
}

/* ---- Document ---------------------------------------------------------------------- */

static void
test_document_rules (void)
{
  g_autofree char *sha = newsmark_sha256_hex (TEXT, strlen (TEXT));
  g_autofree char *bad_sha = g_strdup_printf ("{'sha256': '%s', 'length': 74, 'text': '%s'}",
                                              "0000000000000000000000000000000000000000000000000000000000000000", TEXT);
  g_autofree char *bad_length = g_strdup_printf ("{'sha256': '%s', 'length': 70, 'text': '%s'}", sha, TEXT);
  g_autofree char *no_text = g_strdup_printf ("{'sha256': '%s', 'length': 74}", sha);
  g_autofree char *text_number = g_strdup_printf ("{'sha256': '%s', 'length': 74, 'text': 5}", sha);
  g_autofree char *unknown = g_strdup_printf ("{'sha256': '%s', 'length': 74, 'text': '%s', 'url': 'x'}", sha, TEXT);
  g_autofree char *msg = g_strdup_printf ("\"0000000000000000000000000000000000000000000000000000000000000000\" does not match "
                                          "the embedded text, whose SHA-256 is %s", sha);
  Parts p1 = { .document = bad_sha };
  Parts p2 = { .document = bad_length };
  Parts p3 = { .document = no_text };
  Parts p4 = { .document = text_number };
  Parts p5 = { .document = unknown };
  Parts p6 = { .document = "[]" };

  expect_problem (&p1, "document.sha256", msg);
  expect_problem (&p2, "document.length", "70 does not match the embedded text, which has 74 code points");
  expect_problem (&p3, "document.text", "missing required key (expected a string)");
  expect_problem (&p4, "document.text", "expected a string, got integer");
  expect_problem (&p5, "document.url",
                  "unknown key \"url\" (allowed here: path, sha256, length, encoding, text)");
  expect_problem (&p6, "document", "expected an object, got array");

  {
    g_autofree char *upper_sha = g_ascii_strup (sha, -1);
    g_autofree char *upper = g_strdup_printf ("{'sha256': '%s', 'length': 74, 'text': '%s'}", upper_sha, TEXT);
    g_autofree char *upper_msg = g_strdup_printf ("\"%s\" does not match the embedded text, whose SHA-256 is %s",
                                                  upper_sha, sha);
    Parts p7 = { .document = upper };

    expect_problem (&p7, "document.sha256", upper_msg);
  }
}

/* Well above the size from which the loader reads the spans apart from
 * the tree (smaller files, as most of a corpus's, are one tree). */
#define LARGE_FILE_BYTES (1024 * 1024)

/* @data followed by white space up to LARGE_FILE_BYTES: the same file,
 * large enough to have its spans read apart. */
static char *
padded (const char *data)
{
  GString *out = g_string_new (data);

  g_assert_cmpuint (out->len, <, LARGE_FILE_BYTES);
  while (out->len < LARGE_FILE_BYTES - 1)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* What json-c would repair silently is refused, with the JSON path, in a
 * small file (read as one tree), in a large one (its spans read apart
 * from the tree) and in a large one read as one tree. */
static void
test_string_rules (void)
{
  for (guint way = 0; way < 3; way++)
    {
      g_autofree char *sha = newsmark_sha256_hex (TEXT, strlen (TEXT));
      g_autofree char *surrogate = g_strdup_printf ("{'sha256': '%s', 'length': 74, 'text': 'Mayor \\ud83d'}", sha);
      Parts nul = { .spans = "{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', "
                             "'note': 'Name\\u0000 HIDDEN', 'status': 'accepted'}",
                    .relations = "", .log = "" };
      Parts duplicate = { .spans = "{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'NONSENSE', "
                                   "'text': 'Renée Okafor', 'status': 'accepted'}",
                          .relations = "", .log = "" };
      Parts lone = { .document = surrogate, .spans = "", .relations = "", .log = "" };
      /* A top-level key before the spans and again after them. */
      Parts twice = { .relations = "", .log = "", .extra = ", 'format': 'newsmark-annotations'" };
      g_autofree char *nul_data = build_file (&nul);
      g_autofree char *duplicate_data = build_file (&duplicate);
      g_autofree char *lone_data = build_file (&lone);
      g_autofree char *twice_data = build_file (&twice);

      if (way > 0)
        {
          char **all[] = { &nul_data, &duplicate_data, &lone_data, &twice_data };

          for (guint i = 0; i < G_N_ELEMENTS (all); i++)
            {
              char *large = padded (*all[i]);

              g_free (*all[i]);
              *all[i] = large;
            }
        }
      if (way == 2)
        g_setenv ("NEWSMARK_LOAD_WHOLE_TREE", "1", TRUE);
      expect_problem_data (nul_data, NEWSMARK_ERROR_SYNTAX, "spans[0].note",
                           "\\u0000 (a NUL character) at code point 4 of the string: it is not allowed, "
                           "since most readers would cut the text short there");
      expect_problem_data (duplicate_data, NEWSMARK_ERROR_SYNTAX, "spans[0].text",
                           "duplicate key \"text\" (the first is at line 100, column 68): readers disagree "
                           "on which one counts, so an object may not have the same key twice");
      expect_problem_data (lone_data, NEWSMARK_ERROR_SYNTAX, "document.text",
                           "lone surrogate \\uD83D at code point 6 of the string: a high surrogate escape "
                           "must be followed by a low one (\\uDC00–\\uDFFF); this is not a Unicode "
                           "character");
      expect_problem_data (twice_data, NEWSMARK_ERROR_SYNTAX, "format",
                           "duplicate key \"format\" (the first is at line 1, column 2): readers disagree "
                           "on which one counts, so an object may not have the same key twice");
      g_unsetenv ("NEWSMARK_LOAD_WHOLE_TREE");
    }
}

/* ---- Spans -------------------------------------------------------------------------- */

#define ONE_SPAN(fields) "{'id': 's1', 'label': 'PERSON', " fields ", 'status': 'accepted'}"

static void
expect_span_problem (const char *span,
                     const char *path,
                     const char *message)
{
  Parts parts = { .spans = span, .relations = "", .log = "" };
  expect_problem (&parts, path, message);
}

static void
test_span_offsets (void)
{
  expect_span_problem (ONE_SPAN ("'start': 6, 'end': '18', 'text': 'Renée Okafor'"),
                       "spans[0].end", "expected a non-negative integer, got string");
  expect_span_problem (ONE_SPAN ("'start': -1, 'end': 18, 'text': 'Renée Okafor'"),
                       "spans[0].start", "expected a non-negative integer, got -1");
  expect_span_problem (ONE_SPAN ("'start': 6.5, 'end': 18, 'text': 'Renée Okafor'"),
                       "spans[0].start", "expected a non-negative integer, got number");
  expect_span_problem (ONE_SPAN ("'start': 60, 'end': 80, 'text': 'x'"),
                       "spans[0].end", "80 is past the end of the text (length 74)");
  expect_span_problem (ONE_SPAN ("'start': 18, 'end': 6, 'text': 'x'"),
                       "spans[0].end", "6 is before start 18");
  expect_span_problem (ONE_SPAN ("'start': 6, 'end': 6, 'text': ''"),
                       "spans[0].end", "the span is empty (end equals start 6)");
  expect_span_problem (ONE_SPAN ("'end': 18, 'text': 'Renée Okafor'"),
                       "spans[0].start", "missing required key (expected a non-negative integer)");
  expect_span_problem (ONE_SPAN ("'start': 6, 'end': 99999999999, 'text': 'x'"),
                       "spans[0].end", "expected a non-negative integer up to 4294967295, got 99999999999");
}

static void
test_span_text (void)
{
  expect_span_problem (ONE_SPAN ("'start': 6, 'end': 18, 'text': 'Renee Okafor'"),
                       "spans[0].text",
                       "\"Renee Okafor\" does not match the article text at [6, 18), which is \"Renée Okafor\"");
  /* Off by one because of the emoji counted as two (UTF-16). */
  expect_span_problem (ONE_SPAN ("'start': 64, 'end': 74, 'text': ' disagreed'"),
                       "spans[0].text",
                       "\" disagreed\" does not match the article text at [64, 74), which is \"disagreed.\"");
  expect_span_problem (ONE_SPAN ("'start': 6, 'end': 18"),
                       "spans[0].text", "missing required key (expected a string)");
  expect_span_problem (ONE_SPAN ("'start': 6, 'end': 18, 'text': ['Renée Okafor']"),
                       "spans[0].text", "expected a string, got array");
}

static void
test_span_label_and_attributes (void)
{
  expect_span_problem ("{'id': 's1', 'label': 'PEOPLE', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted'}",
                       "spans[0].label", "unknown label \"PEOPLE\" (not in the schema)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 24, 'end': 44, 'text': '“the bridge is safe”', "
                       "'attributes': {'tone': 'angry'}, 'status': 'accepted'}",
                       "spans[0].attributes.tone", "unknown attribute \"tone\" for label QUOTE (known: kind)");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', "
                       "'attributes': {'kind': 'direct'}, 'status': 'accepted'}",
                       "spans[0].attributes.kind", "unknown attribute \"kind\" (label PERSON has no attributes)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 24, 'end': 44, 'text': '“the bridge is safe”', "
                       "'attributes': {'kind': 'shouted'}, 'status': 'accepted'}",
                       "spans[0].attributes.kind",
                       "\"shouted\" is not a value of kind (expected one of: direct, indirect, partial)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 24, 'end': 44, 'text': '“the bridge is safe”', "
                       "'attributes': {'kind': true}, 'status': 'accepted'}",
                       "spans[0].attributes.kind", "expected a string, got boolean");
  expect_span_problem ("{'id': 's1', 'label': 'CLAIM', 'start': 25, 'end': 43, 'text': 'the bridge is safe', "
                       "'attributes': {'checkworthy': 7}, 'status': 'accepted'}",
                       "spans[0].attributes.checkworthy", "7 is outside the allowed range 1 to 5");
  expect_span_problem ("{'id': 's1', 'label': 'CLAIM', 'start': 25, 'end': 43, 'text': 'the bridge is safe', "
                       "'attributes': {'checkworthy': 2.5}, 'status': 'accepted'}",
                       "spans[0].attributes.checkworthy", "expected a whole number, got 2.5");
  expect_span_problem ("{'id': 's1', 'label': 'CLAIM', 'start': 25, 'end': 43, 'text': 'the bridge is safe', "
                       "'attributes': {'checkworthy': '3'}, 'status': 'accepted'}",
                       "spans[0].attributes.checkworthy", "expected a number, got string");
  expect_span_problem ("{'id': 's1', 'label': 'CLAIM', 'start': 25, 'end': 43, 'text': 'the bridge is safe', "
                       "'attributes': [], 'status': 'accepted'}",
                       "spans[0].attributes", "expected an object, got array");
}

static void
test_span_status_origin_times (void)
{
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'maybe'}",
                       "spans[0].status", "expected \"accepted\", \"suggested\" or \"rejected\", got \"maybe\"");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor'}",
                       "spans[0].status", "missing required key (expected a string)");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'origin': {'kind': 'robot'}}",
                       "spans[0].origin.kind", "expected \"human\" or \"model\", got \"robot\"");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'origin': {'kind': 'human', 'score': 0.5}}",
                       "spans[0].origin.score", "unknown key \"score\" (allowed here: kind, annotator)");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'origin': {'kind': 'model', 'version': '2'}}",
                       "spans[0].origin.name", "missing required key (expected a string)");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'origin': {'kind': 'model', 'name': 'ner', 'score': 'high'}}",
                       "spans[0].origin.score", "expected a number, got string");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'created': 'yesterday'}",
                       "spans[0].created",
                       "expected an ISO 8601 time such as \"2026-11-26T05:50:49Z\", got \"yesterday\"");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'modified': '2026-13-01T00:00:00Z'}",
                       "spans[0].modified",
                       "expected an ISO 8601 time such as \"2026-11-26T05:50:49Z\", got \"2026-13-01T00:00:00Z\"");
  expect_span_problem ("{'id': '', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted'}",
                       "spans[0].id", "expected a non-empty string");
  expect_span_problem ("{'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted'}",
                       "spans[0].id", "missing required key (expected a string)");
  expect_span_problem ("'s1'", "spans[0]", "expected an object, got string");
  /* null is not "absent". */
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'note': null}",
                       "spans[0].note", "expected a string, got null");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': null, 'status': 'accepted'}",
                       "spans[0].text", "expected a string, got null");
  expect_span_problem ("{'id': 's1', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', "
                       "'origin': null}",
                       "spans[0].origin", "expected an object, got null");
}

static void
test_span_fragments (void)
{
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 11, 'fragments': [[6, 11]], 'text': ['Renée'], 'status': 'accepted'}",
                       "spans[0].fragments",
                       "a discontinuous span needs at least 2 fragments, got 1 (leave \"fragments\" out for a contiguous span)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 20], [12, 54]], 'text': ['a', 'b'], 'status': 'accepted'}",
                       "spans[0].fragments[1]",
                       "[12, 54] overlaps or comes before the previous fragment (fragments must be sorted and must not overlap)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 60, 'fragments': [[6, 11], [48, 54]], 'text': ['Renée', 'Friday'], 'status': 'accepted'}",
                       "spans[0].fragments",
                       "the fragments cover [6, 54] but the span is [6, 60] (the first fragment must begin at start and the last end at end)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [54, 48]], 'text': ['Renée', 'Friday'], 'status': 'accepted'}",
                       "spans[0].fragments[1]", "[54, 48] is empty or reversed (end must be after start)");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [48]], 'text': ['Renée', 'Friday'], 'status': 'accepted'}",
                       "spans[0].fragments[1]", "expected a pair [start, end], got an array of 1");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [48, 'x']], 'text': ['Renée', 'Friday'], 'status': 'accepted'}",
                       "spans[0].fragments[1][1]", "expected a non-negative integer, got string");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [48, 54]], 'text': 'Renée Friday', 'status': 'accepted'}",
                       "spans[0].text", "expected an array, got string");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [48, 54]], 'text': ['Renée'], 'status': 'accepted'}",
                       "spans[0].text", "expected 2 texts, one per fragment, got 1");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 54, 'fragments': [[6, 11], [48, 54]], 'text': ['Renée', 'Monday'], 'status': 'accepted'}",
                       "spans[0].text[1]", "\"Monday\" does not match the article text at [48, 54), which is \"Friday\"");
  expect_span_problem ("{'id': 's1', 'label': 'QUOTE', 'start': 6, 'end': 80, 'fragments': [[6, 11], [48, 80]], 'text': ['Renée', 'Friday'], 'status': 'accepted'}",
                       "spans[0].fragments[1]", "[48, 80] goes past the end of the text (length 74)");
}

static void
test_span_duplicate_ids (void)
{
  expect_span_problem (SPAN_S1 ", " SPAN_S5 ", {'id': 's1', 'label': 'DATE', 'start': 48, 'end': 54, 'text': 'Friday', 'status': 'accepted'}",
                       "spans[2].id", "duplicate id \"s1\" (also spans[0])");
}

/* ---- Relations ------------------------------------------------------------------------- */

static void
expect_relation_problem (const char *relations,
                         const char *path,
                         const char *message)
{
  Parts parts = { .relations = relations };
  expect_problem (&parts, path, message);
}

static void
test_relations (void)
{
  expect_relation_problem ("{'id': 'r1', 'type': 'speaker', 'from': 's2', 'to': 's99'}",
                           "relations[0].to", "no span with id \"s99\"");
  expect_relation_problem ("{'id': 'r1', 'type': 'speaker', 'from': 's2', 'to': 's4'}",
                           "relations[0].to", "a speaker relation must end at a PERSON|ORG span, but \"s4\" is DATE");
  expect_relation_problem ("{'id': 'r1', 'type': 'speaker', 'from': 's1', 'to': 's5'}",
                           "relations[0].from", "a speaker relation must start at a QUOTE span, but \"s1\" is PERSON");
  expect_relation_problem ("{'id': 'r1', 'type': 'likes', 'from': 's2', 'to': 's1'}",
                           "relations[0].type", "unknown relation type \"likes\" (not in the schema)");
  expect_relation_problem ("{'id': 'r1', 'type': 'speaker', 'from': 's2', 'to': 's1'}, {'id': 'r1', 'type': 'claimant', 'from': 's3', 'to': 's1'}",
                           "relations[1].id", "duplicate id \"r1\" (also relations[0])");
  expect_relation_problem ("{'id': 'r1', 'type': 'speaker', 'from': 's2', 'to': 's1', 'weight': 1}",
                           "relations[0].weight", "unknown key \"weight\" (allowed here: id, type, from, to, origin)");
  expect_relation_problem ("{'id': 'r1', 'type': 'speaker', 'from': 2, 'to': 's1'}",
                           "relations[0].from", "expected a string, got integer");
}

/* ---- Unplaced and log -------------------------------------------------------------------- */

static void
test_unplaced (void)
{
  Parts ok = { .unplaced = "{'id': 'u1', 'label': 'PERSON', 'start': 100, 'end': 112, 'text': 'Renée Okafor', 'status': 'suggested', "
                           "'reason': 'ambiguous', 'candidates': [[6, 18]], 'context': 'Mayor Renée Okafor said'}",
               .relations = "{'id': 'r1', 'type': 'speaker', 'from': 's2', 'to': 'u1'}" };
  Parts bad_reason = { .unplaced = "{'id': 'u1', 'label': 'PERSON', 'start': 0, 'end': 5, 'text': 'x', 'status': 'suggested', 'reason': 'lost'}" };
  Parts bad_candidate = { .unplaced = "{'id': 'u1', 'label': 'PERSON', 'start': 0, 'end': 5, 'text': 'x', 'status': 'suggested', "
                                      "'reason': 'not-found', 'candidates': [[70, 90]]}" };
  Parts dup = { .unplaced = "{'id': 's1', 'label': 'PERSON', 'start': 0, 'end': 5, 'text': 'x', 'status': 'suggested', 'reason': 'not-found'}" };
  Parts placed_key = { .spans = SPAN_S1 ", {'id': 's2', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted', 'reason': 'ambiguous'}",
                       .relations = "", .log = "" };
  g_autofree char *data = build_file (&ok);
  g_autoptr(NewsmarkAnnotationSet) set = load_ok (data, NULL);
  GListModel *unplaced = newsmark_annotation_set_get_unplaced (set);
  g_autoptr(NewsmarkSpan) u1 = g_list_model_get_item (unplaced, 0);

  g_assert_cmpuint (g_list_model_get_n_items (unplaced), ==, 1);
  g_assert_cmpstr (newsmark_span_get_unplaced_reason (u1), ==, "ambiguous");
  g_assert_cmpuint (newsmark_span_get_n_candidates (u1), ==, 1);
  g_assert_cmpuint (newsmark_span_get_candidates (u1)[0].end, ==, 18);
  g_assert_cmpstr (newsmark_span_get_context (u1), ==, "Mayor Renée Okafor said");

  expect_problem (&bad_reason, "unplaced[0].reason",
                  "expected \"ambiguous\", \"not-found\" or \"article-changed\", got \"lost\"");
  expect_problem (&bad_candidate, "unplaced[0].candidates[0]", "[70, 90] goes past the end of the text (length 74)");
  expect_problem (&dup, "unplaced[0].id", "duplicate id \"s1\" (also spans[0])");
  expect_problem (&placed_key, "spans[1].reason",
                  "unknown key \"reason\" (allowed here: id, label, start, end, fragments, text, attributes, note, "
                  "status, origin, created, modified)");
}

static void
test_log (void)
{
  Parts no_action = { .log = "{'time': '2026-11-20T09:00:00Z'}" };
  Parts detail = { .log = "{'time': '2026-11-20T09:00:00Z', 'action': 'edit', 'detail': 'moved'}" };
  Parts bad_time = { .log = "{'time': 'noon', 'action': 'edit'}" };
  Parts not_array = { .log = "'x'], 'extra': [" };

  expect_problem (&no_action, "log[0].action", "missing required key (expected a string)");
  expect_problem (&detail, "log[0].detail", "expected an object, got string");
  expect_problem (&bad_time, "log[0].time", "expected an ISO 8601 time such as \"2026-11-26T05:50:49Z\", got \"noon\"");
  expect_problem (&not_array, "log[0]", "expected an object, got string");
}

/* Ids once used are never given again: the log's targets and the ids its
 * details mention count, and "last_ids" keeps those nothing else in the
 * file mentions any more. */
static void
test_last_ids (void)
{
  /* A relation r7 deleted long ago, whose log entry names s9 as its end. */
  Parts logged = { .log = BASE_LOG ", {'time': '2026-11-20T09:00:00Z', 'action': 'delete', 'target': 'r7', "
                          "'detail': {'type': 'speaker', 'from': 's9', 'to': 's1'}}" };
  Parts kept = { .extra = ", 'last_ids': {'span': 's40', 'relation': 'r12'}" };
  Parts bad = { .extra = ", 'last_ids': {'span': 'r40', 'relation': 'r12', 'unplaced': 's1'}" };
  g_autofree char *logged_data = build_file (&logged);
  g_autofree char *kept_data = build_file (&kept);
  g_autofree char *bad_data = build_file (&bad);
  g_autoptr(NewsmarkAnnotationSet) from_log = load_ok (logged_data, NULL);
  g_autoptr(NewsmarkAnnotationSet) from_key = load_ok (kept_data, NULL);
  g_autoptr(NewsmarkAnnotationSet) again = NULL;
  g_autofree char *id = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *resaved = NULL;
  g_autofree char *plain = NULL;
  gsize len = 0;

  id = newsmark_annotation_set_next_span_id (from_log);
  g_assert_cmpstr (id, ==, "s10");
  g_free (id);
  id = newsmark_annotation_set_next_relation_id (from_log);
  g_assert_cmpstr (id, ==, "r8");
  g_free (id);

  id = newsmark_annotation_set_next_span_id (from_key);
  g_assert_cmpstr (id, ==, "s41");
  g_free (id);
  /* Written back as long as nothing else mentions them, last of all. */
  saved = newsmark_annotation_set_to_json (from_key, &len);
  g_assert_true (g_str_has_suffix (saved, "  ],\n  \"last_ids\": {\"span\": \"s41\", \"relation\": \"r12\"}\n}\n"));
  again = load_ok (saved, NULL);
  resaved = newsmark_annotation_set_to_json (again, NULL);
  g_assert_cmpstr (saved, ==, resaved);
  id = newsmark_annotation_set_next_relation_id (again);
  g_assert_cmpstr (id, ==, "r13");

  /* A file whose ids are all mentioned has no such key. */
  {
    g_autofree char *base = build_file (&(Parts) { 0 });
    g_autoptr(NewsmarkAnnotationSet) set = load_ok (base, NULL);

    plain = newsmark_annotation_set_to_json (set, NULL);
    g_assert_null (strstr (plain, "last_ids"));
  }

  expect_problem_data (bad_data, NEWSMARK_ERROR_INVALID, "last_ids.span",
                       "expected a span id such as \"s12\", got \"r40\"");
  expect_problem_data (bad_data, NEWSMARK_ERROR_INVALID, "last_ids.unplaced",
                       "unknown key \"unplaced\" (allowed here: span, relation)");
}

/* Both optional top-level keys in one file, given in another order: saving
 * writes "interchange" after the schema and "last_ids" last of all, and a
 * reload gives the same bytes and still never gives the ids kept. */
static void
test_interchange_and_last_ids (void)
{
  Parts both = { .extra = ", 'last_ids': {'span': 's40'}, 'interchange': {'format': 'brat', 'note_types': ['Lemma']}" };
  g_autofree char *data = build_file (&both);
  g_autoptr(NewsmarkAnnotationSet) set = load_ok (data, NULL);
  g_autoptr(NewsmarkAnnotationSet) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *resaved = NULL;
  g_autofree char *id = NULL;
  const char *schema, *interchange, *spans, *log, *last_ids;

  g_assert_cmpstr (newsmark_annotation_set_get_interchange (set), !=, NULL);
  saved = newsmark_annotation_set_to_json (set, NULL);
  schema = strstr (saved, "\n  \"schema\": ");
  interchange = strstr (saved, "\n  \"interchange\": {\"format\": \"brat\", \"note_types\": [\"Lemma\"]},\n  \"spans\": ");
  spans = strstr (saved, "\n  \"spans\": ");
  log = strstr (saved, "\n  \"log\": ");
  last_ids = strstr (saved, "\n  \"last_ids\": {\"span\": \"s40\"}\n}\n");
  g_assert_nonnull (schema);
  g_assert_nonnull (interchange);
  g_assert_nonnull (log);
  g_assert_nonnull (last_ids);
  g_assert_true (schema < interchange && interchange < spans && spans < log && log < last_ids);

  again = load_ok (saved, NULL);
  resaved = newsmark_annotation_set_to_json (again, NULL);
  g_assert_cmpstr (saved, ==, resaved);
  id = newsmark_annotation_set_next_span_id (again);
  g_assert_cmpstr (id, ==, "s41");
}

/* ---- All problems at once ------------------------------------------------------------------ */

static void
test_collects_all_problems (void)
{
  Parts parts = {
    .spans = "{'id': 's1', 'label': 'PEOPLE', 'start': 6, 'end': 18, 'text': 'Renée Okafor', 'status': 'accepted'}, "
             "{'id': 's2', 'label': 'PERSON', 'start': 60, 'end': 90, 'text': 'x', 'status': 'accepted'}, "
             "{'id': 's3', 'label': 'PERSON', 'start': 6, 'end': 18, 'text': 'Renee Okafor', 'status': 'accepted'}",
    .relations = "{'id': 'r1', 'type': 'speaker', 'from': 's7', 'to': 's3'}",
    .log = "",
  };
  g_autofree char *data = build_file (&parts);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;

  set = newsmark_annotation_set_load_data (data, strlen (data), "all.json", 0, problems, &error);
  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_INVALID);
  g_assert_cmpuint (newsmark_problems_count_errors (problems), ==, 4);
  g_assert_nonnull (find_problem (problems, "spans[0].label", "unknown label \"PEOPLE\" (not in the schema)"));
  g_assert_nonnull (find_problem (problems, "spans[1].end", "90 is past the end of the text (length 74)"));
  g_assert_nonnull (find_problem (problems, "spans[2].text",
                                  "\"Renee Okafor\" does not match the article text at [6, 18), which is \"Renée Okafor\""));
  g_assert_nonnull (find_problem (problems, "relations[0].from", "no span with id \"s7\""));
  g_assert_cmpstr (error->message, ==,
                   "all.json: 4 problems; first: spans[0].label: unknown label \"PEOPLE\" (not in the schema)");

  {
    g_autofree char *text = newsmark_problems_to_string (problems);
    g_assert_true (strstr (text, "all.json: error: spans[1].end: 90 is past the end of the text (length 74)\n") != NULL);
  }
}

static void
test_schema_problems_have_paths (void)
{
  Parts parts = { 0 };
  g_autofree char *data = build_file (&parts);
  char *colour = strstr (data, "#3584e4");

  g_assert_nonnull (colour);
  memcpy (colour, "blue!!!", 7);
  expect_problem_data (data, NEWSMARK_ERROR_INVALID, "schema.labels[0].colour",
                       "expected a colour as \"#rrggbb\", got \"blue!!!\"");
}

/* ---- Saving ------------------------------------------------------------------------------- */

static void
test_round_trip (void)
{
  Parts parts = { .unplaced = "{'id': 'u1', 'label': 'PERSON', 'start': 100, 'end': 112, 'text': 'Renée Okafor', 'status': 'suggested', "
                              "'reason': 'ambiguous', 'candidates': [[6, 18]], 'context': 'Mayor Renée Okafor said'}" };
  g_autofree char *data = build_file (&parts);
  g_autoptr(NewsmarkAnnotationSet) set1 = load_ok (data, NULL);
  g_autoptr(NewsmarkAnnotationSet) set2 = NULL;
  g_autofree char *out1 = NULL, *out1b = NULL, *out2 = NULL;
  gsize len1, len2;

  out1 = newsmark_annotation_set_to_json (set1, &len1);
  out1b = newsmark_annotation_set_to_json (set1, NULL);
  g_assert_cmpuint (len1, ==, strlen (out1));
  g_assert_cmpstr (out1, ==, out1b);

  set2 = load_ok (out1, NULL);
  out2 = newsmark_annotation_set_to_json (set2, &len2);
  g_assert_cmpstr (out1, ==, out2);

  /* Layout: one item per line, keys in the documented order, compact
   * inside the line, non-ASCII kept, the score as written. */
  g_assert_true (g_str_has_prefix (out1, "{\n  \"format\": \"newsmark-annotations\",\n  \"version\": 1,\n  \"document\": {\n"
                                         "    \"path\": \"article.txt\",\n    \"sha256\": \""));
  g_assert_nonnull (strstr (out1, "\n    {\"id\": \"s1\", \"label\": \"PERSON\", \"start\": 6, \"end\": 18, "
                                  "\"text\": \"Renée Okafor\", \"status\": \"accepted\", "
                                  "\"origin\": {\"kind\": \"human\", \"annotator\": \"alice\"}, "
                                  "\"created\": \"2026-11-20T09:00:00Z\", \"modified\": \"2026-11-20T09:00:00Z\"},\n"));
  g_assert_nonnull (strstr (out1, "\n    {\"id\": \"s3\", \"label\": \"CLAIM\", \"start\": 25, \"end\": 43, "
                                  "\"text\": \"the bridge is safe\", \"attributes\": {\"checkworthy\": 3, \"verdict\": \"unverified\"}, "
                                  "\"note\": \"Check the inspection report.\", \"status\": \"suggested\", "
                                  "\"origin\": {\"kind\": \"model\", \"name\": \"claims\", \"version\": \"1.0\", \"score\": 0.93}}"));
  g_assert_nonnull (strstr (out1, "{\"id\": \"s6\", \"label\": \"QUOTE\", \"start\": 6, \"end\": 54, "
                                  "\"fragments\": [[6, 11], [48, 54]], \"text\": [\"Renée\", \"Friday\"], \"status\": \"accepted\"}"));
  g_assert_nonnull (strstr (out1, "\n  \"relations\": [\n    {\"id\": \"r1\", \"type\": \"speaker\", \"from\": \"s2\", \"to\": \"s1\"},\n"));
  g_assert_nonnull (strstr (out1, "\n  \"unplaced\": [\n    {\"id\": \"u1\", \"label\": \"PERSON\", \"start\": 100, \"end\": 112, "
                                  "\"text\": \"Renée Okafor\", \"status\": \"suggested\", \"reason\": \"ambiguous\", "
                                  "\"candidates\": [[6, 18]], \"context\": \"Mayor Renée Okafor said\"}\n  ],\n"));
  g_assert_nonnull (strstr (out1, "\n  \"log\": [\n    {\"time\": \"2026-11-20T09:00:00Z\", \"who\": \"alice\", \"action\": \"create\", "
                                  "\"target\": \"s1\", \"detail\": {\"label\": \"PERSON\", \"range\": [6, 18]}}\n  ]\n}\n"));
  g_assert_true (g_str_has_suffix (out1, "]\n}\n"));
}

static void
test_output_sorted_by_position (void)
{
  /* The same spans in another order give the same bytes. */
  Parts a = { 0 };
  Parts b = { .spans = SPAN_S6 ", " SPAN_S5 ", " SPAN_S4 ", " SPAN_S3 ", " SPAN_S2 ", " SPAN_S1 };
  g_autofree char *da = build_file (&a);
  g_autofree char *db = build_file (&b);
  g_autoptr(NewsmarkAnnotationSet) sa = load_ok (da, NULL);
  g_autoptr(NewsmarkAnnotationSet) sb = load_ok (db, NULL);
  g_autofree char *oa = newsmark_annotation_set_to_json (sa, NULL);
  g_autofree char *ob = newsmark_annotation_set_to_json (sb, NULL);
  const char *p1, *p6, *p2;

  g_assert_cmpstr (oa, ==, ob);
  /* start ascending, then the longer (outer) span first */
  p1 = strstr (oa, "{\"id\": \"s1\"");
  p6 = strstr (oa, "{\"id\": \"s6\"");
  p2 = strstr (oa, "{\"id\": \"s2\"");
  g_assert_true (p6 < p1 && p1 < p2);
}

static void
test_escaping (void)
{
  const char *text = "Tab\there, \"quoted\" back\\slash a/b \x01 ctl\r\nline — ok";
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (text, -1, &error);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(NewsmarkAnnotationSet) set2 = NULL;
  g_autofree char *out = NULL, *out2 = NULL;

  g_assert_no_error (error);
  set = newsmark_annotation_set_new (doc, schema);
  out = newsmark_annotation_set_to_json (set, NULL);
  g_assert_nonnull (strstr (out, "\"text\": \"Tab\\there, \\\"quoted\\\" back\\\\slash a/b \\u0001 ctl\\r\\nline — ok\"\n"));
  set2 = load_ok (out, NULL);
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (set2)), ==, text);
  out2 = newsmark_annotation_set_to_json (set2, NULL);
  g_assert_cmpstr (out, ==, out2);
}

static void
test_log_detail_kept_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (TEXT, -1, &error);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (doc, schema);
  g_autoptr(NewsmarkAnnotationSet) again = NULL;
  g_autofree char *out = NULL, *out2 = NULL;

  newsmark_annotation_set_append_log_entry (set, newsmark_log_entry_new ("2026-11-20T09:00:00Z", "alice", "edit", "s1",
                                                                         "{\"before\": \"a\",  \"after\": 2}"));
  newsmark_annotation_set_append_log_entry (set, newsmark_log_entry_new ("2026-11-20T09:00:01Z", NULL, "edit", NULL,
                                                                         "{\n  \"multi\": \"line\"\n}"));
  newsmark_annotation_set_append_log_entry (set, newsmark_log_entry_new ("2026-11-20T09:00:02Z", NULL, "note", NULL,
                                                                         "not json"));
  out = newsmark_annotation_set_to_json (set, NULL);
  /* Valid JSON is re-serialised in the file's own spacing, whatever the
   * caller stored; anything else is wrapped as text. */
  g_assert_nonnull (strstr (out, "\"detail\": {\"before\": \"a\", \"after\": 2}}"));
  g_assert_nonnull (strstr (out, "{\"time\": \"2026-11-20T09:00:01Z\", \"action\": \"edit\", \"detail\": {\"multi\": \"line\"}}"));
  g_assert_nonnull (strstr (out, "\"detail\": {\"text\": \"not json\"}}"));

  again = load_ok (out, NULL);
  g_assert_cmpuint (newsmark_annotation_set_get_log (again)->len, ==, 3);
  out2 = newsmark_annotation_set_to_json (again, NULL);
  /* Saved, loaded and saved again: the same bytes. */
  g_assert_cmpstr (out2, ==, out);
}

static void
test_samples_round_trip (void)
{
  const char *source = g_getenv ("NEWSMARK_SOURCE_DIR");
  g_autofree char *dir_path = g_build_filename (source ? source : SOURCE_DIR, "data", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("no data/samples folder");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set1 = NULL;
      g_autoptr(NewsmarkAnnotationSet) set2 = NULL;
      g_autofree char *out1 = NULL, *out2 = NULL;

      if (!g_str_has_suffix (name, ".newsmark.json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      file = g_file_new_for_path (path);
      set1 = newsmark_annotation_set_load (file, 0, problems, &error);
      if (set1 == NULL)
        dump_problems (problems);
      g_assert_no_error (error);
      g_assert_cmpuint (newsmark_problems_count_errors (problems), ==, 0);

      out1 = newsmark_annotation_set_to_json (set1, NULL);
      set2 = load_ok (out1, NULL);
      out2 = newsmark_annotation_set_to_json (set2, NULL);
      g_assert_cmpstr (out1, ==, out2);
      g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set1)), ==,
                        g_list_model_get_n_items (newsmark_annotation_set_get_spans (set2)));
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* Written a few items at a time, every sample comes out byte for byte as
 * written at once; the file on disk too (it was saved the same way). */
static void
test_writer_in_steps (void)
{
  const char *source = g_getenv ("NEWSMARK_SOURCE_DIR");
  g_autofree char *dir_path = g_build_filename (source ? source : SOURCE_DIR, "data", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const guint steps[] = { 1, 2, 7, 1000 };
  const char *name;
  guint n = 0;

  if (dir == NULL)
    {
      g_test_skip ("no data/samples folder");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *on_disk = NULL;
      g_autofree char *at_once = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set = NULL;
      gsize at_once_len = 0;

      if (!g_str_has_suffix (name, ".newsmark.json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      file = g_file_new_for_path (path);
      set = newsmark_annotation_set_load (file, 0, NULL, &error);
      g_assert_no_error (error);
      g_file_get_contents (path, &on_disk, NULL, &error);
      g_assert_no_error (error);

      at_once = newsmark_annotation_set_to_json (set, &at_once_len);
      g_assert_cmpstr (at_once, ==, on_disk);
      /* The bytes already read give the same set as reading the file. */
      {
        g_autoptr(NewsmarkAnnotationSet) again =
          newsmark_annotation_set_load_contents (file, on_disk, strlen (on_disk), 0, NULL, &error);
        g_autofree char *again_json = NULL;

        g_assert_no_error (error);
        again_json = newsmark_annotation_set_to_json (again, NULL);
        g_assert_cmpstr (again_json, ==, at_once);
        g_assert_true (g_file_equal (newsmark_annotation_set_get_file (again), file));
      }
      for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
        {
          NewsmarkJsonWriter *writer = newsmark_json_writer_new (set);
          g_autofree char *text = NULL;
          guint n_steps = 1;
          gsize len = 0;

          while (!newsmark_json_writer_step (writer, steps[k]))
            n_steps++;
          /* Stepping a finished writer adds nothing. */
          g_assert_true (newsmark_json_writer_step (writer, steps[k]));
          text = newsmark_json_writer_finish (writer, &len);
          g_assert_cmpstr (text, ==, at_once);
          g_assert_cmpuint (len, ==, at_once_len);
          if (steps[k] == 1)
            g_assert_cmpuint (n_steps, >, g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)));
        }

      /* Abandoned half-way: nothing leaks, the set is untouched. */
      {
        g_autoptr(NewsmarkJsonWriter) writer = newsmark_json_writer_new (set);

        newsmark_json_writer_step (writer, 3);
      }
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static void
test_save_and_load_file (void)
{
  Parts parts = { 0 };
  g_autofree char *data = build_file (&parts);
  g_autoptr(NewsmarkAnnotationSet) set = load_ok (data, NULL);
  g_autofree char *dir = g_dir_make_tmp ("newsmark-io-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "article.newsmark.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) loaded = NULL;
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autofree char *on_disk = NULL;
  g_autofree char *expected = NULL;

  newsmark_annotation_set_set_modified (set, TRUE);
  g_assert_true (newsmark_annotation_set_save (set, file, &error));
  g_assert_no_error (error);
  g_assert_false (newsmark_annotation_set_get_modified (set));
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  expected = newsmark_annotation_set_to_json (set, NULL);
  g_assert_cmpstr (on_disk, ==, expected);

  /* No article beside it: the embedded text is used, without warnings. */
  loaded = newsmark_annotation_set_load (file, NEWSMARK_LOAD_FOLLOW_ARTICLE, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (g_file_equal (newsmark_annotation_set_get_file (loaded), file));

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

static void
test_load_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/folder/x.newsmark.json");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_load (file, 0, problems, &error);

  g_assert_null (set);
  g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/folder/x.newsmark.json: cannot read the file: "));
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_fixture_files (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  struct {
    const char *name;
    NewsmarkError code;
    const char *path;
    const char *message;
  } cases[] = {
    { "wrong-format.json", NEWSMARK_ERROR_FORMAT, "format",
      "expected \"newsmark-annotations\", got \"newsmark-schema\" (this is not a Newsmark annotation file)" },
    { "newer-version.newsmark.json", NEWSMARK_ERROR_VERSION, "version",
      "written by a newer Newsmark (version 2); this one reads version 1" },
    { "span-out-of-range.newsmark.json", NEWSMARK_ERROR_INVALID, "spans[1].end",
      "30 is past the end of the text (length 24)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "data", "io", cases[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GPtrArray) problems = newsmark_problems_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_load (file, 0, problems, &error);

      g_assert_null (set);
      g_assert_error (error, NEWSMARK_ERROR, (gint) cases[i].code);
      if (find_problem (problems, cases[i].path, cases[i].message) == NULL)
        {
          dump_problems (problems);
          g_error ("%s: expected %s: %s", cases[i].name, cases[i].path, cases[i].message);
        }
      g_assert_true (g_str_has_prefix (error->message, path));
    }

  {
    g_autofree char *path = g_build_filename (srcdir ? srcdir : ".", "data", "io", "syntax-error.newsmark.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_load (file, 0, NULL, &error);
    g_autofree char *expected = g_strdup_printf ("%s:6:21: error: JSON syntax error: object value separator ',' expected", path);

    g_assert_null (set);
    g_assert_error (error, NEWSMARK_ERROR, NEWSMARK_ERROR_SYNTAX);
    g_assert_cmpstr (error->message, ==, expected);
  }
}

/* ---- File names --------------------------------------------------------------------------- */

static void
test_annotation_file_for_article (void)
{
  struct { const char *in, *out; } cases[] = {
    { "/a/b.txt", "/a/b.newsmark.json" },
    { "/a/b.html", "/a/b.newsmark.json" },
    { "/a/b.tar.txt", "/a/b.tar.newsmark.json" },
    { "/a/article", "/a/article.newsmark.json" },
    { "/a/.hidden", "/a/.hidden.newsmark.json" },
    { "/a.d/article", "/a.d/article.newsmark.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) in = g_file_new_for_path (cases[i].in);
      g_autoptr(GFile) out = newsmark_annotation_file_for_article (in);
      g_autofree char *path = g_file_get_path (out);

      g_assert_cmpstr (path, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/load/valid", test_load_valid);
  g_test_add_func ("/io/load/syntax-error-position", test_syntax_error_position);
  g_test_add_func ("/io/load/syntax-error-column-code-points", test_syntax_error_column_counts_code_points);
  g_test_add_func ("/io/load/syntax-strict", test_syntax_strict);
  g_test_add_func ("/io/load/trailing-bytes", test_trailing_bytes);
  g_test_add_func ("/io/load/string-rules", test_string_rules);
  g_test_add_func ("/io/load/last-ids", test_last_ids);
  g_test_add_func ("/io/load/interchange-and-last-ids", test_interchange_and_last_ids);
  g_test_add_func ("/io/load/empty-and-truncated", test_empty_and_truncated);
  g_test_add_func ("/io/load/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/io/load/wrong-format", test_wrong_format);
  g_test_add_func ("/io/load/newer-version", test_newer_version);
  g_test_add_func ("/io/load/bad-version", test_bad_version);
  g_test_add_func ("/io/load/unknown-keys", test_unknown_keys);
  g_test_add_func ("/io/load/document", test_document_rules);
  g_test_add_func ("/io/load/span-offsets", test_span_offsets);
  g_test_add_func ("/io/load/span-text", test_span_text);
  g_test_add_func ("/io/load/span-label-attributes", test_span_label_and_attributes);
  g_test_add_func ("/io/load/span-status-origin-times", test_span_status_origin_times);
  g_test_add_func ("/io/load/span-fragments", test_span_fragments);
  g_test_add_func ("/io/load/span-duplicate-ids", test_span_duplicate_ids);
  g_test_add_func ("/io/load/relations", test_relations);
  g_test_add_func ("/io/load/unplaced", test_unplaced);
  g_test_add_func ("/io/load/log", test_log);
  g_test_add_func ("/io/load/collects-all-problems", test_collects_all_problems);
  g_test_add_func ("/io/load/schema-problems", test_schema_problems_have_paths);
  g_test_add_func ("/io/load/missing-file", test_load_missing_file);
  g_test_add_func ("/io/load/fixtures", test_fixture_files);
  g_test_add_func ("/io/save/round-trip", test_round_trip);
  g_test_add_func ("/io/save/sorted", test_output_sorted_by_position);
  g_test_add_func ("/io/save/escaping", test_escaping);
  g_test_add_func ("/io/save/log-detail", test_log_detail_kept_valid);
  g_test_add_func ("/io/save/samples-round-trip", test_samples_round_trip);
  g_test_add_func ("/io/save/save-and-load-file", test_save_and_load_file);
  g_test_add_func ("/io/save/writer-in-steps", test_writer_in_steps);
  g_test_add_func ("/io/annotation-file-for-article", test_annotation_file_for_article);

  return g_test_run ();
}
