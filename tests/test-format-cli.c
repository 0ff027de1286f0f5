/* test-format-cli.c — `newsmark-cli convert` and `newsmark-cli stats` end to end
 *
 * Runs the built newsmark-cli (NEWSMARK_CLI, or app/cli/newsmark-cli next
 * to the tests' build folder) on the fixtures in tests/data/formats.
 */

#include <json-c/json.h>

#include "test-format-common.h"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static char *
cli_path (void)
{
  const char *env = g_getenv ("NEWSMARK_CLI");
  const char *build = g_getenv ("G_TEST_BUILDDIR");

  if (env != NULL)
    return g_strdup (env);
  if (build != NULL)
    return g_build_filename (build, "..", "app", "cli", "newsmark-cli", NULL);
  return NULL;
}

static gboolean
cli (Run *run,
     ...)
{
  g_autofree char *path = cli_path ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  run_clear (run);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("newsmark-cli is not built");
      return FALSE;
    }
  g_ptr_array_add (args, path);
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (run->status) ? WEXITSTATUS (run->status) : -1;
  return TRUE;
}

static void
test_convert (void)
{
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *brat = format_test_data_path ("brat");
  g_autofree char *doccano = format_test_data_path ("doccano.jsonl");
  g_autofree char *out = g_build_filename (tmp, "imported", NULL);
  g_autofree char *file = g_build_filename (out, "article-crlf.newsmark.json", NULL);
  g_autofree char *conll = g_build_filename (tmp, "out.conll", NULL);
  g_autofree char *schema = NULL;
  g_autofree char *contents = NULL;
  Run run = { 0 };

  if (!cli (&run, "convert", "--from", "brat", "--to", "newsmark", brat, "-o", out, NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (run.err, "converted 1 document (6 spans, 3 relations) from brat to newsmark"));
  /* The event and the equivalence were reported. */
  g_assert_nonnull (strstr (run.err, "1 event imported as its trigger span"));

  /* The result is a valid annotation file; the article is outside its
   * folder, so the file does not name it, and a warning says so. */
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "\"path\": "));
  g_assert_nonnull (strstr (run.err, "is not inside this file's folder"));
  cli (&run, "validate", file, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* An existing output is kept unless --force. */
  cli (&run, "convert", "--from", "brat", "--to", "newsmark", brat, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "already exists; use --force"));
  cli (&run, "convert", "--from", "brat", "--to", "newsmark", brat, "-o", out, "--force", NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* An input is never the output. */
  cli (&run, "convert", "--from", "newsmark", "--to", "newsmark", file, "-o", file, "--force", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is an input"));

  /* Export: what CoNLL cannot hold is listed. */
  cli (&run, "convert", "--from", "newsmark", "--to", "conll", file, "-o", conll, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "discontinuous span"));
  g_assert_nonnull (strstr (run.err, "relations dropped (CoNLL has no relations)"));
  g_assert_true (g_file_test (conll, G_FILE_TEST_IS_REGULAR));

  /* Mapping onto a schema: an unmapped label is an error naming the fix. */
  schema = g_build_filename (g_getenv ("NEWSMARK_SOURCE_DIR"), "data", "schemas", "newsroom.json", NULL);
  cli (&run, "convert", "--from", "doccano-jsonl", "--to", "newsmark", doccano, "-o", out, "--force",
       "--schema", schema, "--map", "PER=PERSON", "--map", "LOC=LOCATION", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--map EMOJI=LABEL"));
  cli (&run, "convert", "--from", "doccano-jsonl", "--to", "newsmark", doccano, "-o", out, "--force",
       "--schema", schema, "--map", "PER=PERSON", "--map", "LOC=LOCATION", "--map", "EMOJI=EVENT", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "converted 2 documents (5 spans, 1 relation)"));

  /* A model's output imported as suggestions to review. */
  cli (&run, "convert", "--from", "doccano-jsonl", "--to", "newsmark", doccano, "-o", out, "--force",
       "--as-suggestions", "--model", "tagger", NULL);
  g_assert_cmpint (run.status, ==, 0);
  cli (&run, "stats", "--json", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"unreviewed_suggestions\": 5"));
  g_assert_nonnull (strstr (run.out, "\"model:tagger\""));

  /* Usage errors. */
  cli (&run, "convert", "--from", "brat", brat, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 2);
  cli (&run, "convert", "--from", "brat", "--to", "excel", brat, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown format “excel”"));

  run_clear (&run);
  format_test_rmtree (tmp);
}

static void
test_stats (void)
{
  g_autofree char *samples = g_build_filename (g_getenv ("NEWSMARK_SOURCE_DIR"), "data", "samples", NULL);
  json_object *root, *v, *labels;
  Run run = { 0 };

  if (!cli (&run, "stats", "--json", samples, NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  root = json_tokener_parse (run.out);
  g_assert_nonnull (root);
  g_assert_true (json_object_object_get_ex (root, "documents", &v));
  g_assert_cmpint (json_object_get_int (v), >=, 3);
  g_assert_true (json_object_object_get_ex (root, "spans", &v));
  g_assert_true (json_object_object_get_ex (v, "total", &v));
  g_assert_cmpint (json_object_get_int (v), >, 0);
  g_assert_true (json_object_object_get_ex (root, "spans_per_1000_words", &v));
  g_assert_cmpfloat (json_object_get_double (v), >, 0);
  g_assert_true (json_object_object_get_ex (root, "unreviewed_suggestions", &v));
  g_assert_true (json_object_object_get_ex (root, "labels", &labels));
  g_assert_true (json_object_object_get_ex (labels, "PERSON", &v));
  g_assert_true (json_object_object_get_ex (root, "annotators", &v));
  g_assert_true (json_object_object_get_ex (root, "relations", &v));
  json_object_put (root);

  cli (&run, "stats", samples, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Spans per 1,000 words:"));
  g_assert_nonnull (strstr (run.out, "Unreviewed suggestions:"));
  g_assert_nonnull (strstr (run.out, "\nLabel "));
  g_assert_nonnull (strstr (run.out, "\nAnnotator "));

  cli (&run, "stats", "/nonexistent/folder", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
}

/* Each warning is printed, and the summary line counts them. */
static void
test_convert_counts_warnings (void)
{
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *conll = format_test_data_path ("hashtags.conll");
  g_autofree char *out = g_build_filename (tmp, "imported", NULL);
  Run run = { 0 };

  if (!cli (&run, "convert", "--from", "conll", "--to", "newsmark", conll, "-o", out, NULL))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "hashtags.conll:1: warning: skipped as a comment"));
  g_assert_nonnull (strstr (run.err, "hashtags.conll:10: warning: skipped as a comment"));
  g_assert_nonnull (strstr (run.err, "converted 1 document (3 spans, 0 relations) from conll to newsmark: "));
  g_assert_true (g_str_has_suffix (run.err, "; 2 warnings above\n"));
  run_clear (&run);
  format_test_rmtree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/cli/convert", test_convert);
  g_test_add_func ("/format/cli/stats", test_stats);
  g_test_add_func ("/format/cli/convert-counts-warnings", test_convert_counts_warnings);

  return g_test_run ();
}
