/* bench-suggest.c — importing and bulk-accepting 50,000 model suggestions
 *
 * On the ~2 MB generated article (gen-article.c) this measures, as medians
 * over several runs:
 *   - import: parsing a JSON array of 50,000 string-anchored suggestions
 *     ({"text", "label", "context", "score"}; one in ten with straight
 *     quotes where the article has curly ones) and newsmark_suggest_import
 *     (anchoring, duplicate/conflict checks, one undo step, log);
 *   - bulk accept of the 50,000 (newsmark_review_bulk_accept: one undo
 *     step, logged);
 * each next to loading the annotation file that results (article plus
 * 50,000 suggestions) with newsmark_annotation_set_load. The same import is
 * also measured into the generated file with its 100,000 spans, next to
 * loading that file.
 *
 * Times are process CPU time (single-threaded work), so that a busy
 * machine does not skew them.
 *
 * Environment: NEWSMARK_BENCH_RUNS (default 3), NEWSMARK_BENCH_DIR (work
 * folder, default a temporary one that is removed afterwards).
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "gen-article.h"

#define N_SUGGESTIONS 50000
#define CONTEXT_CHARS 40

static const char *labels[] = { "PERSON", "ORG", "LOCATION", "DATE", "EVENT", "QUOTE", "CLAIM" };

/* Process CPU time in µs: the work is single-threaded, and unlike the
 * wall clock it does not count time lost to other processes on a busy
 * machine. */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static NewsmarkAnnotationSet *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) problems = newsmark_problems_new ();
  g_autoptr(GError) error = NULL;
  NewsmarkAnnotationSet *set;

  set = newsmark_annotation_set_load (file, NEWSMARK_LOAD_DEFAULT, problems, &error);
  if (set == NULL)
    g_error ("%s: %s", path, error->message);

  return set;
}

static double
time_load (const char *path,
           guint       runs)
{
  g_autofree double *t = g_new (double, runs);

  for (guint r = 0; r < runs; r++)
    {
      gint64 start = cpu_now ();
      g_autoptr(NewsmarkAnnotationSet) set = load (path);

      t[r] = (cpu_now () - start) / 1e6;
    }

  return median (t, runs);
}

static void
append_json_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* 50,000 runs of 3 to 6 words, one in each 50,000th of the article, each
 * with the 40 characters around it as context. */
static char *
make_suggestions (NewsmarkDocument *document,
                  guint32           seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  const char *text = newsmark_document_get_text (document);
  gsize n_bytes = newsmark_document_get_n_bytes (document);
  guint length = newsmark_document_get_length (document);
  guint slot = length / N_SUGGESTIONS;
  GString *out = g_string_new ("[\n");
  guint made = 0;

  for (guint i = 0; i < N_SUGGESTIONS; i++)
    {
      guint from = i * slot;
      gsize b = newsmark_document_offset_to_byte (document, from + (guint) g_rand_int_range (rand, 0, (gint32) slot / 4));
      gsize e;
      guint n_words = (guint) g_rand_int_range (rand, 3, 7);
      guint start, end;
      g_autofree char *covered = NULL;
      g_autofree char *context = NULL;

      /* Start at a word. */
      while (b < n_bytes && !g_ascii_isspace (text[b]))
        b++;
      while (b < n_bytes && g_ascii_isspace (text[b]))
        b++;
      e = b;
      for (guint w = 0; w < n_words && e < n_bytes; w++)
        {
          while (e < n_bytes && g_ascii_isspace (text[e]))
            e++;
          while (e < n_bytes && !g_ascii_isspace (text[e]))
            e++;
        }
      if (e <= b)
        g_error ("could not cut suggestion %u", i);

      start = newsmark_document_byte_to_offset (document, b);
      end = newsmark_document_byte_to_offset (document, e);
      covered = newsmark_document_dup_slice (document, start, end);
      context = newsmark_document_dup_slice (document, start > CONTEXT_CHARS ? start - CONTEXT_CHARS : 0,
                                             MIN (length, end + CONTEXT_CHARS));

      if (i % 10 == 0)
        {
          /* What a model does to typography. */
          g_autoptr(GString) straight = g_string_new (covered);

          g_string_replace (straight, "\u2019", "'", 0);
          g_string_replace (straight, "\u2013", "-", 0);
          g_free (covered);
          covered = g_string_free (g_steal_pointer (&straight), FALSE);
        }

      g_string_append (out, made > 0 ? ",\n{\"text\": " : "{\"text\": ");
      append_json_string (out, covered);
      g_string_append_printf (out, ", \"label\": \"%s\", \"context\": ",
                              labels[g_rand_int_range (rand, 0, G_N_ELEMENTS (labels))]);
      append_json_string (out, context);
      g_string_append_printf (out, ", \"score\": %.3f}", 0.5 + g_rand_double (rand) / 2);
      made++;
    }

  g_string_append (out, "\n]\n");

  return g_string_free (out, FALSE);
}

