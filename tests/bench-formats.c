/* bench-formats.c — converting the generated 100,000-span article to and
 * from every interchange format
 *
 * Generates the benchmark article (gen-article.c: ~2 MB, 100,000 spans,
 * 20,000 relations), loads it once, then for each format measures the
 * median over NEWSMARK_BENCH_RUNS runs (default 3) of
 *   - export: newsmark_format_export() to a file (brat: a folder), spans
 *     of every status included so that each format gets the whole load;
 *   - import: newsmark_format_import() of that output back into an
 *     annotation set (schema built from the labels present, every span
 *     checked against the text);
 * and reports the output size, the spans that came back and the number of
 * warnings the export gave (what the format could not hold). Times are
 * given as wall clock (including the atomic write's fsync) and as this
 * process's CPU time, which other work on the machine does not inflate.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "gen-article.h"

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static guint64
path_size (const char *path)
{
  GStatBuf st;
  guint64 total = 0;
  GDir *dir;
  const char *name;

  if (g_stat (path, &st) != 0)
    return 0;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return (guint64) st.st_size;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      total += path_size (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  return total;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

int
main (int    argc,
      char **argv)
{
  static const NewsmarkFormat formats[] = {
    NEWSMARK_FORMAT_BRAT, NEWSMARK_FORMAT_SPACY_JSONL, NEWSMARK_FORMAT_DOCCANO_JSONL,
    NEWSMARK_FORMAT_LABEL_STUDIO, NEWSMARK_FORMAT_CONLL, NEWSMARK_FORMAT_WEBANNO_TSV,
  };
  static const char * const names[] = { "brat", "out.jsonl", "doccano.jsonl", "tasks.json", "out.conll", "out.tsv" };
  const char *runs_env = g_getenv ("NEWSMARK_BENCH_RUNS");
  guint runs = runs_env != NULL ? (guint) MAX (1, atoi (runs_env)) : 3;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("newsmark-bench-formats-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(NewsmarkAnnotationSet) set = NULL;
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  NewsmarkExportOptions options = { .write_tokens = TRUE, .include_suggested = TRUE, .include_rejected = TRUE };
  gint64 t0;
  guint n_spans;

  g_assert_no_error (error);
  path = gen_article_write (dir, GEN_ARTICLE_SEED, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  t0 = g_get_monotonic_time ();
  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  n_spans = g_list_model_get_n_items (newsmark_annotation_set_get_spans (set));
  g_ptr_array_add (sets, set);

  g_print ("# article: %u code points, %u spans, %u relations; load %.2f s; %u runs, medians\n",
           newsmark_document_get_length (newsmark_annotation_set_get_document (set)), n_spans,
           g_list_model_get_n_items (newsmark_annotation_set_get_relations (set)),
           (g_get_monotonic_time () - t0) / 1e6, runs);
  g_print ("%-14s %9s %9s %9s %9s %8s %10s %9s\n", "format", "export s", "(cpu s)", "import s", "(cpu s)",
           "size MB", "spans back", "warnings");

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(GArray) export_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) import_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) export_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) import_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *out_path = g_build_filename (dir, names[f], NULL);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      guint back_spans = 0, n_warnings = 0;
      guint64 size = 0;

      for (guint r = 0; r < runs; r++)
        {
          g_autoptr(GPtrArray) problems = newsmark_problems_new ();
          g_autoptr(GPtrArray) back = NULL;
          double secs, c0 = cpu_seconds ();

          t0 = g_get_monotonic_time ();
          if (!newsmark_format_export (formats[f], sets, out, &options, problems, &error))
            g_error ("export to %s: %s", newsmark_format_to_string (formats[f]), error->message);
          secs = (g_get_monotonic_time () - t0) / 1e6;
          g_array_append_val (export_times, secs);
          secs = cpu_seconds () - c0;
          g_array_append_val (export_cpu, secs);
          n_warnings = problems->len;
          size = path_size (out_path);

          c0 = cpu_seconds ();
          t0 = g_get_monotonic_time ();
          back = newsmark_format_import (formats[f], out, NULL, NULL, &error);
          if (back == NULL)
            g_error ("import from %s: %s", newsmark_format_to_string (formats[f]), error->message);
          secs = (g_get_monotonic_time () - t0) / 1e6;
          g_array_append_val (import_times, secs);
          secs = cpu_seconds () - c0;
          g_array_append_val (import_cpu, secs);
          back_spans = 0;
          for (guint i = 0; i < back->len; i++)
            back_spans += g_list_model_get_n_items (newsmark_annotation_set_get_spans (g_ptr_array_index (back, i)));
        }

      g_print ("%-14s %9.2f %9.2f %9.2f %9.2f %8.1f %10u %9u\n", newsmark_format_to_string (formats[f]),
               median (export_times), median (export_cpu), median (import_times), median (import_cpu),
               size / 1e6, back_spans, n_warnings);
      if (g_file_test (out_path, G_FILE_TEST_IS_DIR))
        remove_tree (out_path);
      else
        g_unlink (out_path);
    }

  remove_tree (dir);
  return 0;
}
