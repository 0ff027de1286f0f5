/* test-load-paths.c — the two ways of reading an annotation file agree
 *
 * A large, regular file is read with its spans parsed apart from the rest,
 * in batches on several threads; anything else (and any file with a
 * problem in its spans) the ordinary way, as one json-c tree.
 * NEWSMARK_LOAD_WHOLE_TREE forces the ordinary way. Whatever the file,
 * both must give the same annotation set, or the same problems in the same
 * order with the same paths and line:column, and the same error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <newsmark/newsmark.h>

/* Enough spans for several batches on each of two threads. */
#define N_SPANS 20000

typedef struct {
  NewsmarkAnnotationSet *set;
  char                  *problems;
  char                  *error;
  char                  *json;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_object (&o->set);
  g_clear_pointer (&o->problems, g_free);
  g_clear_pointer (&o->error, g_free);
  g_clear_pointer (&o->json, g_free);
}

static void
load_one_way (const char *data,
              gsize       len,
              gboolean    whole_tree,
              Outcome    *o)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;

  /* libc's setenv rather than g_setenv, which warns once any thread has
   * existed: the loader's threads have all ended when it returns, and this
   * test runs nothing else. */
  if (whole_tree)
    setenv ("NEWSMARK_LOAD_WHOLE_TREE", "1", 1);
  else
    unsetenv ("NEWSMARK_LOAD_WHOLE_TREE");

  o->set = newsmark_annotation_set_load_data (data, len, "big.newsmark.json", NEWSMARK_LOAD_DEFAULT,
                                              problems, &error);
  unsetenv ("NEWSMARK_LOAD_WHOLE_TREE");

  o->problems = newsmark_problems_to_string (problems);
  o->error = error != NULL ? g_strdup (error->message) : NULL;
  if (o->set != NULL)
    o->json = newsmark_annotation_set_to_json (o->set, NULL);
  g_assert_true ((o->set == NULL) == (error != NULL));
}

/* Loads @data both ways, checks they agree and returns the problems. */
static char *
load_both (const char *data,
           gsize       len,
           gboolean    expect_valid)
{
  Outcome split = { 0 }, whole = { 0 };
  char *problems;

  load_one_way (data, len, FALSE, &split);
  load_one_way (data, len, TRUE, &whole);

  g_assert_cmpstr (split.problems, ==, whole.problems);
  g_assert_cmpstr (split.error, ==, whole.error);
  g_assert_cmpstr (split.json, ==, whole.json);
  g_assert_true ((split.set != NULL) == expect_valid);

  problems = g_steal_pointer (&split.problems);
  outcome_clear (&split);
  outcome_clear (&whole);
  return problems;
}

/* A file of N_SPANS spans, one per line, over the article "Ann Ann …":
 * every tenth span a CLAIM with attributes (and a relation to the PERSON
 * before it), every seventh suggested by a model. @span_line, when
 * non-NULL, may replace span @i's line (return NULL to keep it). */