typedef struct {
  double                 seconds;
  double                 parse_seconds;
  NewsmarkSuggestReport *report;
} ImportRun;

/* Anchoring alone: building the index and placing every string. */
static double
time_anchoring (NewsmarkDocument *document,
                GPtrArray        *suggestions,
                guint            *placed)
{
  gint64 start = cpu_now ();
  g_autoptr(NewsmarkAnchorIndex) index = newsmark_anchor_index_new (document);

  *placed = 0;
  for (guint i = 0; i < suggestions->len; i++)
    {
      const NewsmarkSuggestion *s = g_ptr_array_index (suggestions, i);
      NewsmarkFragment range;
      NewsmarkAnchorResult result;

      result = newsmark_anchor_index_anchor (index, s->text, s->context, s->occurrence, &range, NULL);
      if (result == NEWSMARK_ANCHOR_EXACT || result == NEWSMARK_ANCHOR_NORMALISED)
        (*placed)++;
    }

  return (cpu_now () - start) / 1e6;
}

static NewsmarkAnnotationSet *
import (const char  *path,
        const char  *json,
        ImportRun   *run)
{
  NewsmarkAnnotationSet *set = load (path);
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GError) error = NULL;
  NewsmarkSuggestOptions options = { .model_name = "bench-llm", .model_version = "1", .format = "strings" };
  gint64 start;

  run->report = newsmark_suggest_report_new ();

  start = cpu_now ();
  suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_STRINGS, json, strlen (json),
                                        "bench.json", set, NULL, &error);
  run->parse_seconds = (cpu_now () - start) / 1e6;
  if (suggestions == NULL ||
      !newsmark_suggest_import (set, suggestions, &options, run->report, &error))
    g_error ("import: %s", error->message);
  run->seconds = (cpu_now () - start) / 1e6;

  return set;
}

