/* bench-agree.c — agreement over 1,000 pairs of generated articles
 *
 * Writes 1,000 short news-like articles (mixed scripts, emoji, curly
 * quotes), each annotated by two annotators — "a", and "b" who perturbs a's
 * spans (shifted boundaries, changed labels, dropped and extra spans,
 * changed verdicts) — as a/doc-NNNN.newsmark.json and b/… in a temporary
 * folder through the core's save, then times what `newsmark-cli agree a b`
 * does: list and load the 2,000 files, compare, and write the text and JSON
 * reports. Prints the figures and the peak memory (VmHWM).
 *
 *   bench-agree [--keep DIR]   write the folders into DIR and keep them, so
 *                              that `newsmark-cli agree DIR/a DIR/b` can be
 *                              timed by hand
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <string.h>
#include <glib/gstdio.h>
#include <newsmark/newsmark.h>

#define N_DOCS 1000
#define SEED   20261126

static const char *words[] = {
  "council", "budget", "harbour", "bridge", "minister", "said", "the", "a", "of", "in",
  "report", "week", "city", "residents", "plan", "vote", "market", "river", "flood", "school",
  "Zürich", "café", "naïve", "Καλημέρα", "Москва", "東京", "شكرا", "résumé", "São", "Paulo",
};
static const char *names[] = {
  "Ana Lopez", "Eleni Papadopoulou", "Jürgen Weiß", "Amara Okafor", "Li Wei", "Sofía Núñez",
};
static const char *orgs[] = {
  "Harbour Watch", "City Council", "Rivers Trust", "Transit Authority", "Bäckerei Union",
};
static const char *places[] = {
  "Eastgate Road", "Old Town", "Kraków", "the tram depot", "Île de la Cité",
};
static const char *dates[] = { "Monday", "6 June", "last year", "in May", "2024" };
static const char *verdicts[] = { "unverified", "true", "mostly-true", "misleading", "false" };
static const char *emoji[] = { "🚧", "👩\u200d🍳", "🇬🇷", "👍🏽", "📈" };

typedef struct {
  const char *label;
  guint start, end;       /* code points */
  const char *verdict;    /* CLAIM only */
} GenSpan;

/* Process CPU time (user + system) in microseconds: on a shared machine
 * the wall-clock figures depend on the other processes, this does not. */
static gint64
cpu_us (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (gint64) ru.ru_utime.tv_sec * G_USEC_PER_SEC + ru.ru_utime.tv_usec +
         (gint64) ru.ru_stime.tv_sec * G_USEC_PER_SEC + ru.ru_stime.tv_usec;
}

static gint64
proc_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, key);
  if (p == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (key) + 1, NULL, 10);
}

static void
append_marked (GString    *text,
               guint      *length,
               GArray     *spans,
               const char *label,
               const char *str)
{
  GenSpan s = { label, *length, 0, NULL };

  g_string_append (text, str);
  *length += g_utf8_strlen (str, -1);
  s.end = *length;
  g_array_append_val (spans, s);
}

static void
append_plain (GString    *text,
              guint      *length,
              const char *str)
{
  g_string_append (text, str);
  *length += g_utf8_strlen (str, -1);
}

/* One article and annotator a's spans. */
static char *
generate_article (GRand  *rand,
                  GArray *spans)
{
  GString *text = g_string_new (NULL);
  guint length = 0;
  guint n_sentences = g_rand_int_range (rand, 5, 9);

  for (guint s = 0; s < n_sentences; s++)
    {
      guint n_words = g_rand_int_range (rand, 4, 10);

      append_marked (text, &length, spans, "PERSON", names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
      append_plain (text, &length, " of ");
      append_marked (text, &length, spans, "ORG", orgs[g_rand_int_range (rand, 0, G_N_ELEMENTS (orgs))]);
      append_plain (text, &length, " said on ");
      append_marked (text, &length, spans, "DATE", dates[g_rand_int_range (rand, 0, G_N_ELEMENTS (dates))]);
      append_plain (text, &length, " that \u201c");
      {
        GenSpan claim = { "CLAIM", length, 0, verdicts[g_rand_int_range (rand, 0, G_N_ELEMENTS (verdicts))] };

        for (guint w = 0; w < n_words; w++)
          {
            if (w)
              append_plain (text, &length, " ");
            append_plain (text, &length, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          }
        claim.end = length;
        g_array_append_val (spans, claim);
      }
      append_plain (text, &length, "\u201d in ");
      append_marked (text, &length, spans, "LOCATION", places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))]);
      append_plain (text, &length, ". ");
      append_plain (text, &length, emoji[g_rand_int_range (rand, 0, G_N_ELEMENTS (emoji))]);
      append_plain (text, &length, s % 3 == 2 ? "\r\n" : " ");
    }
  return g_string_free (text, FALSE);
}