static GString *
big_file (char *(*span_line) (guint i))
{
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autofree char *schema_json = newsmark_schema_to_json (schema);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *sha = NULL;
  GString *out = g_string_new (NULL);
  guint n_relations = 0;

  for (guint i = 0; i < N_SPANS; i++)
    g_string_append (text, "Ann ");
  sha = newsmark_sha256_hex (text->str, text->len);

  g_string_append_printf (out, "{\"format\": \"newsmark-annotations\", \"version\": 1,\n"
                          "\"document\": {\"path\": \"big.txt\", \"sha256\": \"%s\", \"length\": %u, "
                          "\"text\": \"%s\"},\n\"schema\": %s,\n\"spans\": [\n",
                          sha, (guint) text->len, text->str, schema_json);
  for (guint i = 0; i < N_SPANS; i++)
    {
      g_autofree char *line = span_line != NULL ? span_line (i) : NULL;

      if (line != NULL)
        g_string_append (out, line);
      else if (i % 10 == 9)
        g_string_append_printf (out, "{\"id\": \"s%u\", \"label\": \"CLAIM\", \"start\": %u, \"end\": %u, "
                                "\"text\": \"Ann\", \"attributes\": {\"checkworthy\": %u, \"verdict\": \"false\"}, "
                                "\"status\": \"accepted\"}", i, 4 * i, 4 * i + 3, 1 + i % 5);
      else if (i % 7 == 3)
        g_string_append_printf (out, "{\"id\": \"s%u\", \"label\": \"PERSON\", \"start\": %u, \"end\": %u, "
                                "\"text\": \"Ann\", \"status\": \"suggested\", \"origin\": {\"kind\": \"model\", "
                                "\"name\": \"ner\", \"score\": 0.5}, \"created\": \"2026-11-20T09:00:00Z\"}",
                                i, 4 * i, 4 * i + 3);
      else
        g_string_append_printf (out, "{\"id\": \"s%u\", \"label\": \"PERSON\", \"start\": %u, \"end\": %u, "
                                "\"text\": \"Ann\", \"status\": \"accepted\"}", i, 4 * i, 4 * i + 3);
      g_string_append (out, i + 1 < N_SPANS ? ",\n" : "\n");
    }
  g_string_append (out, "],\n\"relations\": [\n");
  for (guint i = 9; i < N_SPANS; i += 10)
    {
      g_string_append_printf (out, "%s{\"id\": \"r%u\", \"type\": \"claimant\", \"from\": \"s%u\", \"to\": \"s%u\"}",
                              n_relations > 0 ? ",\n" : "", n_relations + 1, i, i - 1);
      n_relations++;
    }
  g_string_append (out, "\n],\n\"unplaced\": [],\n\"log\": []}\n");

  return out;
}

static void
test_big_valid (void)
{
  g_autoptr(GString) file = big_file (NULL);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autofree char *text = load_both (file->str, file->len, TRUE);

  g_assert_cmpstr (text, ==, "");

  set = newsmark_annotation_set_load_data (file->str, file->len, "big.newsmark.json", NEWSMARK_LOAD_DEFAULT,
                                           problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (set)), ==, N_SPANS);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)), ==, N_SPANS / 10);
  {
    g_autoptr(NewsmarkSpan) span = g_list_model_get_item (newsmark_annotation_set_get_spans (set), 19999);
    GVariant *checkworthy = newsmark_span_get_attribute (span, "checkworthy");

    g_assert_cmpstr (newsmark_span_get_id (span), ==, "s19999");
    g_assert_nonnull (checkworthy);
    g_assert_cmpfloat (g_variant_get_double (checkworthy), ==, 5);
  }
}

/* Span lines with one problem each, far into the file (on a helper
 * thread's share). */
static char *
syntax_error_line (guint i)
{
  return i == 15000 ? g_strdup ("{\"id\": \"s15000\", \"label\": \"PERSON\", \"start\": 60000, \"end\": 60003, "
                                "\"text\": \"Ann, \"status\": \"accepted\"}") : NULL;
}

static char *
mismatch_line (guint i)
{
  return i == 12000 ? g_strdup ("{\"id\": \"s12000\", \"label\": \"PERSON\", \"start\": 48000, \"end\": 48003, "
                                "\"text\": \"Anx\", \"status\": \"accepted\"}") : NULL;
}

static char *
problems_line (guint i)
{
  if (i == 3)
    return g_strdup ("{\"id\": \"s3\", \"label\": \"PERSONX\", \"start\": 12, \"end\": 15, \"text\": \"Ann\", "
                     "\"status\": \"accepted\"}");
  if (i == 19000)
    return g_strdup ("{\"id\": \"s5\", \"label\": \"PERSON\", \"start\": 76000, \"end\": 76003, \"text\": \"Ann\", "
                     "\"status\": \"accepted\"}");
  if (i == 19001)
    return g_strdup ("{\"id\": \"s19001\", \"label\": \"PERSON\", \"start\": \"76004\", \"end\": 76007, "
                     "\"text\": \"Ann\", \"status\": \"accepted\", \"colour\": 1}");
  return NULL;
}

static char *
duplicate_line (guint i)
{
  return i == 19000 ? g_strdup ("{\"id\": \"s5\", \"label\": \"PERSON\", \"start\": 76000, \"end\": 76003, "
                                "\"text\": \"Ann\", \"status\": \"accepted\"}") : NULL;
}

