/* test-format-changes.c — nothing an import or export changes goes unsaid
 *
 * Each test gives a format something it must either keep or report: a
 * token that looks like a comment, a span edge a format cannot hold, a
 * configuration the source tool accepts, fields Newsmark does not model.
 */

#include "test-format-common.h"
#include "test-model-common.h"

static GPtrArray *
import_fixture (NewsmarkFormat  format,
                const char     *name,
                GPtrArray      *problems,
                GError        **error)
{
  g_autofree char *path = format_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return newsmark_format_import (format, file, NULL, problems, error);
}

/* The problem of @severity at @line (0: any) whose message has @part. */
static NewsmarkProblem *
find_problem (GPtrArray        *problems,
              NewsmarkSeverity  severity,
              int               line,
              const char       *part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      NewsmarkProblem *p = g_ptr_array_index (problems, i);

      if (p->severity == severity && (line == 0 || p->line == line) && strstr (p->message, part) != NULL)
        return p;
    }
  return NULL;
}

/* "LABEL=TEXT|" for every span, in position order. */
static char *
labels_and_texts (NewsmarkAnnotationSet *set)
{
  GListModel *spans = newsmark_annotation_set_get_spans (set);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(NewsmarkSpan) span = g_list_model_get_item (spans, i);

      g_string_append_printf (s, "%s=%s|", newsmark_span_get_label (span), newsmark_span_get_text (span));
    }
  return g_string_free (s, FALSE);
}

/* ---- CoNLL ------------------------------------------------------------------ */

/* Tweets have tokens that start with "#": with the file's columns and a
 * tag they are tokens, wherever they are; real comments are skipped with
 * a warning naming the line. */
static void
test_conll_hash_tokens (void)
{
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = import_fixture (NEWSMARK_FORMAT_CONLL, "hashtags.conll", problems, &error);
  g_autofree char *spans = NULL;
  NewsmarkDocument *document;

  g_assert_no_error (error);
  g_assert_cmpuint (sets->len, ==, 1);
  document = newsmark_annotation_set_get_document (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (newsmark_document_get_text (document), ==,
                   "#AirCanada resumes flights to #Russia # soon\n#Russia again");
  spans = labels_and_texts (g_ptr_array_index (sets, 0));
  g_assert_cmpstr (spans, ==, "corporation=#AirCanada|location=#Russia|location=#Russia|");

  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 1, "skipped as a comment: “# text = Flights"));
  g_assert_nonnull (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 10, "skipped as a comment: “#begin document"));
  g_assert_cmpuint (problems->len, ==, 2);
}

/* ---- brat export -------------------------------------------------------------- */

/* Exports @set to a fresh folder and returns its NAME.ann text. */
static char *
export_brat_ann (NewsmarkAnnotationSet *set,
                 GPtrArray             *problems)
{
  g_autofree char *tmp = format_test_tmpdir ();
  g_autofree char *out_path = g_build_filename (tmp, "out", NULL);
  g_autofree char *ann_path = g_build_filename (out_path, "document-1.ann", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *ann = NULL;

  g_ptr_array_add (sets, set);
  g_assert_true (newsmark_format_export (NEWSMARK_FORMAT_BRAT, sets, out, NULL, problems, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ann_path, &ann, NULL, NULL));
  format_test_rmtree (tmp);
  return ann;
}

/* A brat span's text is one line: line breaks (LF, CRLF) at a span's edges
 * are left out, and the warning names the span and both extents. */
static void
test_brat_line_break_edges (void)
{
  g_autoptr(NewsmarkAnnotationSet) set = test_set_new ("Paris is nice.\nLyon too.\r\nEnd");
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ann = NULL;
  NewsmarkProblem *p;

  g_assert_nonnull (newsmark_annotation_set_create_span (set, "CLAIM", 0, 15, &error));
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "LOCATION", 0, 5, &error));
  g_assert_nonnull (newsmark_annotation_set_create_span (set, "CLAIM", 15, 26, &error));
  g_assert_no_error (error);

  ann = export_brat_ann (set, problems);
  g_assert_cmpstr (ann, ==,
                   "T1\tCLAIM 0 14\tParis is nice.\n"
                   "T2\tLOCATION 0 5\tParis\n"
                   "T3\tCLAIM 15 24\tLyon too.\n");

  p = find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "[0, 15) written as T1 [0, 14)");
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "s1 CLAIM"));
  p = find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "[15, 26) written as T3 [15, 24)");
  g_assert_nonnull (p);
  g_assert_nonnull (strstr (p->message, "s3 CLAIM"));
  g_assert_null (find_problem (problems, NEWSMARK_SEVERITY_WARNING, 0, "s2 LOCATION"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/changes/conll-hash-tokens", test_conll_hash_tokens);
  g_test_add_func ("/format/changes/brat-line-break-edges", test_brat_line_break_edges);

  return g_test_run ();
}