int
main (int    argc,
      char **argv)
{
  const char *runs_env = g_getenv ("NEWSMARK_BENCH_RUNS");
  const char *dir_env = g_getenv ("NEWSMARK_BENCH_DIR");
  guint runs = runs_env != NULL ? (guint) MAX (1, atoi (runs_env)) : 3;
  g_autofree char *dir = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *empty_path = NULL;
  g_autofree char *imported_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *summary = NULL;
  g_autofree double *t_import = g_new (double, runs);
  g_autofree double *t_import_full = g_new (double, runs);
  g_autofree double *t_bulk = g_new (double, runs);
  g_autofree double *t_parse = g_new (double, runs);
  g_autofree double *t_anchor = g_new (double, runs);
  guint anchored = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(NewsmarkDocument) document = NULL;
  g_autoptr(GFile) article_file = NULL;
  double load_imported, load_generated;
  double m_import, m_import_full, m_bulk;
  guint bulk_count = 0;
  gboolean own_dir = dir_env == NULL;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  dir = own_dir ? g_dir_make_tmp ("newsmark-bench-suggest-XXXXXX", &error) : g_strdup (dir_env);
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0755);

  g_print ("# generating the ~2 MB article in %s\n", dir);
  generated = gen_article_write (dir, GEN_ARTICLE_SEED, &error);
  g_assert_no_error (error);

  /* An annotation file for the same article without spans. */
  article_path = g_build_filename (dir, "bench-article.txt", NULL);
  article_file = g_file_new_for_path (article_path);
  document = newsmark_document_new_from_file (article_file, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
    g_autoptr(NewsmarkAnnotationSet) empty = newsmark_annotation_set_new (document, schema);
    g_autoptr(GFile) file = NULL;

    empty_path = g_build_filename (dir, "bench-empty.newsmark.json", NULL);
    file = g_file_new_for_path (empty_path);
    newsmark_annotation_set_set_document_path (empty, "bench-article.txt");
    if (!newsmark_annotation_set_save (empty, file, &error))
      g_error ("%s", error->message);
  }

  json = make_suggestions (document, GEN_ARTICLE_SEED + 1);
  g_print ("# %d suggestions, %.1f MB of JSON; article %u code points, %" G_GSIZE_FORMAT " bytes\n",
           N_SUGGESTIONS, strlen (json) / 1e6, newsmark_document_get_length (document),
           newsmark_document_get_n_bytes (document));

  for (guint r = 0; r < runs; r++)
    {
      ImportRun run = { 0 };
      g_autoptr(NewsmarkAnnotationSet) set = import (empty_path, json, &run);
      gint64 start;
      guint n;

      t_import[r] = run.seconds;
      t_parse[r] = run.parse_seconds;
      if (r == 0)
        {
          g_autoptr(GFile) file = NULL;

          summary = newsmark_suggest_report_to_summary (run.report);
          imported_path = g_build_filename (dir, "bench-imported.newsmark.json", NULL);
          file = g_file_new_for_path (imported_path);
          if (!newsmark_annotation_set_save (set, file, &error))
            g_error ("%s", error->message);
        }
      newsmark_suggest_report_free (run.report);

      bulk_count = newsmark_review_bulk_count (set, NULL, 0.0);
      start = cpu_now ();
      n = newsmark_review_bulk_accept (set, NULL, 0.0);
      t_bulk[r] = (cpu_now () - start) / 1e6;
      if (n != bulk_count)
        g_error ("bulk accept: %u accepted, %u previewed", n, bulk_count);
    }

  for (guint r = 0; r < runs; r++)
    {
      ImportRun run = { 0 };
      g_autoptr(NewsmarkAnnotationSet) set = import (generated, json, &run);

      t_import_full[r] = run.seconds;
      newsmark_suggest_report_free (run.report);
    }

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(NewsmarkAnnotationSet) scratch = load (empty_path);
      g_autoptr(GPtrArray) suggestions = newsmark_suggest_parse (NEWSMARK_SUGGEST_FROM_STRINGS, json, strlen (json),
                                                                 "bench.json", scratch, NULL, &error);

      g_assert_no_error (error);
      t_anchor[r] = time_anchoring (document, suggestions, &anchored);
    }

  load_imported = time_load (imported_path, runs);
  load_generated = time_load (generated, runs);
  m_import = median (t_import, runs);
  m_bulk = median (t_bulk, runs);
  m_import_full = median (t_import_full, runs);

  g_print ("# medians of %u runs\n", runs);
  g_print ("import report: %s\n", summary);
  g_print ("import 50,000 string suggestions (parse + anchor + add): %.3f s\n", m_import);
  g_print ("  of which parsing the JSON: %.3f s; anchoring alone (index + %u strings placed): %.3f s\n",
           median (t_parse, runs), anchored, median (t_anchor, runs));
  g_print ("load the resulting file (article + 50,000 suggestions):  %.3f s\n", load_imported);
  g_print ("  import / load = %.2f\n", m_import / load_imported);
  g_print ("bulk accept of %u suggestions (one undo step):        %.3f s\n", bulk_count, m_bulk);
  g_print ("  bulk accept / load = %.2f\n", m_bulk / load_imported);
  g_print ("import 50,000 into the generated file with 100,000 spans: %.3f s\n", m_import_full);
  g_print ("load that file:                                          %.3f s\n", load_generated);
  g_print ("  import / load = %.2f\n", m_import_full / load_generated);

  if (own_dir)
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

      g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
    }

  return 0;
}