static char *
nan_line (guint i)
{
  return i == 10000 ? g_strdup ("{\"id\": \"s10000\", \"label\": \"PERSON\", \"start\": NaN, \"end\": 40003, "
                                "\"text\": \"Ann\", \"status\": \"accepted\"}") : NULL;
}

static char *
control_line (guint i)
{
  return i == 10001 ? g_strdup ("{\"id\": \"s10001\", \"label\": \"PERSON\", \"start\": 40004, \"end\": 40007, "
                                "\"text\": \"Ann\", \"note\": \"a\tb\", \"status\": \"accepted\"}") : NULL;
}

static char *
bad_utf8_line (guint i)
{
  return i == 17000 ? g_strdup ("{\"id\": \"s17000\", \"label\": \"PERSON\", \"start\": 68000, \"end\": 68003, "
                                "\"text\": \"Ann\", \"note\": \"\xC3\x28\", \"status\": \"accepted\"}") : NULL;
}

/* Nesting @depth arrays deep inside span 16000's attributes. */
static char *
nested_line (guint i,
             guint depth)
{
  g_autoptr(GString) line = NULL;

  if (i != 16000)
    return NULL;
  line = g_string_new ("{\"id\": \"s16000\", \"label\": \"PERSON\", \"start\": 64000, \"end\": 64003, "
                       "\"text\": \"Ann\", \"status\": \"accepted\", \"attributes\": {\"x\": ");
  for (guint d = 0; d < depth; d++)
    g_string_append_c (line, '[');
  for (guint d = 0; d < depth; d++)
    g_string_append_c (line, ']');
  g_string_append (line, "}}");
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Around the file's depth limit (64 levels, of which the span's
 * attributes are the 4th): the same limit both ways. */
static char *
deep_line (guint i)
{
  return nested_line (i, 62);
}

static char *
deepest_line (guint i)
{
  return nested_line (i, 60);
}

static char *
deeper_line (guint i)
{
  return nested_line (i, 61);
}

/* "big.newsmark.json:LINE:" for span @i (one per line after "spans": [). */
static char *
span_location (GString *file,
               guint    i)
{
  const char *spans = strstr (file->str, "\"spans\": [\n");
  guint line = 1;

  for (const char *p = file->str; p < spans; p++)
    line += *p == '\n';
  return g_strdup_printf ("big.newsmark.json:%u:", line + 1 + i);
}

/* @expected may hold "@" for span @i's file location. */
static void
check_broken (char        *(*span_line) (guint i),
              guint         i,
              const char   *expected)
{
  g_autoptr(GString) file = big_file (span_line);
  g_autofree char *problems = load_both (file->str, file->len, FALSE);
  g_autofree char *location = span_location (file, i);
  g_autoptr(GString) wanted = g_string_new (expected);

  g_string_replace (wanted, "@", location, 1);
  if (strstr (problems, wanted->str) == NULL)
    g_error ("expected “%s” among the problems:\n%s", wanted->str, problems);
}

static void
test_big_broken (void)
{
  check_broken (syntax_error_line, 15000, "@82: error: JSON syntax error");
  check_broken (mismatch_line, 0, "spans[12000].text");
  check_broken (problems_line, 0, "spans[3].label");
  check_broken (problems_line, 0, "spans[19001].start");
  check_broken (duplicate_line, 0, "spans[19000].id");
  check_broken (nan_line, 10000, "@");
  check_broken (control_line, 10001, "@");
  check_broken (bad_utf8_line, 17000, "@");
  check_broken (deep_line, 16000, "@");
  check_broken (deeper_line, 16000, "");
  check_broken (deepest_line, 16000, "");
}

/* Edits of the whole file around "spans". */
static void
check_edited (const char *from,
              const char *to,
              gboolean    expect_valid,
              const char *expected)
{
  g_autoptr(GString) file = big_file (NULL);
  g_autofree char *problems = NULL;

  g_assert_nonnull (strstr (file->str, from));
  g_string_replace (file, from, to, 1);
  problems = load_both (file->str, file->len, expect_valid);
  if (expected != NULL && strstr (problems, expected) == NULL)
    g_error ("expected “%s” among the problems:\n%s", expected, problems);
}