/* Annotator b: mostly a's spans, with the usual kinds of disagreement. */
static GArray *
perturb (GRand        *rand,
         GArray       *a,
         guint         length)
{
  GArray *b = g_array_new (FALSE, FALSE, sizeof (GenSpan));
  static const char *labels[] = { "PERSON", "ORG", "LOCATION", "DATE" };

  for (guint i = 0; i < a->len; i++)
    {
      GenSpan s = g_array_index (a, GenSpan, i);
      double r = g_rand_double (rand);

      if (r < 0.07)
        continue;                                   /* missed */
      if (r < 0.17 && s.end - s.start > 2)
        s.start += 1;                               /* boundary */
      else if (r < 0.25 && !g_str_equal (s.label, "CLAIM"))
        s.label = labels[g_rand_int_range (rand, 0, G_N_ELEMENTS (labels))];
      if (s.verdict && g_rand_double (rand) < 0.2)
        s.verdict = verdicts[g_rand_int_range (rand, 0, G_N_ELEMENTS (verdicts))];
      g_array_append_val (b, s);
    }
  if (g_rand_double (rand) < 0.5 && length > 20)
    {
      guint start = g_rand_int_range (rand, 0, length - 10);
      GenSpan extra = { "EVENT", start, start + g_rand_int_range (rand, 2, 10), NULL };

      g_array_append_val (b, extra);
    }
  return b;
}

static gboolean
write_set (NewsmarkDocument *doc,
           NewsmarkSchema   *schema,
           GArray           *spans,
           const char       *annotator,
           const char       *path,
           GError          **error)
{
  g_autoptr(NewsmarkAnnotationSet) set = newsmark_annotation_set_new (doc, schema);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  newsmark_annotation_set_set_annotator (set, annotator);
  for (guint i = 0; i < spans->len; i++)
    {
      GenSpan *s = &g_array_index (spans, GenSpan, i);
      NewsmarkSpan *span = newsmark_annotation_set_create_span (set, s->label, s->start, s->end, error);

      if (span == NULL)
        return FALSE;
      if (s->verdict &&
          !newsmark_annotation_set_set_span_attribute (set, span, "verdict",
                                                       g_variant_new_string (s->verdict), error))
        return FALSE;
    }
  return newsmark_annotation_set_save (set, file, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static GPtrArray *
load_folder (const char *folder,
             GError    **error)
{
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GPtrArray) files = newsmark_agreement_list_files (dir, error);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);

  if (files == NULL)
    return NULL;
  for (guint i = 0; i < files->len; i++)
    {
      NewsmarkAnnotationSet *set = newsmark_annotation_set_load (g_ptr_array_index (files, i),
                                                                 NEWSMARK_LOAD_DEFAULT, NULL, error);

      if (set == NULL)
        return NULL;
      g_ptr_array_add (sets, set);
    }
  return g_steal_pointer (&sets);
}