static void
test_big_edited (void)
{
  /* A wrong format and a syntax error in a span: the syntax error is
   * what the ordinary way reports. */
  {
    g_autoptr(GString) file = big_file (syntax_error_line);
    g_autofree char *problems = NULL;

    g_autofree char *location = span_location (file, 15000);

    g_string_replace (file, "\"newsmark-annotations\"", "\"other\"", 1);
    problems = load_both (file->str, file->len, FALSE);
    g_assert_nonnull (strstr (problems, location));
  }
  check_edited ("\"status\": \"accepted\"}\n],", "\"status\": \"accepted\"},\n],", FALSE, NULL);
  check_edited ("\"spans\": [\n", "\"sp\\u0061ns\": [\n", TRUE, NULL);
  check_edited ("\"unplaced\": []", "\"spans\": []", FALSE, NULL);
  check_edited ("\"unplaced\": []", "\"unplaced\": [ ]", TRUE, NULL);
  check_edited ("\"log\": []}\n", "\"log\": []}\n}", FALSE, "unexpected data after the end");
  check_edited ("\"version\": 1", "\"version\": 2", FALSE, "version");
  check_edited ("],\n\"relations\"", "]],\n\"relations\"", FALSE, NULL);
  check_edited ("\"spans\": [\n", "\"spans\": {\n", FALSE, NULL);
}

static void
test_empty_spans (void)
{
  g_autoptr(GString) file = big_file (NULL);
  const char *start = strstr (file->str, "\"spans\": [\n") + strlen ("\"spans\": [");
  const char *end = strstr (file->str, "],\n\"relations\": [\n");
  const char *relations_end = strstr (end, "\n],\n\"unplaced\"");
  g_autoptr(GString) empty = g_string_new_len (file->str, start - file->str);
  g_autofree char *problems = NULL;

  /* No spans, no relations; "[ ]" with white space. */
  g_string_append (empty, " \n],\n\"relations\": [");
  g_string_append (empty, relations_end);
  problems = load_both (empty->str, empty->len, TRUE);
  g_assert_cmpstr (problems, ==, "");
}

/* The sample files load the same both ways. */
static void
test_samples (void)
{
  const char *source_dir = g_getenv ("NEWSMARK_SOURCE_DIR");
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  if (source_dir == NULL)
    {
      g_test_skip ("NEWSMARK_SOURCE_DIR is not set");
      return;
    }
  folder = g_build_filename (source_dir, "data", "samples", NULL);
  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *problems = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".newsmark.json"))
        continue;
      path = g_build_filename (folder, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      problems = load_both (contents, len, TRUE);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* ---- The first screen of a file, read ahead of the rest ------------------ */

/* Every span of the full load that begins before @n_chars, and only
 * those, in the same order with the same content. */
static void
assert_preview_matches (NewsmarkAnnotationSet *preview,
                        NewsmarkAnnotationSet *full,
                        guint                  n_chars)
{
  GListModel *p = newsmark_annotation_set_get_spans (preview);
  GListModel *f = newsmark_annotation_set_get_spans (full);
  guint n = 0;

  while (n < g_list_model_get_n_items (f))
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (f, n);

      if (newsmark_span_get_start (span) >= n_chars)
        break;
      n++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (p), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(NewsmarkSpan) a = g_list_model_get_item (p, i);
      g_autoptr(NewsmarkSpan) b = g_list_model_get_item (f, i);

      g_assert_true (newsmark_span_equal (a, b));
    }
  g_assert_cmpstr (newsmark_document_get_text (newsmark_annotation_set_get_document (preview)), ==,
                   newsmark_document_get_text (newsmark_annotation_set_get_document (full)));
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_relations (preview)), ==, 0);
  g_assert_cmpstr (newsmark_annotation_set_get_document_path (preview), ==, "big.txt");
}