int
main (int argc, char **argv)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(NewsmarkSchema) schema = newsmark_schema_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *dir_a = NULL;
  g_autofree char *dir_b = NULL;
  g_autoptr(GPtrArray) sets_a = NULL;
  g_autoptr(GPtrArray) sets_b = NULL;
  g_autoptr(NewsmarkAgreement) agreement = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  const char *names_ab[] = { "a", "b", NULL };
  gboolean keep = FALSE;
  gint64 t0, t_gen, t_load, t_compare, t_report, rss_before;
  gint64 c0, c_load, c_compare, c_report;
  guint n_spans = 0;
  NewsmarkPrf prf;
  NewsmarkCoefficient kappa, alpha;

  if (argc == 3 && g_str_equal (argv[1], "--keep"))
    {
      root = g_strdup (argv[2]);
      keep = TRUE;
      g_mkdir_with_parents (root, 0755);
    }
  else if ((root = g_dir_make_tmp ("newsmark-bench-agree-XXXXXX", &error)) == NULL)
    {
      g_printerr ("bench-agree: %s\n", error->message);
      return 1;
    }
  dir_a = g_build_filename (root, "a", NULL);
  dir_b = g_build_filename (root, "b", NULL);
  g_mkdir_with_parents (dir_a, 0755);
  g_mkdir_with_parents (dir_b, 0755);

  t0 = g_get_monotonic_time ();
  for (guint d = 0; d < N_DOCS; d++)
    {
      g_autoptr(GArray) spans_a = g_array_new (FALSE, FALSE, sizeof (GenSpan));
      g_autoptr(GArray) spans_b = NULL;
      g_autofree char *article = generate_article (rand, spans_a);
      g_autoptr(NewsmarkDocument) doc = newsmark_document_new_from_text (article, -1, &error);
      g_autofree char *name = g_strdup_printf ("doc-%04u.newsmark.json", d);
      g_autofree char *path_a = g_build_filename (dir_a, name, NULL);
      g_autofree char *path_b = g_build_filename (dir_b, name, NULL);

      if (doc == NULL)
        {
          g_printerr ("bench-agree: %s\n", error->message);
          return 1;
        }
      spans_b = perturb (rand, spans_a, newsmark_document_get_length (doc));
      n_spans += spans_a->len + spans_b->len;
      if (!write_set (doc, schema, spans_a, "a", path_a, &error) ||
          !write_set (doc, schema, spans_b, "b", path_b, &error))
        {
          g_printerr ("bench-agree: %s\n", error->message);
          return 1;
        }
    }
  t_gen = g_get_monotonic_time () - t0;

  rss_before = proc_status_kb ("VmRSS:");
  t0 = g_get_monotonic_time ();
  c0 = cpu_us ();
  sets_a = load_folder (dir_a, &error);
  if (sets_a != NULL)
    sets_b = load_folder (dir_b, &error);
  if (sets_b == NULL)
    {
      g_printerr ("bench-agree: %s\n", error->message);
      return 1;
    }
  agreement = newsmark_agreement_new (names_ab);
  for (guint i = 0; i < sets_a->len; i++)
    {
      if (!newsmark_agreement_add_set (agreement, 0, g_ptr_array_index (sets_a, i), "a", &error) ||
          !newsmark_agreement_add_set (agreement, 1, g_ptr_array_index (sets_b, i), "b", &error))
        {
          g_printerr ("bench-agree: %s\n", error->message);
          return 1;
        }
    }
  t_load = g_get_monotonic_time () - t0;
  c_load = cpu_us () - c0;

  t0 = g_get_monotonic_time ();
  c0 = cpu_us ();
  newsmark_agreement_compute (agreement, NULL, NULL);
  t_compare = g_get_monotonic_time () - t0;
  c_compare = cpu_us () - c0;

  t0 = g_get_monotonic_time ();
  c0 = cpu_us ();
  text = newsmark_agreement_to_text (agreement);
  json = newsmark_agreement_to_json (agreement);
  t_report = g_get_monotonic_time () - t0;
  c_report = cpu_us () - c0;

  newsmark_agreement_get_prf (agreement, NEWSMARK_MATCH_EXACT, NULL, &prf);
  newsmark_agreement_get_token_kappa (agreement, NULL, &kappa);
  newsmark_agreement_get_alpha_u (agreement, NULL, &alpha);

  g_print ("agree over %u generated article pairs (%u spans, %u tokens)\n",
           newsmark_agreement_get_n_matched (agreement), n_spans,
           newsmark_agreement_get_n_tokens (agreement));
  g_print ("                                      wall ms    CPU ms\n");
  g_print ("  generate + save 2,000 files        %8.1f\n", t_gen / 1000.0);
  g_print ("  load + validate 2,000 files        %8.1f  %8.1f\n", t_load / 1000.0, c_load / 1000.0);
  g_print ("  compare (all statistics)           %8.1f  %8.1f\n", t_compare / 1000.0, c_compare / 1000.0);
  g_print ("  text + JSON reports                %8.1f  %8.1f  (%zu + %zu bytes, %u disagreements)\n",
           t_report / 1000.0, c_report / 1000.0, strlen (text), strlen (json),
           newsmark_agreement_get_n_disagreements (agreement));
  g_print ("  total agree (load to reports)      %8.1f  %8.1f\n", (t_load + t_compare + t_report) / 1000.0,
           (c_load + c_compare + c_report) / 1000.0);
  g_print ("  peak memory (VmHWM - VmRSS before) %8.1f MB\n",
           (proc_status_kb ("VmHWM:") - rss_before) / 1024.0);
  g_print ("  results: exact micro F1 %.3f, token kappa %.3f, alpha-U %.3f\n",
           prf.f1, kappa.value, alpha.value);

  if (newsmark_agreement_get_n_matched (agreement) != N_DOCS)
    {
      g_printerr ("bench-agree: expected %u matched articles\n", N_DOCS);
      return 1;
    }

  if (!keep)
    remove_tree (root);
  else
    g_print ("  files kept in %s\n", root);
  return 0;
}