static void
test_preview (void)
{
  g_autoptr(GString) file = big_file (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkAnnotationSet) full = NULL;
  /* 0 spans, some, several scans' worth (1024 spans a scan), all. */
  const guint limits[] = { 0, 1, 4, 400, 4 * 1500, 4 * 5000 + 1, 4 * N_SPANS + 10 };

  full = newsmark_annotation_set_load_data (file->str, file->len, "big.newsmark.json", NEWSMARK_LOAD_DEFAULT,
                                            NULL, &error);
  g_assert_no_error (error);

  for (guint k = 0; k < G_N_ELEMENTS (limits); k++)
    {
      g_autoptr(NewsmarkAnnotationSet) preview = newsmark_annotation_set_load_preview (file->str, file->len,
                                                                                       limits[k]);

      g_assert_nonnull (preview);
      assert_preview_matches (preview, full, limits[k]);
    }

  /* Only the beginning is read: a file cut off after its first spans
   * still gives them (the full load reports the rest). */
  {
    const char *cut = strstr (file->str, "\"id\": \"s700\"");
    g_autoptr(NewsmarkAnnotationSet) preview = NULL;

    g_assert_nonnull (cut);
    preview = newsmark_annotation_set_load_preview (file->str, (gsize) (cut - file->str), 4 * 600);
    g_assert_nonnull (preview);
    assert_preview_matches (preview, full, 4 * 600);
  }
}

static void
test_preview_stops_at_a_problem (void)
{
  g_autoptr(GString) file = big_file (problems_line);   /* span 3 has an unknown label */
  g_autoptr(GString) syntax = big_file (syntax_error_line);
  g_autoptr(NewsmarkAnnotationSet) preview = NULL;
  g_autoptr(NewsmarkAnnotationSet) preview2 = NULL;

  preview = newsmark_annotation_set_load_preview (file->str, file->len, 4 * 100);
  g_assert_nonnull (preview);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (preview)), ==, 3);

  /* A syntax error past the first screen does not matter to it. */
  preview2 = newsmark_annotation_set_load_preview (syntax->str, syntax->len, 4 * 100);
  g_assert_nonnull (preview2);
  g_assert_cmpuint (g_list_model_get_n_items (newsmark_annotation_set_get_spans (preview2)), ==, 100);
}

static void
test_preview_refuses (void)
{
  g_autoptr(GString) file = big_file (NULL);
  const char *spans = strstr (file->str, "\"spans\": [");
  g_autofree char *reordered = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *text_mismatch = NULL;
  const char *not_ours[] = {
    "",
    "[]",
    "{\"format\": \"newsmark-annotations\", \"version\": 1}",
    "{\"format\": \"brat\", \"version\": 1, \"spans\": []}",
    "{\"format\": \"newsmark-annotations\", \"version\": 1, \"spans\": [], \"document\": {}}",
    "{'format': 1, \"spans\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_ours); i++)
    g_assert_null (newsmark_annotation_set_load_preview (not_ours[i], strlen (not_ours[i]), 100));

  /* Spans before the document: not the order Newsmark writes, so the
   * preview leaves the file to the full load. */
  g_assert_nonnull (spans);
  reordered = g_strdup_printf ("{\"spans\": [], %s", strchr (file->str, '{') + 1);
  g_assert_null (newsmark_annotation_set_load_preview (reordered, strlen (reordered), 100));

  /* A key twice in the header: the full load says so. */
  {
    g_autofree char *twice = g_strdup_printf ("{\"version\": 1, %s", strchr (file->str, '{') + 1);

    g_assert_null (newsmark_annotation_set_load_preview (twice, strlen (twice), 100));
  }

  /* From a newer release. */
  newer = g_strdup (file->str);
  memcpy (strstr (newer, "\"version\": 1"), "\"version\": 9", strlen ("\"version\": 9"));
  g_assert_null (newsmark_annotation_set_load_preview (newer, strlen (newer), 100));

  /* A document whose checksum does not match its text. */
  text_mismatch = g_strdup (file->str);
  strstr (text_mismatch, "\"sha256\": \"")[12] ^= 1;
  g_assert_null (newsmark_annotation_set_load_preview (text_mismatch, strlen (text_mismatch), 100));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/load-paths/big-valid", test_big_valid);
  g_test_add_func ("/load-paths/big-broken", test_big_broken);
  g_test_add_func ("/load-paths/big-edited", test_big_edited);
  g_test_add_func ("/load-paths/empty-spans", test_empty_spans);
  g_test_add_func ("/load-paths/samples", test_samples);
  g_test_add_func ("/load-paths/preview", test_preview);
  g_test_add_func ("/load-paths/preview-stops-at-a-problem", test_preview_stops_at_a_problem);
  g_test_add_func ("/load-paths/preview-refuses", test_preview_refuses);

  return g_test_run ();
}
